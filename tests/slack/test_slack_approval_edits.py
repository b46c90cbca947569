"""Which `message_changed` events count as an author's edit of a draft (pure, no Slack)."""

from __future__ import annotations

from typing import Any

from bot.slack.approval_edits import edited_draft
from bot.slack.gating import BotIdentity

BOT = BotIdentity(user_id="UBOT", bot_id="BBOT")


def changed(text: str = "Nouveau texte", previous: str = "Ancien texte", **message: Any) -> dict:
    body = {"user": "U1", "text": text, "ts": "10.1", "edited": {"user": "U1", "ts": "20.2"}}
    body.update(message)
    return {
        "type": "message",
        "subtype": "message_changed",
        "channel": "D1",
        "channel_type": "im",
        "message": body,
        "previous_message": {**body, "text": previous},
    }


def test_a_person_s_edit_in_a_dm_is_a_draft_in_its_thread() -> None:
    draft = edited_draft(changed(thread_ts="5.5"), BOT)
    assert draft is not None
    assert (draft["text"], draft["ts"], draft["thread_ts"], draft["edited_ts"]) == (
        "Nouveau texte",
        "10.1",
        "5.5",
        "20.2",
    )
    root = edited_draft(changed(), BOT)
    assert root is not None and root["thread_ts"] == "10.1"  # the thread's first message


def test_other_changes_are_not_drafts() -> None:
    assert edited_draft(changed(previous="Nouveau texte"), BOT) is None  # an unfurl
    assert edited_draft(changed(user="UBOT"), BOT) is None  # the bot's own update
    assert edited_draft(changed(bot_id="B2"), BOT) is None
    assert edited_draft(changed(text="  "), BOT) is None
    assert edited_draft({**changed(), "channel": "C1", "channel_type": "channel"}, BOT) is None
    assert edited_draft({**changed(), "subtype": "message_deleted"}, BOT) is None
