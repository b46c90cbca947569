"""@-mentions in channels: answer in the mention's thread."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.listeners.events.dispatch import handle_message_event
from bot.slack.services import Services


def register(app: App, root: Services) -> None:
    """Listen to `app_mention`."""

    @app.event("app_mention")
    def on_mention(
        body: dict[str, Any], event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        services = root.scoped(context)
        handle_message_event(services, client, body, event, "app_mention")
