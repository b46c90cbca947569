"""Slash command listeners."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.commands import slash
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    """Register the slash command (`KILOVOLT_SLASH_COMMAND`, default /idees)."""
    slash.register(app, services)
