"""BM25 over chunks, with the search terms of `bot.french.index_terms` (lemmas, folds, stems)."""

from __future__ import annotations

import numpy as np
from rank_bm25 import BM25Okapi

from bot.french import index_terms


class LexicalIndex:
    """BM25Okapi over a fixed list of texts; `search` returns (position, score) best first."""

    def __init__(self, texts: list[str], tokenized: list[list[str]] | None = None) -> None:
        """`tokenized`: the texts' `index_terms`, when already known (bot/retrieval/terms_cache)."""
        self.size = len(texts)
        # reused by reliability.py
        self.tokenized = tokenized if tokenized is not None else [index_terms(t) for t in texts]
        self._bm25 = BM25Okapi(self.tokenized) if any(self.tokenized) else None

    def scores(self, query: str) -> np.ndarray:
        """The BM25 score of every text for `query` (zeros when no term can match)."""
        terms = index_terms(query)
        if self._bm25 is None or not terms:
            return np.zeros(self.size)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float64)

    def search(self, query: str, limit: int) -> list[tuple[int, float]]:
        """The best `limit` texts for `query` with a positive BM25 score."""
        terms = index_terms(query)
        if self._bm25 is None or not terms:
            return []
        scores = self._bm25.get_scores(terms)
        order = scores.argsort()[::-1][:limit]
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]
