"""« Demander à Kilovolt »: answer a message as a question, in that message's thread."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.acks import ack_now
from bot.slack.conversation import Conversation
from bot.slack.listeners.shortcuts.target import accepted_target, tell_privately
from bot.slack.services import Services
from bot.slack.startup import slack_error_code
from bot.slack.texts import t

log = logging.getLogger(__name__)
ASK_SHORTCUT = "kilovolt_ask"


def register(app: App, root: Services) -> None:
    """Listen to the shortcut (ack at once; the answer is lazy work)."""

    def ask(
        body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        accepted = accepted_target(body, root, context, client, respond)
        if accepted is None:
            return
        services, target = accepted
        event = {
            "channel": target.channel,
            "channel_type": "im" if target.is_dm else "channel",
            "ts": target.ts,
            "thread_ts": target.thread_ts or target.ts,
            "user": target.user,
            "text": target.text,
        }
        try:
            Conversation(services, client, event, target.team).run(route="answer")
        except SlackApiError as exc:  # the bot cannot post there: say so to the asker only
            log.info("cannot answer in %s (%s)", target.channel, slack_error_code(exc, "?"))
            text = t("shortcut_cannot_post", target.language, channel=target.channel)
            tell_privately(client, target, text, respond=respond, note=False)

    app.message_shortcut(ASK_SHORTCUT)(ack=ack_now, lazy=[ask])
