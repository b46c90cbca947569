"""Our requests on a real OpenAI-compatible server: max tokens, streaming, CLI ask and critique."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from langchain_core.messages import HumanMessage

from bot.llm.chat import ChatLLM, build_chat_model
from tests.llm_real.conftest import MAX_TOKENS, LlamaSetup

pytestmark = pytest.mark.integration

LONG_TASK = "Write a very long essay about social media marketing, with many paragraphs."


def _kilovolt(llama: LlamaSetup, *args: str, stdin: str | None = None, **env: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args, "--json"],
        input=stdin,
        capture_output=True,
        text=True,
        env={**llama.env(), **env},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_max_tokens_is_honoured_by_the_server(llama: LlamaSetup) -> None:
    model = build_chat_model(llama.settings(llm_max_tokens=16))
    reply = model.invoke([HumanMessage(LONG_TASK)])
    usage = reply.response_metadata["token_usage"]
    assert 0 < usage["completion_tokens"] <= 16
    assert reply.response_metadata["finish_reason"] == "length"


def test_streaming_yields_several_deltas(llama: LlamaSetup) -> None:
    deltas = list(ChatLLM(llama.settings()).stream([HumanMessage(LONG_TASK)]))
    assert len(deltas) >= 3
    assert "".join(deltas).strip()


def test_cli_ask_answers_with_the_model(llama: LlamaSetup) -> None:
    reply = _kilovolt(
        llama, "ask", "How do we talk about our promotions without annoying followers?"
    )
    assert reply["mode"] == "llm" and reply["covered"] is True
    assert reply["answer"].strip()
    # Each token is at least one character and words are at least one token: a reply cut at
    # MAX_TOKENS tokens (plus what the advisor may append) cannot run on.
    assert len(reply["answer"].split()) <= MAX_TOKENS + 40


def test_cli_critique_gets_structured_output(llama: LlamaSetup) -> None:
    draft = "BIG SALE!!! Buy now, 50% off everything, click the link!!! #sale #promo #deal"
    # A structured critique needs room: a JSON object cut at MAX_TOKENS would not parse.
    critique = _kilovolt(
        llama, "critique", "-", "--platform", "facebook", stdin=draft, KILOVOLT_LLM_MAX_TOKENS="400"
    )
    assert critique["mode"] == "llm", critique
    assert critique["summary"].strip()
    assert isinstance(critique["findings"], list)
