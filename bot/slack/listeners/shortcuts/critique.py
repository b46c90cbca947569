"""« Critiquer avec Kilovolt »: the critique of a message, privately to whoever picked it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import metrics
from bot.slack.acks import ack_now
from bot.slack.conversation import user_error_text
from bot.slack.critiques import critique_reply
from bot.slack.listeners.shortcuts.target import accepted_target, tell_privately
from bot.slack.services import Services

log = logging.getLogger(__name__)
CRITIQUE_SHORTCUT = "kilovolt_critique"


def register(app: App, root: Services) -> None:
    """Listen to the shortcut (ack at once; the critique is lazy work)."""

    def critique(
        body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        accepted = accepted_target(body, root, context, client, respond)
        if accepted is None:
            return
        services, target = accepted
        try:
            reply = critique_reply(services, target.text, target.language, target.channel)
        except Exception as exc:  # one clear private line; details stay in the logs
            metrics.REPLY_ERRORS.inc()
            log.warning("shortcut critique failed (%s)", type(exc).__name__, exc_info=True)
            tell_privately(client, target, user_error_text(exc, target.language), respond=respond)
            return
        tell_privately(client, target, reply.text, reply.blocks, respond)

    app.message_shortcut(CRITIQUE_SHORTCUT)(ack=ack_now, lazy=[critique])
