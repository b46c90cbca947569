"""`kilovolt search --batch` and `ask --batch`: JSON lines in and out, bad lines, exit code."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.config import Settings, get_settings
from tests.conftest import FIXTURE_KNOWLEDGE

pytestmark = pytest.mark.integration
runner = CliRunner()


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, fixture_index: Settings) -> Iterator[None]:
    monkeypatch.setenv("KILOVOLT_DATA_DIR", str(fixture_index.data_dir))
    monkeypatch.setenv("KILOVOLT_KNOWLEDGE_DIR", str(FIXTURE_KNOWLEDGE))
    monkeypatch.setenv("KILOVOLT_LLM", "offline")
    monkeypatch.delenv("KILOVOLT_CHROMA_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def _jsonl(*items: object) -> str:
    return "".join(
        (i if isinstance(i, str) else json.dumps(i, ensure_ascii=False)) + "\n" for i in items
    )


def test_search_batch_matches_single_searches(cli_env: None, tmp_path: Path) -> None:
    batch = tmp_path / "questions.jsonl"
    batch.write_text(
        _jsonl(
            {"id": "q1", "question": "règlement de concours", "k": 2},
            "",
            {"id": 7, "question": "Comment éviter d'inonder nos abonnés de promotions?"},
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["search", "--batch", str(batch), "-k", "3"])
    assert result.exit_code == 0, result.output
    first, second = _records(result.stdout)  # the blank line is skipped, not answered
    assert first["id"] == "q1" and len(first["results"]) == 2
    assert second["id"] == 7 and len(second["results"]) == 3  # -k is the default for lines
    single = runner.invoke(app, ["search", "règlement de concours", "-k", "2", "--json"])
    assert {k: v for k, v in first.items() if k != "id"} == json.loads(single.stdout)


def test_search_batch_reports_bad_lines_and_goes_on(cli_env: None, tmp_path: Path) -> None:
    batch = tmp_path / "mixed.jsonl"
    batch.write_text(
        _jsonl(
            {"id": "a", "question": "règlement de concours", "k": 1},
            '{"id": "b", "question": ',
            {"id": "c"},
            {"id": "d", "question": "concours", "k": 0},
            {"id": "e", "question": "concours", "top": 3},
            {"id": "f", "question": "   "},
            ["not", "an", "object"],
            {"id": "g", "question": "concours", "k": 1},
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["search", "--batch", str(batch)])
    assert result.exit_code == 1  # some lines failed
    records = _records(result.stdout)
    assert [r["id"] for r in records] == ["a", None, "c", "d", "e", "f", None, "g"]
    errors = {r["line"]: r["error"] for r in records if "error" in r}
    assert errors[2].startswith("not a JSON object")
    assert errors[3] == "missing field 'question'"
    assert errors[4].startswith("invalid field 'k'")
    assert errors[5] == "unknown field 'top'"
    assert errors[6].startswith("the search query is empty")
    assert errors[7].startswith("not a JSON object")
    assert len(records[0]["results"]) == 1 and len(records[-1]["results"]) == 1
    assert "Traceback" not in result.output


def test_ask_batch_from_stdin(cli_env: None) -> None:
    lines = _jsonl(
        {"id": 1, "question": "Comment éviter d'inonder nos abonnés de promotions?"},
        {"id": 2, "question": "quelle météo demain à Montréal?"},
    )
    result = runner.invoke(app, ["ask", "--batch", "-"], input=lines)
    assert result.exit_code == 0, result.output
    first, second = _records(result.stdout)
    single = runner.invoke(
        app, ["ask", "Comment éviter d'inonder nos abonnés de promotions?", "--json"]
    )
    assert {k: v for k, v in first.items() if k != "id"} == json.loads(single.stdout)
    assert first["id"] == 1 and first["mode"] == "offline" and first["sources"]
    assert second["id"] == 2 and second["sources"] == [] and second["covered"] is False


def test_ask_batch_missing_field_fails_the_exit_code(cli_env: None) -> None:
    lines = _jsonl({"id": "x", "text": "Comment éviter d'inonder nos abonnés de promotions?"})
    result = runner.invoke(app, ["ask", "--batch", "-"], input=lines)
    assert result.exit_code == 1
    assert _records(result.stdout) == [{"id": "x", "line": 1, "error": "missing field 'question'"}]


def test_batch_usage_errors_are_one_line(cli_env: None, tmp_path: Path) -> None:
    cases = {
        ("search",): "error: give a search query, or --batch FILE",
        ("search", "concours", "--batch", "-"): "error: give either a search query or --batch",
        ("ask",): "error: give a question, or --batch FILE",
        ("search", "--batch", str(tmp_path / "absent.jsonl")): "error: batch file not found",
    }
    for args, start in cases.items():
        result = runner.invoke(app, list(args))
        assert result.exit_code == 1, args
        assert " ".join(result.stderr.split()).startswith(start), result.stderr
        assert result.stdout == ""
    binary = tmp_path / "latin1.jsonl"
    binary.write_bytes('{"id": 1, "question": "café"}\n'.encode("latin-1"))
    result = runner.invoke(app, ["search", "--batch", str(binary)])
    assert result.exit_code == 1 and "is not UTF-8 text" in result.stderr
