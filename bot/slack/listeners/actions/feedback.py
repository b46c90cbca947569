"""👍/👎 (Slack's feedback buttons): store the click with the reply's question, mode and sources."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App, BoltContext, Respond

from bot.french import detect_language
from bot.slack.acks import ack_now
from bot.slack.blocks import FEEDBACK
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


def register(app: App, root: Services) -> None:
    """Listen to the feedback buttons (ack at once; storing and thanking are lazy work)."""

    def record(
        body: dict[str, Any], action: dict[str, Any], respond: Respond, context: BoltContext
    ) -> None:
        services = root.scoped(context)
        value, reply_id = parse_click(action)
        user = str((body.get("user") or {}).get("id") or "")
        reply = services.store.get_reply(reply_id) if value else None
        if reply is None:  # not a reply of ours (forged or expired value): nothing to store
            log.info("feedback on unknown reply %r ignored", reply_id)
        else:
            services.store.record_feedback(reply_id, user, value)
        question = reply.question if reply else ""
        language = detect_language(question) if question else services.languages.get(user)
        if body.get("response_url"):
            respond(
                text=t("thanks_feedback", language),
                response_type="ephemeral",
                replace_original=False,
            )

    app.action(FEEDBACK)(ack=ack_now, lazy=[record])
    app.action(LEGACY_ACTION)(ack=ack_now, lazy=[record])
