"""A loopback OpenAI-compatible chat server for tests: scripted replies, SSE, tool calls, failures.

Every request body is recorded. Script entries (consumed in order; `default` when empty):
  {"text": "..."}                      a normal reply (streamed as SSE when the request asks for it)
  {"tool": {...}}                      a tool call whose arguments are this JSON object
  {"status": 500}                      an HTTP error
  {"delay": 2.0, "text": "..."}        answer only after `delay` seconds (timeout tests)
  {"text": "...", "cut_after": 2}      stream 2 chunks, then drop the connection (mid-stream)
  {"text": "...", "cut_after": 2, "stall": 5}   ... or stall 5 s first (read timeout mid-stream)
"""

from __future__ import annotations

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class OpenAIServer:
    """Start with `with OpenAIServer() as server:`; point OPENAI_BASE_URL at `server.base_url`."""

    def __init__(self, default: str = "Réponse de test [1].") -> None:
        self.default = default
        self.script: deque[dict[str, Any]] = deque()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

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

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                server.requests.append(body)
                server.headers.append({k.lower(): v for k, v in self.headers.items()})
                if not self.path.endswith("/chat/completions"):
                    return self._json(404, {"error": {"message": "not found"}})
                entry = server.script.popleft() if server.script else {"text": server.default}
                if entry.get("delay"):
                    server._release.wait(entry["delay"])
                if "status" in entry:
                    return self._json(entry["status"], {"error": {"message": "scripted failure"}})
                if "tool" in entry:
                    return self._tool(body, entry["tool"])
                if body.get("stream"):
                    return self._stream(
                        body, entry["text"], entry.get("cut_after"), entry.get("stall", 0)
                    )
                message = {"role": "assistant", "content": entry["text"]}
                return self._json(200, _completion(body, message, "stop"))

            def _tool(self, body: dict[str, Any], arguments: dict[str, Any]) -> None:
                name = body["tools"][0]["function"]["name"] if body.get("tools") else "unknown"
                call = {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": name, "arguments": json.dumps(arguments)},
                }
                message = {"role": "assistant", "content": None, "tool_calls": [call]}
                self._json(200, _completion(body, message, "tool_calls"))

            def _stream(
                self, body: dict[str, Any], text: str, cut_after: int | None, stall: float
            ) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                pieces = [text[i : i + 8] for i in range(0, len(text), 8)]
                for number, piece in enumerate(pieces):
                    if cut_after is not None and number >= cut_after:
                        server._release.wait(stall)
                        self.wfile.flush()
                        self.close_connection = True
                        return  # connection dropped mid-stream, no [DONE]
                    self._event(_chunk(body, {"content": piece}, None))
                self._event(_chunk(body, {}, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

            def _event(self, payload: dict[str, Any]) -> None:
                self.wfile.write(f"data: {json.dumps(payload)}\n\n".encode())
                self.wfile.flush()

            def _json(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _completion(body: dict[str, Any], message: dict[str, Any], finish: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "test"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(body: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": body.get("model", "test"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
