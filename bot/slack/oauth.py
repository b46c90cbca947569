"""OAuth mode: Bolt's OAuth flow on slack_sdk's SQLAlchemy stores in the state database.

`GET /slack/install` shows the « Ajouter à Slack » page (and sets the state cookie),
`GET /slack/oauth_redirect` exchanges the code for the workspace's bot token (oauth.v2.access),
stores the installation, and shows the result in French. Requests are then authorised per
workspace by Bolt's InstallationStoreAuthorize, which refreshes rotating tokens before they expire.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.error import BoltError
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from bot.config import Settings, secret_value
from bot.errors import ConfigError
from bot.slack.oauth_pages import failure_page, install_page, success_page
from bot.state.tenants import cancel_departure

log = logging.getLogger(__name__)

BOT_SCOPES: tuple[str, ...] = (
    "app_mentions:read",
    "assistant:write",
    "channels:history",
    "channels:read",
    "groups:history",
    "groups:read",
    "im:history",
    "chat:write",
    "chat:write.public",
    "commands",
    "reactions:write",
    "users:read",
    "files:read",
    "im:write",
)
"""The bot scopes asked at install: exactly deploy/slack-manifest.yaml's (checked by a test)."""
STATE_SECONDS = 600
AUTHORIZE_ERROR = (
    "L'installation de Kilovolt Conseiller dans cet espace de travail est introuvable : "
    "demandez à un administrateur de l'installer de nouveau."
)
"""What Slack users read when their workspace has no installation any more."""


def check_oauth_settings(settings: Settings, *, socket_mode: bool) -> None:
    """Refuse a half-configured OAuth setup, or one combined with single-workspace settings."""
    client_id, client_secret = settings.slack_client_id, secret_value(settings.slack_client_secret)
    if not client_id or not client_secret:
        missing = "SLACK_CLIENT_SECRET" if client_id else "SLACK_CLIENT_ID"
        raise ConfigError(
            f"{missing} is not set: OAuth mode (installing the app in many workspaces) needs both "
            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (Basic Information → App Credentials); "
            "unset both for single-workspace mode with SLACK_BOT_TOKEN"
        )
    if secret_value(settings.slack_bot_token):
        raise ConfigError(
            "SLACK_BOT_TOKEN and SLACK_CLIENT_ID/SLACK_CLIENT_SECRET are both set: unset "
            "SLACK_BOT_TOKEN for OAuth mode (each workspace's token comes from its installation), "
            "or the client credentials for single-workspace mode"
        )
    if socket_mode:
        raise ConfigError(
            "OAuth mode needs HTTP mode (kilovolt serve --http): Slack lets a Socket Mode app be "
            "installed only from its own settings, not distributed through /slack/install; "
            "unset SLACK_APP_TOKEN, or the client credentials for a single workspace"
        )
    if not secret_value(settings.slack_signing_secret):
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set: OAuth mode serves HTTP, which needs it "
            "(Basic Information → Signing Secret)"
        )
    uri = settings.slack_redirect_uri
    if uri and not (uri.startswith("https://") or uri.startswith("http://127.0.0.1")):
        raise ConfigError(
            "SLACK_REDIRECT_URI must be the public https:// URL of /slack/oauth_redirect "
            "(OAuth & Permissions → Redirect URLs)"
        )


class TeamNotAllowed(BoltError):
    """The workspace installing the app is not in KILOVOLT_ALLOWED_TEAMS."""


class KilovoltOAuthFlow(OAuthFlow):
    """Bolt's OAuth flow with the install page in French and KILOVOLT_ALLOWED_TEAMS enforced."""

    allowed_teams: tuple[str, ...] = ()

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        return install_page(url)

    def store_installation(self, request: BoltRequest, installation: Installation) -> None:
        team = installation.team_id or installation.enterprise_id or ""
        if self.allowed_teams and team not in self.allowed_teams:
            self._revoke(installation.bot_token)
            raise TeamNotAllowed("team not in KILOVOLT_ALLOWED_TEAMS")
        super().store_installation(request, installation)

    def _revoke(self, token: str | None) -> None:
        """Give back the token of a refused install (best effort)."""
        if not token:
            return
        try:
            self.client.auth_revoke(token=token)
        except SlackApiError as exc:
            log.warning("refused install: token not revoked (%s)", exc.response.get("error"))


def _html(status: int, html: str) -> BoltResponse:
    return BoltResponse(
        status=status, body=html, headers={"Content-Type": "text/html; charset=utf-8"}
    )


def _callbacks(engine: Engine, install_path: str) -> CallbackOptions:
    """French result pages; a workspace that installs again keeps its data (departure cancelled)."""

    def success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        team = installation.team_id or installation.enterprise_id or ""
        if cancel_departure(engine, team):
            log.info("a workspace installed the app again: its data is kept")
        log.info("installed in a workspace (%d scopes)", len(installation.bot_scopes or []))
        app_url = f"https://slack.com/app_redirect?app={installation.app_id}&team={team}"
        return _html(200, success_page(installation.team_name or "", app_url))

    def failure(args: FailureArgs) -> BoltResponse:
        reason = "team_not_allowed" if isinstance(args.error, TeamNotAllowed) else args.reason
        log.warning("install failed: %s", reason)
        status = 403 if reason == "team_not_allowed" else args.suggested_status_code
        return _html(status, failure_page(reason, install_path))

    return CallbackOptions(success=success, failure=failure)


def build_oauth_flow(settings: Settings, engine: Engine, client: WebClient) -> OAuthFlow:
    """The OAuth flow, its stores on `engine` (tables made by migration 0005), every Web API call
    (code exchange, token refresh, auth.test) through `client`'s base URL."""
    client_id = str(settings.slack_client_id)
    client_secret = str(secret_value(settings.slack_client_secret))
    installations = SQLAlchemyInstallationStore(client_id=client_id, engine=engine)
    oauth_settings = OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=settings.slack_redirect_uri or None,
        authorization_url=settings.slack_authorize_url,
        installation_store=installations,
        token_rotation_expiration_minutes=settings.token_refresh_minutes,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine),
        state_expiration_seconds=STATE_SECONDS,
        callback_options=_callbacks(engine, "/slack/install"),
    )
    # Bolt's default authorize refreshes tokens on a client at slack.com: use SLACK_API_URL's.
    oauth_settings.authorize = InstallationStoreAuthorize(
        client_id=client_id,
        client_secret=client_secret,
        installation_store=installations,
        token_rotation_expiration_minutes=settings.token_refresh_minutes,
        client=client,
        logger=logging.getLogger("slack_bolt.oauth"),
    )
    flow = KilovoltOAuthFlow(client=client, settings=oauth_settings)
    flow.allowed_teams = tuple(settings.allowed_teams)
    return flow


def oauth_secrets(settings: Settings) -> list[Any]:
    """Secrets of OAuth mode, for the log redaction."""
    return [secret_value(settings.slack_client_secret)]
