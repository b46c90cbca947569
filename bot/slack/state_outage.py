"""A state database outage while handling a message: tell the user in one line, log and count it.

Without the database the bot cannot de-duplicate, remember threads or record replies, so it does
not answer; the person still learns why (in their language), and the event is never lost silently.
Whether a channel thread is the bot's is then read from Slack itself (its own messages there).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.french import detect_language
from bot.slack import metrics
from bot.slack.formatting import clean_user_text
from bot.slack.gating import BotIdentity
from bot.slack.texts import t

log = logging.getLogger(__name__)


def asker_from_slack(
    client: WebClient, channel: str, thread_ts: str, bot: BotIdentity
) -> str | None:
    """Who first mentioned the bot in a thread it replied in ("" when unclear); None when the
    bot has no message in the thread's first page (or Slack cannot tell)."""
    try:
        response = client.conversations_replies(channel=channel, ts=thread_ts, limit=200)
    except SlackApiError as exc:
        log.info("thread read from Slack failed: %s", exc.response.get("error"))
        return None
    messages = response.get("messages") or []
    if not any(m.get("bot_id") == bot.bot_id or m.get("user") == bot.user_id for m in messages):
        return None
    mention = f"<@{bot.user_id}"
    return next((str(m.get("user")) for m in messages if mention in str(m.get("text") or "")), "")


def record_outage(step: str, exc: Exception) -> None:
    """Log (no traceback, no connection details) and count a state database failure."""
    metrics.STATE_ERRORS.labels(step=step).inc()
    log.error("state database unavailable during %s (%s)", step, type(exc).__name__)
    log.debug("state database failure", exc_info=exc)


def tell_state_down(client: WebClient, event: Mapping[str, Any], bot: BotIdentity) -> None:
    """Post the one-line notice in the message's thread, in the writer's language."""
    language = detect_language(clean_user_text(str(event.get("text") or ""), bot.user_id))
    try:
        client.chat_postMessage(
            channel=str(event["channel"]),
            thread_ts=str(event.get("thread_ts") or event["ts"]),
            text=t("state_down", language),
        )
    except SlackApiError as exc:
        log.error("state-down notice not delivered: %s", exc.response.get("error"))
