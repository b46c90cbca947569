"""Start-up checks of `kilovolt serve`: each failure a user can cause becomes one clear line."""

from __future__ import annotations

import errno
import logging
import re
import socket
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from slack_sdk.errors import SlackApiError

from bot.config import Settings, secret_value
from bot.errors import ConfigError, KilovoltError
from bot.state import StateStore

if TYPE_CHECKING:
    from bot.slack.services import AdvisorLike

SLASH_COMMAND = re.compile(r"^/[a-z0-9][a-z0-9_-]{0,31}$")
"""Slack command names: lowercase letters, digits, '-' and '_', 32 characters at most."""


def public_url(url: str) -> str:
    """An HTTP URL without credentials or query string, safe to print."""
    parts = urlsplit(url)
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme or 'http'}://{parts.hostname or '?'}{port}{parts.path}"


def mask_url(url: str) -> str:
    """A database URL safe to print: the password is replaced by ***."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(unparseable URL)"


def slack_error_code(exc: SlackApiError, default: str) -> str:
    """Slack's error code from a refused Web API call (`default` when the response has none)."""
    error = exc.response.get("error") if exc.response is not None else None
    return str(error or default)


def _secret(value: Any) -> str:
    return secret_value(value) or ""


def check_slack_settings(settings: Settings, *, socket_mode: bool) -> None:
    """Reject a missing or malformed token, signing secret or slash command name, or a
    half-configured OAuth mode."""
    command = settings.slash_command
    if not SLASH_COMMAND.match(command):
        raise ConfigError(
            f"KILOVOLT_SLASH_COMMAND {command[:40]!r} is not a valid Slack command name: use a "
            "slash then lowercase letters, digits, '-' or '_' (32 at most), e.g. /idees"
        )
    if settings.slack_oauth:
        from bot.slack.oauth import check_oauth_settings

        check_oauth_settings(settings, socket_mode=socket_mode)
        return
    token = _secret(settings.slack_bot_token)
    if not token:
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set: give the bot token (xoxb-…), or SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET to install the app in many workspaces (OAuth)"
        )
    if not token.startswith("xoxb-"):
        raise ConfigError(
            "SLACK_BOT_TOKEN does not look like a bot token: it must start with xoxb- "
            "(OAuth & Permissions → Bot User OAuth Token)"
        )
    if socket_mode:
        app_token = _secret(settings.slack_app_token)
        if not app_token.startswith("xapp-"):
            raise ConfigError(
                "SLACK_APP_TOKEN does not look like an app-level token: it must start with xapp- "
                "(Basic Information → App-Level Tokens, scope connections:write)"
            )
        return
    secret = _secret(settings.slack_signing_secret)
    if not secret:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set: HTTP mode needs it (Basic Information → Signing "
            "Secret), or set SLACK_APP_TOKEN to use Socket Mode"
        )
    if secret.startswith(("xox", "xapp-")) or not re.fullmatch(r"[0-9a-fA-F]{16,128}", secret):
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not a signing secret (expected the hexadecimal value from "
            "Basic Information → Signing Secret, not a token)"
        )


def open_state_store(settings: Settings) -> StateStore:
    """The state store, or a ConfigError naming the database (password masked) and the fix."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    url = settings.resolved_database_url
    shown = mask_url(url)
    try:
        return StateStore(url)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise ConfigError(
            f"KILOVOLT_DATABASE_URL {shown} is not a usable SQLAlchemy URL "
            f"({type(exc).__name__}): use e.g. postgresql+psycopg://user:pass@host:5432/db"
        ) from exc
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"no database driver for {shown} ({exc.name} is not installed): "
            "for PostgreSQL use the postgresql+psycopg:// scheme"
        ) from exc
    except (SQLAlchemyError, OSError) as exc:
        raise ConfigError(
            f"cannot reach the state database at {shown} ({type(exc).__name__}): check that it "
            "is running and that KILOVOLT_DATABASE_URL is right"
        ) from exc


def check_advisor_ready(advisor: AdvisorLike) -> None:
    """Fail when the advisor reports a part not ready (index missing, Chroma unreachable, ...)."""
    try:
        checks = advisor.readiness(max_age_s=0.0)
    except KilovoltError as exc:
        raise ConfigError(exc.message) from exc
    failing = {part: why for part, why in checks.items() if why != "ok"}
    if failing:
        part, why = next(iter(failing.items()))
        raise ConfigError(f"the advisor is not ready ({part}): {why}")


def check_model(settings: Settings) -> None:
    """Probe the configured chat model once: a rejected parameter, key or model name stops the
    start with one line naming the setting; an unreachable endpoint only warns (replies fall back
    to offline answers until it is back)."""
    if settings.llm == "offline":
        return
    from bot.llm import ChatLLM
    from bot.llm.probe import probe_model

    log = logging.getLogger(__name__)
    llm = ChatLLM(settings)
    log.info("chat model: %s", llm.rules.describe())
    if not settings.llm_probe:
        return
    warning = probe_model(llm)
    if warning:
        log.warning("start-up model check: %s; replies use the offline mode meanwhile", warning)


def bind_listener(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port, or a ConfigError saying why it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            why = "is already in use: stop the other process or choose another --port"
        elif exc.errno == errno.EACCES:
            why = "needs privileges: choose a port above 1023"
        else:
            why = f"cannot be opened ({exc.strerror or type(exc).__name__}): check --host"
        raise ConfigError(f"port {port} on {host} {why}") from exc
    except OverflowError as exc:
        sock.close()
        raise ConfigError(f"port {port} is out of range: use 1–65535") from exc
    sock.set_inheritable(True)
    return sock
