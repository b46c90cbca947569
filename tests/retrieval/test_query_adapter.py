"""The query adapter: its file, when it applies, and its place in the hybrid ranking."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.config import PROJECT_ROOT
from bot.errors import ConfigError
from bot.retrieval import Retriever
from bot.retrieval.embeddings import LOCAL_MODEL
from bot.retrieval.query_adapter import (
    ADAPTER_PATH,
    QueryAdapter,
    adapter_for,
    read_adapter,
    save_adapter,
)
from tests.conftest import IndexedCorpus

EVAL = PROJECT_ROOT / "tests" / "eval"


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x)).astype(np.float32)


def test_a_zero_matrix_leaves_the_query_as_it_is_and_any_result_is_a_unit_vector() -> None:
    rng = np.random.default_rng(7)
    q = _unit(rng.normal(size=8))
    assert np.allclose(QueryAdapter(np.zeros((8, 8), np.float32), "m", {}).apply(q), q)
    moved = QueryAdapter(rng.normal(size=(8, 8)).astype(np.float32), "m", {}).apply(q)
    assert abs(float(np.linalg.norm(moved)) - 1.0) < 1e-5 and not np.allclose(moved, q)


def test_the_file_round_trips_and_a_damaged_one_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "adapter.npz"
    matrix = np.arange(16, dtype=np.float32).reshape(4, 4) / 100
    save_adapter(path, matrix, {"embedding_model": "m", "trained_on": ["a.jsonl"]})
    loaded = read_adapter(path)
    assert np.array_equal(loaded.matrix, matrix) and loaded.embedding_model == "m"
    assert loaded.about["trained_on"] == ["a.jsonl"]
    path.write_bytes(b"not an npz file")
    with pytest.raises(ConfigError, match="cannot be read"):
        read_adapter(path)
    save_adapter(path, np.ones((2, 3), np.float32), {"embedding_model": "m"})
    with pytest.raises(ConfigError, match="square"):
        read_adapter(path)


def test_it_applies_only_to_the_model_and_size_it_was_fitted_for(tmp_path: Path) -> None:
    path = tmp_path / "adapter.npz"
    save_adapter(path, np.zeros((4, 4), np.float32), {"embedding_model": LOCAL_MODEL})
    assert adapter_for(LOCAL_MODEL, 4, path) is not None
    assert adapter_for("text-embedding-3-small", 4, path) is None
    assert adapter_for(LOCAL_MODEL, 1536, path) is None
    assert adapter_for(LOCAL_MODEL, 4, tmp_path / "absent.npz") is None
    damaged = tmp_path / "damaged.npz"
    damaged.write_bytes(b"\x00" * 10)
    assert adapter_for(LOCAL_MODEL, 4, damaged) is None  # logged; searches go on without it


def _measured(folder: str, root: Path = EVAL) -> bool:
    """False while a blind set's README still says nothing has run on it."""
    readme = root / folder / "README.md"
    return not readme.exists() or "not yet measured" not in readme.read_text("utf-8")


def test_a_set_whose_readme_says_not_yet_measured_counts_as_unmeasured(tmp_path: Path) -> None:
    (tmp_path / "blind99").mkdir()
    (tmp_path / "blind99" / "README.md").write_text("# Blind set — frozen, not yet measured\n")
    assert not _measured("blind99", tmp_path)
    (tmp_path / "blind99" / "README.md").write_text("# Blind set — frozen, measured (round 99)\n")
    assert _measured("blind99", tmp_path)


def test_the_shipped_adapter_never_saw_an_unmeasured_set() -> None:
    adapter = read_adapter(ADAPTER_PATH)
    assert adapter.embedding_model == LOCAL_MODEL and adapter.matrix.shape == (384, 384)
    trained_on = adapter.about["trained_on"]
    assert trained_on and all((EVAL / name).exists() for name in trained_on)
    assert [name for name in trained_on if not _measured(name.split("/")[0])] == []


@pytest.mark.integration
def test_the_adapter_ranks_documents_and_leaves_similarities_alone(
    indexed_corpus: IndexedCorpus,
) -> None:
    plain = Retriever(indexed_corpus.settings)
    query = "comment répondre à un client fâché dans les commentaires"
    before = plain.search(query, k=5, adapt=False)
    assert before[0].source == "pratique/commentaires-negatifs.md"
    # An adapter that turns this very question towards the contest document's own vector.
    corpus = plain.corpus()
    table = corpus.documents
    assert table.document_vectors is not None
    target = table.document_vectors[table.index["pratique/concours.md"]]
    q = plain.embedder().embed_query(query)
    steer = QueryAdapter((20.0 * np.outer(target, q)).astype(np.float32), LOCAL_MODEL, {})
    steered = Retriever(indexed_corpus.settings, adapter=steer)
    after = steered.search(query, k=5)
    assert after[0].source == "pratique/concours.md"
    for result in after:  # reported similarities are the plain model's cosines
        plain_cosine = float(corpus.vectors[corpus.position[result.chunk_id]] @ q)
        assert result.similarity == pytest.approx(plain_cosine, abs=1e-5)
    assert [r.source for r in steered.search(query, k=5, adapt=False)] == [r.source for r in before]
    assert [r.source for r in steered.search(query, k=5, mode="dense")] == [
        r.source for r in plain.search(query, k=5, mode="dense")
    ]  # dense-only and lexical-only modes never use it


@pytest.mark.integration
def test_switching_it_off_gives_the_unadapted_ranking(indexed_corpus: IndexedCorpus) -> None:
    query = "on publie des rabais tout le temps, ça dérange-tu?"
    off = Retriever(indexed_corpus.settings.model_copy(update={"query_adapter": False}))
    on = Retriever(indexed_corpus.settings)
    assert [(r.chunk_id, r.score) for r in off.search(query, k=5)] == [
        (r.chunk_id, r.score) for r in on.search(query, k=5, adapt=False)
    ]


@pytest.mark.integration
def test_the_shipped_adapter_comes_from_the_listed_sets() -> None:
    script = PROJECT_ROOT / "scripts" / "train_query_adapter.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=1500
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "reproduced" in done.stdout
