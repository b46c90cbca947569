"""`kilovolt privacy export|forget|purge`: JSON, confirmation, safe logs, one-line errors."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.config import get_settings
from bot.state import StateStore
from bot.state.privacy import user_hash

ALICE, BOB = "U0ALICE01", "U0BOB0002"


@pytest.fixture
def url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    database = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    monkeypatch.setenv("KILOVOLT_DATABASE_URL", database)
    monkeypatch.delenv("KILOVOLT_RETENTION_DAYS", raising=False)
    get_settings.cache_clear()
    store = StateStore(database)
    for user in (ALICE, BOB):
        store.save_reply(f"r-{user}", "answer", question=f"secret of {user}", user_id=user)
        store.record_feedback(f"r-{user}", user, "up")
    store.close()
    yield database
    get_settings.cache_clear()


def _run(*args: str, stdin: str | None = None) -> object:
    return CliRunner().invoke(app, ["privacy", *args], input=stdin)


def test_export_prints_the_persons_data_as_json(url: str) -> None:
    result = _run("export", "--user", ALICE.lower())
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["user"] == ALICE and payload["retention_days"] == 180
    assert payload["counts"] == {
        "replies": 1,
        "feedback": 1,
        "joined_threads": 0,
        "subscriptions": 0,
        "user_languages": 0,
        "brand_profiles": 0,
        "approval_requests": 0,
        "approval_versions": 0,
        "approval_decisions": 0,
    }
    assert payload["data"]["replies"][0]["question"] == f"secret of {ALICE}"
    assert BOB not in result.stdout


def test_export_of_an_unknown_user_is_empty(url: str) -> None:
    result = _run("export", "--user", "U0NOBODY9")
    assert result.exit_code == 0, result.output
    assert not any(json.loads(result.stdout)["data"].values())


def test_forget_asks_first_then_deletes_and_logs_without_the_id(
    url: str, caplog: pytest.LogCaptureFixture
) -> None:
    refused = _run("forget", "--user", ALICE, stdin="n\n")
    assert refused.exit_code == 1
    assert json.loads(_run("export", "-u", ALICE).stdout)["counts"]["replies"] == 1
    with caplog.at_level(logging.INFO, logger="kilovolt.privacy"):
        done = _run("forget", "--user", ALICE, stdin="y\n")
    assert done.exit_code == 0, done.output
    assert "replies: 1" in done.stdout and "feedback: 1" in done.stdout
    logged = " ".join(r.getMessage() for r in caplog.records if r.name == "kilovolt.privacy")
    assert user_hash(ALICE) in logged and ALICE not in logged and "secret" not in logged
    again = _run("forget", "--user", ALICE, "--yes")
    assert again.exit_code == 0 and "nothing to delete" in again.stdout
    assert json.loads(_run("export", "-u", BOB).stdout)["counts"]["replies"] == 1


def test_forget_json_with_yes(url: str) -> None:
    result = _run("forget", "--user", ALICE, "--yes", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["forgotten"]["replies"] == 1


def test_purge_dry_run_reports_counts(url: str) -> None:
    result = _run("purge", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["dry_run"] is True and payload["would_delete"]["replies"] == 0
    assert "deleted" in _run("purge").stdout


@pytest.mark.parametrize("bad", ["alice", "C0123ABCD", "U1", ""])
def test_malformed_user_id_is_one_line(url: str, bad: str) -> None:
    for args in (("export",), ("forget", "--yes")):
        result = _run(*args, "--user", bad)
        assert result.exit_code == 1
        assert "not a Slack user id" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_unreachable_database_is_one_line_without_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KILOVOLT_DATABASE_URL", "postgresql+psycopg://kv:hunter2pw@127.0.0.1:9/kv")
    get_settings.cache_clear()
    try:
        for args in (("export", "-u", ALICE), ("forget", "-u", ALICE, "-y"), ("purge",)):
            result = _run(*args)
            assert result.exit_code == 1
            assert "cannot reach the state database" in result.stderr
            assert "hunter2pw" not in result.output and "Traceback" not in result.output
    finally:
        get_settings.cache_clear()
