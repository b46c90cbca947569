"""The console answers users.conversations like Slack, so its App Home lists subscriptions."""

from __future__ import annotations

from bot.console.slack_api import SlackWebApi
from bot.console.workspace import DM_ID, GENERAL_ID, HUMAN_USER_ID, Workspace

TOKEN = "xoxb-console-test"


def test_the_person_is_in_every_channel_but_not_the_dm() -> None:
    api = SlackWebApi(Workspace(), TOKEN)
    result = api.call("users.conversations", {"user": HUMAN_USER_ID}, TOKEN)
    assert result["ok"] is True
    ids = [c["id"] for c in result["channels"]]
    assert GENERAL_ID in ids and DM_ID not in ids
    assert result["response_metadata"]["next_cursor"] == ""
    unknown = api.call("users.conversations", {"user": "U0NOBODY"}, TOKEN)
    assert unknown["ok"] is False and unknown["error"] == "user_not_found"
