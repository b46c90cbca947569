"""`app_home_opened`: the Home tab gets its view; the Messages tab (a DM opened) gets prompts."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.home import publish_home
from bot.slack.listeners.events.assistant_thread import offer_prompts
from bot.slack.services import Services


def register(app: App, root: Services) -> None:
    """Listen to `app_home_opened` (Home tab, and the Messages tab of the agent experience)."""

    @app.event("app_home_opened")
    def on_home_opened(
        body: dict[str, Any], event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        services = root.scoped(context)
        user = str(event.get("user") or "")
        tab = event.get("tab", "home")
        if tab == "messages" and event.get("channel"):
            offer_prompts(client, str(event["channel"]), services.languages.get(user))
        elif tab == "home" and user:
            publish_home(services, client, user, body)
