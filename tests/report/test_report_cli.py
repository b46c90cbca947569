"""`kilovolt report`: the HTML file and the JSON figures from the command line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.config import get_settings
from bot.state import StateStore
from tests.conftest import FIXTURE_KNOWLEDGE
from tests.report.seed import TEAM, seed


@pytest.fixture
def seeded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    monkeypatch.setenv("KILOVOLT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KILOVOLT_KNOWLEDGE_DIR", str(FIXTURE_KNOWLEDGE))
    monkeypatch.setenv("KILOVOLT_LLM", "offline")
    get_settings.cache_clear()
    seed(StateStore.from_settings(get_settings()).for_team(TEAM))
    yield tmp_path
    get_settings.cache_clear()


def test_report_writes_the_page_and_prints_json(seeded: Path) -> None:
    out = seeded / "rapport.html"
    command = ["report", "--team", TEAM, "--days", "3650"]
    result = CliRunner().invoke(app, [*command, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Report written to" in result.output and out.read_text("utf-8").count("<svg") == 2
    result = CliRunner().invoke(app, [*command, "--json"])
    data = json.loads(result.output)
    assert data["totals"]["not_covered"] == 3 and data["team_id"] == TEAM
    # documents never cited come from the knowledge dir when nothing is indexed yet
    assert data["never_cited"] and all(d["count"] == 0 for d in data["never_cited"])
    empty = CliRunner().invoke(app, ["report", "--team", "T0NOBODY01", "--json"])
    assert json.loads(empty.output)["totals"]["questions"] == 0
