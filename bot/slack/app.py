"""build_bot: the Bolt app wired with the advisor, state store, retry handlers and listeners."""

from __future__ import annotations

import logging
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
from bot.slack.redaction import add_secrets, install_log_redaction
from bot.slack.services import AdvisorLike, Services, system_clock
from bot.slack.startup import public_url, slack_error_code
from bot.state import StateStore

log = logging.getLogger(__name__)


@dataclass
class SlackBot:
    """The Bolt app and the services its listeners share (scheduler and web server need both)."""

    app: App
    services: Services


def web_client(settings: Settings, token: str, rate_limit_retries: int = 3) -> WebClient:
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


def build_bot(
    settings: Settings,
    advisor: AdvisorLike | None = None,
    store: StateStore | None = None,
    clock: Callable[[], datetime] | None = None,
    *,
    socket_mode: bool = False,
    workers: int | None = None,
) -> SlackBot:
    """Build the Bolt app; raises ConfigError when the Slack credentials are missing."""
    token = secret_value(settings.slack_bot_token)
    signing_secret = secret_value(settings.slack_signing_secret)
    if not token:
        raise ConfigError("SLACK_BOT_TOKEN is not set (the bot token, xoxb-…).")
    if not signing_secret and not socket_mode:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set (HTTP mode needs it; "
            "or set SLACK_APP_TOKEN for Socket Mode)."
        )
    add_secrets(
        [token, signing_secret]
        + [secret_value(s) for s in (settings.slack_app_token, settings.openai_api_key)]
    )
    install_log_redaction()
    client = web_client(settings, token)
    identity = _auth_test(settings, token, client.base_url)
    bot = BotIdentity(
        user_id=str(identity.get("user_id") or ""), bot_id=str(identity.get("bot_id") or "")
    )
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
    )
    executor, work = acks.listener_executor(workers or settings.slack_workers)
    app = App(
        client=client,
        signing_secret=signing_secret or "",
        request_verification_enabled=bool(signing_secret),
        process_before_response=False,
        listener_executor=executor,
        name="kilovolt",
    )
    acks.install(app, work)  # acks never queue behind answers (see bot/slack/acks.py)
    app.use(count_requests)
    listeners.register(app, services)
    log.info("Slack app ready as %s", bot.user_id)
    return SlackBot(app=app, services=services)
