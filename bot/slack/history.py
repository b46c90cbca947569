"""Thread history for follow-ups: `conversations.replies` (paged, capped) as advisor turns."""

from __future__ import annotations

import logging
from collections import deque
from decimal import Decimal, InvalidOperation
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.advisor.models import Turn
from bot.slack.formatting import clean_user_text, truncate
from bot.slack.gating import BotIdentity

log = logging.getLogger(__name__)
MAX_TURN_CHARS = 2000
PAGE_SIZE = 200  # Slack recommends no more than 200 messages per page
MAX_PAGES = 10  # a thread longer than this many pages keeps the latest turns of those read
KEPT_SUBTYPES = (None, "thread_broadcast", "bot_message")


def thread_history(
    client: WebClient, channel: str, thread_ts: str, current_ts: str, bot: BotIdentity, limit: int
) -> list[Turn]:
    """The thread's latest earlier messages (oldest first, ≤ `limit`); the bot's are assistant
    turns. Slack returns a thread oldest first, so every page (up to MAX_PAGES) is read."""
    turns: deque[Turn] = deque(maxlen=max(limit, 0))
    cursor: str | None = None
    for _page in range(MAX_PAGES):
        try:
            response = client.conversations_replies(
                channel=channel, ts=thread_ts, limit=PAGE_SIZE, cursor=cursor
            )
        except SlackApiError as exc:
            log.warning("could not read thread history: %s", exc.response.get("error"))
            break
        for message in response.get("messages") or []:
            turn = _turn(message, current_ts, bot)
            if turn is not None:
                turns.append(turn)
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        if not response.get("has_more") or not cursor:
            break
    else:
        log.info("thread history read up to %d pages; later messages left out", MAX_PAGES)
    return list(turns)


def _turn(message: dict[str, Any], current_ts: str, bot: BotIdentity) -> Turn | None:
    """A message as a turn; None for the current and later messages, edits, joins, other bots."""
    if _after_or_at(str(message.get("ts") or ""), current_ts):
        return None
    if message.get("subtype") not in KEPT_SUBTYPES:
        return None
    mine = message.get("bot_id") == bot.bot_id or message.get("user") == bot.user_id
    if message.get("bot_id") and not mine:
        return None
    text = clean_user_text(str(message.get("text") or ""), bot.user_id)
    if not text:
        return None
    return Turn(role="assistant" if mine else "user", text=truncate(text, MAX_TURN_CHARS))


def _after_or_at(ts: str, current_ts: str) -> bool:
    try:
        return Decimal(ts) >= Decimal(current_ts)  # exact: a float loses the last digits of a ts
    except InvalidOperation:
        return ts == current_ts
