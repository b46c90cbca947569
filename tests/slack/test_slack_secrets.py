"""Secrets from files (Kubernetes Secrets) end with a newline: they are used trimmed everywhere."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import SecretStr

from bot.config import Settings, secret_value
from bot.slack.startup import check_slack_settings
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET, Harness


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"slack_bot_token": f"{BOT_TOKEN}\n", "slack_signing_secret": f" {SIGNING_SECRET}\r\n"}


def test_bot_with_newline_secrets_verifies_and_authenticates(harness: Harness) -> None:
    body = json.dumps({"token": "legacy", "challenge": "c1", "type": "url_verification"})
    assert harness.post(body, "application/json").status_code == 200  # signed with the bare secret
    message = harness.mention("Comment parler de nos promotions?")
    harness.final_reply("C1", message["ts"])
    # the harness checks every Authorization header was exactly "Bearer <token>"


def test_secret_value_trims_and_treats_blank_as_unset() -> None:
    assert secret_value(SecretStr("xapp-1-abc\n")) == "xapp-1-abc"
    assert secret_value(" xoxb-1 ") == "xoxb-1"
    assert secret_value(SecretStr(" \n")) is None
    assert secret_value(None) is None


def test_start_up_checks_accept_trimmed_secrets(tmp_path) -> None:
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path,
        slack_bot_token=f"{BOT_TOKEN}\n",
        slack_signing_secret=f"{SIGNING_SECRET}\n",
        slack_app_token="xapp-1-A1-123-abc\n",
    )
    check_slack_settings(settings, socket_mode=False)
    check_slack_settings(settings, socket_mode=True)


def test_settings_trim_every_secret(monkeypatch) -> None:
    from bot.config import Settings

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-key\n")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1-abc \n")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "   \n")
    settings = Settings(_env_file=None)
    assert settings.openai_api_key is not None
    assert settings.openai_api_key.get_secret_value() == "sk-test-key"
    assert settings.slack_app_token is not None
    assert settings.slack_app_token.get_secret_value() == "xapp-1-abc"
    assert settings.slack_signing_secret is None
