"""Hybrid retrieval: documents ranked on dense + lexical evidence, their best chunks returned."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from bot.config import Settings
from bot.errors import IndexMissingError, InputError, StoreUnavailableError
from bot.retrieval.embeddings import CachedEmbedder, cached_embedder
from bot.retrieval.expansion import expand_query
from bot.retrieval.hybrid import DocumentTable, rank_hybrid, top_lexical
from bot.retrieval.lexical import LexicalIndex
from bot.retrieval.models import SearchResult
from bot.retrieval.query_adapter import QueryAdapter, adapter_for
from bot.retrieval.reliability import LEARNING, read_weights
from bot.retrieval.snapshot import SnapshotStore
from bot.retrieval.store import VectorStore
from bot.retrieval.terms_cache import cached_terms
from bot.retrieval.uploads import hidden_from

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "dense", "lexical"]
RRF_K = 60  # reciprocal rank fusion constant of the single-retriever modes (dense, lexical)
MAX_PER_SOURCE = 2  # at most this many chunks of one document in a result list
CANDIDATES = 30  # candidates taken from each retriever before fusion
QUERY_EMBED_CHARS = 2000  # ~512 tokens: e5 reads no further in one window anyway
# The glossary's guidance words (expansion.py) go to BM25 only; the embedder reads the question as
# typed (expanding both scored MRR@5 0.905 vs 0.922 on the tuning set, and lost recall@5).
FRESHNESS_CHECK_S = 5.0  # how often a long-lived retriever checks for a re-index


@dataclass
class _Corpus:
    """The chunks of the collection as loaded at start-up, with their BM25 index."""

    fingerprint: str  # the active build's token: changes on every swap
    ids: list[str]
    texts: list[str]
    metadatas: list[dict[str, Any]]
    position: dict[str, int]
    lexical: LexicalIndex
    vectors: np.ndarray  # (n, dim) unit vectors: similarity of lexical-only hits
    documents: DocumentTable  # one entry per source: whole-document vectors and BM25
    chunk_sources: np.ndarray  # each chunk's source, for masking hidden documents at once


def hidden_sources(sources: list[str], team: str | None) -> frozenset[str]:
    """The indexed documents another workspace added (not searched for `team`)."""
    return frozenset(s for s in sources if hidden_from(s, team))


def rrf_fuse(
    rankings: list[list[str]], k: int = RRF_K, weights: list[float] | None = None
) -> dict[str, float]:
    """Reciprocal rank fusion: each list adds weight / (k + rank) to its items (rank from 1)."""
    scores: dict[str, float] = {}
    for index, ranking in enumerate(rankings):
        weight = 1.0 if weights is None else weights[index]
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return scores


def cap_per_source(ordered: list[str], source_of: dict[str, str], cap: int) -> list[str]:
    """Keep the order, dropping chunks beyond `cap` per source."""
    counts: dict[str, int] = {}
    kept = []
    for item in ordered:
        source = source_of[item]
        if counts.get(source, 0) < cap:
            counts[source] = counts.get(source, 0) + 1
            kept.append(item)
    return kept


class Retriever:
    """Searches the knowledge index of `settings`; lazy, thread-safe, one model load per process."""

    def __init__(
        self,
        settings: Settings,
        embedder: CachedEmbedder | None = None,
        snapshot: bool = False,
        adapter: QueryAdapter | None = None,
    ) -> None:
        """`snapshot`: read the local index from its snapshot, without chromadb (snapshot.py),
        for one-shot commands; servers and batch runs read Chroma. `adapter`: a query adapter
        to use instead of the shipped one (the training script's left-out corpora)."""
        self.settings = settings
        self.store: VectorStore | SnapshotStore = (
            SnapshotStore(settings) if snapshot else VectorStore(settings)
        )
        self._embedder = embedder
        self._adapter_override = adapter
        self._collection: Any = None
        self._corpus: _Corpus | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()
        self.freshness_s = FRESHNESS_CHECK_S

    # --- loading -------------------------------------------------------------------------------
    def _load_corpus(self, collection: Any, token: str) -> _Corpus:
        include = ["documents", "metadatas", "embeddings"]
        data = self.store.call("read", collection.get, include=include)
        ids = list(data["ids"])
        if not ids:
            raise IndexMissingError(
                f"the index {collection.name} is empty: run `kilovolt index`",
                "L'index de connaissances est vide : lancez `kilovolt index`.",
            )
        metadatas = [dict(m or {}) for m in data["metadatas"]]
        texts = [str(t or "") for t in data["documents"]]
        vectors = np.asarray(data["embeddings"], dtype=np.float32)
        is_chunk = [str(m.get("kind") or "chunk") == "chunk" for m in metadatas]
        documents = DocumentTable.build(
            [
                (m, t, v)
                for m, t, v, c in zip(metadatas, texts, vectors, is_chunk, strict=True)
                if not c
            ],
            [str(m.get("source", "")) for m, c in zip(metadatas, is_chunk, strict=True) if c],
            terms=lambda texts: cached_terms(self.settings.data_dir, texts),
        )
        ids = [cid for cid, c in zip(ids, is_chunk, strict=True) if c]
        metadatas = [m for m, c in zip(metadatas, is_chunk, strict=True) if c]
        texts = [t for t, c in zip(texts, is_chunk, strict=True) if c]
        vectors = vectors[np.asarray(is_chunk, dtype=bool)]
        if documents.indexed and LEARNING:  # the weights learnt for this very build, if any
            documents.weights = read_weights(self.settings.data_dir, self.store.name, token)
        lexical_texts = [
            f"{m.get('title', '')} {m.get('section', '')} {m.get('tags', '')}\n{t}"
            for m, t in zip(metadatas, texts, strict=True)
        ]
        return _Corpus(
            fingerprint=token,
            ids=ids,
            texts=texts,
            metadatas=metadatas,
            position={cid: i for i, cid in enumerate(ids)},
            lexical=LexicalIndex(
                lexical_texts, cached_terms(self.settings.data_dir, lexical_texts)
            ),
            vectors=vectors,
            documents=documents,
            chunk_sources=np.asarray([str(m.get("source", "")) for m in metadatas], dtype=object),
        )

    def _ready(self, force: bool = False) -> tuple[Any, _Corpus]:
        """The active collection and its corpus, loaded on first use and after a re-index.

        The alias is read at most every `freshness_s` seconds; a swap to a new version loads that
        version whole before it replaces the one in use, so a search sees one index or the other.
        """
        with self._lock:
            now = time.monotonic()
            if force or self._corpus is None or now - self._checked_at >= self.freshness_s:
                pointer = self.store.active()
                token = pointer.token if pointer else None
                if force or self._corpus is None or token != self._corpus.fingerprint:
                    collection, pointer = self.store.resolve()
                    self._corpus = self._load_corpus(collection, pointer.token)
                    self._collection = collection
                    log.info("loaded %d chunks from %s", len(self._corpus.ids), pointer.name)
                self._checked_at = now
            return self._collection, self._corpus

    def embedder(self) -> CachedEmbedder:
        """The query embedder (model loaded on first use)."""
        if self._embedder is None:
            self._embedder = cached_embedder(self.settings)
        return self._embedder

    def warm_up(self) -> None:
        """Load the index and the model now rather than on the first query."""
        self._ready()
        self.embedder().embed_query("warm up")

    # --- searching -----------------------------------------------------------------------------
    def _check_query(self, query: str) -> str:
        query = " ".join(query.split())
        if not query:
            raise InputError(
                "the search query is empty: type a few words about what you are looking for",
                "La question est vide : écrivez quelques mots sur ce que vous cherchez.",
            )
        limit = self.settings.max_input_chars
        if len(query) > limit:
            raise InputError(
                f"the search query is {len(query):,} characters, over the {limit:,} limit "
                "(KILOVOLT_MAX_INPUT_CHARS): shorten it to the question itself",
                f"Le texte est trop long ({len(query)} caractères, maximum {limit}) : "
                "raccourcissez-le.",
            )
        return query

    def _query_vector(self, query: str) -> np.ndarray:
        text = query
        if len(text) > QUERY_EMBED_CHARS:
            log.info("query of %d chars: embedding its first %d", len(text), QUERY_EMBED_CHARS)
            text = text[:QUERY_EMBED_CHARS]
        return self.embedder().embed_query(text)

    def _dense(
        self, collection: Any, vector: np.ndarray, n: int, hidden: frozenset[str] = frozenset()
    ) -> list[tuple[str, float]]:
        # Whole-document rows share the collection: ask for chunks only (an index built before
        # they existed has no `kind` at all, and nothing else).
        where: dict[str, Any] | None = (
            {"kind": "chunk"} if self._corpus and self._corpus.documents.indexed else None
        )
        if hidden:  # another workspace's added documents (uploads.py)
            others = {"source": {"$nin": sorted(hidden)}}
            where = {"$and": [where, others]} if where else others
        found = self.store.call(
            "query",
            collection.query,
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=n,
            include=["distances"],
            where=where,
        )
        return [
            (cid, 1.0 - float(dist))
            for cid, dist in zip(found["ids"][0], found["distances"][0], strict=True)
        ]

    def _adapter(self, corpus: _Corpus) -> QueryAdapter | None:
        """The query adapter for this index's embedding model, when enabled and fitted for it."""
        if self._adapter_override is not None:
            return self._adapter_override
        if not self.settings.query_adapter:
            return None
        return adapter_for(self.embedder().model_name, int(corpus.vectors.shape[1]))

    def corpus(self) -> _Corpus:
        """The active index as loaded: chunks, their vectors, the document table."""
        return self._ready()[1]

    def indexed_sources(self) -> set[str]:
        """The sources (knowledge files) the active index holds."""
        return {str(m.get("source", "")) for m in self.corpus().metadatas}

    def search(
        self,
        query: str,
        k: int = 5,
        mode: Mode = "hybrid",
        expand: bool = True,
        team: str | None = None,
        adapt: bool = True,
    ) -> list[SearchResult]:
        """The `k` best chunks for `query` (`mode`: hybrid, dense only or lexical only).

        `expand=False` skips the glossary expansion, `adapt=False` the query adapter (the
        evaluation's ablations). `team`: the workspace asking; documents other workspaces added
        from Slack are never searched.
        """
        query = self._check_query(query)
        if k < 1:
            raise InputError("the number of results must be at least 1")
        collection, corpus = self._ready()
        hidden = hidden_sources(corpus.documents.sources, team)
        n = min(len(corpus.ids), max(CANDIDATES, 4 * k))
        expanded = expand_query(query) if expand else query
        vector = self._query_vector(query) if mode != "lexical" else None
        dense: list[tuple[str, float]] = []
        if vector is not None:
            try:
                dense = self._dense(collection, vector, n, hidden)
            except StoreUnavailableError:  # the version in use was pruned: follow the alias
                collection, corpus = self._ready(force=True)
                hidden = hidden_sources(corpus.documents.sources, team)
                n = min(len(corpus.ids), max(CANDIDATES, 4 * k))
                dense = self._dense(collection, vector, n, hidden)
        bm25_all = corpus.lexical.scores(expanded) if mode != "dense" else None
        if bm25_all is not None and hidden:
            mask = np.isin(corpus.chunk_sources, list(hidden))
            bm25_all = np.where(mask, 0.0, bm25_all)
        lexical = [] if bm25_all is None else top_lexical(corpus.ids, bm25_all, n)
        similarity = dict(dense)
        if vector is not None:  # lexical-only hits get their cosine too
            for cid, _ in lexical:
                if cid not in similarity and cid in corpus.position:
                    similarity[cid] = float(corpus.vectors[corpus.position[cid]] @ vector)
        lexical_score = dict(lexical)
        if mode == "hybrid" and vector is not None:
            adapter = self._adapter(corpus) if adapt else None
            adapted = adapter.apply(vector) if adapter is not None else None
            fused = rank_hybrid(
                corpus, vector, expanded, dense, lexical, bm25_all, hidden, adapted=adapted
            )
            similarity.update(fused.similarity)
            lexical_score.update(fused.lexical)
            ordered, fused_scores = fused.ordered, fused.scores
        else:
            fused_scores = rrf_fuse([[c for c, _ in (dense or lexical)]], RRF_K)
            ordered = sorted(fused_scores, key=lambda cid: (-fused_scores[cid], cid))
        ordered = [  # skip ids indexed meanwhile, and never another workspace's document
            cid
            for cid in ordered
            if cid in corpus.position
            and str(corpus.metadatas[corpus.position[cid]].get("source", "")) not in hidden
        ]
        source_of = {cid: corpus.metadatas[corpus.position[cid]]["source"] for cid in ordered}
        top = cap_per_source(ordered, source_of, MAX_PER_SOURCE)[:k]
        fused = fused_scores
        results = []
        for rank, cid in enumerate(top, start=1):
            meta = corpus.metadatas[corpus.position[cid]]
            results.append(
                SearchResult(
                    rank=rank,
                    source=str(meta.get("source", "")),
                    title=str(meta.get("title", "")),
                    section=str(meta.get("section", "")),
                    score=round(fused[cid], 6),
                    text=corpus.texts[corpus.position[cid]],
                    topic=str(meta.get("topic", "")),
                    chunk_id=cid,
                    similarity=round(similarity[cid], 6) if cid in similarity else None,
                    lexical=round(lexical_score.get(cid, 0.0), 6),
                    page_kind=str(meta.get("page_kind") or ""),
                    page_first=int(meta.get("page_first") or 0),
                    page_last=int(meta.get("page_last") or 0),
                )
            )
        return results
