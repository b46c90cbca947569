"""Shared step of mention and message listeners: gate, claim the message once, then reply."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.french import detect_language
from bot.slack import metrics
from bot.slack.approval_edits import handle_edit
from bot.slack.approvals import new_version
from bot.slack.conversation import Conversation
from bot.slack.dedupe import claim_once
from bot.slack.draft_images import DraftImageCritique, shares_images
from bot.slack.formatting import clean_user_text
from bot.slack.gating import decide
from bot.slack.knowledge_uploads import KnowledgeCommand, KnowledgeUploads, knowledge_command
from bot.slack.services import Services
from bot.slack.state_outage import asker_from_slack, record_outage, tell_state_down
from bot.slack.texts import t

log = logging.getLogger(__name__)


def handle_message_event(
    services: Services,
    client: WebClient,
    body: dict[str, Any],
    event: dict[str, Any],
    event_type: str,
) -> None:
    """Answer (or refuse) one message; a message answered once is never answered again.

    With the state database down the user gets one line saying so (logged and counted)."""
    team_id = body.get("team_id") or event.get("team")
    if event.get("subtype") == "message_changed":  # only a draft waiting for approval counts
        allowed = (services.settings.allowed_teams, services.settings.allowed_channels)
        try:
            handle_edit(services, client, event, team_id, allowed)
        except SQLAlchemyError as exc:
            record_outage("approval edit", exc)
        return
    outage: list[Exception] = []

    def thread_asker(channel: str, thread_ts: str) -> str | None:
        try:
            return services.store.thread_asker(channel, thread_ts)
        except SQLAlchemyError as exc:
            outage.append(exc)
            return asker_from_slack(client, channel, thread_ts, services.bot)

    decision = decide(
        event,
        event_type=event_type,
        team_id=team_id,
        bot=services.bot,
        allowed_teams=services.settings.allowed_teams,
        allowed_channels=services.settings.allowed_channels,
        thread_asker=thread_asker,
        thread_replies=services.settings.thread_replies,
    )
    if decision.action == "ignore":
        metrics.IGNORED_MESSAGES.labels(reason=decision.reason).inc()
        log.debug("ignored %s: %s", event_type, decision.reason)
        return
    if outage:
        record_outage("thread lookup", outage[0])
        tell_state_down(client, event, services.bot)
        return
    try:
        first = claim_once(services.store, f"msg:{event['channel']}:{event['ts']}")
    except SQLAlchemyError as exc:
        record_outage("claim", exc)
        tell_state_down(client, event, services.bot)
        return
    if not first:
        return  # a Slack retry, or the `message` twin of an `app_mention`
    if decision.action == "refuse":
        refuse(client, event)
        return
    command = _knowledge_command(event, decision.reason)
    if command is not None:  # an admin changing the guidance (DM only)
        KnowledgeUploads(services, client, event, command).run()
        return
    try:
        if decision.reason == "dm" and shares_images(event):  # a draft with its visual(s)
            conversation: Conversation | DraftImageCritique = DraftImageCritique(
                services, client, event
            )
        else:
            conversation = Conversation(services, client, event, team_id)
        conversation.run()
    except SQLAlchemyError as exc:  # thread kind, join or reply record: nothing was answered
        record_outage("reply", exc)
        tell_state_down(client, event, services.bot)
        return
    try:  # a new draft in a thread waiting for approval: the reviewer gets it as a new version
        new_version(services, client, conversation)
    except SQLAlchemyError as exc:
        record_outage("approval version", exc)


def _knowledge_command(event: dict[str, Any], reason: str) -> KnowledgeCommand | None:
    """« ajoute » with a file, « liste » or « retire <titre> », in a DM."""
    if reason != "dm":
        return None
    text = clean_user_text(str(event.get("text") or ""))
    return knowledge_command(text, bool(event.get("files")))


def refuse(client: WebClient, event: dict[str, Any]) -> None:
    """The polite refusal outside the allow-lists, seen only by the person who wrote."""
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
