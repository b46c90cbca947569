"""A Slack mention answered by the real Bolt app, streaming from the real llama.cpp server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.advisor import Advisor
from bot.slack.app import build_bot
from bot.slack.http import create_web_app
from bot.state import StateStore
from tests.llm_real.conftest import MAX_TOKENS, LlamaSetup
from tests.slack.conftest import Harness, ServerThread, make_settings
from tests.support.slack_api import SlackApiStandIn, wait_for

pytestmark = pytest.mark.integration


@pytest.fixture
def harness(llama: LlamaSetup, tmp_path: Path) -> Iterator[Harness]:
    """The HTTP-mode bot with the real advisor on the llama server, against the Slack stand-in."""
    api = SlackApiStandIn().start()
    settings = make_settings(
        llama.data_dir,
        api.base_url,
        knowledge_dir=llama.knowledge_dir,
        llm="openai:smollm2",
        openai_base_url=llama.base_url,
        openai_api_key="dummy",
        llm_max_tokens=MAX_TOKENS,
        llm_timeout_s=120.0,
        llm_deadline_s=300.0,
        llm_max_retries=0,
    )
    store = StateStore(f"sqlite:///{tmp_path / 'state.sqlite3'}")
    bot = build_bot(settings, advisor=Advisor(settings), store=store)
    bot.services.stream_flush_seconds = 0.0  # forward every delta as it arrives
    bot.services.stream_flush_chars = 1
    try:
        with ServerThread(create_web_app(bot)) as server, httpx.Client(timeout=30) as http:
            url = f"http://127.0.0.1:{server.port}"
            yield Harness(api, bot, bot.services.advisor, url, http)
    finally:
        store.close()
        api.stop()


def test_mention_is_streamed_from_the_model(harness: Harness) -> None:
    mention = harness.mention("How do we talk about our promotions without annoying followers?")
    stop = wait_for(lambda: harness.api.calls_to("chat.stopStream"), timeout=300)[0]
    starts = harness.api.calls_to("chat.startStream")
    assert starts[0].params["thread_ts"] == mention["ts"]
    pieces = [
        chunk["text"]
        for call in harness.api.calls_to("chat.startStream", "chat.appendStream")
        for chunk in call.params.get("chunks") or []
        if chunk.get("text")
    ]
    assert len(pieces) >= 3, "the model's deltas should reach Slack as several appends"
    assert "".join(pieces).strip()
    blocks = json.dumps(stop.params["blocks"], ensure_ascii=False)
    assert "indisponible" not in blocks and "unavailable" not in blocks.lower()
    assert "Written by the AI" in blocks or "Rédigé par l’IA" in blocks, "LLM mode label"
