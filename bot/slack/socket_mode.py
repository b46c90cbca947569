"""The Socket Mode handler: slack_sdk's built-in client on the Bolt app's Web API client."""

from __future__ import annotations

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.config import secret_value
from bot.slack.app import SlackBot

PING_INTERVAL_S = 10.0
"""How often the client pings Slack; a dead connection is noticed and replaced within ~2 pings."""


def socket_handler(
    bot: SlackBot, app_token: str, *, ping_interval: float = PING_INTERVAL_S
) -> SocketModeHandler:
    """The handler `serve_socket` runs. It asks for its WebSocket URL (apps.connections.open) at
    the app's Web API base URL (SLACK_API_URL), and reconnects by itself on `disconnect` and on a
    lost connection."""
    return SocketModeHandler(bot.app, secret_value(app_token) or "", ping_interval=ping_interval)
