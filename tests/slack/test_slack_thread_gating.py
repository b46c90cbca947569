"""Joined channel threads: the bot answers the person who brought it in (or anyone mentioning it),
not colleagues talking to each other; `KILOVOLT_THREAD_REPLIES=everyone` answers every message."""

from __future__ import annotations

from typing import Any

import pytest
from prometheus_client import REGISTRY

from bot.slack.gating import BotIdentity, decide
from tests.slack.conftest import Harness
from tests.support.slack_api import wait_for

BOT = BotIdentity(user_id="UBOT", bot_id="BBOT")


def _decide(user: str, asker: str | None, **kwargs: Any) -> str:
    event = {"user": user, "text": "Et sur LinkedIn?", "channel": "C1", "ts": "2.2"}
    event.update(channel_type="channel", thread_ts="1.1")
    return decide(
        event, event_type="message", team_id="T1", bot=BOT, thread_asker=lambda _c, _t: asker,
        **kwargs,
    ).action  # fmt: skip


def test_only_the_asker_is_answered_in_a_joined_thread() -> None:
    assert _decide("U1", "U1") == "answer"
    assert _decide("U2", "U1") == "ignore"
    assert _decide("U2", "U1", thread_replies="everyone") == "answer"
    assert _decide("U2", "") == "answer"  # joined before askers were recorded: as before
    assert _decide("U1", None) == "ignore"  # not a joined thread


def test_dm_threads_are_not_gated_by_asker() -> None:
    event = {"user": "U2", "text": "Bonjour", "channel": "D1", "ts": "2.2", "thread_ts": "1.1"}
    event["channel_type"] = "im"
    decision = decide(
        event, event_type="message", team_id="T1", bot=BOT, thread_asker=lambda *_: "U1"
    )
    assert decision.action == "answer"


def _ignored(reason: str) -> float:
    value = REGISTRY.get_sample_value("kilovolt_slack_ignored_messages_total", {"reason": reason})
    return value or 0.0


def _asked(harness: Harness) -> list[str]:
    return [args["question"] for name, args in harness.advisor.calls if name == "answer_stream"]


def test_colleagues_talking_in_the_thread_are_left_alone(harness: Harness) -> None:
    root = harness.mention("Comment parler de nos promotions?", user="U1")
    harness.final_reply("C1", root["ts"])
    before = _ignored("not the asker")
    harness.message("Bonne question, on en parle demain?", user="U2", thread_ts=root["ts"])
    wait_for(lambda: _ignored("not the asker") > before, what="the colleague's message ignored")
    harness.message("Et sur LinkedIn?", user="U1", thread_ts=root["ts"])
    wait_for(lambda: len(_asked(harness)) == 2, what="the asker's follow-up answered")
    harness.mention("Et pour TikTok?", user="U2", thread_ts=root["ts"])
    wait_for(lambda: len(_asked(harness)) == 3, what="a colleague's mention answered")
    assert _asked(harness) == [
        "Comment parler de nos promotions?",
        "Et sur LinkedIn?",
        "Et pour TikTok?",
    ]
    wait_for(lambda: len(harness.replies_in("C1", root["ts"])) == 3)


@pytest.mark.parametrize("settings_overrides", [{"thread_replies": "everyone"}])
def test_everyone_setting_answers_colleagues_too(harness: Harness) -> None:
    root = harness.mention("Comment parler de nos promotions?", user="U1")
    harness.final_reply("C1", root["ts"])
    harness.message("Et sur LinkedIn?", user="U2", thread_ts=root["ts"])
    wait_for(lambda: len(_asked(harness)) == 2, what="the colleague's message answered")
