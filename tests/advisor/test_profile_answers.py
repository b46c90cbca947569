"""Answers with a brand profile: the profile is the model's context, retrieval is biased toward
the profile's main platform (measured on the passages returned), and the offline answer points to
that platform's guidance. Without a profile, nothing changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.profiles import BrandProfile, parse_profile
from bot.retrieval.models import SearchResult
from tests.advisor.helpers import (
    PASSAGES,
    FixedCoverage,
    MemoryRetriever,
    llm_settings,
    offline_settings,
)
from tests.support.openai_server import OpenAIServer

QUESTION = "À quelle fréquence devrait-on publier pour rester présents sans lasser?"


def _passage(rank: int, source: str, title: str, text: str) -> SearchResult:
    return SearchResult(rank=rank, source=source, title=title, section="Rythme", score=0.01,
                        similarity=0.84, lexical=2.0, text=text)  # fmt: skip


FILLERS = [
    _passage(
        3 + n, f"pratique/doc-{n}.md", f"Document {n}", f"Publiez avec régularité, conseil {n}."
    )
    for n in range(4)
]
LINKEDIN = _passage(
    9, "pratique/linkedin.md", "LinkedIn pour les PME",
    "Sur LinkedIn, deux publications par semaine suffisent souvent : la régularité compte plus "
    "que le volume, et un texte qui partage une expertise rejoint les décideurs.",
)  # fmt: skip
RESULTS = [*PASSAGES, *FILLERS, LINKEDIN]  # the LinkedIn passage ranks 7th for this question
B2B = parse_profile({"business_type": "firme de logiciels B2B", "platforms": "linkedin"})


@pytest.fixture
def retriever() -> MemoryRetriever:
    return MemoryRetriever(RESULTS)


@pytest.fixture
def advisor(tmp_path: Path, retriever: MemoryRetriever) -> Advisor:
    return Advisor(offline_settings(tmp_path), retriever=retriever, coverage=FixedCoverage())


def test_without_a_profile_retrieval_and_answer_are_unchanged(
    advisor: Advisor, retriever: MemoryRetriever
) -> None:
    answer = advisor.answer(QUESTION)
    assert answer == advisor.answer(QUESTION, profile=None)
    assert retriever.queries == [QUESTION, QUESTION]
    assert "pratique/linkedin.md" not in {s.source for s in answer.sources}
    assert "plateforme principale" not in answer.answer


def test_a_linkedin_only_firm_gets_the_linkedin_guidance_offline(advisor: Advisor) -> None:
    answer = advisor.answer(QUESTION, profile=B2B)
    assert answer.mode == "offline"
    linkedin = next(s for s in answer.sources if s.source == "pratique/linkedin.md")
    note = "LinkedIn est votre plateforme principale : voyez « LinkedIn pour les PME »"
    assert f"{note} [{linkedin.n}]." in answer.answer
    assert answer.answer.rstrip().endswith("(KILOVOLT_LLM).")  # the closing line stays last
    streamed = list(advisor.answer_stream(QUESTION, profile=B2B))
    assert streamed[-1] == answer


def test_the_bias_is_measured_on_the_passages(tmp_path: Path, retriever: MemoryRetriever) -> None:
    advisor = Advisor(offline_settings(tmp_path), retriever=retriever, coverage=FixedCoverage())
    plain = advisor._search(QUESTION, QUESTION, None)
    biased = advisor._search(QUESTION, QUESTION, B2B)
    assert "pratique/linkedin.md" not in [r.source for r in plain]
    assert [r.source for r in biased][:2] == [PASSAGES[0].source, "pratique/linkedin.md"]
    assert len(biased) == len(plain) == 5 and [r.rank for r in biased] == [1, 2, 3, 4, 5]
    # A question naming a platform is not biased; nor is a profile without platforms.
    named = "Sur Instagram, " + QUESTION
    assert advisor._search(named, named, B2B) == advisor._search(named, named, None)
    no_platform = BrandProfile(business_type="notaire")
    assert advisor._search(QUESTION, QUESTION, no_platform) == plain


def test_the_platform_name_is_searched_when_no_passage_is_about_it(tmp_path: Path) -> None:
    retriever = MemoryRetriever([*PASSAGES, *FILLERS])
    advisor = Advisor(offline_settings(tmp_path), retriever=retriever, coverage=FixedCoverage())
    advisor._search(QUESTION, QUESTION, B2B)
    assert retriever.queries == [QUESTION, f"{QUESTION} LinkedIn"]


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as running:
        yield running


def test_the_model_gets_the_profile_as_context(server: OpenAIServer, tmp_path: Path) -> None:
    advisor = Advisor(llm_settings(tmp_path, server.base_url), retriever=MemoryRetriever(RESULTS),
                      coverage=FixedCoverage())  # fmt: skip
    server.push({"text": "Deux fois par semaine sur LinkedIn [2]."}, {"text": "Réponse [1]."})
    answer = advisor.answer(QUESTION, profile=B2B)
    assert answer.mode == "llm"
    with_profile = server.requests[0]["messages"][-1]["content"]
    assert (
        "<profile>\nBusiness: firme de logiciels B2B\nPlatforms: linkedin (main: linkedin)"
        in with_profile
    )
    assert "LinkedIn pour les PME" in with_profile  # the biased passages reach the model
    advisor.answer(QUESTION)
    without = server.requests[1]["messages"][-1]["content"]
    assert "<profile>\n(none)\n</profile>" in without and "LinkedIn pour les PME" not in without
