"""ChatLLM over real HTTP (openai client via LangChain) against the loopback server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from prometheus_client import REGISTRY
from pydantic import BaseModel

from bot.errors import ConfigError
from bot.llm import ChatLLM, LLMUnavailableError
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


def test_complete_sends_model_limits_and_key(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"text": "Salut [1]"})
    llm = ChatLLM(llm_settings(tmp_path, server.base_url))
    assert llm.complete(MESSAGES) == "Salut [1]"
    body = server.requests[0]
    assert body["model"] == "test-model"
    assert body["max_tokens"] == 321 and body["max_completion_tokens"] == 321
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert server.headers[0]["authorization"] == "Bearer sk-test-secret-0123456789"


def test_stream_yields_deltas_in_order(server: OpenAIServer, tmp_path: Path) -> None:
    text = "Une réponse assez longue pour plusieurs morceaux [1]."
    server.push({"text": text})
    deltas = list(ChatLLM(llm_settings(tmp_path, server.base_url)).stream(MESSAGES))
    assert len(deltas) > 2 and "".join(deltas) == text
    assert server.requests[0]["stream"] is True


def test_structured_output_uses_tool_calling(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"tool": {"summary": "Bien", "score": 4}})
    result = ChatLLM(llm_settings(tmp_path, server.base_url)).structured(MESSAGES, Verdict)
    assert result == Verdict(summary="Bien", score=4)
    assert server.requests[0]["tools"][0]["function"]["name"] == "Verdict"


def test_structured_falls_back_to_json_text(server: OpenAIServer, tmp_path: Path) -> None:
    # A server without tool support answers in prose first, then JSON when asked for it.
    server.push({"text": "pas d'outil"}, {"text": '```json\n{"summary": "Ok", "score": 2}\n```'})
    result = ChatLLM(llm_settings(tmp_path, server.base_url)).structured(MESSAGES, Verdict)
    assert result.score == 2
    assert "JSON" in server.requests[1]["messages"][-1]["content"]


def _llm_errors() -> float:
    return REGISTRY.get_sample_value("kilovolt_llm_errors_total") or 0.0


def test_http_500_raises_unavailable_and_is_counted(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"status": 500})
    before = _llm_errors()
    with pytest.raises(LLMUnavailableError) as info:
        ChatLLM(llm_settings(tmp_path, server.base_url)).complete(MESSAGES)
    assert "sk-test" not in str(info.value)
    assert _llm_errors() == before + 1  # the /metrics counter of failed model requests


def test_retries_are_bounded(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"status": 500}, {"status": 500}, {"text": "enfin"})
    llm = ChatLLM(llm_settings(tmp_path, server.base_url, llm_max_retries=2))
    assert llm.complete(MESSAGES) == "enfin"
    assert len(server.requests) == 3


def test_timeout_raises_unavailable(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"delay": 5, "text": "trop tard"})
    llm = ChatLLM(llm_settings(tmp_path, server.base_url, llm_timeout_s=0.3))
    with pytest.raises(LLMUnavailableError):
        llm.complete(MESSAGES)


def test_stream_cut_midway_raises_unavailable(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"text": "x" * 80, "cut_after": 2})
    received: list[str] = []
    with pytest.raises(LLMUnavailableError):
        for delta in ChatLLM(llm_settings(tmp_path, server.base_url)).stream(MESSAGES):
            received.append(delta)
    assert received == ["x" * 8, "x" * 8]


def test_offline_settings_have_no_model(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        ChatLLM(offline_settings(tmp_path))


def test_stream_stalling_midway_times_out(server: OpenAIServer, tmp_path: Path) -> None:
    server.push({"text": "y" * 80, "cut_after": 1, "stall": 5})
    llm = ChatLLM(llm_settings(tmp_path, server.base_url, llm_timeout_s=0.5))
    received: list[str] = []
    with pytest.raises(LLMUnavailableError):
        for delta in llm.stream(MESSAGES):
            received.append(delta)
    assert received == ["y" * 8]
