"""Per-index signal weights learnt from the corpus's own pseudo-queries (reliability.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bot.retrieval.fusion import fuse_documents
from bot.retrieval.reliability import (
    BASE_WEIGHTS,
    SIGNALS,
    SignalWeights,
    first_sentence,
    measure_reliability,
    read_weights,
    weights_from_reliability,
    write_weights,
)


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def test_fixed_weights_reproduce_the_group_means() -> None:
    rng = np.random.default_rng(0)
    signals = {name: rng.normal(size=6) for name in SIGNALS}
    assert np.allclose(fuse_documents(signals, weights=BASE_WEIGHTS), fuse_documents(signals))


def test_learnt_weights_can_overrule_a_signal_that_points_at_the_wrong_document() -> None:
    # The outline singles out document 0; the whole-document vector prefers 1; the rest is even.
    signals = {
        "document": np.array([0.70, 0.90, 0.72]),
        "outline": np.array([0.96, 0.70, 0.72]),
        "best_chunk": np.array([0.86, 0.85, 0.70]),
        "top_chunks": np.array([0.82, 0.82, 0.70]),
        "best_chunk_bm25": np.array([1.0, 1.0, 0.0]),
        "document_bm25": np.array([1.0, 1.0, 0.0]),
    }
    assert int(np.argmax(fuse_documents(signals))) == 0
    reliability = dict.fromkeys(SIGNALS, 0.8) | {"outline": 0.3}
    weights = weights_from_reliability(reliability, documents=12, shrink=0.25)
    assert weights["outline"] < BASE_WEIGHTS["outline"] < weights["document"]
    assert int(np.argmax(fuse_documents(signals, weights=weights))) == 1


def test_equal_reliabilities_keep_the_fixed_weights() -> None:
    weights = weights_from_reliability(dict.fromkeys(SIGNALS, 0.7), documents=10, shrink=0.25)
    assert all(abs(weights[name] - BASE_WEIGHTS[name]) < 1e-9 for name in SIGNALS)


def test_pseudo_queries_measure_a_misleading_outline_as_unreliable() -> None:
    # Two documents of two sections each. Chunk and document vectors follow the topic of their
    # text; the outline vectors are swapped (each document's outline looks like the other one).
    topic = [_unit(np.array([1.0, 0.1, 0.0])), _unit(np.array([0.1, 1.0, 0.0]))]
    sources = ["a.md", "b.md"]
    chunk_sources = ["a.md", "a.md", "b.md", "b.md"]
    sections = ["Un", "Deux", "Un", "Deux"]
    texts = [
        "## Un\n\nLes vitrines du quartier attirent les passants le samedi.",
        "## Deux\n\nLes vitrines éclairées attirent les passants le soir.",
        "## Un\n\nLes courriels mensuels fidélisent les abonnés du club.",
        "## Deux\n\nLes courriels courts fidélisent les abonnés pressés.",
    ]
    terms = [t.split() for t in texts]
    chunk_vectors = np.stack([topic[0], topic[0], topic[1], topic[1]])
    embed = {first_sentence(t): chunk_vectors[i] for i, t in enumerate(texts)}
    reliability, asked = measure_reliability(
        sources,
        chunk_sources,
        sections,
        texts,
        terms,
        chunk_vectors,
        np.stack(topic),
        np.stack(topic[::-1]),
        lambda text: embed[text],
    )
    assert asked == 4
    assert reliability["document"] == 1.0 and reliability["best_chunk"] == 1.0
    assert reliability["outline"] == 0.5  # always second of two


def test_weights_are_read_back_only_for_the_build_they_were_learnt_on(tmp_path: Path) -> None:
    weights = dict(BASE_WEIGHTS) | {"outline": 0.1}
    write_weights(tmp_path, "kilovolt-x", SignalWeights("build-1", weights, {}, 30))
    assert read_weights(tmp_path, "kilovolt-x", "build-1") == weights
    assert read_weights(tmp_path, "kilovolt-x", "build-2") is None
    assert read_weights(tmp_path, "kilovolt-y", "build-1") is None
    assert read_weights(tmp_path / "nowhere", "kilovolt-x", "build-1") is None
