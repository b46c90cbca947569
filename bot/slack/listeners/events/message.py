"""Messages: DMs (question or draft) and follow-ups in threads the bot joined; others ignored."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.listeners.events.dispatch import handle_message_event
from bot.slack.services import Services


def register(app: App, root: Services) -> None:
    """Listen to every `message` event (subtypes included, so edits and deletions are acked)."""

    @app.event("message")
    def on_message(
        body: dict[str, Any], event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        services = root.scoped(context)
        handle_message_event(services, client, body, event, "message")
