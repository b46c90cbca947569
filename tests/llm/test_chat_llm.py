"""ChatLLM over real HTTP against the strict OpenAI stand-in: what is sent, limits, retries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from prometheus_client import REGISTRY
from pydantic import BaseModel

from bot.errors import ConfigError
from bot.llm import ChatLLM, LLMUnavailableError, Usage
from bot.llm.probe import probe_model
from tests.advisor.helpers import llm_settings, offline_settings
from tests.support.openai_server import OpenAIServer

MESSAGES = [SystemMessage("Tu es un conseiller."), HumanMessage("Bonjour?")]


class Verdict(BaseModel):
    summary: str
    score: int


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as running:
        yield running


def _llm(server: OpenAIServer, tmp_path: Path, **overrides: object) -> ChatLLM:
    return ChatLLM(llm_settings(tmp_path, server.base_url, **overrides))


def test_complete_sends_exactly_one_limit_and_the_key(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"text": "Salut [1]"})
    assert _llm(server, tmp_path).complete(MESSAGES) == "Salut [1]"
    body = server.requests[0]
    assert body["model"] == "gpt-4o-mini" and body["max_completion_tokens"] == 321
    assert "max_tokens" not in body and body["temperature"] == 0.3
    assert "reasoning_effort" not in body
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert server.headers[0]["authorization"] == "Bearer sk-test-secret-0123456789"


def test_reasoning_model_gets_effort_room_and_no_temperature(
    server: OpenAIServer, tmp_path: Path
) -> None:
    llm = _llm(server, tmp_path, llm="openai:gpt-5-mini", llm_reasoning_tokens=400)
    assert llm.complete(MESSAGES).startswith("Réponse de test")
    body = server.requests[0]
    assert body["max_completion_tokens"] == 321 + 400 and body["reasoning_effort"] == "low"
    assert "temperature" not in body and "max_tokens" not in body


def test_reasoning_that_eats_the_budget_is_retried_once_with_more_room(
    server: OpenAIServer, tmp_path: Path
) -> None:
    # 800 hidden tokens exceed the first budget (50 + 300): empty content, finish "length".
    server.push(
        {"text": "Réponse complète.", "reasoning_tokens": 800},
        {"text": "Réponse complète.", "reasoning_tokens": 500},
    )
    llm = _llm(
        server, tmp_path, llm="openai:gpt-5-mini", llm_max_tokens=50, llm_reasoning_tokens=300
    )
    assert llm.complete(MESSAGES) == "Réponse complète."
    assert [b["max_completion_tokens"] for b in server.requests] == [350, 700]


def test_a_reply_cut_twice_is_never_shown_as_complete(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"text": "x" * 400}, {"text": "x" * 400})
    with pytest.raises(LLMUnavailableError) as info:
        _llm(server, tmp_path, llm_max_tokens=10).complete(MESSAGES)
    assert info.value.reason == "length" and len(server.requests) == 2


def test_a_provider_rejection_is_not_retried_and_its_message_is_logged(
    server: OpenAIServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # max_tokens forced on a reasoning model: OpenAI answers 400 unsupported_parameter.
    llm = _llm(
        server, tmp_path, llm="openai:gpt-5-mini", llm_token_param="max_tokens", llm_max_retries=2
    )
    with caplog.at_level("WARNING"), pytest.raises(LLMUnavailableError) as info:
        llm.complete(MESSAGES)
    assert "Use 'max_completion_tokens' instead" in caplog.text  # the provider's own words
    assert "sk-test" not in caplog.text
    assert info.value.permanent and info.value.reason == "rejected"
    assert "unsupported_parameter" in info.value.detail and "max_tokens" in info.value.detail
    assert len(server.requests) == 1


def test_compatible_servers_get_max_tokens_only(tmp_path: Path) -> None:
    with OpenAIServer("y" * 200, rules="llamacpp") as llama:
        llm = ChatLLM(
            llm_settings(tmp_path, llama.base_url, llm_provider="auto", llm_max_tokens=300)
        )
        assert llm.complete(MESSAGES) == "y" * 200
        body = llama.requests[0]
        assert body["max_tokens"] == 300 and "max_completion_tokens" not in body
        deltas = list(llm.stream(MESSAGES))
        assert "".join(deltas) == "y" * 200 and "stream_options" not in llama.requests[1]


def test_stream_yields_deltas_and_records_usage(server: OpenAIServer, tmp_path: Path) -> None:
    text = "Une réponse assez longue pour plusieurs morceaux [1]."
    server.push({"text": text})
    llm = _llm(server, tmp_path)
    seen: list[Usage] = []
    llm.on_usage = seen.append
    deltas = list(llm.stream(MESSAGES))
    assert len(deltas) > 2 and "".join(deltas) == text
    assert server.requests[0]["stream"] is True
    assert server.requests[0]["stream_options"] == {"include_usage": True}
    assert len(seen) == 1 and seen[0].task == "answer" and seen[0].completion > 0


def test_a_stream_cut_at_the_limit_is_continued_once(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"text": "Début de la réponse", "finish": "length"}, {"text": " et sa fin."})
    deltas = list(_llm(server, tmp_path).stream(MESSAGES))
    assert "".join(deltas) == "Début de la réponse et sa fin."
    follow = server.requests[1]["messages"]
    assert follow[-2] == {"role": "assistant", "content": "Début de la réponse"}
    assert "Continue exactly where it stopped" in follow[-1]["content"]


def test_a_stream_cut_again_after_continuing_fails(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"text": "Début", "finish": "length"}, {"text": " suite", "finish": "length"})
    with pytest.raises(LLMUnavailableError) as info:
        list(_llm(server, tmp_path).stream(MESSAGES))
    assert info.value.reason == "length"


def test_structured_output_uses_a_strict_json_schema(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"json": {"summary": "Bien", "score": 4}})
    result = _llm(server, tmp_path).structured(MESSAGES, Verdict, "critique")
    assert result == Verdict(summary="Bien", score=4)
    body = server.requests[0]
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert body["max_completion_tokens"] == 1400  # the critique budget, not the answer's


def test_structured_output_cut_is_retried_with_more_room(
    server: OpenAIServer, tmp_path: Path
) -> None:
    server.push(
        {"json": {"summary": "x" * 200, "score": 1}}, {"json": {"summary": "Ok", "score": 2}}
    )
    llm = _llm(server, tmp_path, llm_critique_max_tokens=20)
    assert llm.structured(MESSAGES, Verdict, "critique").score == 2
    assert [b["max_completion_tokens"] for b in server.requests] == [20, 40]


def test_structured_steps_down_when_a_server_refuses_json_schema(tmp_path: Path) -> None:
    with OpenAIServer(rules="llamacpp") as llama:
        llama.push({"json": {"summary": "Ok", "score": 2}}, {"json": {"summary": "Re", "score": 3}})
        llm = ChatLLM(llm_settings(tmp_path, llama.base_url, llm_provider="auto"))
        assert llm.structured(MESSAGES, Verdict, "ideas").score == 2
        assert llm.structured(MESSAGES, Verdict, "ideas").score == 3
        kinds = [b.get("response_format", {}).get("type") for b in llama.requests]
        assert kinds == ["json_schema", "json_object", "json_object"]  # refused once, remembered
        assert llama.requests[1]["response_format"]["schema"]["title"] == "Verdict"


def _llm_errors() -> float:
    return REGISTRY.get_sample_value("kilovolt_llm_errors_total") or 0.0


def test_http_500_raises_unavailable_and_is_counted(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"status": 500})
    before = _llm_errors()
    with pytest.raises(LLMUnavailableError) as info:
        _llm(server, tmp_path).complete(MESSAGES)
    assert "sk-test" not in str(info.value) and not info.value.permanent
    assert _llm_errors() == before + 1  # the /metrics counter of failed model replies


def test_transient_errors_are_retried_honouring_retry_after(
    server: OpenAIServer, tmp_path: Path
) -> None:
    waits: list[float] = []
    server.push({"status": 500}, {"status": 429, "retry_after": 2}, {"text": "enfin"})
    settings = llm_settings(tmp_path, server.base_url, llm_max_retries=2, llm_deadline_s=30.0)
    llm = ChatLLM(settings, sleep=waits.append)
    assert llm.complete(MESSAGES) == "enfin"
    assert len(server.requests) == 3 and waits == [0.5, 2.0]


def test_retries_stop_at_the_deadline(server: OpenAIServer, tmp_path: Path) -> None:
    # Retry-After 10 s does not fit in a 5 s deadline: the reply falls back at once.
    waits: list[float] = []
    server.push({"status": 429, "retry_after": 10}, {"text": "trop tard"})
    llm = ChatLLM(llm_settings(tmp_path, server.base_url, llm_max_retries=5), sleep=waits.append)
    with pytest.raises(LLMUnavailableError):
        llm.complete(MESSAGES)
    assert len(server.requests) == 1 and waits == []


def test_a_timeout_is_not_worth_another_full_wait(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"delay": 5, "text": "trop tard"}, {"text": "jamais demandé"})
    llm = _llm(server, tmp_path, llm_timeout_s=0.3, llm_max_retries=2)
    with pytest.raises(LLMUnavailableError) as info:
        llm.complete(MESSAGES)
    assert info.value.reason == "timeout" and len(server.requests) == 1


def test_the_deadline_ends_a_stream_that_stalls(server: OpenAIServer, tmp_path: Path) -> None:
    # Per-read timeout 30 s, but the reply's deadline is 1.5 s: the stall is cut at the deadline.
    server.push({"text": "y" * 80, "cut_after": 1, "stall": 20})
    llm = _llm(server, tmp_path, llm_timeout_s=30.0, llm_deadline_s=1.5)
    received: list[str] = []
    with pytest.raises(LLMUnavailableError) as info:
        for delta in llm.stream(MESSAGES):
            received.append(delta)
    assert received == ["y" * 8] and info.value.reason == "deadline"


def test_stream_cut_midway_raises_unavailable(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"text": "x" * 80, "cut_after": 2})
    received: list[str] = []
    with pytest.raises(LLMUnavailableError):
        for delta in _llm(server, tmp_path).stream(MESSAGES):
            received.append(delta)
    assert received == ["x" * 8, "x" * 8]


def test_offline_settings_have_no_model(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        ChatLLM(offline_settings(tmp_path))


@pytest.mark.parametrize(
    ("overrides", "setting"),
    [
        ({"llm": "openai:gpt-9-turbo"}, "KILOVOLT_LLM names a model"),
        ({"openai_api_key": "pk-wrong-key-0123456789"}, "OPENAI_API_KEY was refused"),
        ({"llm": "openai:o4-mini", "llm_token_param": "max_tokens"}, "KILOVOLT_LLM_TOKEN_PARAM"),
        ({"llm": "openai:o3", "llm_reasoning": "no"}, "KILOVOLT_LLM_REASONING=yes"),
        ({"llm_reasoning": "yes"}, "KILOVOLT_LLM_REASONING=no"),
    ],
)
def test_probe_names_the_setting_to_fix(
    server: OpenAIServer, tmp_path: Path, overrides: dict[str, object], setting: str
) -> None:
    with pytest.raises(ConfigError) as info:
        probe_model(_llm(server, tmp_path, **overrides))
    assert setting in info.value.message
    assert "0123456789" not in info.value.message  # never the key, even masked by the provider


def test_probe_accepts_good_settings_and_only_warns_when_unreachable(
    server: OpenAIServer, tmp_path: Path
) -> None:
    assert probe_model(_llm(server, tmp_path, llm="openai:gpt-5-mini")) is None
    assert "max_tokens" not in server.requests[0]
    from bot.console.process import free_port

    down = ChatLLM(llm_settings(tmp_path, f"http://127.0.0.1:{free_port()}/v1"))
    assert "cannot be reached" in (probe_model(down) or "")


def test_a_reply_ignoring_the_schema_gets_one_plain_json_request_and_both_are_counted(
    server: OpenAIServer, tmp_path: Path
) -> None:
    server.push(
        {"text": "désolé, pas de JSON"}, {"text": '```json\n{"summary": "Ok", "score": 2}\n```'}
    )
    llm = _llm(server, tmp_path)
    seen: list[Usage] = []
    llm.on_usage = seen.append
    assert llm.structured(MESSAGES, Verdict, "ideas").score == 2
    assert len(server.requests) == 2 and len(seen) == 2
    assert "response_format" not in server.requests[1]
    assert "JSON" in server.requests[1]["messages"][-1]["content"]
