"""Chat Completions request rules for the loopback stand-in: OpenAI's strictness, llama.cpp's laxity.

`validate(body, rules, models)` returns a `Plan` or raises `ApiError` (an OpenAI-shaped error);
`schema_problem(schema)` is the Structured Outputs strict-schema check.
"""
# ruff: noqa: E501 (OpenAI's error messages stay on one line each, verbatim and greppable)

from __future__ import annotations

import base64
import binascii
import io
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from PIL import Image

NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


KNOWN_PARAMS = _words(
    "model messages audio frequency_penalty function_call functions logit_bias logprobs "
    "max_completion_tokens max_tokens metadata modalities n parallel_tool_calls prediction "
    "presence_penalty prompt_cache_key reasoning_effort response_format safety_identifier seed "
    "service_tier stop store stream stream_options temperature tool_choice tools top_logprobs "
    "top_p user verbosity web_search_options"
)
SCHEMA_KEYWORDS = _words(
    "type properties required additionalProperties items enum const anyOf $defs definitions $ref "
    "description title pattern format minimum maximum exclusiveMinimum exclusiveMaximum "
    "multipleOf minItems maxItems"
)
ROLES = ("system", "developer", "user", "assistant", "tool")
PART_TYPES = {
    "user": ("text", "image_url", "input_audio", "file"),
    "assistant": ("text", "refusal"),
}
EFFORT_TOKENS = {"minimal": 0, "low": 200, "medium": 600, "high": 1500}
NO_KEY = "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
# parameter -> (accepted Python types, OpenAI's word for the type); null always means "absent"
TYPES: dict[str, tuple[Any, str]] = {
    **{p: (bool, "a boolean") for p in ("stream", "store", "logprobs", "parallel_tool_calls")},
    **{p: (int, "an integer") for p in ("max_tokens", "max_completion_tokens", "n", "seed")},
    **{p: (int | float, "a decimal") for p in ("temperature", "top_p", "presence_penalty")},
    "frequency_penalty": (int | float, "a decimal"),
    "top_logprobs": (int, "an integer"),
    **{p: (dict, "an object") for p in ("metadata", "logit_bias", "stream_options", "prediction")},
    "response_format": (dict, "an object"),
    **{p: (str, "a string") for p in ("user", "prompt_cache_key", "safety_identifier")},
    "tools": (list, "an array of objects"),
    "stop": (str | list, "a string or array of strings"),
}
RANGES = {"temperature": (0, 2), "top_p": (0, 1), "presence_penalty": (-2, 2)}
RANGES |= {"frequency_penalty": (-2, 2), "top_logprobs": (0, 20)}


@dataclass(frozen=True)
class ModelSpec:
    """A known model; `reasoning` None means inferred from the name (o-series, gpt-5 non-chat)."""

    reasoning: bool | None = None
    context_window: int = 128_000
    max_output: int | None = None
    vision: bool = True  # takes image_url parts (OpenAI's current chat models do; o3-mini not)

    def is_reasoning(self, name: str) -> bool:
        if self.reasoning is not None:
            return self.reasoning
        return bool(re.match(r"o\d", name)) or (name.startswith("gpt-5") and "chat" not in name)


_4O, _41 = ModelSpec(False, 128_000, 16_384), ModelSpec(False, 1_047_576, 32_768)
_5, _O = ModelSpec(True, 400_000, 128_000), ModelSpec(True, 200_000, 100_000)
DEFAULT_MODELS: dict[str, ModelSpec] = {
    **dict.fromkeys(("gpt-4o-mini", "gpt-4o", "gpt-5-chat-latest"), _4O),
    **dict.fromkeys(("gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano"), _41),
    **dict.fromkeys(("gpt-5", "gpt-5-mini", "gpt-5-nano"), _5),
    **dict.fromkeys(("o3", "o4-mini"), _O),
    "o3-mini": ModelSpec(True, 200_000, 100_000, vision=False),
}
# Image input (OpenAI's vision guide): PNG, JPEG, WebP and non-animated GIF, sent as a URL or a
# base64 data URL, `detail` low / high / auto, up to 20 MB per image; only in user messages.
IMAGE_FORMATS = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/webp": "webp"}
IMAGE_DETAILS = ("auto", "low", "high")
MAX_IMAGE_BYTES = 20 * 1024 * 1024
IMAGE_TOKENS = {"low": 85, "high": 765, "auto": 765}  # a 512-px tile grid's order of magnitude
_DATA_URL = re.compile(r"^data:(?P<mime>[\w.+-]+/[\w.+-]+);base64,(?P<data>.*)$", re.DOTALL)
UNSUPPORTED_IMAGE = "You uploaded an unsupported image. Please make sure your image has of one the following formats: ['png', 'jpeg', 'gif', 'webp']."
NO_VISION = "Invalid content type. image_url is only supported by certain models."


