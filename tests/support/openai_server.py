"""A loopback OpenAI-compatible Chat Completions server for tests, as strict as OpenAI's API.

Script entries (in order; an invalid request eats none), then `responder(body)`, then a generated
reply (a JSON-schema instance, a forced tool call, else `default`):
  {"text": "..."}                      a normal reply (streamed as SSE when the request asks for it)
  {"tool": {...}}                      a tool call whose arguments are this JSON object
                                       (to "tool_name", else the tool_choice one, else the first)
  {"json": {...}}                      this object as structured output (content or tool arguments)
  {"status": 500}                      an HTTP error; {"status": 429, "retry_after": 2} adds
                                       Retry-After; {"status": 400, "error": {...}} that error
  {"delay": 2.0, "text": "..."}        answer only after `delay` seconds (timeout tests)
  {"text": "...", "cut_after": 2}      stream 2 chunks, then drop the connection (mid-stream)
  {"text": "...", "cut_after": 2, "stall": 5}   ... or stall 5 s first (read timeout mid-stream)
  {"finish": "length"}                 force a length finish; {"reasoning_tokens": N} hidden tokens
  {"enum_pick": {"severity": "low"}}   generated instances pick this enum value for that property
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.support.openai_rules import (
    DEFAULT_MODELS,
    ApiError,
    ModelSpec,
    Plan,
    check_auth,
    tokens,
    validate,
)

__all__ = ["Latency", "ModelSpec", "OpenAIServer", "instance"]
PIECE = 8  # characters per streamed piece (2 tokens); tests count pieces with cut_after
BAD_JSON = "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"  # noqa: E501


@dataclass(frozen=True)
class Latency:
    """Benchmark pacing: seconds to the first byte, visible and hidden token rates (0 = instant)."""

    ttft_s: float = 0.0
    tokens_per_s: float = 0.0
    reasoning_tokens_per_s: float = 0.0

    def visible(self, count: int) -> float:
        return count / self.tokens_per_s if self.tokens_per_s else 0.0

    def hidden(self, count: int) -> float:
        return count / self.reasoning_tokens_per_s if self.reasoning_tokens_per_s else 0.0


@dataclass(frozen=True)
class Reply:
    """What the model answers: visible text (or a tool call's arguments), finish, hidden tokens."""

    text: str
    tool: str | None
    finish: str
    hidden: int


class OpenAIServer:
    """Start with `with OpenAIServer() as server:`; point OPENAI_BASE_URL at `server.base_url`."""

    def __init__(
        self,
        default: str = "Réponse de test [1].",
        rules: str = "openai",
        latency: Latency | None = None,
        models: dict[str, ModelSpec] | None = None,
        responder: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None,
        api_keys: set[str] | None = None,
    ) -> None:
        if rules not in ("openai", "llamacpp"):
            raise ValueError(f"rules must be 'openai' or 'llamacpp', not {rules!r}")
        self.default, self.rules, self.latency = default, rules, latency or Latency()
        self.models = dict(DEFAULT_MODELS if models is None else models)
        self.responder, self.api_keys = responder, api_keys
        self.script: deque[dict[str, Any]] = deque()
        self.requests: list[Any] = []
        self.headers: list[dict[str, str]] = []
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> OpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def push(self, *entries: dict[str, Any]) -> None:
        """Queue scripted replies."""
        self.script.extend(entries)

    def pause(self, seconds: float) -> bool:
        """Wait `seconds`; True when the server is shutting down meanwhile (stop answering)."""
        return seconds > 0 and self._release.wait(seconds)

    def next_entry(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            entry = self.script.popleft()
        except IndexError:
            entry = (self.responder(body) if self.responder else None) or {}
        if entry.keys() & {"text", "tool", "json", "status"}:
            return entry
        return {**self._generated(body, entry.get("enum_pick") or {}), **entry}

    def _generated(self, body: dict[str, Any], picks: dict[str, Any]) -> dict[str, Any]:
        fmt = body.get("response_format") or {}
        schema = (fmt.get("json_schema") or {}).get("schema")
        if fmt.get("type") == "json_object":  # llama-cpp-python's JSON mode takes a `schema`
            schema = fmt.get("schema")
        if fmt.get("type") in ("json_schema", "json_object") and isinstance(schema, dict):
            return {"json": instance(schema, schema, picks=picks)}
        choice = body.get("tool_choice")
        if body.get("tools") and (choice == "required" or isinstance(choice, dict)):
            name = _tool_name(body)
            called = [t["function"] for t in body["tools"] if t["function"]["name"] == name]
            params = called[0].get("parameters") or {}
            return {"tool": instance(params, params, picks=picks)}
        return {"text": self.default}

    def reply(self, body: dict[str, Any], plan: Plan, entry: dict[str, Any]) -> Reply:
        """The entry's answer after the request's limits: reasoning budget, stop, output limit."""
        fmt = (body.get("response_format") or {}).get("type")
        as_tool = "tool" in entry or (
            "json" in entry and body.get("tools") and fmt != "json_schema"
        )
        tool = (entry.get("tool_name") or _tool_name(body)) if as_tool else None
        value = entry.get("tool", entry.get("json"))
        text = (
            str(entry.get("text", "")) if value is None else json.dumps(value, ensure_ascii=False)
        )
        stops = body.get("stop") if not tool else None  # reasoning models refuse `stop` anyway
        for stop in [stops] if isinstance(stops, str) else stops or []:
            text = text.split(stop)[0] if isinstance(stop, str) and stop else text
        reasoning = plan.reasoning_tokens is not None
        hidden = entry.get("reasoning_tokens", plan.reasoning_tokens) if reasoning else 0
        finish, limit = "tool_calls" if tool else "stop", plan.limit
        if limit is not None and limit <= hidden:  # the budget went on reasoning: nothing visible
            text, tool, finish, hidden = "", None, "length", limit
        elif limit is not None and tokens(text) > limit - hidden:
            text, finish = text[: (limit - hidden) * 4], "length"
        return Reply(text, tool, "length" if entry.get("finish") == "length" else finish, hidden)

    def usage(self, plan: Plan, reply: Reply) -> dict[str, Any]:
        completion = reply.hidden + tokens(reply.text)
        usage = {"prompt_tokens": plan.prompt_tokens, "completion_tokens": completion}
        usage["total_tokens"] = plan.prompt_tokens + completion
        if self.rules == "openai":
            usage["completion_tokens_details"] = {"reasoning_tokens": reply.hidden}
            usage["prompt_tokens_details"] = {"cached_tokens": 0}
        return usage


def _tool_name(body: dict[str, Any]) -> str:
    choice, tools = body.get("tool_choice"), body.get("tools") or [{}]
    if isinstance(choice, dict):
        return str((choice.get("function") or {}).get("name"))
    return str((tools[0].get("function") or {}).get("name", "unknown"))


def instance(
    schema: dict[str, Any],
    root: dict[str, Any],
    name: str = "valeur",
    picks: dict[str, Any] | None = None,
    depth: int = 0,
) -> Any:
    """A JSON value valid for `schema` (a French sentence with «modèle» for each string)."""
    picks = picks or {}
    if "$ref" in schema:
        target: Any = root
        for step in schema["$ref"].removeprefix("#/").split("/"):
            target = target[step]
        return instance(target, root, name, picks, depth + 1)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return picks[name] if picks.get(name) in schema["enum"] else schema["enum"][0]
    if "anyOf" in schema:
        branches = [b for b in schema["anyOf"] if b.get("type") != "null"] or schema["anyOf"]
        return instance(branches[0], root, name, picks, depth + 1)
    kind = schema.get("type")
    kind = next((k for k in kind if k != "null"), "null") if isinstance(kind, list) else kind
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties") or {}
        return {key: instance(sub, root, key, picks, depth + 1) for key, sub in properties.items()}
    if kind == "array":
        count = schema.get("minItems", 0) if depth > 8 else max(schema.get("minItems", 0), 2)
        count = min(count, schema.get("maxItems", count))
        return [instance(schema.get("items") or {}, root, name, picks, depth + 1)] * count
    if kind in ("integer", "number"):
        low = schema["exclusiveMinimum"] + 1 if "exclusiveMinimum" in schema else 1
        value = min(schema.get("minimum", low), schema.get("maximum", float("inf")))
        return int(value) if kind == "integer" else float(value)
    if kind in ("boolean", "null"):
        return True if kind == "boolean" else None
    formats = {"date-time": "2025-01-01T09:00:00Z", "date": "2025-01-01", "email": "a@b.fr"}
    return formats.get(schema.get("format"), f"Texte du modèle «modèle» pour {name}.")


def _handler(stand_in: OpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def handle(self) -> None:
            with contextlib.suppress(ConnectionError):  # a client that hung up mid-answer
                super().handle()

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            if path != "/v1/models" and not path.startswith("/v1/models/"):
                return self._not_found()
            try:
                if stand_in.rules == "openai":
                    check_auth(self.headers.get("Authorization"), stand_in.api_keys)
                models = [_model(name) for name in stand_in.models]
                if path == "/v1/models":
                    return self._json(200, {"object": "list", "data": models})
                wanted = path.removeprefix("/v1/models/")
                found = [m for m in models if m["id"] == wanted]
                if not found:
                    message = (
                        f"The model `{wanted}` does not exist or you do not have access to it."
                    )
                    raise ApiError(404, message, None, "model_not_found")
                self._json(200, found[0])
            except ApiError as error:
                self._json(error.status, error.payload())

        def _pause(self, seconds: float) -> bool:
            """Wait; on shutdown, True and the connection is dropped (the client sees it)."""
            if stand_in.pause(seconds):
                self.close_connection = True
                return True
            return False

        def _not_found(self) -> None:
            message = f"Invalid URL ({self.command} {self.path.split('?')[0]})"
            self.close_connection = True  # the body (if any) is left unread
            self._json(404, ApiError(404, message).payload())

        do_PUT = do_DELETE = do_PATCH = _not_found

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw)
            except ValueError:
                return self._json(400, ApiError(400, BAD_JSON).payload())
            stand_in.requests.append(body)
            stand_in.headers.append({k.lower(): v for k, v in self.headers.items()})
            if self.path.split("?")[0] != "/v1/chat/completions":
                return self._not_found()
            try:
                if stand_in.rules == "openai":
                    check_auth(self.headers.get("Authorization"), stand_in.api_keys)
                plan = validate(body, stand_in.rules, stand_in.models)
            except ApiError as error:
                return self._json(error.status, error.payload())
            try:
                entry = stand_in.next_entry(body)
                reply = None if "status" in entry else stand_in.reply(body, plan, entry)
            except Exception as exc:  # an odd (lax) request or a bad entry: answer, never hang
                error = {"message": f"stand-in failure: {exc!r}", "type": "server_error"}
                return self._json(500, {"error": {**error, "param": None, "code": None}})
            if self._pause(entry.get("delay") or 0):
                return
            if reply is None:
                return self._failure(entry)
            if body.get("stream") is True:
                return self._stream(plan, reply, entry)
            self._complete(plan, reply, entry)

        def _failure(self, entry: dict[str, Any]) -> None:
            status, wait = entry["status"], entry.get("retry_after")
            error = {"message": "scripted failure", "type": "server_error", "param": None}
            error["code"] = "scripted_failure"
            if status == 429:
                message = "Rate limit reached for requests. Please try again later."
                error = {**error, "message": message, "type": "requests"}
                error["code"] = "rate_limit_exceeded"
            elif status < 500:
                error["type"] = "invalid_request_error"
            headers = {} if wait is None else {"Retry-After": str(wait)}
            headers |= {} if wait is None else {"x-ratelimit-reset-requests": f"{wait}s"}
            self._json(status, {"error": {**error, **entry.get("error", {})}}, headers)

        def _complete(self, plan: Plan, reply: Reply, entry: dict[str, Any]) -> None:
            latency = stand_in.latency
            wait = (
                latency.ttft_s + latency.hidden(reply.hidden) + latency.visible(tokens(reply.text))
            )
            if self._pause(wait):
                return
            message: dict[str, Any] = {"role": "assistant", "content": reply.text, "refusal": None}
            if reply.tool:
                message["content"] = None
                message["tool_calls"] = [_call(reply.tool, reply.text)]
            choice = {"index": 0, "message": message, "logprobs": None}
            payload = {**_envelope(plan, "chat.completion"), "choices": [choice]}
            payload["choices"][0]["finish_reason"] = reply.finish
            payload["usage"] = stand_in.usage(plan, reply)
            if entry.get("cut_after") is None:
                return self._json(200, payload)
            data = json.dumps(payload).encode()  # a body cut short: the client sees the drop
            self._head(200, "application/json", {"Content-Length": str(len(data))})
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self._pause(entry.get("stall") or 0)
            self.close_connection = True

        def _stream(self, plan: Plan, reply: Reply, entry: dict[str, Any]) -> None:
            latency = stand_in.latency
            if self._pause(latency.ttft_s):
                return
            self._head(
                200, "text/event-stream", {"Cache-Control": "no-cache", "Connection": "close"}
            )
            self.close_connection = True
            if self._pause(latency.hidden(reply.hidden)):
                return
            envelope = _envelope(plan, "chat.completion.chunk")
            envelope |= {"usage": None} if plan.include_usage else {}
            first, pieces = _deltas(reply)
            self._event(envelope, first)
            for number, delta in enumerate(pieces):
                if number == entry.get("cut_after"):
                    self._pause(entry.get("stall") or 0)
                    return  # connection dropped mid-stream, no finish, no [DONE]
                if number and self._pause(latency.visible(PIECE // 4)):
                    return
                self._event(envelope, delta)
            self._event(envelope, {}, reply.finish)
            if plan.include_usage:
                self._send({**envelope, "choices": [], "usage": stand_in.usage(plan, reply)})
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

        def _event(
            self, envelope: dict[str, Any], delta: dict[str, Any], finish: str | None = None
        ) -> None:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            self._send({**envelope, "choices": [choice]})

        def _send(self, payload: dict[str, Any]) -> None:
            self.wfile.write(f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()

        def _head(self, status: int, content_type: str, headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("x-request-id", f"req_{uuid.uuid4().hex}")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()

        def _json(
            self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            data = json.dumps(payload).encode()
            self._head(
                status, "application/json", {**(headers or {}), "Content-Length": str(len(data))}
            )
            self.wfile.write(data)

    return Handler


def _model(name: str) -> dict[str, Any]:
    return {"id": name, "object": "model", "created": 0, "owned_by": "system"}


def _envelope(plan: Plan, kind: str) -> dict[str, Any]:
    stamp = {"created": int(time.time()), "model": plan.model, "system_fingerprint": "fp_standin"}
    return {"id": f"chatcmpl-{uuid.uuid4().hex[:24]}", "object": kind, **stamp}


def _call(name: str, arguments: str) -> dict[str, Any]:
    call_id = f"call_{uuid.uuid4().hex[:24]}"
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def _deltas(reply: Reply) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The first delta (role, or the tool call's id and name), then text or argument pieces."""
    pieces = [reply.text[i : i + PIECE] for i in range(0, len(reply.text), PIECE)]
    if not reply.tool:
        first = {"role": "assistant", "content": "", "refusal": None}
        return first, [{"content": piece} for piece in pieces]
    call = _call(reply.tool, "")
    first = {"role": "assistant", "content": None, "tool_calls": [{"index": 0, **call}]}
    return first, [{"tool_calls": [{"index": 0, "function": {"arguments": p}}]} for p in pieces]
