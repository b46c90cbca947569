"""The hybrid ranking: candidate documents scored on all their evidence, best chunks first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from bot.retrieval.documents import DOCUMENT, OUTLINE
from bot.retrieval.fusion import LEXICAL_WEIGHT, chunk_evidence, fuse_documents, standardise
from bot.retrieval.lexical import LexicalIndex

DOCUMENT_CANDIDATES = 30  # documents nearest by their whole-document vector, added to candidates


@dataclass
class DocumentTable:
    """Per source: its chunk positions and, when indexed, its whole-document and outline rows."""

    sources: list[str]
    chunks_of: list[np.ndarray]  # chunk positions of each source
    document_vectors: np.ndarray | None = None  # (sources, dim), None without document rows
    outline_vectors: np.ndarray | None = None
    lexical: LexicalIndex | None = None  # BM25 over whole documents
    weights: dict[str, float] | None = None  # per-signal fusion weights learnt for this build
    index: dict[str, int] = field(default_factory=dict)

    @property
    def indexed(self) -> bool:
        """True when the index holds whole-document rows (built by this version of the indexer)."""
        return self.document_vectors is not None

    @classmethod
    def build(
        cls,
        rows: Sequence[tuple[dict[str, Any], str, np.ndarray]],
        chunk_sources: list[str],
        terms: Callable[[list[str]], list[list[str]]] | None = None,
    ) -> DocumentTable:
        """From the collection's document rows (metadata, text, vector) and each chunk's source;
        `terms`: the BM25 terms of texts, when a cache has them (bot/retrieval/terms_cache.py)."""
        sources = sorted(set(chunk_sources))
        index = {source: i for i, source in enumerate(sources)}
        positions: list[list[int]] = [[] for _ in sources]
        for position, source in enumerate(chunk_sources):
            positions[index[source]].append(position)
        table = cls(sources, [np.asarray(p, dtype=int) for p in positions], index=index)
        by_kind: dict[str, dict[str, tuple[str, np.ndarray]]] = {DOCUMENT: {}, OUTLINE: {}}
        for meta, text, vector in rows:
            kind, source = str(meta.get("kind")), str(meta.get("source", ""))
            if kind in by_kind and source in index:
                by_kind[kind][source] = (text, np.asarray(vector, dtype=np.float32))
        if sources and all(len(by_kind[kind]) == len(sources) for kind in by_kind):
            table.document_vectors = np.stack([by_kind[DOCUMENT][s][1] for s in sources])
            table.outline_vectors = np.stack([by_kind[OUTLINE][s][1] for s in sources])
            texts = [by_kind[DOCUMENT][s][0] for s in sources]
            table.lexical = LexicalIndex(texts, terms(texts) if terms else None)
        return table


class ChunkCorpus(Protocol):
    """What the hybrid ranking reads of the loaded corpus (search.py's `_Corpus`)."""

    ids: list[str]
    position: dict[str, int]
    metadatas: list[dict[str, Any]]
    vectors: np.ndarray
    documents: DocumentTable


@dataclass
class HybridRanking:
    """Chunk ids best first (documents by fused score, each one's chunks by their own evidence)."""

    ordered: list[str]
    scores: dict[str, float]  # chunk id → its document's share of the fused evidence (softmax)
    similarity: dict[str, float]  # chunk id → cosine to the query
    lexical: dict[str, float]  # chunk id → BM25 score


def top_lexical(ids: list[str], scores: np.ndarray, n: int) -> list[tuple[str, float]]:
    """The `n` best chunks by BM25 with a positive score, as (id, score)."""
    order = np.argsort(-scores, kind="stable")[:n]
    return [(ids[i], float(scores[i])) for i in order if scores[i] > 0]


def _candidates(
    corpus: ChunkCorpus,
    hits: list[str],
    document_cosines: list[np.ndarray],
    hidden: frozenset[str] = frozenset(),
) -> list[int]:
    """Documents with a chunk among the hits, plus those nearest by their whole-document vector
    under each query vector (`hidden` sources never: another workspace's added documents)."""
    table = corpus.documents
    found = {
        table.index[str(corpus.metadatas[corpus.position[cid]].get("source", ""))]
        for cid in hits
        if cid in corpus.position
    }
    for cosine in document_cosines:
        found |= set(np.argsort(-cosine, kind="stable")[:DOCUMENT_CANDIDATES].tolist())
    return sorted(d for d in found if table.sources[d] not in hidden)


def rank_hybrid(
    corpus: ChunkCorpus,
    vector: np.ndarray,
    expanded: str,
    dense: list[tuple[str, float]],
    lexical: list[tuple[str, float]],
    bm25: np.ndarray,
    hidden: frozenset[str] = frozenset(),
    adapted: np.ndarray | None = None,
) -> HybridRanking:
    """Rank candidate documents on their dense and lexical evidence (fusion.py), then chunks.

    `adapted`: the query vector corrected by the query adapter (query_adapter.py), which then
    gives the documents' dense evidence; chunk order and reported similarities keep `vector`.
    """
    table = corpus.documents
    vector = np.asarray(vector, dtype=np.float32)
    ranking_vector = vector if adapted is None else np.asarray(adapted, dtype=np.float32)
    doc_cos = None  # the documents' cosines to the ranking vector
    nearest_by: list[np.ndarray] = []  # candidates come from both vectors' nearest documents
    if table.document_vectors is not None:
        doc_cos = table.document_vectors @ ranking_vector
        nearest_by = [doc_cos] if adapted is None else [table.document_vectors @ vector, doc_cos]
    hits = [c for c, _ in dense] + [c for c, _ in lexical]
    docs = _candidates(corpus, hits, nearest_by, hidden)
    if not docs:
        return HybridRanking([], {}, {}, {})
    positions = [table.chunks_of[d] for d in docs]
    cosines = [corpus.vectors[p] @ vector for p in positions]
    ranking_cosines = (
        cosines if adapted is None else [corpus.vectors[p] @ ranking_vector for p in positions]
    )
    evidence = [chunk_evidence(c) for c in ranking_cosines]
    signals = {
        "best_chunk": np.array([e[0] for e in evidence]),
        "top_chunks": np.array([e[1] for e in evidence]),
        "best_chunk_bm25": np.array([float(bm25[p].max()) for p in positions]),
    }
    if doc_cos is not None and table.outline_vectors is not None and table.lexical is not None:
        signals["document"] = doc_cos[docs]
        signals["outline"] = (table.outline_vectors @ ranking_vector)[docs]
        signals["document_bm25"] = table.lexical.scores(expanded)[docs]
    doc_scores = fuse_documents(signals, weights=table.weights)
    shares = np.exp(doc_scores - doc_scores.max())
    shares /= shares.sum()
    # Within a document, chunks by the same recipe: z-scores over every candidate chunk.
    pool = np.concatenate(positions)
    pool_cos = np.concatenate(cosines)
    chunk_scores = standardise(pool_cos) + LEXICAL_WEIGHT * standardise(bm25[pool])
    chunk_score = dict(zip(pool.tolist(), chunk_scores.tolist(), strict=True))
    ordered: list[str] = []
    scores: dict[str, float] = {}
    for d in np.argsort(-doc_scores, kind="stable"):
        for p in sorted(positions[d].tolist(), key=lambda p: -chunk_score[p]):
            ordered.append(corpus.ids[p])
            scores[corpus.ids[p]] = float(shares[d])
    cosine_of = dict(zip(pool.tolist(), pool_cos.tolist(), strict=True))
    return HybridRanking(
        ordered=ordered,
        scores=scores,
        similarity={corpus.ids[p]: float(c) for p, c in cosine_of.items()},
        lexical={corpus.ids[p]: float(bm25[p]) for p in pool.tolist()},
    )