class ApiError(Exception):
    """An HTTP error answered as OpenAI does: {"error": {message, type, param, code}}."""

    def __init__(
        self,
        status: int,
        message: str,
        param: str | None = None,
        code: str | None = None,
        kind: str = "invalid_request_error",  # OpenAI's type for 400s, 404s and even bad keys
    ) -> None:
        super().__init__(message)
        self.status, self.param, self.code, self.kind = status, param, code, kind

    def payload(self) -> dict[str, Any]:
        return {
            "error": {
                "message": str(self),
                "type": self.kind,
                "param": self.param,
                "code": self.code,
            }
        }


@dataclass(frozen=True)
class Plan:
    """A valid request: its model, hidden reasoning tokens, output limit, prompt size, usage chunk."""

    model: str
    reasoning_tokens: int | None  # None: not a reasoning model
    limit: int | None
    prompt_tokens: int
    include_usage: bool


def tokens(text: str) -> int:
    return math.ceil(len(text) / 4)


def mask(key: str) -> str:
    """A key as OpenAI echoes it in errors: never in full."""
    return f"{key[:6]}***{key[-3:]}" if len(key) >= 12 else f"{key[:3]}***"


def check_auth(authorization: str | None, api_keys: set[str] | None) -> None:
    scheme, _, key = (authorization or "").partition(" ")
    key = key.strip() if scheme.lower() == "bearer" else ""
    if not key:
        raise ApiError(401, NO_KEY)
    if key not in api_keys if api_keys is not None else not key.startswith("sk-"):
        message = f"Incorrect API key provided: {mask(key)}. You can find your API key at https://platform.openai.com/account/api-keys."
        raise ApiError(401, message, None, "invalid_api_key")


def message_text(body: dict[str, Any]) -> str:
    """All the text a request sends: message contents and tool calls, tools, response_format."""
    texts = []
    for message in body.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        parts = content if isinstance(content, list) else [content]
        parts = [p for p in parts if not (isinstance(p, dict) and p.get("type") == "image_url")]
        texts += [p if isinstance(p, str) else p.get("text") or json.dumps(p) for p in parts if p]
        if isinstance(message, dict) and message.get("tool_calls"):
            texts.append(json.dumps(message["tool_calls"]))
    texts += [json.dumps(body[k]) for k in ("tools", "response_format") if body.get(k)]
    return "\n".join(texts)


def prompt_tokens(body: dict[str, Any]) -> int:
    images = [
        part
        for message in body.get("messages") or []
        if isinstance(message, dict) and isinstance(message.get("content"), list)
        for part in message["content"]
        if isinstance(part, dict) and part.get("type") == "image_url"
    ]
    seen = sum(IMAGE_TOKENS.get(str((p.get("image_url") or {}).get("detail")), 765) for p in images)
    return tokens(message_text(body)) + 4 * len(body.get("messages") or []) + seen


def _kind(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a decimal", str: "a string"}
    return names.get(type(value)) or {list: "an array", dict: "an object"}.get(type(value), "null")


def _missing(param: str) -> ApiError:
    message = f"Missing required parameter: '{param}'."
    return ApiError(400, message, param, "missing_required_parameter")


def _bad_type(param: str, expected: str, value: object) -> ApiError:
    message = f"Invalid type for '{param}': expected {expected}, but got {_kind(value)} instead."
    return ApiError(400, message, param, "invalid_type")


def _listed(values: tuple[str, ...]) -> str:
    names = [f"'{v}'" for v in values]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])}, and {names[-1]}"


def _bad_value(param: str, value: object, allowed: tuple[str, ...]) -> ApiError:
    message = f"Invalid value: '{value}'. Supported values are: {_listed(allowed)}."
    return ApiError(400, message, param, "invalid_value")


