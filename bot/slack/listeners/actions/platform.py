"""The platform select of a critique: re-run it for the chosen platform, in place of the old one."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext, Respond

from bot.french import detect_language
from bot.slack import metrics
from bot.slack.acks import ack_now
from bot.slack.blocks import PLATFORM_SELECT
from bot.slack.conversation import user_error_text
from bot.slack.critiques import critique_reply
from bot.slack.services import Services
from bot.slack.texts import t

log = logging.getLogger(__name__)


def register(app: App, root: Services) -> None:
    """Listen to the select (ack at once; the new critique is lazy work)."""

    def rerun(action: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        services = root.scoped(context)
        value = str((action.get("selected_option") or {}).get("value") or "")
        reply_id, _, platform = value[:80].partition(":")
        reply = services.store.get_reply(reply_id)
        user = context.user_id or ""
        if reply is None or reply.kind != "critique" or not reply.question:
            respond(
                text=t("platform_gone", services.languages.get(user)),
                response_type="ephemeral",
                replace_original=False,
            )
            return
        language = detect_language(reply.question)
        try:
            new = critique_reply(services, reply.question, language, reply.channel, platform)
        except Exception as exc:  # unknown platform (forged value), advisor down: one clear line
            metrics.REPLY_ERRORS.inc()
            log.warning("platform re-run failed (%s)", type(exc).__name__, exc_info=True)
            respond(
                text=user_error_text(exc, language),
                response_type="ephemeral",
                replace_original=False,
            )
            return
        respond(text=new.text, blocks=new.blocks, replace_original=True)

    app.action(PLATFORM_SELECT)(ack=ack_now, lazy=[rerun])
