"""« Envoyer pour approbation » under a DM critique: open the reviewer modal (after the ack)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.french import detect_language
from bot.slack.acks import ack_now
from bot.slack.approval_blocks import request_modal
from bot.slack.approval_button import APPROVAL_START
from bot.slack.approval_texts import at
from bot.slack.services import Services

log = logging.getLogger(__name__)


def register(app: App, root: Services) -> None:
    """Listen to the button (ack at once; the modal opens in the lazy listener)."""

    def open_modal(
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        services = root.scoped(context)
        user = context.user_id or ""  # Bolt reads it from the payload
        reply = services.store.get_reply(str(action.get("value") or "")[:40])
        if reply is None or reply.kind != "critique" or reply.user_id not in ("", user):
            language = services.languages.get(user)
            respond(text=at("draft_gone", language), response_type="ephemeral",
                    replace_original=False)  # fmt: skip
            return
        message = body.get("message") or {}
        container = body.get("container") or {}
        channel = str((body.get("channel") or {}).get("id") or container.get("channel_id") or "")
        thread = message.get("thread_ts") or container.get("thread_ts") or message.get("ts")
        language = detect_language(reply.question)
        meta = {
            "reply": reply.reply_id,
            "channel": channel,
            "thread": str(thread or ""),
            "lang": language,
            "summary": str(message.get("text") or ""),
        }
        try:
            client.views_open(trigger_id=body["trigger_id"], view=request_modal(meta, language))
        except SlackApiError as exc:  # e.g. expired_trigger_id: the click can be redone
            log.info("approval modal not opened: %s", exc.response.get("error"))

    app.action(APPROVAL_START)(ack=ack_now, lazy=[open_modal])
