"""The « Demander des changements » modal submitted: the comment checked in the ack, then the
decision recorded and announced (or politely refused: stale version, closed, double click)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.approval_blocks import (
    CHANGES_VIEW,
    COMMENT_BLOCK,
    MAX_COMMENT,
    modal_language,
    parse_value,
    submitted,
)
from bot.slack.approval_texts import at
from bot.slack.approvals import decide, refusal
from bot.slack.services import Services

log = logging.getLogger(__name__)


def _comment(view: dict[str, Any]) -> str:
    return str(submitted(view, COMMENT_BLOCK).get("value") or "").strip()


def register(app: App, root: Services) -> None:
    """Refuse an empty or too long comment in the modal; record the decision lazily."""

    def check(ack: Ack, view: dict[str, Any]) -> None:
        comment = _comment(view)
        language = modal_language(view)
        if not comment:
            ack(response_action="errors", errors={COMMENT_BLOCK: at("comment_missing", language)})
        elif len(comment) > MAX_COMMENT:
            error = at("comment_too_long", language, limit=MAX_COMMENT)
            ack(response_action="errors", errors={COMMENT_BLOCK: error})
        else:
            ack()

    def record(view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        comment = _comment(view)
        if not comment or len(comment) > MAX_COMMENT:
            return  # the modal showed the error
        services = root.scoped(context)
        user = context.user_id or ""  # Bolt reads it from the payload
        request_id, number = parse_value(str(view.get("private_metadata") or ""))
        outcome, request = decide(services, client, request_id, number, user, "changes", comment)
        if outcome == "ok":
            return
        try:  # no response_url after a modal: the refusal goes to the person's DM with the bot
            text = refusal(outcome, request, services.languages.get(user))
            client.chat_postMessage(channel=user, text=text)
        except SlackApiError as exc:
            log.info("refusal not delivered: %s", exc.response.get("error"))

    app.view(CHANGES_VIEW)(ack=check, lazy=[record])
