"""`kilovolt serve` start-up: each failure a user can cause is one line, exit 1, no secret."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.console.process import free_port
from bot.errors import ConfigError
from bot.slack.app import build_bot
from bot.slack.startup import (
    bind_listener,
    check_advisor_ready,
    check_model,
    check_slack_settings,
    mask_url,
    open_state_store,
)
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET, make_settings
from tests.support.openai_server import OpenAIServer
from tests.support.slack_api import SlackApiStandIn

PASSWORD = "s3cret-Pa55word"


@pytest.mark.parametrize(
    ("overrides", "socket_mode", "expected"),
    [
        ({"slash_command": "/bad cmd"}, False, "KILOVOLT_SLASH_COMMAND"),
        ({"slash_command": "/Idées"}, False, "KILOVOLT_SLASH_COMMAND"),
        ({"slack_signing_secret": None}, False, "SLACK_SIGNING_SECRET is not set"),
        ({"slack_signing_secret": "xoxb-oops-a-token"}, False, "not a signing secret"),
        ({"slack_signing_secret": "my secret"}, False, "not a signing secret"),
        ({"slack_bot_token": "xoxp-user-token"}, False, "xoxb-"),
        ({"slack_app_token": None}, True, "SLACK_APP_TOKEN"),
    ],
)
def test_bad_slack_settings_are_one_clear_error(
    tmp_path: Path, overrides: dict, socket_mode: bool, expected: str
) -> None:
    settings = make_settings(tmp_path, "http://127.0.0.1:9/api/", **overrides)
    with pytest.raises(ConfigError) as info:
        check_slack_settings(settings, socket_mode=socket_mode)
    assert expected in info.value.message
    assert SIGNING_SECRET not in info.value.message and BOT_TOKEN not in info.value.message


def test_valid_settings_pass(tmp_path: Path) -> None:
    check_slack_settings(make_settings(tmp_path, "http://x/api/"), socket_mode=False)
    socket_settings = make_settings(tmp_path, "http://x/api/", slack_app_token="xapp-1-A1-123")
    check_slack_settings(socket_settings, socket_mode=True)


def test_mask_url_hides_the_password() -> None:
    masked = mask_url(f"postgresql+psycopg://kv:{PASSWORD}@db.example:5432/kv")
    assert PASSWORD not in masked and "kv:***@db.example:5432/kv" in masked


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [("postgresql+psycopg", "cannot reach the state database"), ("nosuchdb", "not a usable")],
)
def test_unusable_database_is_named_with_password_masked(
    tmp_path: Path, scheme: str, expected: str
) -> None:
    url = f"{scheme}://kv:{PASSWORD}@127.0.0.1:{free_port()}/kv"
    settings = make_settings(tmp_path, "http://x/api/", database_url=url)
    with pytest.raises(ConfigError) as info:
        open_state_store(settings)
    assert expected in info.value.message
    assert PASSWORD not in info.value.message and "***" in info.value.message


def test_port_in_use_is_reported() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(ConfigError, match="already in use"):
            bind_listener("127.0.0.1", port)


def test_unreachable_slack_and_rejected_token(tmp_path: Path, slack_api: SlackApiStandIn) -> None:
    down = make_settings(tmp_path, f"http://127.0.0.1:{free_port()}/api/")
    with pytest.raises(ConfigError, match="cannot reach the Slack Web API"):
        build_bot(down, advisor=object())  # type: ignore[arg-type]
    slack_api.fail("auth.test", error="invalid_auth")
    with pytest.raises(ConfigError, match=r"Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)"):
        build_bot(make_settings(tmp_path, slack_api.base_url), advisor=object())  # type: ignore[arg-type]


def test_unreachable_chroma_or_missing_index_stops_the_start(tmp_path: Path) -> None:
    from bot.advisor import Advisor

    missing = make_settings(tmp_path / "data", "http://x/api/")
    with pytest.raises(ConfigError, match=r"not ready \(index\): .*run `kilovolt index`"):
        check_advisor_ready(Advisor(missing))
    chroma_down = make_settings(
        tmp_path / "data", "http://x/api/", chroma_url=f"http://127.0.0.1:{free_port()}"
    )
    with pytest.raises(
        ConfigError, match=r"cannot reach the Chroma server at http://127\.0\.0\.1:"
    ):
        check_advisor_ready(Advisor(chroma_down))


@pytest.fixture
def serve_env(tmp_path: Path, slack_api: SlackApiStandIn) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KILOVOLT_", "SLACK_"))}
    env.update(
        OMP_WAIT_POLICY="passive",
        KILOVOLT_DATA_DIR=str(tmp_path / "data"),
        KILOVOLT_LLM="offline",
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_api.base_url,
    )
    yield env


def _serve(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "bot.cli", "serve", "--http", "--no-scheduler", *args]
    env = {**env, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("extra_env", "expected"),
    [
        (
            {"KILOVOLT_DATABASE_URL": f"postgresql+psycopg://kv:{PASSWORD}@127.0.0.1:{{port}}/kv"},
            "cannot reach the state database at postgresql+psycopg://kv:***@127.0.0.1",
        ),
        ({"KILOVOLT_SLASH_COMMAND": "idées semaine"}, "is not a valid Slack command name"),
        ({}, "run `kilovolt index`"),  # a fresh data dir has no index
    ],
)
def test_serve_fails_with_one_line_and_no_secret(
    serve_env: dict[str, str], tmp_path: Path, extra_env: dict[str, str], expected: str
) -> None:
    port = free_port()
    env = {**serve_env, **{k: v.replace("{port}", str(port)) for k, v in extra_env.items()}}
    result = _serve(env, tmp_path, "--host", "127.0.0.1", "--port", str(free_port()))
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1 and expected in errors[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for secret in (PASSWORD, BOT_TOKEN, SIGNING_SECRET):
        assert secret not in result.stderr + result.stdout


def test_serve_reports_a_port_in_use(serve_env: dict[str, str], tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = _serve(serve_env, tmp_path, "--host", "127.0.0.1", "--port", str(port))
    assert result.returncode == 1
    assert f"error: port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_health_port_is_refused_in_http_mode(serve_env: dict[str, str], tmp_path: Path) -> None:
    result = _serve(serve_env, tmp_path, "--health-port", str(free_port()))
    assert result.returncode == 1
    assert "error: --health-port is for Socket Mode" in result.stderr
    assert "Traceback" not in result.stderr


def test_socket_mode_refused_by_slack_is_one_clear_error(
    tmp_path: Path, slack_api: SlackApiStandIn
) -> None:
    from bot.slack.http import serve_socket

    bot = build_bot(make_settings(tmp_path, slack_api.base_url), advisor=object(), socket_mode=True)  # type: ignore[arg-type]
    slack_api.fail("apps.connections.open", error="invalid_auth")
    with pytest.raises(ConfigError, match=r"refused the Socket Mode connection \(invalid_auth\)"):
        serve_socket(bot, "xapp-1-A1-123", None)
    bot.services.store.close()


def test_start_up_model_check(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A model the provider rejects stops the start; an unreachable one only warns."""
    key = "sk-start-up-0123456789"
    with OpenAIServer() as server:
        llm = {"openai_base_url": server.base_url, "openai_api_key": key, "llm_provider": "openai"}
        wrong = make_settings(tmp_path, "http://x/api/", llm="openai:gpt-4o-mimi", **llm)
        with pytest.raises(ConfigError) as info:
            check_model(wrong)
        assert "KILOVOLT_LLM names a model" in info.value.message and key not in info.value.message
        check_model(make_settings(tmp_path, "http://x/api/", llm="openai:gpt-5-mini", **llm))
        assert "max_tokens" not in server.requests[-1] and "temperature" not in server.requests[-1]
    down = {**llm, "openai_base_url": f"http://127.0.0.1:{free_port()}/v1"}
    with caplog.at_level("WARNING"):
        check_model(make_settings(tmp_path, "http://x/api/", llm="openai:gpt-4o-mini", **down))
    assert "cannot be reached" in caplog.text
    check_model(make_settings(tmp_path, "http://x/api/", llm="offline"))  # nothing to probe
