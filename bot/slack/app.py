"""build_bot: the Bolt app wired with the advisor, state store, retry handlers and listeners."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.config import Settings, secret_value
from bot.errors import ConfigError
from bot.slack import acks, listeners
from bot.slack.dedupe import count_requests
from bot.slack.gating import BotIdentity
from bot.slack.languages import UserLanguages
from bot.slack.oauth import AUTHORIZE_ERROR, build_oauth_flow, check_oauth_settings, oauth_secrets
from bot.slack.redaction import add_secrets, install_log_redaction
from bot.slack.services import AdvisorLike, Services, system_clock
from bot.slack.startup import public_url, slack_error_code
from bot.slack.workspaces import TeamClients
from bot.state import StateStore

log = logging.getLogger(__name__)


@dataclass
class SlackBot:
    """The Bolt app and the services its listeners share (scheduler and web server need both)."""

    app: App
    services: Services
    # OAuth mode: each workspace's client from its installation (None in single-workspace mode).
    team_clients: TeamClients | None = None

    @property
    def mode(self) -> str:
        """'oauth' (many workspaces) or 'single' (SLACK_BOT_TOKEN)."""
        return "oauth" if self.team_clients is not None else "single"

    def client_for_team(self, team_id: str) -> WebClient | None:
        """The Web API client of workspace `team_id` (single-workspace mode: the app's client)."""
        if self.team_clients is None:
            return self.app.client
        return self.team_clients.client_for(team_id)


def web_client(settings: Settings, token: str | None, rate_limit_retries: int = 3) -> WebClient:
    """A WebClient on SLACK_API_URL retrying 429s (honouring Retry-After) and connection errors."""
    base_url = (
        settings.slack_api_url
        if settings.slack_api_url.endswith("/")
        else settings.slack_api_url + "/"
    )
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=30,
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
            ConnectionErrorRetryHandler(max_retry_count=2),
        ],
    )


def _auth_test(settings: Settings, token: str, base_url: str) -> Any:
    """auth.test on a quiet client (no retry noise at start-up); failures → one ConfigError line."""
    quiet = logging.getLogger("bot.slack.auth_check")
    quiet.propagate = False
    if not quiet.handlers:  # build_bot may run many times in one process (tests, console)
        quiet.addHandler(logging.NullHandler())
    client = WebClient(
        token=token,
        base_url=base_url,
        timeout=15,
        logger=quiet,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=1)],
    )
    try:
        return client.auth_test()
    except SlackApiError as exc:
        error = slack_error_code(exc, "auth.test failed")
        raise ConfigError(
            f"Slack rejected SLACK_BOT_TOKEN ({error}): "
            "copy the Bot User OAuth Token again and reinstall the app if it was revoked"
        ) from exc
    except (SlackRequestError, OSError) as exc:
        log.debug("auth.test failed", exc_info=True)
        raise ConfigError(
            f"cannot reach the Slack Web API at {public_url(settings.slack_api_url)} "
            f"({type(exc).__name__}): check the network or SLACK_API_URL"
        ) from exc


def _drop_empty_oauth_variables() -> None:
    """Single-workspace mode: Bolt turns its own OAuth on (file stores) as soon as
    SLACK_CLIENT_ID and SLACK_CLIENT_SECRET exist in the environment, even empty; an empty value
    means "not set" for Settings (the console sets them empty to override a `.env`), so it is
    removed before Bolt looks."""
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        if not os.environ.get(name, "x"):
            del os.environ[name]


def build_bot(
    settings: Settings,
    advisor: AdvisorLike | None = None,
    store: StateStore | None = None,
    clock: Callable[[], datetime] | None = None,
    *,
    socket_mode: bool = False,
    workers: int | None = None,
) -> SlackBot:
    """Build the Bolt app; raises ConfigError when the Slack credentials are missing.

    Single-workspace mode (SLACK_BOT_TOKEN) knows its bot from auth.test; OAuth mode
    (SLACK_CLIENT_ID + SLACK_CLIENT_SECRET) learns each workspace's token and bot per request."""
    oauth = settings.slack_oauth
    token = None if oauth else secret_value(settings.slack_bot_token)
    signing_secret = secret_value(settings.slack_signing_secret)
    if oauth:
        check_oauth_settings(settings, socket_mode=socket_mode)
    elif not token:
        raise ConfigError("SLACK_BOT_TOKEN is not set (the bot token, xoxb-…).")
    if not signing_secret and not socket_mode:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set (HTTP mode needs it; "
            "or set SLACK_APP_TOKEN for Socket Mode)."
        )
    add_secrets(
        [token, signing_secret, *oauth_secrets(settings)]
        + [secret_value(s) for s in (settings.slack_app_token, settings.openai_api_key)]
    )
    install_log_redaction()
    client = web_client(settings, token)
    bot = BotIdentity(user_id="", bot_id="")  # OAuth mode: per workspace, from each request
    home_team = ""  # single-workspace mode: the token's workspace (weekly posts' brand profile)
    if token:
        identity = _auth_test(settings, token, client.base_url)
        bot = BotIdentity(
            user_id=str(identity.get("user_id") or ""), bot_id=str(identity.get("bot_id") or "")
        )
        home_team = str(identity.get("team_id") or "")
    if advisor is None:  # the real advisor (retrieval + LLM), imported only when needed
        from bot.advisor import Advisor

        advisor = Advisor(settings)
    store = store or StateStore.from_settings(settings)
    services = Services(
        settings=settings,
        advisor=advisor,
        store=store,
        bot=bot,
        clock=clock or system_clock,
        languages=UserLanguages(store=store),
        multi_team=oauth,
        team_id="" if oauth else home_team,
    )
    executor, work = acks.listener_executor(workers or settings.slack_workers)
    oauth_flow = build_oauth_flow(settings, store.engine, client) if oauth else None
    if not oauth:
        _drop_empty_oauth_variables()
    app = App(
        client=client,
        signing_secret=signing_secret or "",
        request_verification_enabled=bool(signing_secret),
        process_before_response=False,
        listener_executor=executor,
        name="kilovolt",
        oauth_flow=oauth_flow,
        user_facing_authorize_error_message=AUTHORIZE_ERROR if oauth else None,
    )
    acks.install(app, work)  # acks never queue behind answers (see bot/slack/acks.py)
    app.use(count_requests)
    listeners.register(app, services)
    if oauth_flow is None:
        log.info("Slack app ready as %s", bot.user_id)
        return SlackBot(app=app, services=services)
    clients = TeamClients(
        oauth_flow.settings.authorize, store.engine, lambda t: web_client(settings, t)
    )
    log.info("Slack app ready for OAuth installs")
    return SlackBot(app=app, services=services, team_clients=clients)
