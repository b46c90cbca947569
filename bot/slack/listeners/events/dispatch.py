"""Shared step of mention and message listeners: gate, claim the message once, then reply."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.conversation import Conversation
from bot.slack.dedupe import claim_once
from bot.slack.formatting import clean_user_text
from bot.slack.gating import decide
from bot.slack.services import Services
from bot.slack.texts import detect_language, t

log = logging.getLogger(__name__)


def handle_message_event(
    services: Services,
    client: WebClient,
    body: dict[str, Any],
    event: dict[str, Any],
    event_type: str,
) -> None:
    """Answer (or refuse) one message; a message answered once is never answered again."""
    team_id = body.get("team_id") or event.get("team")
    decision = decide(
        event,
        event_type=event_type,
        team_id=team_id,
        bot=services.bot,
        allowed_teams=services.settings.allowed_teams,
        allowed_channels=services.settings.allowed_channels,
        is_joined_thread=services.store.is_joined,
    )
    if decision.action == "ignore":
        log.debug("ignored %s: %s", event_type, decision.reason)
        return
    if not claim_once(services.store, f"msg:{event['channel']}:{event['ts']}"):
        return  # a Slack retry, or the `message` twin of an `app_mention`
    if decision.action == "refuse":
        language = detect_language(clean_user_text(str(event.get("text") or "")))
        try:
            client.chat_postEphemeral(
                channel=event["channel"],
                user=event["user"],
                thread_ts=event.get("thread_ts") or event["ts"],
                text=t("refused", language),
            )
        except SlackApiError as exc:
            log.info("refusal not delivered: %s", exc.response.get("error"))
        return
    Conversation(services, client, event, team_id).run()
