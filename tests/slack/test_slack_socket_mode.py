"""Socket Mode end to end: slack_sdk's client (as `serve_socket` runs it) on a loopback endpoint."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.slack.app import SlackBot, build_bot
from bot.slack.socket_mode import socket_handler
from tests.slack.conftest import make_settings
from tests.slack.doubles import FakeAdvisor
from tests.support.slack_api import wait_for
from tests.support.socket_mode import SocketModeServer, SocketModeSlackApi

APP_TOKEN = "xapp-1-A1-1111-socketmodetesttoken"
DRAFT = "BROUILLON 🔥 SOLDES MONSTRES! -50 % sur tout! Achetez maintenant!!!"


class Socket:
    """The served bot, the loopback endpoint and the Web API stand-in, with Slack-shaped sends."""

    def __init__(self, server: SocketModeServer, api: SocketModeSlackApi, bot: SlackBot) -> None:
        self.server, self.api, self.bot = server, api, bot
        self.handler: SocketModeHandler | None = None

    def event(self, event: dict[str, Any]) -> str:
        payload = {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": f"Ev{time.monotonic_ns()}",
            "event_time": int(time.time()),
            "event": event,
        }
        return self.server.send("events_api", payload)

    def mention(self, text: str, channel: str = "C1") -> tuple[dict[str, Any], str]:
        message = self.api.add_user_message(channel, f"<@UBOT> {text}", user="U1")
        common = {k: v for k, v in message.items() if k != "type"}
        return message, self.event({"type": "app_mention", **common})

    def reply_done(self, channel: str, thread_ts: str) -> dict[str, Any]:
        def done() -> dict[str, Any] | None:
            replies = [m for m in self.api.bot_messages(channel) if m.get("thread_ts") == thread_ts]
            last = replies[-1] if replies else None
            return last if last and last.get("blocks") and not last.get("streaming") else None

        return wait_for(done, what=f"the reply in {channel}")


@pytest.fixture
def socket(tmp_path: Path) -> Iterator[Socket]:
    server = SocketModeServer().start()
    api = SocketModeSlackApi(server).start()
    settings = make_settings(
        tmp_path / "data", api.base_url, slack_signing_secret="", slack_app_token=APP_TOKEN
    )
    bot = build_bot(settings, advisor=FakeAdvisor(), socket_mode=True)
    bot.services.stream_flush_seconds = 0.0
    harness = Socket(server, api, bot)
    harness.handler = socket_handler(bot, APP_TOKEN, ping_interval=0.5)
    harness.handler.connect()
    wait_for(lambda: server.open_connections() == 1, what="the first connection")
    yield harness
    harness.handler.close()
    server.stop()
    api.stop()
    bot.services.store.close()
    # Every apps.connections.open went out with the app-level token, never the bot token.
    opened = len(api.calls_to("apps.connections.open"))
    assert sum(h == f"Bearer {APP_TOKEN}" for h in api.auth_headers) == opened


def test_a_mention_a_dm_the_command_and_a_button_work_over_socket_mode(socket: Socket) -> None:
    message, envelope = socket.mention("Quel ton adopter sur LinkedIn?")
    assert socket.server.acked(envelope) == {"envelope_id": envelope}
    answer = socket.reply_done("C1", message["ts"])
    assert "la valeur" in answer["text"]

    dm = socket.api.add_user_message("D1", DRAFT, user="U1")
    envelope = socket.event({"channel_type": "im", **dm})
    socket.server.acked(envelope)
    critique = socket.reply_done("D1", dm["ts"])
    assert critique["blocks"][0]["type"] == "header"

    command = {
        "token": "legacy",
        "team_id": "T1",
        "channel_id": "C1",
        "user_id": "U1",
        "command": "/idees",
        "text": "",
        "response_url": socket.api.response_url("cmd1"),
        "trigger_id": "1.2.3",
    }
    socket.server.acked(socket.server.send("slash_commands", command))
    ideas = wait_for(lambda: socket.api.calls_to("response_url"), what="the ideas")[0]
    assert "Idée 1" in str(ideas.params["blocks"])
    helped = socket.server.acked(socket.server.send("slash_commands", {**command, "text": "aide"}))
    assert "abonner" in str(helped["payload"])  # the help is the ack's own payload

    vote = answer["blocks"][-1]["elements"][0]["positive_button"]["value"]
    click = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "api_app_id": "A1",
        "channel": {"id": "C1"},
        "container": {"type": "message", "channel_id": "C1"},
        "response_url": socket.api.response_url("act1"),
        "trigger_id": "1.2.3",
        "actions": [{"type": "feedback_buttons", "action_id": "feedback", "value": vote}],
    }
    socket.server.acked(socket.server.send("interactive", click))
    thanks = wait_for(lambda: socket.api.calls_to("response_url")[1:], what="the thanks")[0]
    assert "Merci" in thanks.params["text"]


def test_socket_mode_reconnects_on_refresh_and_after_a_dropped_connection(
    socket: Socket,
) -> None:
    socket.server.request_refresh()
    wait_for(lambda: len(socket.server.connections) == 2, what="the refreshed connection")
    wait_for(lambda: socket.server.open_connections() == 1, what="the old connection closed")
    message, envelope = socket.mention("Après le rafraîchissement?")
    socket.server.acked(envelope)
    socket.reply_done("C1", message["ts"])

    # The network drops, and Slack's first apps.connections.open after it fails: the client
    # keeps trying (every ping interval) until it is connected again.
    socket.api.fail("apps.connections.open", error="internal_error")
    socket.server.drop()
    wait_for(lambda: len(socket.server.connections) == 3, 30, "a new connection after the drop")
    message, envelope = socket.mention("Après la coupure?")
    socket.server.acked(envelope)
    socket.reply_done("C1", message["ts"])
    opened = socket.api.calls_to("apps.connections.open")
    assert [c.result["ok"] for c in opened] == [True, True, False, True]  # a new URL each time
    assert socket.server.rejected == 0


def test_health_routes_beside_socket_mode(socket: Socket) -> None:
    import httpx

    from bot.slack.http import start_health_server
    from bot.slack.startup import bind_listener

    listener = bind_listener("127.0.0.1", 0)
    port = listener.getsockname()[1]
    server = start_health_server(socket.bot, listener)
    try:
        url = f"http://127.0.0.1:{port}"
        ready = wait_for(
            lambda: _get(httpx, f"{url}/healthz"), what="the health server", timeout=20
        )
        assert ready.status_code == 200 and ready.json()["slack"] == "ok"
        assert httpx.get(f"{url}/healthz/deps").json()["database"] == "ok"
        assert httpx.get(f"{url}/livez").status_code == 200
        assert "kilovolt_dependency_up" in httpx.get(f"{url}/metrics").text
        assert httpx.post(f"{url}/slack/events", content=b"{}").status_code == 404  # not here
    finally:
        server.should_exit = True


def _get(httpx: Any, url: str) -> Any:
    try:
        return httpx.get(url)
    except httpx.TransportError:
        return None
