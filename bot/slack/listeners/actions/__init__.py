"""Block action listeners: feedback buttons and sharing ideas in the channel."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.actions import feedback, share
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    """Register the button listeners."""
    feedback.register(app, services)
    share.register(app, services)
