"""OAuth-mode harness: the real bot over HTTP, installed through /slack/install in workspaces
of the loopback Slack stand-in, and signed events from each workspace."""

from __future__ import annotations

import itertools
import json
import re
import time
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any

import httpx
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.config import Settings
from bot.slack.app import SlackBot
from tests.slack.conftest import SIGNING_SECRET
from tests.support.slack_api import SlackApiStandIn, wait_for
from tests.support.slack_oauth import redirect_target
from tests.support.slack_signing import signed_headers

CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
STATE_COOKIE = "slack-app-oauth-state"
FLORIST, PLUMBER = "T0FLEUR01", "T0PLOMB02"


def oauth_settings(data_dir: Path, api_url: str, **overrides: Any) -> Settings:
    """OAuth mode: client credentials and signing secret, no bot token."""
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "slack_client_id": CLIENT_ID,
        "slack_client_secret": CLIENT_SECRET,
        "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": api_url,
        "llm": "offline",
        **overrides,
    }
    return Settings(_env_file=None, **values)


def add_two_workspaces(api: SlackApiStandIn) -> None:
    """A florist's and a plumber's workspaces, each with its own bot user."""
    api.auth.add_workspace(FLORIST, "Fleuriste", "UBOTFLEUR", "BBOTFLEUR")
    api.auth.add_workspace(PLUMBER, "Plombier", "UBOTPLOMB", "BBOTPLOMB")


@dataclass
class OAuthHarness:
    """Install the served bot in workspaces, send it their events, inspect the stand-in."""

    api: SlackApiStandIn
    bot: SlackBot
    url: str
    http: httpx.Client
    ids: Any = field(default_factory=lambda: itertools.count(1))

    @property
    def installations(self) -> SQLAlchemyInstallationStore:
        return SQLAlchemyInstallationStore(CLIENT_ID, self.bot.services.store.engine)

    def installation(self, team: str) -> Installation | None:
        return self.installations.find_installation(enterprise_id=None, team_id=team)

    def start_install(self) -> tuple[str, str, httpx.Response]:
        """GET /slack/install: (authorize URL, state cookie value, the page)."""
        page = self.http.get(f"{self.url}/slack/install")
        assert page.status_code == 200, page.text
        cookie = page.headers["set-cookie"]
        match = re.search(rf"{STATE_COOKIE}=([^;]+)", cookie)
        assert match, cookie
        link = re.search(r'href="([^"]+/oauth/v2/authorize[^"]*)"', page.text)
        assert link, page.text
        return unescape(link.group(1)), match.group(1), page

    def approve(self, authorize_url: str, team: str) -> str:
        """The installer approves in Slack (the stand-in's consent page): the redirect URL."""
        consent = self.http.get(f"{authorize_url}&team={team}", follow_redirects=False)
        assert consent.status_code == 302, consent.text
        return consent.headers["location"]

    def finish(self, redirect: str, state_cookie: str) -> httpx.Response:
        """The browser comes back to /slack/oauth_redirect with the state cookie."""
        path, query = redirect_target(redirect)
        assert path == "/slack/oauth_redirect"
        return self.http.get(
            f"{self.url}{path}",
            params=query,
            headers={"Cookie": f"{STATE_COOKIE}={state_cookie}"},
        )

    def install(self, team: str) -> httpx.Response:
        """The whole flow over HTTP for `team`; the result page."""
        authorize_url, cookie, _page = self.start_install()
        return self.finish(self.approve(authorize_url, team), cookie)

    def event(self, team: str, event: dict[str, Any]) -> httpx.Response:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": team,
                "api_app_id": "A0KILOVOLT",
                "type": "event_callback",
                "event_id": f"Ev{next(self.ids):06d}",
                "event_time": int(time.time()),
                "event": event,
            }
        )
        headers = signed_headers(SIGNING_SECRET, body)
        return self.http.post(f"{self.url}/slack/events", content=body.encode(), headers=headers)

    def mention(self, team: str, channel: str, text: str, user: str = "U1") -> dict[str, Any]:
        """A person of `team` mentions that workspace's bot in `channel`."""
        bot_user = self.api.auth.workspaces[team].bot_user_id
        message = self.api.add_user_message(channel, f"<@{bot_user}> {text}", user=user)
        common = {k: v for k, v in message.items() if k != "type"}
        response = self.event(team, {"type": "app_mention", **common})
        assert response.status_code == 200, response.text
        return message

    def final_reply(self, channel: str, thread_ts: str) -> dict[str, Any]:
        def done() -> dict[str, Any] | None:
            replies = [m for m in self.api.bot_messages(channel) if m.get("thread_ts") == thread_ts]
            last = replies[-1] if replies else None
            return last if last and last.get("blocks") and not last.get("streaming") else None

        return wait_for(done, what=f"the reply in {channel}")

    def posting_teams(self, channel: str) -> set[str]:
        """The workspaces whose tokens posted or streamed in `channel`."""
        methods = ("chat.postMessage", "chat.startStream", "chat.appendStream", "chat.stopStream")
        return {
            c.team_id
            for c in self.api.calls_to(*methods)
            if c.params.get("channel") == channel and c.result.get("ok")
        }

    def tokens_in(self, channel: str) -> set[str]:
        methods = ("chat.postMessage", "chat.startStream", "chat.stopStream")
        return {
            str(c.token)
            for c in self.api.calls_to(*methods)
            if c.params.get("channel") == channel and c.result.get("ok")
        }
