"""Event listeners: mentions, messages (DMs, thread follow-ups), App Home, agent threads,
uninstalls (OAuth mode)."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.events import (
    app_home_opened,
    app_mention,
    assistant_thread,
    message,
    uninstall,
)
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    """Register the event listeners (the assistant middleware first: it sees agent threads)."""
    for module in (assistant_thread, app_mention, message, app_home_opened, uninstall):
        module.register(app, services)
