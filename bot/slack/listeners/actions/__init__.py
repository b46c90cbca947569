"""Block action listeners: feedback buttons, sharing ideas, and settling a DM's route."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.actions import feedback, routing, share
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    """Register the button listeners."""
    feedback.register(app, services)
    share.register(app, services)
    routing.register(app, services)
