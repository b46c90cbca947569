"""`kilovolt profile show|set|clear`: readable output, JSON, and bad input → one line, exit 2."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.config import get_settings
from bot.profiles import ProfileRepository
from bot.state import StateStore

TEAM = "T0ACME001"


@pytest.fixture
def url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    database = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    monkeypatch.setenv("KILOVOLT_DATABASE_URL", database)
    get_settings.cache_clear()
    yield database
    get_settings.cache_clear()


def _run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["profile", *args], input=stdin)


def _stored(url: str, channel: str = ""):  # type: ignore[no-untyped-def]
    store = StateStore(url)
    try:
        return ProfileRepository(store.engine).get(TEAM, channel)
    finally:
        store.close()


def test_set_then_show_the_workspace_and_a_channel(url: str) -> None:
    result = _run(
        "set", "--team", TEAM, "--business", "clinique dentaire", "--offerings",
        "nettoyage, blanchiment", "--platforms", "instagram,facebook", "--tone", "sérieux",
        "--languages", "fr", "--region", "Gatineau", "--avoid", "gratuit",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "clinique dentaire" in result.stdout and "1 (serious)" in result.stdout
    stored = _stored(url)
    assert stored is not None and stored.updated_by == "cli"
    assert stored.profile.platforms == ("instagram", "facebook")
    result = _run("set", "--team", TEAM, "--channel", "C0SALES01", "--platforms", "linkedin")
    assert result.exit_code == 0, result.output
    shown = _run("show", "--team", TEAM)
    assert shown.exit_code == 0
    assert "workspace default" in shown.stdout and "channel C0SALES01" in shown.stdout
    payload = json.loads(_run("show", "--team", TEAM, "--channel", "C0SALES01", "--json").stdout)
    assert payload["effective"]["platforms"] == ["linkedin"]
    assert payload["effective"]["business_type"] == "clinique dentaire"
    assert [p["channel"] for p in payload["profiles"]] == ["C0SALES01"]


def test_set_keeps_the_other_fields_and_an_empty_value_clears_one(url: str) -> None:
    _run("set", "--team", TEAM, "--business", "plombier", "--region", "Laval")
    result = _run("set", "--team", TEAM, "--region", "", "--tone", "4", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["profile"] == {"business_type": "plombier", "tone": 4}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--business", "notaire", "--platforms", "myspace"], "unknown platform myspace"),
        (["--business", "notaire", "--tone", "7"], "tone must be 1"),
        (["--business", "   "], "business type cannot be empty"),
        (["--business", "x" * 90], "too long"),
        (["--languages", "de", "--business", "notaire"], "fr, en or both"),
        (["--region", "Laval"], "needs a business type"),
        ([], "nothing to set"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(url: str, args: list[str], message: str) -> None:
    result = _run("set", "--team", TEAM, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert _stored(url) is None


@pytest.mark.parametrize(
    "args", [["--team", "acme"], ["--team", TEAM, "--channel", "#général"], ["--team", ""]]
)
def test_bad_ids_exit_2(url: str, args: list[str]) -> None:
    result = _run("show", *args)
    assert result.exit_code == 2 and "not a Slack" in result.output
    assert "Traceback" not in result.output


def test_clear_asks_first_and_says_when_there_is_nothing(url: str) -> None:
    _run("set", "--team", TEAM, "--business", "pizzeria")
    refused = _run("clear", "--team", TEAM, stdin="n\n")
    assert refused.exit_code == 1 and _stored(url) is not None
    cleared = _run("clear", "--team", TEAM, "--yes")
    assert cleared.exit_code == 0 and "cleared the profile of" in cleared.stdout
    assert _stored(url) is None
    again = _run("clear", "--team", TEAM, "--yes")
    assert again.exit_code == 0 and "nothing to clear" in again.stdout


def test_show_without_profiles(url: str) -> None:
    result = _run("show", "--team", TEAM)
    assert result.exit_code == 0 and f"no brand profile for {TEAM}" in result.stdout
