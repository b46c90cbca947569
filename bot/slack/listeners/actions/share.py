"""'Partager dans le canal': post an ephemeral idea set publicly once, then remove the copy."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from slack_bolt import App, BoltContext, Respond

from bot.advisor.models import IdeaSet
from bot.slack.acks import ack_now
from bot.slack.blocks import SHARE_IDEAS, fallback_text, fit, ideas_blocks
from bot.slack.blocks import context as context_block
from bot.slack.services import Services
from bot.slack.texts import t

log = logging.getLogger(__name__)
SHARE_CLAIM_TTL = timedelta(days=30)  # longer than any ephemeral message stays clickable


def register(app: App, root: Services) -> None:
    """Listen to the share button (ack at once; the post is lazy work)."""

    def share(action: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        services = root.scoped(context)
        reply_id = str(action.get("value") or "")[:40]
        reply = services.store.get_reply(reply_id)
        if reply is None or reply.kind != "ideas" or not reply.payload:
            respond(text=t("share_gone"), response_type="ephemeral", replace_original=False)
            return
        # One public post per reply: a double click (or a click on a stale copy) finds it claimed.
        if not services.store.claim(f"share:{reply.reply_id}", SHARE_CLAIM_TTL):
            log.info("ideas %s already shared; click ignored", reply.reply_id)
            return
        ideas = IdeaSet.model_validate(reply.payload)
        user = context.user_id or ""
        blocks = ideas_blocks(ideas, reply.reply_id, services.settings.knowledge_dir, share=False)
        blocks.insert(1, context_block(t("shared_by", ideas.language, user=user)))
        posted = respond(
            text=fallback_text(t("ideas_title", ideas.language, week=ideas.week)),
            blocks=fit(blocks),
            response_type="in_channel",
            replace_original=False,
        )
        if posted.status_code != 200:  # keep the private copy: the ideas are not lost
            log.warning("ideas %s not shared: response_url %s", reply.reply_id, posted.status_code)
            return
        respond(delete_original=True)

    app.action(SHARE_IDEAS)(ack=ack_now, lazy=[share])
