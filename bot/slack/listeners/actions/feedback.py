"""👍/👎 buttons: store the click with the reply's question, mode and sources; thank the user."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App, Respond

from bot.slack.acks import ack_now
from bot.slack.services import Services
from bot.slack.texts import detect_language, t

log = logging.getLogger(__name__)
FEEDBACK_ACTION = re.compile(r"^feedback_(up|down)$")


def register(app: App, services: Services) -> None:
    """Listen to the feedback buttons (ack at once; storing and thanking are lazy work)."""

    def record(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        value = "up" if action["action_id"].endswith("up") else "down"
        reply_id = str(action.get("value") or "")[:40]
        user = str((body.get("user") or {}).get("id") or "")
        reply = services.store.get_reply(reply_id)
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

    app.action(FEEDBACK_ACTION)(ack=ack_now, lazy=[record])
