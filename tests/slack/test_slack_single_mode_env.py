"""Single-workspace mode with SLACK_CLIENT_ID/SECRET set but empty (the console sets them so to
override a `.env`): Bolt must not turn its own OAuth on, and mentions are answered."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.slack.conftest import Harness


@pytest.fixture
def empty_oauth_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SLACK_CLIENT_ID", "")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "")
    yield


def test_empty_client_credentials_leave_single_workspace_mode_working(
    empty_oauth_env: None, harness: Harness
) -> None:
    assert harness.bot.app.installation_store is None  # no file-based OAuth store from Bolt
    assert "SLACK_CLIENT_ID" not in os.environ and "SLACK_CLIENT_SECRET" not in os.environ
    mention = harness.mention("combien de mots-clics sur Instagram?")
    reply = harness.final_reply("C1", mention["ts"])
    assert reply["user"] == "UBOT" or reply.get("bot_id")
