"""Slack test harness: the real Bolt app on uvicorn (loopback), signed requests, Slack stand-in."""

from __future__ import annotations

import itertools
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import httpx
import pytest
import uvicorn

from bot.config import Settings
from bot.slack.app import SlackBot, build_bot
from bot.slack.http import create_web_app
from tests.slack.doubles import FakeAdvisor
from tests.support.slack_api import SlackApiStandIn, wait_for
from tests.support.slack_signing import signed_headers

BOT_TOKEN = "xoxb-1111-2222-testtokenvalue"
SIGNING_SECRET = "8f2b6c1d9e0a4b7c8d9e0f1a2b3c4d5e"
SECRETS = (BOT_TOKEN, SIGNING_SECRET)


def make_settings(data_dir: Path, api_url: str, **overrides: Any) -> Settings:
    """Explicit settings for a test (no .env, no repo data dir)."""
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": api_url,
        "llm": "offline",
        **overrides,
    }
    return Settings(_env_file=None, **values)


class ServerThread:
    """uvicorn serving an ASGI app on a free loopback port, in a thread."""

    def __init__(self, app: Any) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> ServerThread:
        self.thread.start()
        wait_for(lambda: self.server.started, timeout=10)
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@dataclass
class Harness:
    """Send Slack-shaped, signed requests to the served bot and inspect the stand-in."""

    api: SlackApiStandIn
    bot: SlackBot
    advisor: Any
    url: str
    http: httpx.Client
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def post(self, body: str, content_type: str, **sign: Any) -> httpx.Response:
        secret = sign.pop("secret", SIGNING_SECRET)
        headers = signed_headers(secret, body, content_type=content_type, **sign)
        return self.http.post(f"{self.url}/slack/events", content=body.encode(), headers=headers)

    def event(
        self, event: dict[str, Any], event_id: str | None = None, **sign: Any
    ) -> httpx.Response:
        body = {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self.ids):06d}",
            "event_time": int(time.time()),
            "event": event,
        }
        return self.post(json.dumps(body), "application/json", **sign)

    def mention(
        self, text: str, channel: str = "C1", user: str = "U1", thread_ts: str | None = None
    ) -> dict:
        """A human message mentioning the bot: Slack sends both app_mention and message events."""
        message = self.api.add_user_message(
            channel, f"<@UBOT> {text}", user=user, thread_ts=thread_ts
        )
        common = {k: v for k, v in message.items() if k != "type"}
        self.event({"type": "app_mention", **common})
        self.event({"type": "message", "channel_type": "channel", **common})
        return message

    def message(
        self,
        text: str,
        channel: str = "C1",
        user: str = "U1",
        thread_ts: str | None = None,
        **extra: Any,
    ) -> dict:
        message = self.api.add_user_message(channel, text, user=user, thread_ts=thread_ts)
        channel_type = "im" if channel.startswith("D") else "channel"
        self.event({"channel_type": channel_type, **message, **extra})
        return message

    def command(
        self, text: str, channel: str = "C1", user: str = "U1", name: str = "/idees"
    ) -> httpx.Response:
        form = {
            "token": "legacy",
            "team_id": "T1",
            "channel_id": channel,
            "user_id": user,
            "command": name,
            "text": text,
            "response_url": self.api.response_url(f"cmd{next(self.ids)}"),
            "trigger_id": "1.2.3",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def click(
        self, action_id: str, value: str, user: str = "U1", channel: str = "C1"
    ) -> httpx.Response:
        button = {"type": "button", "action_id": action_id, "block_id": f"feedback:{value}"}
        return self.message_action({**button, "value": value}, user, channel)

    def message_action(
        self, action: dict[str, Any], user: str = "U1", channel: str = "C1"
    ) -> httpx.Response:
        """A block_actions payload for one action on a message in `channel` (with its
        response_url), as Slack posts it."""
        payload = {
            "type": "block_actions",
            "team": {"id": "T1"},
            "user": {"id": user},
            "api_app_id": "A1",
            "channel": {"id": channel},
            "container": {"type": "message", "channel_id": channel},
            "response_url": self.api.response_url(f"act{next(self.ids)}"),
            "trigger_id": "1.2.3",
            "actions": [action],
        }
        return self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )

    def interactive(self, payload: dict[str, Any]) -> httpx.Response:
        """POST an interactivity payload (block_actions, view_submission) as Slack does."""
        base = {"team": {"id": "T1"}, "api_app_id": "A1", "user": {"id": "U1"}, "token": "legacy"}
        body = urlencode({"payload": json.dumps({**base, **payload})})
        return self.post(body, "application/x-www-form-urlencoded")

    def action(
        self, action: dict[str, Any], user: str = "U1", container: dict | None = None
    ) -> httpx.Response:
        """A block_actions payload for one action (a Home click unless `container` says else)."""
        return self.interactive(
            {
                "type": "block_actions",
                "user": {"id": user},
                "container": container or {"type": "view", "view_id": "V1"},
                "trigger_id": f"{next(self.ids)}.2.3",
                "actions": [action],
            }
        )

    def replies_in(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        return [m for m in self.api.bot_messages(channel) if m.get("thread_ts") == thread_ts]

    def final_reply(self, channel: str, thread_ts: str) -> dict[str, Any]:
        """Wait for the bot's reply in a thread to be complete (stream stopped or blocks posted)."""

        def done() -> dict[str, Any] | None:
            replies = self.replies_in(channel, thread_ts)
            return (
                replies[-1]
                if replies and replies[-1].get("blocks") and not replies[-1].get("streaming")
                else None
            )

        return wait_for(done)


@pytest.fixture
def slack_api() -> Iterator[SlackApiStandIn]:
    api = SlackApiStandIn().start()
    yield api
    api.stop()


@pytest.fixture
def advisor() -> FakeAdvisor:
    return FakeAdvisor()


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {}


@pytest.fixture
def harness(
    tmp_path: Path, slack_api: SlackApiStandIn, advisor: Any, settings_overrides: dict[str, Any]
) -> Iterator[Harness]:
    settings = make_settings(tmp_path / "data", slack_api.base_url, **settings_overrides)
    bot = build_bot(settings, advisor=advisor)
    bot.services.stream_flush_seconds = 0.0  # flush every delta: deterministic call counts in tests
    with ServerThread(create_web_app(bot)) as server, httpx.Client(timeout=10) as http:
        yield Harness(slack_api, bot, advisor, f"http://127.0.0.1:{server.port}", http)
    assert_slack_limits(slack_api)
    assert_no_secrets(slack_api)
    bot.services.store.close()


def assert_slack_limits(api: SlackApiStandIn) -> None:
    """Every message the bot sent respects Slack's limits."""
    for call in api.calls:
        params = call.params
        blocks = params.get("blocks") or []
        if isinstance(params.get("view"), dict):
            blocks = params["view"].get("blocks") or []
        assert len(blocks) <= 50, call.method
        assert len(str(params.get("text") or "")) <= 40_000, call.method
        for block in blocks:
            if block.get("type") == "section":
                assert len(block["text"]["text"]) <= 3000, call.method
        streamed = "".join(str(c.get("text") or "") for c in params.get("chunks") or [])
        assert len(streamed + str(params.get("markdown_text") or "")) <= 12_000, call.method
        for text in _button_texts(blocks):
            assert len(text) <= 75


def _button_texts(blocks: list[dict[str, Any]]) -> list[str]:
    texts = [e["text"]["text"] for b in blocks if b.get("type") == "actions" for e in b["elements"]]
    for block in blocks:
        for element in (
            block.get("elements") or [] if block.get("type") == "context_actions" else []
        ):
            texts += [element[k]["text"]["text"] for k in ("positive_button", "negative_button")]
    return texts


def assert_no_secrets(api: SlackApiStandIn) -> None:
    """No token or signing secret in any recorded call (params, headers, raw body)."""
    for call in api.calls:
        blob = json.dumps([call.params, call.headers, call.raw])
        for secret in SECRETS:
            assert secret not in blob, call.method
    assert all(h == f"Bearer {BOT_TOKEN}" for h in api.auth_headers)
