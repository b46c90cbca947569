"""OAuth mode settings: half-configured setups are one clear error; `kilovolt serve` names its
mode at start-up; the scopes asked at install are the manifest's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.config import PROJECT_ROOT, Settings
from bot.console.process import free_port
from bot.errors import ConfigError
from bot.slack.app import build_bot
from bot.slack.oauth import BOT_SCOPES
from bot.slack.startup import check_slack_settings
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.slack.oauth_harness import CLIENT_ID, CLIENT_SECRET, oauth_settings

MANIFEST = yaml.safe_load((PROJECT_ROOT / "deploy" / "slack-manifest.yaml").read_text("utf-8"))


@pytest.mark.parametrize(
    ("overrides", "socket_mode", "expected"),
    [
        ({"slack_client_secret": None}, False, "SLACK_CLIENT_SECRET is not set"),
        ({"slack_client_id": None}, False, "SLACK_CLIENT_ID is not set"),
        ({"slack_bot_token": BOT_TOKEN}, False, "are both set"),
        ({"slack_app_token": "xapp-1-A1-123"}, True, "OAuth mode needs HTTP mode"),
        ({"slack_signing_secret": None}, False, "SLACK_SIGNING_SECRET is not set"),
        ({"slack_redirect_uri": "http://bot.example.com/cb"}, False, "https://"),
    ],
)
def test_half_configured_oauth_is_one_clear_error(
    tmp_path: Path, overrides: dict, socket_mode: bool, expected: str
) -> None:
    settings = oauth_settings(tmp_path, "http://127.0.0.1:9/api/", **overrides)
    for check in (
        lambda: check_slack_settings(settings, socket_mode=socket_mode),
        lambda: build_bot(settings, advisor=object(), socket_mode=socket_mode),  # type: ignore[arg-type]
    ):
        with pytest.raises(ConfigError) as info:
            check()
        assert expected in info.value.message
        for secret in (CLIENT_SECRET, SIGNING_SECRET, BOT_TOKEN):
            assert secret not in info.value.message


def test_oauth_mode_is_on_only_with_client_credentials(tmp_path: Path) -> None:
    assert oauth_settings(tmp_path, "http://x/api/").slack_oauth
    plain = Settings(_env_file=None, slack_bot_token=BOT_TOKEN)
    assert not plain.slack_oauth
    assert plain.slack_authorize_url == "https://slack.com/oauth/v2/authorize"
    gov = Settings(_env_file=None, slack_api_url="https://slack-gov.com/api/")
    assert gov.slack_authorize_url == "https://slack-gov.com/oauth/v2/authorize"


def test_install_scopes_are_the_manifests() -> None:
    assert set(BOT_SCOPES) == set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert MANIFEST["oauth_config"]["redirect_urls"] == [
        "https://bot.example.com/slack/oauth_redirect"
    ]
    events = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_uninstalled", "tokens_revoked"} <= events


def _serve(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KILOVOLT_", "OPENAI_"))
    }
    full = {
        **base,
        "PYTHONPATH": str(PROJECT_ROOT),
        "OMP_WAIT_POLICY": "passive",
        "KILOVOLT_DATA_DIR": str(tmp_path / "data"),
        "KILOVOLT_LLM": "offline",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": "http://127.0.0.1:9/api/",
        **env,
    }
    command = [sys.executable, "-m", "bot.cli", "serve", "--no-scheduler"]
    command += ["--host", "127.0.0.1", "--port", str(free_port())]
    return subprocess.run(
        command, env=full, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )


def test_serve_names_oauth_mode_at_start_up(tmp_path: Path) -> None:
    result = _serve(tmp_path, SLACK_CLIENT_ID=CLIENT_ID, SLACK_CLIENT_SECRET=CLIENT_SECRET)
    assert result.stderr.count("Slack mode: OAuth") == 1, result.stderr
    assert "run `kilovolt index`" in result.stderr  # then stops: a fresh data dir has no index
    assert CLIENT_SECRET not in result.stderr + result.stdout


def test_serve_with_oauth_and_socket_mode_is_refused(tmp_path: Path) -> None:
    result = _serve(
        tmp_path,
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET=CLIENT_SECRET,
        SLACK_APP_TOKEN="xapp-1-A1-123",
    )
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert result.returncode == 1 and len(errors) == 1, result.stderr
    assert "OAuth mode needs HTTP mode" in errors[0] and "Traceback" not in result.stderr


def test_oauth_secrets_and_rotating_tokens_are_redacted(tmp_path: Path) -> None:
    from bot.slack.redaction import redact

    build_bot(oauth_settings(tmp_path, "http://127.0.0.1:9/api/"), advisor=object())  # type: ignore[arg-type]
    line = redact(
        f"secret {CLIENT_SECRET} token xoxe.xoxb-1-MTIzNDU2Nzg5 refresh xoxe-1-My0xMjM0NTY3"
    )
    assert CLIENT_SECRET not in line and "xoxb-1-MTI" not in line and "xoxe-1-My0" not in line
    assert "xoxe." not in line
