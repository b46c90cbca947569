"""An author's edit of a draft waiting for approval (Slack `message_changed` in the DM): the
edited text is critiqued in the thread and becomes the request's next version.

Other edits stay ignored, as before: only a message in a thread with an open request, edited by
the request's author, with a text that really changed (an unfurl also sends `message_changed`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk import WebClient

from bot.slack.approvals import new_version
from bot.slack.conversation import Conversation
from bot.slack.dedupe import claim_once
from bot.slack.gating import BotIdentity, is_allowed
from bot.slack.services import Services
from bot.state.approvals import Approvals


def edited_draft(event: Mapping[str, Any], bot: BotIdentity) -> dict[str, Any] | None:
    """The edited DM message as a plain message event, or None when it is not a person's edit
    that changed the text."""
    if event.get("subtype") != "message_changed":
        return None
    message = event.get("message") or {}
    previous = event.get("previous_message") or {}
    channel = str(event.get("channel") or "")
    if not (event.get("channel_type") == "im" or channel.startswith("D")):
        return None
    user = str(message.get("user") or "")
    if message.get("bot_id") or not user or user == bot.user_id:
        return None
    text = str(message.get("text") or "")
    if not text.strip() or text == str(previous.get("text") or "") or not message.get("ts"):
        return None
    edited = message.get("edited") or {}
    return {
        "type": "message",
        "channel": channel,
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": str(message["ts"]),
        "thread_ts": str(message.get("thread_ts") or message["ts"]),
        "edited_ts": str(edited.get("ts") or event.get("event_ts") or event.get("ts") or ""),
    }


def handle_edit(
    services: Services,
    client: WebClient,
    event: Mapping[str, Any],
    team_id: str | None,
    allowed: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> None:
    """Critique the edited draft and send it as the next version, once per edit."""
    draft = edited_draft(event, services.bot)
    if draft is None or not is_allowed(team_id, draft["channel"], True, *allowed):
        return
    request = Approvals(services.store).open_in_thread(draft["channel"], draft["thread_ts"])
    if request is None or request.author_id != draft["user"]:
        return
    if not claim_once(
        services.store, f"edit:{draft['channel']}:{draft['ts']}:{draft['edited_ts']}"
    ):
        return
    conversation = Conversation(services, client, draft, team_id)
    conversation.run(route="critique")
    new_version(services, client, conversation, edited=True)
