"""The Slack stand-in's workspaces, tokens and OAuth v2 (authorize page, oauth.v2.access), as strict
as Slack: a wrong client secret is `invalid_client`, a reused or unknown code `invalid_code`, a
redirect URI other than the one authorised `bad_redirect_uri`, a refreshed (rotated) token
`token_expired`, an unknown token `invalid_auth`.
"""

from __future__ import annotations

import base64
import itertools
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

ROTATED_EXPIRES_IN = 43_200  # Slack's rotating bot tokens live 12 hours


@dataclass(frozen=True)
class Workspace:
    """A Slack workspace the app can be installed in, and its bot user there."""

    team_id: str
    name: str
    bot_user_id: str
    bot_id: str


@dataclass
class Token:
    """An access token Slack issued: its workspace, and whether it still works."""

    team_id: str
    expires_at: float | None = None
    dead: str = ""  # "token_expired" (rotated away) | "token_revoked" | ""


@dataclass
class OAuthApp:
    """The app's credentials and settings as registered at Slack."""

    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]
    rotation: bool = False
    app_id: str = "A0KILOVOLT"


@dataclass
class Grant:
    """An authorization code: which workspace approved, for which redirect URI."""

    team_id: str
    redirect_uri: str | None
    scope: str
    used: bool = False


