"""`kilovolt ask/critique/ideas` (JSON contract, errors) with the real Retriever on fixtures."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.config import Settings, get_settings
from tests.conftest import FIXTURE_KNOWLEDGE

runner = CliRunner()


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, fixture_index: Settings) -> Iterator[None]:
    monkeypatch.setenv("KILOVOLT_DATA_DIR", str(fixture_index.data_dir))
    monkeypatch.setenv("KILOVOLT_KNOWLEDGE_DIR", str(FIXTURE_KNOWLEDGE))
    monkeypatch.setenv("KILOVOLT_LLM", "offline")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_ask_json_contract_with_real_retriever(cli_env: None) -> None:
    result = runner.invoke(
        app, ["ask", "Comment éviter d'inonder nos abonnés de promotions?", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"answer", "sources", "mode", "language"} <= set(data)
    assert data["mode"] == "offline" and data["language"] == "fr"
    assert data["sources"]
    assert set(data["sources"][0]) == {"n", "source", "title", "page_kind", "pages"}
    assert any(s["source"].startswith("doctrine/promotion") for s in data["sources"])
    assert "[1]" in data["answer"]


def test_ask_off_topic_says_not_covered(cli_env: None) -> None:
    result = runner.invoke(app, ["ask", "quelle météo demain à Montréal?", "--json"])
    data = json.loads(result.stdout)
    assert data["sources"] == [] and "ne couvre pas" in data["answer"]


def test_critique_json_contract(cli_env: None, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("SOLDES!!! -50% sur TOUT, dernière chance! #promo #rabais #solde", "utf-8")
    result = runner.invoke(app, ["critique", str(draft), "--platform", "instagram", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"summary", "findings", "signals", "rewrite", "mode"} <= set(data)
    assert set(data["findings"][0]) == {"principle", "severity", "message", "source"}
    assert data["findings"][0]["principle"] == "promotion"


def test_critique_plain_output_from_stdin(cli_env: None) -> None:
    result = runner.invoke(app, ["critique", "-"], input="Venez voir nos nouveautés! #promo")
    assert result.exit_code == 0 and "Verdict" in result.stdout


def test_ideas_json_contract(cli_env: None) -> None:
    result = runner.invoke(app, ["ideas", "--week", "2025-W36", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["week"] == "2025-W36" and len(data["ideas"]) == 5
    assert {"title", "format", "platform", "principle", "prompt"} <= set(data["ideas"][0])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "   "], "empty"),
        (["ideas", "--week", "bientôt"], "invalid week"),
        (["critique", "/nonexistent/draft.txt"], "not found"),
        (["critique", "-", "--platform", "myspace"], "unknown platform"),
    ],
)
def test_bad_input_is_one_clear_line(cli_env: None, args: list[str], message: str) -> None:
    result = runner.invoke(app, args, input="Un brouillon correct pour tester.")
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