def _out_of_range(param: str, kind: str, value: float, low: float, high: float) -> ApiError:
    below = value < low
    side, bound = ("below minimum", f">= {low}") if below else ("above maximum", f"<= {high}")
    message = f"Invalid '{param}': {kind} {side} value. Expected a value {bound}, but got {value} instead."
    return ApiError(400, message, param, f"{kind}_{'below_min' if below else 'above_max'}_value")


def _unsupported(param: str) -> ApiError:
    message = f"Unsupported parameter: '{param}' is not supported with this model."
    return ApiError(400, message, param, "unsupported_parameter")


def _check_name(param: str, name: object) -> None:
    if name is None:
        raise _missing(param)
    if not isinstance(name, str) or not NAME.match(name):
        message = f"Invalid '{param}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]{{1,64}}$'."
        raise ApiError(400, message, param, "invalid_value")


def validate(body: object, rules: str, models: dict[str, ModelSpec]) -> Plan:
    """The request's Plan, or ApiError for the first rule it breaks."""
    if not isinstance(body, dict):
        raise ApiError(
            400, f"Invalid type for request body: expected an object, got {_kind(body)}."
        )
    if rules == "llamacpp":  # llama-cpp-python 0.3.x: pydantic-checked messages, extras ignored
        if not isinstance(body.get("messages"), list) or not body["messages"]:
            raise ApiError(422, "Field required: 'messages' (a non-empty list).", "messages")
        kind = (body.get("response_format") or {}).get("type", "text")
        if kind not in ("text", "json_object"):
            # Measured on llama-cpp-python 0.3.36: its request model only knows these two, and
            # the validation error comes back as HTTP 500, not 422.
            message = (
                "1 validation error:\n  {'type': 'literal_error', 'loc': ('body', "
                f"'response_format', 'type'), 'msg': \"Input should be 'text' or 'json_object'\", "
                f"'input': '{kind}'}}"
            )
            raise ApiError(500, message, kind="internal_server_error")
        limit = body.get("max_tokens") if isinstance(body.get("max_tokens"), int) else None
        return Plan(str(body.get("model")), None, limit, prompt_tokens(body), False)
    model = body.get("model")
    if not model:
        raise ApiError(400, "you must provide a model parameter")
    for name in body:
        if name not in KNOWN_PARAMS:
            raise ApiError(400, f"Unrecognized request argument supplied: {name}")
    if not isinstance(model, str) or model not in models:
        message = f"The model `{model}` does not exist or you do not have access to it."
        raise ApiError(404, message, None, "model_not_found")
    _check_messages(body.get("messages"), models[model].vision)
    for name, (kinds, word) in TYPES.items():
        value = body.get(name)
        if value is not None and (
            isinstance(value, bool) != (kinds is bool) or not isinstance(value, kinds)
        ):
            raise _bad_type(name, word, value)
    for name, (low, high) in RANGES.items():
        if body.get(name) is not None and not low <= body[name] <= high:
            raise _out_of_range(
                name, "integer" if name == "top_logprobs" else "decimal", body[name], low, high
            )
    if "max_tokens" in body and "max_completion_tokens" in body:
        message = (
            "Setting 'max_tokens' and 'max_completion_tokens' at the same time is not supported."
        )
        raise ApiError(400, message, "max_tokens", "invalid_parameter_combination")
    spec = models[model]
    limit_name = "max_completion_tokens" if "max_completion_tokens" in body else "max_tokens"
    limit = body.get(limit_name)
    if limit is not None and limit < 1:
        raise _out_of_range(limit_name, "integer", limit, 1, math.inf)
    if limit is not None and spec.max_output and limit > spec.max_output:
        message = f"{limit_name} is too large: {limit}. This model supports at most {spec.max_output} completion tokens, whereas you provided {limit}."
        raise ApiError(400, message, limit_name, "invalid_value")
    if body.get("n") not in (None, 1):
        raise ApiError(400, "This stand-in only supports 'n' = 1.", "n", "unsupported_value")
    effort = _check_reasoning(body, model, spec.is_reasoning(model))
    if body.get("stream_options") is not None and body.get("stream") is not True:
        message = "The 'stream_options' parameter is only allowed when 'stream' is enabled."
        raise ApiError(400, message, "stream_options")
    _check_response_format(body)
    _check_tools(body)
    prompt = prompt_tokens(body)
    if prompt + (limit or 0) > spec.context_window:
        asked = f" and you requested {limit} tokens for the completion" if limit else ""
        message = f"This model's maximum context length is {spec.context_window} tokens. However, your messages resulted in {prompt} tokens{asked}. Please reduce the length of the messages or completion."
        raise ApiError(400, message, "messages", "context_length_exceeded")
    usage = bool(body.get("stream") and (body.get("stream_options") or {}).get("include_usage"))
    return Plan(model, EFFORT_TOKENS[effort] if effort else None, limit, prompt, usage)


