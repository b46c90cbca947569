"""View submission listeners (modals)."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.views import (
    approval_changes,
    approval_request,
    feedback_comment,
    profile,
    subscribe,
)
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    """Register the modal listeners."""
    subscribe.register(app, services)
    profile.register(app, services)
    feedback_comment.register(app, services)
    approval_request.register(app, services)
    approval_changes.register(app, services)
