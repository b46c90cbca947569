"""👍/👎 (Slack's feedback buttons): store the click with the reply's question, mode and sources;
after a 👎, ask what was missing (a few choices, or one's own words in a modal)."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.french import Language, detect_language
from bot.slack.acks import ack_now
from bot.slack.blocks import FEEDBACK
from bot.slack.feedback_reasons import (
    REASON_ACTION,
    comment_view,
    parse_reason,
    reason_blocks,
    reason_label,
)
from bot.slack.services import Services
from bot.slack.texts import t

log = logging.getLogger(__name__)
LEGACY_ACTION = re.compile(r"^feedback_(up|down)$")
"""The home-made buttons of replies posted before `feedback_buttons` (still clickable)."""


def parse_click(action: dict[str, Any]) -> tuple[str, str]:
    """(up|down, reply id) of a click: `up:<id>` from feedback_buttons, or a legacy button."""
    value = str(action.get("value") or "")
    legacy = LEGACY_ACTION.match(str(action.get("action_id") or ""))
    if legacy:
        return legacy.group(1), value[:40]
    vote, _, reply_id = value.partition(":")
    return ("up" if vote == "up" else "down" if vote == "down" else ""), reply_id[:40]


def _language(services: Services, question: str, user: str) -> Language:
    """The language of the reply's question, else the person's."""
    return detect_language(question) if question else services.languages.get(user)


def register(app: App, root: Services) -> None:
    """Listen to the feedback buttons (ack at once; storing and thanking are lazy work)."""

    def record(
        body: dict[str, Any], action: dict[str, Any], respond: Respond, context: BoltContext
    ) -> None:
        services = root.scoped(context)
        value, reply_id = parse_click(action)
        user = context.user_id or ""
        reply = services.store.get_reply(reply_id) if value else None
        if reply is None:  # not a reply of ours (forged or expired value): nothing to store
            log.info("feedback on unknown reply %r ignored", reply_id)
        else:
            services.store.record_feedback(reply_id, user, value)
        language = _language(services, reply.question if reply else "", user)
        if not body.get("response_url"):
            return
        if value == "down" and reply is not None:  # what was missing? (ephemeral, to this person)
            respond(
                text=t("what_was_missing", language),
                blocks=reason_blocks(reply_id, language),
                response_type="ephemeral",
                replace_original=False,
            )
            return
        respond(
            text=t("thanks_feedback", language), response_type="ephemeral", replace_original=False
        )

    def reason(
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        services = root.scoped(context)
        choice, reply_id = parse_reason(str(action.get("value") or ""))
        user = context.user_id or ""
        if not choice:
            return
        reply = services.store.get_reply(reply_id)  # answer in the language the choices were in
        language = _language(services, reply.question if reply else "", user)
        if choice == "other":  # one's own words: a modal (the trigger lasts 3 s)
            try:
                client.views_open(
                    trigger_id=body["trigger_id"], view=comment_view(reply_id, language)
                )
            except SlackApiError as exc:  # e.g. expired_trigger_id: the click can be redone
                log.info("comment modal not opened: %s", exc.response.get("error"))
            return
        if services.store.record_feedback_reason(reply_id, user, choice):
            label = reason_label(choice, language)
            respond(text=t("reason_noted", language, reason=label), replace_original=True)

    app.action(FEEDBACK)(ack=ack_now, lazy=[record])
    app.action(LEGACY_ACTION)(ack=ack_now, lazy=[record])
    app.action(re.compile(rf"^{REASON_ACTION}_"))(ack=ack_now, lazy=[reason])
