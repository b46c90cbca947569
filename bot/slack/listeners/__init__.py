"""Bolt listeners, one package per Slack surface; `register(app, services)` wires them all."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners import actions, commands, events, shortcuts, views
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    """Register every surface's listeners on `app`."""
    for package in (events, commands, actions, shortcuts, views):
        package.register(app, services)
