"""Block action listeners: feedback, sharing ideas, a DM's route, a critique's platform, Home,
the brand profile."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.actions import (
    approval_decide,
    approval_start,
    feedback,
    home,
    home_subscriptions,
    platform,
    profile,
    routing,
    share,
)
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    """Register the button and select listeners."""
    feedback.register(app, services)
    share.register(app, services)
    routing.register(app, services)
    platform.register(app, services)
    home.register(app, services)
    home_subscriptions.register(app, services)
    profile.register(app, services)
    approval_start.register(app, services)
    approval_decide.register(app, services)
