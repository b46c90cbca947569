"""Message shortcuts: « Critiquer avec Kilovolt » and « Demander à Kilovolt »."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.shortcuts import ask, critique
from bot.slack.services import Services


def register(app: App, services: Services) -> None:
    """Register the message shortcut listeners."""
    critique.register(app, services)
    ask.register(app, services)
