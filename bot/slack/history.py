"""Thread history for follow-ups: `conversations.replies` (bounded) turned into advisor turns."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.advisor.models import Turn
from bot.slack.formatting import clean_user_text, truncate
from bot.slack.gating import BotIdentity

log = logging.getLogger(__name__)
MAX_TURN_CHARS = 2000


def thread_history(
    client: WebClient, channel: str, thread_ts: str, current_ts: str, bot: BotIdentity, limit: int
) -> list[Turn]:
    """The thread's earlier messages (oldest first, ≤ `limit`); the bot's become assistant turns."""
    try:
        response = client.conversations_replies(channel=channel, ts=thread_ts, limit=100)
    except SlackApiError as exc:
        log.warning("could not read thread history: %s", exc.response.get("error"))
        return []
    turns: list[Turn] = []
    for message in response.get("messages") or []:
        if message.get("ts") == current_ts or message.get("subtype") not in (
            None,
            "thread_broadcast",
            "bot_message",
        ):
            continue
        mine = message.get("bot_id") == bot.bot_id or message.get("user") == bot.user_id
        if message.get("bot_id") and not mine:
            continue
        text = clean_user_text(str(message.get("text") or ""), bot.user_id)
        if text:
            turns.append(
                Turn(role="assistant" if mine else "user", text=truncate(text, MAX_TURN_CHARS))
            )
    return turns[-limit:]
