"""'Partager dans le canal': post an ephemeral idea set publicly, then remove the ephemeral copy."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.advisor.models import IdeaSet
from bot.slack.blocks import SHARE_IDEAS, context, fallback_text, ideas_blocks
from bot.slack.services import Services
from bot.slack.texts import t

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    """Listen to the share button."""

    @app.action(SHARE_IDEAS)
    def on_share(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        reply = services.store.get_reply(str(action.get("value") or "")[:40])
        if reply is None or reply.kind != "ideas" or not reply.payload:
            respond(text=t("share_gone"), response_type="ephemeral", replace_original=False)
            return
        ideas = IdeaSet.model_validate(reply.payload)
        user = str((body.get("user") or {}).get("id") or "")
        blocks = ideas_blocks(ideas, reply.reply_id, services.settings.knowledge_dir, share=False)
        blocks.insert(1, context(t("shared_by", ideas.language, user=user)))
        respond(
            text=fallback_text(t("ideas_title", ideas.language, week=ideas.week)),
            blocks=blocks,
            response_type="in_channel",
            replace_original=False,
        )
        respond(delete_original=True)
