"""The loopback OpenAI stand-in is as strict as the real Chat Completions API (real openai SDK)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import openai
import pytest
from openai.lib._pydantic import to_strict_json_schema
from pydantic import BaseModel

from tests.support.openai_rules import schema_problem
from tests.support.openai_server import Latency, ModelSpec, OpenAIServer

KEY = "sk-test-standin-0123456789"
USER = [{"role": "user", "content": "Bonjour?"}]


class Finding(BaseModel):
    principle: str
    severity: str
    score: int


class Critique(BaseModel):
    summary: str
    findings: list[Finding]
    rewrite: str | None


class WithDefault(BaseModel):
    summary: str
    score: int = 3


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[OpenAIServer, openai.OpenAI]]:
    """One server and one SDK client for the module (a client costs ~60 ms of TLS set-up)."""
    with OpenAIServer() as running:
        yield running, openai.OpenAI(base_url=running.base_url, api_key=KEY, max_retries=0)


@pytest.fixture
def server(shared: tuple[OpenAIServer, openai.OpenAI]) -> OpenAIServer:
    running = shared[0]
    for recorded in (running.script, running.requests, running.headers):
        recorded.clear()
    return running


@pytest.fixture
def client(server: OpenAIServer, shared: tuple[OpenAIServer, openai.OpenAI]) -> openai.OpenAI:
    return shared[1]


def create(client: openai.OpenAI, **params: Any) -> Any:
    params.setdefault("model", "gpt-4o-mini")
    params.setdefault("messages", USER)
    return client.chat.completions.create(**params)


def rejected(call: Callable[[], object], status: int = 400) -> openai.APIStatusError:
    with pytest.raises(openai.APIStatusError) as info:
        call()
    assert info.value.status_code == status
    return info.value


def raw(server: OpenAIServer, body: object, key: str | None = KEY) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    url = f"{server.base_url}/chat/completions"
    return httpx.post(url, content=json.dumps(body), headers=headers, timeout=5)


def error_of(response: httpx.Response) -> dict[str, Any]:
    return response.json()["error"]


# 1. Authentication


def test_missing_key_is_401_without_code(server: OpenAIServer) -> None:
    response = raw(server, {"model": "gpt-4o-mini", "messages": USER}, key=None)
    assert response.status_code == 401
    assert error_of(response)["code"] is None
    assert error_of(response)["message"].startswith("You didn't provide an API key")
    url, empty = f"{server.base_url}/chat/completions", {"Authorization": "Bearer"}
    assert httpx.post(url, json={}, headers=empty).status_code == 401


def test_unaccepted_key_is_401_and_masked() -> None:
    with OpenAIServer(api_keys={"sk-the-only-good-key"}) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key=KEY, max_retries=0)
        error = rejected(lambda: create(client), 401)
        good = openai.OpenAI(base_url=server.base_url, api_key="sk-the-only-good-key")
        assert create(good).choices[0].message.content
    assert isinstance(error, openai.AuthenticationError) and error.code == "invalid_api_key"
    assert KEY not in error.message and "sk-tes***789" in error.message


def test_keys_must_start_with_sk_by_default(server: OpenAIServer) -> None:
    client = openai.OpenAI(base_url=server.base_url, api_key="not-a-key", max_retries=0)
    assert rejected(lambda: create(client), 401).code == "invalid_api_key"


# 2. Routes and body


def test_models_route_lists_known_ids(client: openai.OpenAI) -> None:
    ids = [model.id for model in client.models.list()]
    assert {"gpt-4o-mini", "gpt-5", "o3", "gpt-5-chat-latest"} <= set(ids)
    assert client.models.retrieve("o4-mini").id == "o4-mini"


def test_other_routes_are_404_and_body_must_be_an_object(server: OpenAIServer) -> None:
    response = httpx.post(f"{server.base_url}/completions", json={"model": "gpt-4o-mini"})
    assert response.status_code == 404 and "Invalid URL" in error_of(response)["message"]
    assert httpx.get(f"{server.base_url}/chat/completions").status_code == 404
    assert raw(server, [USER]).status_code == 400
    bad = httpx.post(f"{server.base_url}/chat/completions", content=b"{nope", headers={})
    assert bad.status_code == 400 and "parse the JSON body" in error_of(bad)["message"]


# 3. model and messages


def test_unknown_model_is_404_model_not_found(client: openai.OpenAI) -> None:
    error = rejected(lambda: create(client, model="test-model"), 404)
    assert error.code == "model_not_found"
    assert error.message.endswith(
        "The model `test-model` does not exist or you do not have access to it."
    )


@pytest.mark.parametrize(
    ("messages", "param", "code"),
    [
        (None, "messages", "missing_required_parameter"),
        ([], "messages", "empty_array"),
        ("Bonjour", "messages", "invalid_type"),
        ([{"role": "robot", "content": "x"}], "messages[0].role", "invalid_value"),
        ([{"role": "user", "content": None}], "messages.[0].content", None),
        ([{"role": "assistant", "content": None}], "messages.[0].content", None),
        ([{"role": "user"}], "messages[0].content", "missing_required_parameter"),
        ([{"role": "tool", "content": "42"}], "messages.[0].tool_call_id", None),
        ([{"role": "system", "content": [{"type": "image_url"}]}], None, "invalid_value"),
    ],
)
def test_messages_are_checked(
    server: OpenAIServer, messages: object, param: str | None, code: str | None
) -> None:
    body: dict[str, Any] = {"model": "gpt-4o-mini"}
    if messages is not None:
        body["messages"] = messages
    response = raw(server, body)
    assert response.status_code == 400
    assert error_of(response)["code"] == code
    assert param is None or error_of(response)["param"] == param


def test_tool_messages_must_answer_the_assistant_tool_calls(client: openai.OpenAI) -> None:
    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    asked = [*USER, {"role": "assistant", "content": None, "tool_calls": [call]}]
    answered = [*asked, {"role": "tool", "tool_call_id": "call_1", "content": "42"}]
    assert create(client, messages=answered).choices[0].message.content
    error = rejected(lambda: create(client, messages=asked))
    assert "did not have response messages: call_1" in error.message
    stray = [*USER, {"role": "tool", "tool_call_id": "call_9", "content": "42"}]
    assert (
        "must be a response to a preceeding message"
        in rejected(lambda: create(client, messages=stray)).message
    )


# 4-5. Unknown parameters, both token limits


def test_unknown_parameter_is_rejected(client: openai.OpenAI) -> None:
    error = rejected(lambda: create(client, extra_body={"top_k": 40}))
    assert error.message.endswith("Unrecognized request argument supplied: top_k")
    assert error.param is None


def test_both_token_limits_are_rejected(client: openai.OpenAI) -> None:
    error = rejected(lambda: create(client, max_tokens=321, max_completion_tokens=321))
    assert (error.code, error.param) == ("invalid_parameter_combination", "max_tokens")
    assert error.message.endswith(
        "Setting 'max_tokens' and 'max_completion_tokens' at the same time is not supported."
    )
    error = rejected(lambda: create(client, max_completion_tokens=9, extra_body={"max_tokens": 9}))
    assert error.code == "invalid_parameter_combination"


# 6. Reasoning models


@pytest.mark.parametrize(
    ("model", "params", "param", "code"),
    [
        ("gpt-5-mini", {"max_tokens": 100}, "max_tokens", "unsupported_parameter"),
        ("o3", {"temperature": 0.3}, "temperature", "unsupported_value"),
        ("gpt-5", {"top_p": 0.5}, "top_p", "unsupported_parameter"),
        ("o4-mini", {"presence_penalty": 0.5}, "presence_penalty", "unsupported_parameter"),
        ("gpt-5-nano", {"frequency_penalty": 1}, "frequency_penalty", "unsupported_parameter"),
        ("o3-mini", {"logprobs": True}, "logprobs", "unsupported_parameter"),
        ("o3", {"reasoning_effort": "minimal"}, "reasoning_effort", "unsupported_value"),
        ("gpt-5", {"reasoning_effort": "extreme"}, "reasoning_effort", "unsupported_value"),
        ("gpt-4o-mini", {"reasoning_effort": "low"}, "reasoning_effort", "unsupported_parameter"),
        (
            "gpt-5-chat-latest",
            {"reasoning_effort": "low"},
            "reasoning_effort",
            "unsupported_parameter",
        ),
    ],
)
def test_reasoning_model_rules(
    client: openai.OpenAI, model: str, params: dict[str, Any], param: str, code: str
) -> None:
    error = rejected(lambda: create(client, model=model, **params))
    assert (error.param, error.code) == (param, code)


def test_reasoning_messages_name_the_fix_and_the_value(client: openai.OpenAI) -> None:
    error = rejected(lambda: create(client, model="gpt-5", max_tokens=50))
    assert "Use 'max_completion_tokens' instead." in error.message
    error = rejected(lambda: create(client, model="gpt-5", temperature=0.3))
    assert "'temperature' does not support 0.3 with this model" in error.message


def test_reasoning_models_accept_their_own_parameters(client: openai.OpenAI) -> None:
    reply = create(
        client, model="gpt-5", temperature=1, reasoning_effort="minimal", max_completion_tokens=50
    )
    assert reply.choices[0].finish_reason == "stop"
    assert reply.usage.completion_tokens_details.reasoning_tokens == 0
    reply = create(client, model="o3", reasoning_effort="low")
    assert reply.usage.completion_tokens_details.reasoning_tokens == 200
    named = OpenAIServer(models={"o9-preview": ModelSpec(), "gpt-5.9-chat": ModelSpec()})
    assert named.models["o9-preview"].is_reasoning("o9-preview")
    assert not named.models["gpt-5.9-chat"].is_reasoning("gpt-5.9-chat")


# 7. Ranges and types


@pytest.mark.parametrize(
    ("params", "param", "code"),
    [
        ({"temperature": 2.5}, "temperature", "decimal_above_max_value"),
        ({"top_p": -0.1}, "top_p", "decimal_below_min_value"),
        ({"max_tokens": 0}, "max_tokens", "integer_below_min_value"),
        ({"max_completion_tokens": 0}, "max_completion_tokens", "integer_below_min_value"),
        ({"max_completion_tokens": 99_999}, "max_completion_tokens", "invalid_value"),
        ({"n": 2}, "n", "unsupported_value"),
    ],
)
def test_ranges(client: openai.OpenAI, params: dict[str, Any], param: str, code: str) -> None:
    error = rejected(lambda: create(client, **params))
    assert (error.param, error.code) == (param, code)


@pytest.mark.parametrize(
    ("name", "value"), [("stream", "yes"), ("temperature", "hot"), ("max_tokens", 1.5)]
)
def test_types(server: OpenAIServer, name: str, value: object) -> None:
    response = raw(server, {"model": "gpt-4o-mini", "messages": USER, name: value})
    assert response.status_code == 400
    assert (error_of(response)["param"], error_of(response)["code"]) == (name, "invalid_type")


# 8. stream_options


def test_stream_options_need_stream(client: openai.OpenAI) -> None:
    error = rejected(lambda: create(client, stream_options={"include_usage": True}))
    assert error.param == "stream_options"
    assert "only allowed when 'stream' is enabled" in error.message


# 9. response_format


def test_json_object_needs_the_word_json(client: openai.OpenAI) -> None:
    error = rejected(lambda: create(client, response_format={"type": "json_object"}))
    assert error.param == "messages" and "must contain the word 'json'" in error.message
    messages = [{"role": "system", "content": "Réponds en JSON."}, *USER]
    reply = create(client, messages=messages, response_format={"type": "json_object"})
    assert reply.choices[0].message.content  # accepted ("JSON", any case)


def schema_format(schema: dict[str, Any], name: str = "Critique") -> dict[str, Any]:
    return {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": True}}


TEXT = {"type": "string"}


def strict(**properties: Any) -> dict[str, Any]:
    """An object schema as Structured Outputs wants it."""
    keys = list(properties)
    return {
        "type": "object",
        "properties": properties,
        "required": keys,
        "additionalProperties": False,
    }


OBJECT = {"type": "object", "properties": {"a": TEXT}, "required": ["a"]}  # no additionalProperties
NO_EXTRA = "'additionalProperties' is required to be supplied and to be false."


@pytest.mark.parametrize(
    ("schema", "fragment"),
    [
        ({"type": "array", "items": TEXT}, """'type: "object"', got 'type: "array"'"""),
        (OBJECT, f"In context=(), {NO_EXTRA}"),
        (
            {**strict(a=TEXT), "required": []},
            "array including every key in properties. Missing 'a'.",
        ),
        ({**strict(a=TEXT), "required": ["a", "b"]}, "Extra required key 'b' supplied."),
        (
            strict(a={**TEXT, "default": "x"}),
            "In context=('properties', 'a'), 'default' is not permitted.",
        ),
        (strict(a={"allOf": [TEXT]}), "In context=('properties', 'a'), 'allOf' is not permitted."),
        (strict(a={"oneOf": [TEXT]}), "'oneOf' is not permitted."),
        (strict(a={**TEXT, "minLength": 2}), "'minLength' is not permitted."),
        (
            {**strict(a={"$ref": "#/$defs/B"}), "$defs": {"B": OBJECT}},
            f"In context=('$defs', 'B'), {NO_EXTRA}",
        ),
        (
            strict(a={"type": "array", "items": OBJECT}),
            f"In context=('properties', 'a', 'items'), {NO_EXTRA}",
        ),
        (
            strict(a={"anyOf": [OBJECT, {"type": "null"}]}),
            "In context=('properties', 'a', 'anyOf', '0'), ",
        ),
        (
            strict(a={"type": "object", "properties": {}}),
            f"In context=('properties', 'a'), {NO_EXTRA}",
        ),
    ],
)
def test_strict_json_schema_is_validated(
    client: openai.OpenAI, schema: dict[str, Any], fragment: str
) -> None:
    error = rejected(lambda: create(client, response_format=schema_format(schema)))
    assert (error.param, error.code) == ("response_format", "invalid_json_schema")
    assert error.message.split(" - ", 1)[-1].startswith(
        "Invalid schema for response_format 'Critique': "
    )
    assert fragment in error.message


def test_non_strict_schema_and_bad_names(client: openai.OpenAI) -> None:
    loose = {"type": "json_schema", "json_schema": {"name": "loose", "schema": OBJECT}}
    assert create(client, response_format=loose).choices[0].message.content
    error = rejected(lambda: create(client, response_format=schema_format(OBJECT, "a name")))
    assert error.param == "response_format.json_schema.name"
    nameless = {"type": "json_schema", "json_schema": {"schema": OBJECT}}
    assert rejected(lambda: create(client, response_format=nameless)).code == (
        "missing_required_parameter"
    )


def test_sdk_strict_schemas_pass_and_defaults_fail() -> None:
    assert schema_problem(to_strict_json_schema(Critique)) is None
    problem = schema_problem(to_strict_json_schema(WithDefault))
    assert problem == "In context=('properties', 'score'), 'default' is not permitted."


def test_generated_instance_fits_the_pydantic_model(
    server: OpenAIServer, client: openai.OpenAI
) -> None:
    server.push({"enum_pick": {"severity": "low"}})
    reply = client.chat.completions.parse(
        model="gpt-4o-mini", messages=USER, response_format=Critique
    )
    parsed = reply.choices[0].message.parsed
    assert isinstance(parsed, Critique) and len(parsed.findings) == 2
    assert "«modèle»" in parsed.summary and parsed.rewrite and "«modèle»" in parsed.rewrite
    schema = server.requests[0]["response_format"]["json_schema"]
    assert schema["strict"] is True and schema["name"] == "Critique"


def test_json_entry_is_sent_as_content_or_arguments(
    server: OpenAIServer, client: openai.OpenAI
) -> None:
    exact = {"summary": "Bien", "findings": [], "rewrite": None}
    server.push({"json": exact}, {"json": exact})
    reply = client.chat.completions.parse(
        model="gpt-4o-mini", messages=USER, response_format=Critique
    )
    assert json.loads(reply.choices[0].message.content) == exact
    tool = openai.pydantic_function_tool(Critique)
    call = create(client, tools=[tool]).choices[0].message.tool_calls[0]
    assert call.function.name == "Critique" and json.loads(call.function.arguments) == exact


# 10. tools


def test_tools_are_checked(client: openai.OpenAI) -> None:
    tool = openai.pydantic_function_tool(Critique)
    assert tool["function"]["strict"] is True
    bad_name = {"type": "function", "function": {"name": "two words"}}
    error = rejected(lambda: create(client, tools=[bad_name]))
    assert error.param == "tools[0].function.name"
    loose = {"type": "object", "properties": {"x": {"type": "string"}}}
    strict = {"type": "function", "function": {"name": "f", "parameters": loose, "strict": True}}
    error = rejected(lambda: create(client, tools=[strict]))
    assert error.param == "tools[0].function.parameters"
    assert "Invalid schema for function 'f': In context=()" in error.message
    lax = {"type": "function", "function": {"name": "f", "parameters": loose}}
    assert create(client, tools=[lax]).choices[0].message.content  # not strict: accepted
    choice = {"type": "function", "function": {"name": "Other"}}
    assert rejected(lambda: create(client, tools=[tool], tool_choice=choice)).param == (
        "tool_choice"
    )
    assert rejected(lambda: create(client, tool_choice="auto")).param == "tool_choice"
    assert rejected(lambda: create(client, tools=[tool], tool_choice="any")).code == (
        "invalid_value"
    )
    error = rejected(lambda: create(client, parallel_tool_calls=False))
    assert error.param == "parallel_tool_calls" and "only allowed when 'tools'" in error.message


def test_forced_tool_call_has_generated_arguments(client: openai.OpenAI) -> None:
    tools = [openai.pydantic_function_tool(Finding), openai.pydantic_function_tool(Critique)]
    choice = {"type": "function", "function": {"name": "Critique"}}
    reply = create(client, tools=tools, tool_choice=choice)
    call = reply.choices[0].message.tool_calls[0]
    assert reply.choices[0].finish_reason == "tool_calls" and call.function.name == "Critique"
    assert Critique.model_validate_json(call.function.arguments).findings
    assert create(client, tools=tools).choices[0].message.content == "Réponse de test [1]."


# 11. Context window


def test_context_window_is_enforced(client: openai.OpenAI) -> None:
    with OpenAIServer(models={"tiny": ModelSpec(False, context_window=100)}) as small:
        tiny = openai.OpenAI(base_url=small.base_url, api_key=KEY, max_retries=0)
        assert create(tiny, model="tiny", messages=[{"role": "user", "content": "x" * 300}])
        long = [{"role": "user", "content": "x" * 400}]
        error = rejected(lambda: create(tiny, model="tiny", messages=long))
        assert error.code == "context_length_exceeded"
        assert "maximum context length is 100 tokens" in error.message
        assert "resulted in 104 tokens" in error.message
        error = rejected(lambda: create(tiny, model="tiny", messages=USER, max_tokens=99))
        assert error.code == "context_length_exceeded"
    assert create(client, model="gpt-4.1-nano", max_completion_tokens=32_768)


# 12. Scripted statuses


def test_429_carries_retry_after(server: OpenAIServer, client: openai.OpenAI) -> None:
    server.push({"status": 429, "retry_after": 2})
    error = rejected(lambda: create(client), 429)
    assert isinstance(error, openai.RateLimitError)
    assert error.response.headers["retry-after"] == "2"
    assert error.response.headers["x-ratelimit-reset-requests"] == "2s"
    assert (error.code, error.type) == ("rate_limit_exceeded", "requests")


def test_other_scripted_statuses(server: OpenAIServer, client: openai.OpenAI) -> None:
    server.push({"status": 503}, {"status": 400, "error": {"message": "nope", "code": "x"}})
    assert rejected(lambda: create(client), 503).code == "scripted_failure"
    error = rejected(lambda: create(client), 400)
    assert (error.code, error.message.split(" - ", 1)[-1]) == ("x", "nope")


def test_invalid_requests_do_not_consume_the_script(
    server: OpenAIServer, client: openai.OpenAI
) -> None:
    server.push({"text": "gardé pour la bonne requête"})
    rejected(lambda: create(client, max_tokens=5, max_completion_tokens=5))
    rejected(lambda: create(client, model="test-model"), 404)
    assert create(client).choices[0].message.content == "gardé pour la bonne requête"
    assert len(server.requests) == 3 and server.requests[1]["model"] == "test-model"
    assert server.headers[0]["authorization"] == f"Bearer {KEY}"


# Replies: reasoning budget, truncation, usage, streaming


def test_reasoning_budget_exhaustion_leaves_empty_content(client: openai.OpenAI) -> None:
    reply = create(client, model="gpt-5-mini", max_completion_tokens=321)  # medium: 600
    assert reply.choices[0].message.content == ""
    assert reply.choices[0].finish_reason == "length"
    assert reply.usage.completion_tokens == 321
    assert reply.usage.completion_tokens_details.reasoning_tokens == 321


def test_reasoning_leftover_truncates_visible_text(
    server: OpenAIServer, client: openai.OpenAI
) -> None:
    server.push({"text": "y" * 100}, {"text": "z" * 100, "reasoning_tokens": 0})
    reply = create(client, model="o4-mini", reasoning_effort="low", max_completion_tokens=205)
    assert reply.choices[0].message.content == "y" * 20
    assert reply.choices[0].finish_reason == "length"
    assert reply.usage.completion_tokens_details.reasoning_tokens == 200
    reply = create(client, model="o4-mini", max_completion_tokens=205)
    assert reply.choices[0].message.content == "z" * 100


def test_chat_models_truncate_at_the_limit(server: OpenAIServer, client: openai.OpenAI) -> None:
    server.push({"text": "x" * 40}, {"text": "court", "finish": "length"})
    reply = create(client, max_tokens=3)
    assert reply.choices[0].message.content == "x" * 12
    assert reply.choices[0].finish_reason == "length" and reply.usage.completion_tokens == 3
    reply = create(client)
    assert reply.choices[0].message.content == "court"
    assert reply.choices[0].finish_reason == "length"


def test_usage_and_completion_shape(client: openai.OpenAI) -> None:
    reply = create(client, stop=["test"])
    assert reply.id.startswith("chatcmpl-") and reply.object == "chat.completion"
    assert reply.choices[0].message.content == "Réponse de "  # cut at the stop sequence
    assert reply.system_fingerprint and reply.choices[0].message.refusal is None
    assert reply.usage.prompt_tokens == 2 + 4  # ceil(8 / 4) + 4 per message
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens
    assert reply.usage.prompt_tokens_details.cached_tokens == 0


@pytest.mark.parametrize("include_usage", [True, False])
def test_streamed_usage_chunk_only_when_asked(client: openai.OpenAI, include_usage: bool) -> None:
    options = {"stream_options": {"include_usage": True}} if include_usage else {}
    chunks = list(create(client, model="gpt-5-nano", stream=True, **options))
    assert chunks[0].choices[0].delta.role == "assistant"
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == (
        "Réponse de test [1]."
    )
    finish = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finish[-1] == "stop" and set(finish[:-1]) == {None}
    if include_usage:
        assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == 605
        assert all(c.usage is None for c in chunks[:-1])
    else:
        assert all(c.choices and c.usage is None for c in chunks)


def test_streamed_tool_call_is_reassembled(server: OpenAIServer, client: openai.OpenAI) -> None:
    server.push({"tool": {"principle": "promotion", "severity": "high", "score": 4}})
    tool = openai.pydantic_function_tool(Finding)
    with client.chat.completions.stream(model="gpt-4.1-mini", messages=USER, tools=[tool]) as s:
        pieces = [event for event in s if event.type == "tool_calls.function.arguments.delta"]
        final = s.get_final_completion()
    assert len(pieces) > 3
    choice = final.choices[0]
    assert choice.finish_reason == "tool_calls"
    parsed = choice.message.tool_calls[0].function.parsed_arguments
    assert parsed == Finding(principle="promotion", severity="high", score=4)


# Failures, latency, responder, llama.cpp rules


def test_cut_after_drops_streams_and_plain_answers(
    server: OpenAIServer, client: openai.OpenAI
) -> None:
    server.push({"text": "x" * 80, "cut_after": 2}, {"text": "x" * 80, "cut_after": 2})
    chunks = list(create(client, stream=True))
    assert [c.choices[0].delta.content for c in chunks[1:]] == ["x" * 8, "x" * 8]
    assert all(c.choices[0].finish_reason is None for c in chunks)
    with pytest.raises(openai.APIConnectionError):
        create(client)


def test_shutdown_releases_delayed_answers_at_once() -> None:
    server = OpenAIServer().__enter__()
    server.push({"delay": 30, "text": "jamais"})
    client = openai.OpenAI(base_url=server.base_url, api_key=KEY, max_retries=0, timeout=10)
    errors: list[Exception] = []

    def ask() -> None:
        try:
            create(client)
        except openai.APIError as error:
            errors.append(error)

    worker = threading.Thread(target=ask)
    worker.start()
    time.sleep(0.1)
    started = time.monotonic()
    server.__exit__(None, None, None)
    worker.join(5)
    assert time.monotonic() - started < 1 and errors


def test_latency_paces_the_stream() -> None:
    latency = Latency(ttft_s=0.05, tokens_per_s=200, reasoning_tokens_per_s=4000)
    with OpenAIServer("z" * 40, latency=latency) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key=KEY, max_retries=0)
        started = time.monotonic()
        stream = create(client, model="gpt-5-nano", reasoning_effort="low", stream=True)
        arrivals = [
            time.monotonic() - started for c in stream if c.choices and c.choices[0].delta.content
        ]
    assert arrivals[0] >= 0.05 + 200 / 4000  # first token after ttft + hidden reasoning
    # 4 more pieces of 2 tokens at 200/s: a lower bound on the whole stream (a loaded machine may
    # deliver pieces together, never sooner)
    assert arrivals[-1] >= 0.05 + 200 / 4000 + 4 * 2 / 200


def test_responder_answers_before_the_default() -> None:
    def responder(body: dict[str, Any]) -> dict[str, Any] | None:
        return {"text": "par le répondeur"} if body.get("user") == "u1" else None

    with OpenAIServer(responder=responder) as server:
        server.push({"text": "scripté"})
        client = openai.OpenAI(base_url=server.base_url, api_key=KEY, max_retries=0)
        answers = [create(client, user="u1").choices[0].message.content for _ in range(2)]
        answers.append(create(client).choices[0].message.content)
    assert answers == ["scripté", "par le répondeur", "Réponse de test [1]."]


def test_llamacpp_rules_are_lax_and_honour_only_max_tokens() -> None:
    with OpenAIServer("x" * 40, rules="llamacpp") as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="anything", max_retries=0)
        both = create(client, model="test-model", max_tokens=2, max_completion_tokens=321)
        assert both.choices[0].message.content == "x" * 8
        assert both.choices[0].finish_reason == "length"
        only_new = create(client, model="whatever", max_completion_tokens=2, extra_body={"k": 1})
        assert only_new.choices[0].message.content == "x" * 40
        reasoning = create(client, model="gpt-5", max_tokens=20, temperature=0.2)
        assert reasoning.choices[0].message.content == "x" * 40
        assert reasoning.usage.completion_tokens_details is None
        usage = {"stream_options": {"include_usage": True}}
        chunks = list(create(client, model="m", stream=True, **usage))
        assert all(c.choices for c in chunks)
        assert raw(server, {"messages": USER}, key=None).status_code == 200
        assert raw(server, {"model": "m"}, key=None).status_code == 422