def _check_messages(messages: object, vision: bool = True) -> None:
    if messages is None:
        raise _missing("messages")
    if not isinstance(messages, list):
        raise _bad_type("messages", "an array of objects", messages)
    if not messages:
        message = "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead."
        raise ApiError(400, message, "messages", "empty_array")
    pending: list[str] = []  # tool_call_ids of the last assistant message still to be answered
    for i, message in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(message, dict):
            raise _bad_type(where, "an object", message)
        role = message.get("role")
        if role is None:
            raise _missing(f"{where}.role")
        if role not in ROLES:
            raise _bad_value(f"{where}.role", role, ROLES)
        if role != "tool" and pending:
            raise _unanswered(i, pending)
        content, calls = message.get("content"), message.get("tool_calls")
        if content is None and not (role == "assistant" and calls):
            if "content" not in message:
                raise _missing(f"{where}.content")
            text = "Invalid value for 'content': expected a string, got null."
            raise ApiError(400, text, f"messages.[{i}].content")
        if content is not None and not isinstance(content, str | list):
            raise _bad_type(f"{where}.content", "a string or array of objects", content)
        for j, part in enumerate(content if isinstance(content, list) else []):
            allowed = PART_TYPES.get(role, ("text",))
            kind = part.get("type") if isinstance(part, dict) else None
            if kind not in allowed:
                raise _bad_value(f"{where}.content[{j}].type", kind, allowed)
            if kind == "text" and not isinstance(part.get("text"), str):
                raise _missing(f"{where}.content[{j}].text")
            if kind == "image_url":
                _check_image(i, j, part, vision)
        if role == "assistant" and calls:
            pending = _call_ids(where, calls)
        if role == "tool":
            call_id = message.get("tool_call_id")
            if not call_id:
                text = "Missing parameter 'tool_call_id': messages with role 'tool' must have a 'tool_call_id'."
                raise ApiError(400, text, f"messages.[{i}].tool_call_id")
            if call_id not in pending:
                text = "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'."
                raise ApiError(400, text, f"messages.[{i}].role")
            pending.remove(call_id)
    if pending:
        raise _unanswered(len(messages), pending)


def _check_image(i: int, j: int, part: dict[str, Any], vision: bool) -> None:
    """One image_url part: a vision model, an object with a URL (http(s), or a base64 data URL
    of a PNG, JPEG, GIF or WebP whose bytes are that type, at most 20 MB), a known detail."""
    if not vision:
        raise ApiError(400, NO_VISION, f"messages.[{i}].content.[{j}].type")
    where = f"messages[{i}].content[{j}].image_url"
    image = part.get("image_url")
    if image is None:
        raise _missing(where)
    if not isinstance(image, dict):
        raise _bad_type(where, "an object", image)
    url, detail = image.get("url"), image.get("detail")
    if url is None:
        raise _missing(f"{where}.url")
    if not isinstance(url, str):
        raise _bad_type(f"{where}.url", "a string", url)
    if detail is not None and detail not in IMAGE_DETAILS:
        raise _bad_value(f"{where}.detail", detail, IMAGE_DETAILS)
    if url.startswith(("http://", "https://")):
        return  # fetched by OpenAI; the stand-in never fetches
    found = _DATA_URL.match(url)
    try:
        data = base64.b64decode(found["data"], validate=True) if found else b""
    except (binascii.Error, ValueError):
        data = b""
    if not data:
        message = f"Invalid '{where}.url'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got an invalid value."
        raise ApiError(400, message, f"{where}.url", "invalid_value")
    if len(data) > MAX_IMAGE_BYTES:
        message = f"Invalid '{where}.url': the image is {len(data)} bytes; images may be at most {MAX_IMAGE_BYTES} bytes (20 MB)."
        raise ApiError(400, message, f"{where}.url", "image_too_large")
    assert found is not None
    if found["mime"] not in IMAGE_FORMATS or _image_type(data) != found["mime"]:
        raise ApiError(400, UNSUPPORTED_IMAGE, None, "invalid_image_format")


