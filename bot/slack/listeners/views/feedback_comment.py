"""The « Ce qui manquait » modal submitted: the comment stored with the person's 👎."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.slack.acks import ack_now
from bot.slack.feedback_reasons import COMMENT_VIEW, submitted_comment
from bot.slack.services import Services


def register(app: App, root: Services) -> None:
    """Close the modal at once; store the comment lazily (reason « other »)."""

    def save(view: dict[str, Any], context: BoltContext) -> None:
        services = root.scoped(context)
        user = context.user_id or ""
        reply_id = str(view.get("private_metadata") or "")[:40]
        comment = submitted_comment(view)
        if user and reply_id:
            services.store.record_feedback_reason(reply_id, user, "other", comment)

    app.view(COMMENT_VIEW)(ack=ack_now, lazy=[save])
