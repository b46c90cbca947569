"""App Home tab: publish what the bot does, examples and the channel subscriptions."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.services import Services
from bot.slack.views import home_view

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    """Listen to `app_home_opened` (Home tab only)."""

    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        language = services.languages.get(event.get("user"))
        view = home_view(services.settings.slash_command, services.store.subscriptions(), language)
        try:
            client.views_publish(user_id=event["user"], view=view)
        except SlackApiError as exc:
            log.warning("App Home not published: %s", exc.response.get("error"))