def _image_type(data: bytes) -> str | None:
    """The image type the bytes decode as (Pillow), or None: not PNG, JPEG, GIF or WebP, not
    decodable (a valid header over broken data), or an animated GIF (OpenAI takes still GIFs)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = f"image/{(image.format or '').lower()}"
            if kind == "image/gif" and getattr(image, "is_animated", False):
                return None
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return kind if kind in IMAGE_FORMATS else None


def _call_ids(where: str, calls: object) -> list[str]:
    if not isinstance(calls, list):
        raise _bad_type(f"{where}.tool_calls", "an array of objects", calls)
    for j, call in enumerate(calls):
        fn = call.get("function") if isinstance(call, dict) else None
        if not isinstance(fn, dict) or not isinstance(fn.get("arguments"), str):
            raise _missing(f"{where}.tool_calls[{j}].function.arguments")
        if not isinstance(call.get("id"), str):
            raise _missing(f"{where}.tool_calls[{j}].id")
        _check_name(f"{where}.tool_calls[{j}].function.name", fn.get("name"))
    return [call["id"] for call in calls]


def _unanswered(at: int, pending: list[str]) -> ApiError:
    message = f"An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: {', '.join(pending)}"
    return ApiError(400, message, f"messages.[{at}].role")


def _check_reasoning(body: dict[str, Any], model: str, reasoning: bool) -> str | None:
    """Reasoning-model parameter rules; the reasoning effort in use (None for chat models)."""
    effort, verbosity = body.get("reasoning_effort"), body.get("verbosity")
    if verbosity is not None and not model.startswith("gpt-5"):
        raise _unsupported("verbosity")
    if verbosity is not None and verbosity not in ("low", "medium", "high"):
        raise _bad_value("verbosity", verbosity, ("low", "medium", "high"))
    if not reasoning:
        if effort is not None:
            raise _unsupported("reasoning_effort")
        return None
    if body.get("max_tokens") is not None:
        message = "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."
        raise ApiError(400, message, "max_tokens", "unsupported_parameter")
    temperature = body.get("temperature")
    if temperature is not None and temperature != 1:
        message = f"Unsupported value: 'temperature' does not support {temperature} with this model. Only the default (1) value is supported."
        raise ApiError(400, message, "temperature", "unsupported_value")
    defaults = {"top_p": 1, "presence_penalty": 0, "frequency_penalty": 0, "logprobs": False}
    for name, default in defaults.items():
        if body.get(name) is not None and body[name] != default:
            raise _unsupported(name)
    if body.get("stop") is not None:
        raise _unsupported("stop")
    allowed = ("low", "medium", "high")
    allowed = ("minimal", *allowed) if model.startswith("gpt-5") else allowed
    if effort is not None and effort not in allowed:
        message = f"Unsupported value: 'reasoning_effort' does not support '{effort}' with this model. Supported values are: {_listed(allowed)}."
        raise ApiError(400, message, "reasoning_effort", "unsupported_value")
    return effort or "medium"


def _check_response_format(body: dict[str, Any]) -> None:
    fmt = body.get("response_format")
    kind = fmt.get("type") if fmt is not None else "text"
    if kind not in ("text", "json_object", "json_schema"):
        raise _bad_value("response_format.type", kind, ("json_object", "json_schema", "text"))
    if kind == "json_object" and "json" not in message_text({"messages": body["messages"]}).lower():
        message = "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'."
        raise ApiError(400, message, "messages")
    if kind != "json_schema":
        return
    spec = fmt.get("json_schema")
    if not isinstance(spec, dict):
        raise _missing("response_format.json_schema")
    _check_name("response_format.json_schema.name", spec.get("name"))
    if not isinstance(spec.get("schema"), dict):
        raise _missing("response_format.json_schema.schema")
    problem = schema_problem(spec["schema"]) if spec.get("strict") is True else None
    if problem:
        message = f"Invalid schema for response_format '{spec['name']}': {problem}"
        raise ApiError(400, message, "response_format", "invalid_json_schema")


def _check_tools(body: dict[str, Any]) -> None:
    tools, choice = body.get("tools"), body.get("tool_choice")
    if tools is not None and not tools:
        message = "Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array instead."
        raise ApiError(400, message, "tools", "empty_array")
    names = []
    for i, tool in enumerate(tools or []):
        where = f"tools[{i}]"
        if not isinstance(tool, dict):
            raise _bad_type(where, "an object", tool)
        if tool.get("type") != "function":
            raise _bad_value(f"{where}.type", tool.get("type"), ("function",))
        fn = tool.get("function")
        if not isinstance(fn, dict):
            raise _missing(f"{where}.function")
        _check_name(f"{where}.function.name", fn.get("name"))
        names.append(fn["name"])
        params = fn.get("parameters")
        if params is not None and not isinstance(params, dict):
            raise _bad_type(f"{where}.function.parameters", "an object", params)
        problem = schema_problem(params) if fn.get("strict") is True and params else None
        if problem:
            message = f"Invalid schema for function '{fn['name']}': {problem}"
            raise ApiError(
                400, message, f"{where}.function.parameters", "invalid_function_parameters"
            )
    if choice is not None and not tools:
        message = "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified."
        raise ApiError(400, message, "tool_choice")
    if isinstance(choice, str) and choice not in ("none", "auto", "required"):
        raise _bad_value("tool_choice", choice, ("none", "auto", "required"))
    named = (choice.get("function") or {}).get("name") if isinstance(choice, dict) else None
    if isinstance(choice, dict) and (choice.get("type") != "function" or named not in names):
        message = f"Invalid value for 'tool_choice': no function named '{named}' was specified in 'tools'."
        raise ApiError(400, message, "tool_choice", "invalid_value")
    if body.get("parallel_tool_calls") is not None and not tools:
        message = "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified."
        raise ApiError(400, message, "parallel_tool_calls")


def schema_problem(schema: dict[str, Any]) -> str | None:
    """The first Structured Outputs strict-mode violation ('In context=(...), ...'), or None."""
    if schema.get("type") != "object":
        return f"""schema must be a JSON Schema of 'type: "object"', got 'type: "{schema.get("type")}"'."""
    return _walk(schema, (), schema, set())


def _walk(node: object, path: tuple[str, ...], root: dict[str, Any], seen: set[str]) -> str | None:
    """Check one subschema, then its properties, items, anyOf branches, $defs and $ref target."""
    where = f"In context={path!r},"
    if not isinstance(node, dict):
        return f"{where} schema must be a JSON Schema object."
    for key in node:
        if key not in SCHEMA_KEYWORDS:
            return f"{where} '{key}' is not permitted."
    children: list[tuple[object, tuple[str, ...]]] = []
    ref = node.get("$ref")
    if isinstance(ref, str) and ref not in seen:
        seen.add(ref)
        steps, target = ref.removeprefix("#/").split("/"), root if ref.startswith("#/") else None
        for step in steps:
            target = target.get(step) if isinstance(target, dict) else None
        if target is None:
            return f"{where} reference '{ref}' can't be resolved."
        children.append((target, tuple(steps)))
    kinds = node.get("type") if isinstance(node.get("type"), list) else [node.get("type")]
    if "object" in kinds:
        properties = node.get("properties")
        if not isinstance(properties, dict):
            return f"{where} object schema missing properties."
        if node.get("additionalProperties") is not False:
            return f"{where} 'additionalProperties' is required to be supplied and to be false."
        required = node.get("required") if isinstance(node.get("required"), list) else []
        missing = [key for key in properties if key not in required]
        if missing:
            return f"{where} 'required' is required to be supplied and to be an array including every key in properties. Missing '{missing[0]}'."
        extra = [key for key in required if key not in properties]
        if extra:
            return f"{where} 'required' must be an array that includes every key in `properties`. Extra required key '{extra[0]}' supplied."
        children += [(value, (*path, "properties", key)) for key, value in properties.items()]
    if "items" in node:
        children.append((node["items"], (*path, "items")))
    children += [
        (branch, (*path, "anyOf", str(i))) for i, branch in enumerate(node.get("anyOf") or [])
    ]
    for key in ("$defs", "definitions"):
        children += [(value, (*path, key, name)) for name, value in (node.get(key) or {}).items()]
    for child, child_path in children:
        problem = _walk(child, child_path, root, seen)
        if problem:
            return problem
    return None