@dataclass
class SlackAuth:
    """Workspaces, tokens and the OAuth app of the stand-in."""

    default: Workspace
    strict: bool = False  # unknown bearer tokens: invalid_auth (True) or the default workspace
    workspaces: dict[str, Workspace] = field(default_factory=dict)
    tokens: dict[str, Token] = field(default_factory=dict)
    refresh_tokens: dict[str, str] = field(default_factory=dict)  # refresh token → team id
    grants: dict[str, Grant] = field(default_factory=dict)
    scopes: dict[str, str] = field(default_factory=dict)  # team id → scopes granted
    app: OAuthApp | None = None
    _n: Any = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.workspaces.setdefault(self.default.team_id, self.default)

    # --- set-up by tests ------------------------------------------------------------------------
    def add_workspace(self, team_id: str, name: str, bot_user_id: str, bot_id: str) -> Workspace:
        workspace = Workspace(team_id, name, bot_user_id, bot_id)
        self.workspaces[team_id] = workspace
        return workspace

    def register_app(
        self, client_id: str, client_secret: str, redirect_uri: str, rotation: bool = False
    ) -> OAuthApp:
        """Register the OAuth app; from then on only tokens Slack issued are accepted."""
        self.app = OAuthApp(client_id, client_secret, (redirect_uri,), rotation)
        self.strict = True
        return self.app

    # --- tokens ---------------------------------------------------------------------------------
    def token_error(self, token: str | None) -> str | None:
        """Why Slack refuses `token` (None when it works)."""
        known = self.tokens.get(token or "")
        if known is None and not self.strict:
            return None  # single-workspace tests: any token is the default workspace's
        if not token:
            return "not_authed"
        if known is None:
            return "invalid_auth"
        if known.dead:
            return known.dead
        if known.expires_at is not None and known.expires_at < time.time():
            return "token_expired"
        return None

    def workspace_of(self, token: str | None) -> Workspace:
        known = self.tokens.get(token or "")
        return self.workspaces[known.team_id] if known else self.default

    def revoke(self, token: str) -> dict[str, Any]:
        if token in self.tokens:
            self.tokens[token].dead = "token_revoked"
        return {"ok": True, "revoked": True}

    def _issue(self, team_id: str) -> dict[str, Any]:
        """A new bot token for `team_id` (with a refresh token when rotation is on)."""
        n = next(self._n)
        rotation = self.app is not None and self.app.rotation
        prefix = "xoxe.xoxb-1-" if rotation else "xoxb-"
        token = f"{prefix}{team_id}-{n}-{secrets.token_hex(8)}"
        self.tokens[token] = Token(team_id, time.time() + ROTATED_EXPIRES_IN if rotation else None)
        extra: dict[str, Any] = {}
        if rotation:
            refresh = f"xoxe-1-{team_id}-{n}-{secrets.token_hex(8)}"
            self.refresh_tokens[refresh] = team_id
            extra = {"refresh_token": refresh, "expires_in": ROTATED_EXPIRES_IN}
        return {"access_token": token, **extra}

    # --- OAuth v2 -------------------------------------------------------------------------------
    def authorize(self, query: str) -> tuple[int, str]:
        """GET /oauth/v2/authorize: the installer approves in workspace `team` (default: the
        default one); (302, redirect with code and state), or (400, why)."""
        q = {k: v[0] for k, v in parse_qs(query).items()}
        app = self.app
        if app is None or q.get("client_id") != app.client_id:
            return 400, "invalid_client_id"
        if not q.get("scope"):
            return 400, "invalid_scope"
        redirect = q.get("redirect_uri")
        if redirect is not None and redirect not in app.redirect_uris:
            return 400, "bad_redirect_uri"
        team = q.get("team") or self.default.team_id
        if team not in self.workspaces:
            return 400, "invalid_team"
        code = f"{team}.{next(self._n)}.{secrets.token_hex(6)}"
        self.grants[code] = Grant(team, redirect, q["scope"])
        target = redirect or app.redirect_uris[0]
        return 302, f"{target}?{urlencode({'code': code, 'state': q.get('state', '')})}"

    def oauth_access(self, params: dict[str, Any], authorization: str | None) -> dict[str, Any]:
        """oauth.v2.access: the code grant, or grant_type=refresh_token."""
        client_id, client_secret = _client_credentials(params, authorization)
        app = self.app
        if app is None or client_id != app.client_id:
            return {"ok": False, "error": "invalid_client_id"}
        if client_secret != app.client_secret:
            return {"ok": False, "error": "invalid_client"}
        if params.get("grant_type") == "refresh_token":
            return self._refresh(str(params.get("refresh_token") or ""))
        grant = self.grants.get(str(params.get("code") or ""))
        if grant is None or grant.used:
            return {"ok": False, "error": "invalid_code"}
        grant.used = True  # single use, even when the exchange fails below
        if (params.get("redirect_uri") or None) != grant.redirect_uri:
            return {"ok": False, "error": "bad_redirect_uri"}
        self.scopes[grant.team_id] = grant.scope
        return self._access(grant.team_id, self._issue(grant.team_id))

    def _refresh(self, refresh_token: str) -> dict[str, Any]:
        team = self.refresh_tokens.pop(refresh_token, None)
        if team is None:
            return {"ok": False, "error": "invalid_refresh_token"}
        for token in self.tokens.values():  # the previous access token stops working
            if token.team_id == team and not token.dead:
                token.dead = "token_expired"
        return self._access(team, self._issue(team))

    def _access(self, team_id: str, issued: dict[str, Any]) -> dict[str, Any]:
        assert self.app is not None
        workspace = self.workspaces[team_id]
        return {
            "ok": True,
            "app_id": self.app.app_id,
            "token_type": "bot",
            "scope": self.scopes.get(team_id, ""),
            "bot_user_id": workspace.bot_user_id,
            "team": {"id": workspace.team_id, "name": workspace.name},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": "U0INSTALL1"},
            **issued,
        }

    def auth_test(self, token: str | None) -> dict[str, Any]:
        workspace = self.workspace_of(token)
        return {
            "ok": True,
            "url": f"https://{workspace.name.lower()}.slack.com/",
            "team": workspace.name,
            "user": "kilovolt",
            "team_id": workspace.team_id,
            "user_id": workspace.bot_user_id,
            "bot_id": workspace.bot_id,
            "is_enterprise_install": False,
        }


def _client_credentials(params: dict[str, Any], authorization: str | None) -> tuple[str, str]:
    """client_id and client_secret from HTTP Basic auth (slack_sdk) or the form (both allowed)."""
    if authorization and authorization.startswith("Basic "):
        decoded = base64.b64decode(authorization[6:]).decode()
        client_id, _, client_secret = decoded.partition(":")
        return client_id, client_secret
    return str(params.get("client_id") or ""), str(params.get("client_secret") or "")


def redirect_target(location: str) -> tuple[str, dict[str, str]]:
    """A redirect Location split into its path and query values."""
    parts = urlsplit(location)
    return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}
