"""Gating: who and what the bot answers."""

from __future__ import annotations

from typing import Any

import pytest

from bot.slack.gating import BotIdentity, decide

BOT = BotIdentity(user_id="UBOT", bot_id="BBOT")


def _decide(event: dict[str, Any], event_type: str = "message", **kwargs: Any) -> str:
    base = {
        "user": "U1",
        "text": "Bonjour",
        "channel": "C1",
        "ts": "1.1",
        "channel_type": "channel",
    }
    return decide({**base, **event}, event_type=event_type, team_id="T1", bot=BOT, **kwargs).action


@pytest.mark.parametrize(
    "event",
    [
        {"subtype": "message_changed"},
        {"subtype": "message_deleted"},
        {"subtype": "bot_message", "bot_id": "BX"},
        {"bot_id": "BX"},
        {"user": "UBOT"},
        {"text": "   "},
        {"channel_type": "im", "channel": "D1", "subtype": "message_changed"},
    ],
)
def test_ignored(event: dict[str, Any]) -> None:
    assert _decide(event, "message") == "ignore"


def test_mention_answered_and_duplicate_message_event_ignored() -> None:
    assert _decide({"text": "<@UBOT> allo"}, "app_mention") == "answer"
    assert _decide({"text": "<@UBOT> allo"}, "message") == "ignore"


def test_thread_follow_up_only_in_joined_threads() -> None:
    joined = {("C1", "9.9"): "U1"}
    asker = lambda c, t: joined.get((c, t))  # noqa: E731
    assert _decide({"thread_ts": "9.9"}, thread_asker=asker) == "answer"
    assert _decide({"thread_ts": "8.8"}, thread_asker=asker) == "ignore"
    assert _decide({}, thread_asker=asker) == "ignore"


def test_dm_answered() -> None:
    assert _decide({"channel_type": "im", "channel": "D1"}) == "answer"


def test_allow_lists_refuse_politely() -> None:
    assert _decide({"text": "<@UBOT> q"}, "app_mention", allowed_channels=["C2"]) == "refuse"
    assert _decide({"text": "<@UBOT> q"}, "app_mention", allowed_teams=["T9"]) == "refuse"
    assert _decide({"channel_type": "im", "channel": "D1"}, allowed_channels=["C2"]) == "answer"
    assert (
        _decide({"text": "<@UBOT> q"}, "app_mention", allowed_channels=["C1"], allowed_teams=["T1"])
        == "answer"
    )
