"""The coverage judge's view of the real Retriever: build token, references, cached query vectors.

Calibration embeds a few hundred texts (headings, passages and probes) as queries. Their vectors are
kept in the data dir's embedding cache (under the model's name with a `#query` suffix, so they
never mix with passage vectors) and in memory for the process, so only the first start on a new
corpus pays for them.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from bot.advisor.coverage import QUERY_CHARS, Outline
from bot.retrieval.documents import OUTLINE
from bot.retrieval.embedding_cache import text_hash

if TYPE_CHECKING:
    from bot.retrieval import Retriever

_MEMO: dict[tuple[str, str], np.ndarray] = {}  # (model#query, sha256) → vector, process-wide
_MEMO_LIMIT = 20_000
_memo_lock = threading.Lock()
# Only chunks give the nearest-passage term its vectors (as the retriever searches them).
# Rows whose text is a reference: chunks and title-and-outline rows, not whole documents (long,
# and no better in the cross-validation: bot/advisor/coverage.py).
PASSAGE_KINDS = ("chunk", OUTLINE)


class RetrieverIndex:
    """An IndexView over a Retriever (its store's active build and its query embedder)."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever

    def token(self) -> str | None:
        pointer = self.retriever.store.active()
        return pointer.token if pointer else None

    def outline(self) -> Outline:
        store = self.retriever.store
        collection, pointer = store.resolve()
        data = store.call("read", collection.get, include=["metadatas", "documents", "embeddings"])
        headings: set[str] = set()
        passages: set[str] = set()
        vectors: list[np.ndarray] = []
        embeddings = data.get("embeddings")
        if embeddings is None:
            embeddings = []
        rows = zip(data["metadatas"] or [], data["documents"] or [], strict=False)
        for position, (metadata, text) in enumerate(rows):
            metadata = metadata or {}
            if metadata.get("kind", "chunk") == "chunk" and position < len(embeddings):
                vectors.append(np.asarray(embeddings[position], dtype=np.float32))
            for key in ("title", "section"):
                value = " ".join(str(metadata.get(key) or "").split())
                if value:
                    headings.add(value)
            if metadata.get("kind", "chunk") in PASSAGE_KINDS and text:
                passages.add(" ".join(str(text).split())[:QUERY_CHARS])
        stacked = np.stack(vectors) if vectors else None
        return Outline(pointer.token, tuple(sorted(headings)), tuple(sorted(passages)), stacked)

    def embed_query(self, text: str) -> np.ndarray:
        return self.retriever.embedder().embed_query(text)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        embedder = self.retriever.embedder()
        model = f"{embedder.model_name}#query"
        hashes = [text_hash(t) for t in texts]
        unique = list(dict.fromkeys(hashes))
        with _memo_lock:
            remembered = {h: _MEMO[(model, h)] for h in unique if (model, h) in _MEMO}
        cache = embedder.cache
        stored = cache.get_many(model, unique) if cache is not None else {}
        found = {**remembered, **stored}
        pending = {h: t for h, t in zip(hashes, texts, strict=True) if h not in found}
        fresh = {
            h: np.asarray(embedder.embed_query(t), dtype=np.float32) for h, t in pending.items()
        }
        # Vectors this process remembers from another data dir are saved here too, so the next
        # process on this data dir does not embed them again.
        unsaved = {h: v for h, v in remembered.items() if h not in stored}
        if cache is not None and (fresh or unsaved):
            cache.put_many(model, {**unsaved, **fresh})
        found.update(fresh)
        with _memo_lock:
            if len(_MEMO) + len(found) > _MEMO_LIMIT:
                _MEMO.clear()
            _MEMO.update({(model, h): v for h, v in found.items()})
        return np.stack([found[h] for h in hashes])
