"""The console's /ui/* endpoints refuse other sites: Origin and Host checked, JSON only; the bot
child listens on loopback only."""

from __future__ import annotations

import json
from typing import Any

import httpx

from bot.console.process import serve_command
from bot.console.server import STATIC_DIR
from bot.console.workspace import DM_ID

SEND = {"channel": DM_ID, "text": "bonjour"}


def _texts(running: Any) -> list[str]:
    return [m.text for m in running.messages(DM_ID)]


def test_cross_site_post_is_refused(console_factory: Any) -> None:
    running = console_factory()
    evil = {"Origin": "http://evil.example"}
    reply = httpx.post(f"{running.url}/ui/send", json=SEND, headers=evil)
    assert reply.status_code == 403
    reply = httpx.post(f"{running.url}/ui/restart", json={}, headers={"Origin": "null"})
    assert reply.status_code == 403
    assert "bonjour" not in _texts(running)


def test_simple_cross_site_requests_are_refused(console_factory: Any) -> None:
    """Form and text/plain posts need no CORS preflight, so only JSON is accepted."""
    running = console_factory()
    body = json.dumps(SEND)
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {"Content-Type": content_type} if content_type else {}
        reply = httpx.post(f"{running.url}/ui/send", content=body, headers=headers)
        assert reply.status_code == 415, content_type
    assert "bonjour" not in _texts(running)


def test_dns_rebinding_host_is_refused(console_factory: Any) -> None:
    running = console_factory()
    rebound = {"Host": f"evil.example:{running.port}"}
    assert httpx.post(f"{running.url}/ui/send", json=SEND, headers=rebound).status_code == 403
    assert httpx.get(f"{running.url}/ui/calls", headers=rebound).status_code == 403


def test_the_page_own_requests_are_accepted(console_factory: Any) -> None:
    running = console_factory()
    for origin in (running.url, f"http://localhost:{running.port}"):
        host = origin.removeprefix("http://")
        headers = {"Origin": origin, "Host": host, "Content-Type": "application/json"}
        reply = httpx.post(f"{running.url}/ui/send", json=SEND, headers=headers)
        assert reply.status_code == 200 and reply.json()["ok"] is True
    assert httpx.get(f"{running.url}/ui/calls").status_code == 200  # no Origin: same machine tool
    script = (STATIC_DIR / "app.js").read_text()
    assert '"Content-Type": "application/json"' in script  # the page posts JSON


def test_bot_child_listens_on_loopback_only() -> None:
    args = serve_command(4567)
    assert args[args.index("--host") + 1] == "127.0.0.1"
