"""Document-level fusion: each document's dense and lexical evidence, standardised per query.

Every signal (cosine of the whole-document vector, of the outline vector, of the best chunk, mean
of the two best chunks; BM25 of the best chunk and of the whole document) is turned into z-scores
across the candidate documents of this query. A signal that singles out one document gives it
several standard deviations; a flat signal (no keyword matches, or every document alike) gives
everyone about zero. That per-query standardisation is the confidence weighting: what each
retriever contributes is its measured margin for this query, not a fixed share.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

# BM25's share beside the dense evidence. Chosen by 6-fold cross-validation grouped by expected
# document over the tuning questions, the held-out questions and tests/eval/devcorpus (another
# corpus): grid 0.2–1.2, the value picked on the training folds was 0.4 in 5 of 6 folds.
LEXICAL_WEIGHT = 0.4
TOP_CHUNKS = 2  # a document's chunk evidence: its best chunk and the mean of its best two
DENSE_SIGNALS = ("document", "outline", "best_chunk", "top_chunks")
LEXICAL_SIGNALS = ("best_chunk_bm25", "document_bm25")


def standardise(values: np.ndarray) -> np.ndarray:
    """z-scores of `values` (all zeros when they do not vary)."""
    values = np.asarray(values, dtype=np.float64)
    spread = values.std()
    if values.size == 0 or spread < 1e-12:
        return np.zeros_like(values)
    return (values - values.mean()) / spread


def chunk_evidence(scores: np.ndarray) -> tuple[float, float]:
    """(best, mean of the TOP_CHUNKS best) of one document's chunk scores."""
    best = np.sort(np.asarray(scores, dtype=np.float64))[::-1][:TOP_CHUNKS]
    return float(best[0]), float(best.mean())


def fuse_documents(
    signals: Mapping[str, np.ndarray],
    lexical_weight: float = LEXICAL_WEIGHT,
    weights: Mapping[str, float] | None = None,
) -> np.ndarray:
    """One score per document: mean dense z-score + `lexical_weight` × mean lexical z-score.

    `signals` maps signal names (DENSE_SIGNALS, LEXICAL_SIGNALS) to one value per candidate
    document; absent signals (an index without document rows, a dense-only search) are skipped.
    `weights`, one per signal (learnt per index by reliability.py), replace the fixed shares
    when every signal they name is present: score = Σ weight × z-score.
    """
    size = len(next(iter(signals.values())))
    if weights is not None and all(name in signals for name in weights):
        return np.sum([w * standardise(signals[name]) for name, w in weights.items()], axis=0)
    total = np.zeros(size)
    for names, weight in ((DENSE_SIGNALS, 1.0), (LEXICAL_SIGNALS, lexical_weight)):
        present = [standardise(signals[name]) for name in names if name in signals]
        if present and weight:
            total += weight * np.mean(present, axis=0)
    return total
