"""Thread history in long threads: paged with Slack's cursor, latest turns kept, pages capped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.slack import history
from bot.slack.app import web_client
from bot.slack.gating import BotIdentity
from bot.slack.history import thread_history
from tests.slack.conftest import BOT_TOKEN, Harness, make_settings
from tests.support.slack_api import SlackApiStandIn

BOT = BotIdentity(user_id="UBOT", bot_id="BBOT")


@pytest.fixture
def api() -> Iterator[SlackApiStandIn]:
    stand_in = SlackApiStandIn().start()
    yield stand_in
    stand_in.stop()


def _long_thread(api: SlackApiStandIn, replies: int) -> tuple[str, str]:
    """A thread of `replies` replies alternating user and bot; returns (root ts, last ts)."""
    root = api.add_user_message("C1", "<@UBOT> question 0")
    last = root
    for n in range(1, replies + 1):
        last = api.add_user_message("C1", f"tour {n}", thread_ts=root["ts"])
        if n % 2 == 0:  # the bot's own replies
            last.update(user="UBOT", bot_id="BBOT")
    return root["ts"], last["ts"]


def test_latest_turns_of_a_long_thread(api: SlackApiStandIn, tmp_path) -> None:
    root_ts, last_ts = _long_thread(api, 450)
    current = api.add_user_message("C1", "et maintenant?", thread_ts=root_ts)
    client = web_client(make_settings(tmp_path, api.base_url), BOT_TOKEN)
    turns = thread_history(client, "C1", root_ts, current["ts"], BOT, limit=6)
    assert [t.text for t in turns] == [f"tour {n}" for n in range(445, 451)]
    assert [t.role for t in turns] == ["user", "assistant"] * 3
    calls = api.calls_to("conversations.replies")
    assert len(calls) > 1 and all(c.result["ok"] for c in calls)
    assert last_ts != current["ts"]


def test_pages_are_capped(api: SlackApiStandIn, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(history, "MAX_PAGES", 2)
    root_ts, last_ts = _long_thread(api, 5 * history.PAGE_SIZE)
    client = web_client(make_settings(tmp_path, api.base_url), BOT_TOKEN)
    turns = thread_history(client, "C1", root_ts, last_ts, BOT, limit=4)
    assert len(api.calls_to("conversations.replies")) == 2
    assert len(turns) == 4


def test_follow_up_in_a_long_thread_sees_the_last_turns(harness: Harness) -> None:
    root_ts, _last = _long_thread(harness.api, 300)
    harness.bot.services.store.join_thread("C1", root_ts)
    harness.message("Et la suite?", thread_ts=root_ts)
    harness.final_reply("C1", root_ts)
    turns = harness.advisor.calls[0][1]["history"]
    assert turns[-1].text == "tour 300"
    assert len(turns) == harness.bot.services.history_limit
