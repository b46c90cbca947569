"""Offline answers read as a digest: relevant passage first, no orphan fragments, document order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.advisor.offline import CLOSEST_INTRO, FURTHER, INTRO
from bot.config import Settings
from tests.advisor.helpers import offline_settings

DIGEST_KNOWLEDGE = Path(__file__).parent / "fixtures" / "knowledge"
_CITED = re.compile(r"\s*\[(\d+)\]$")


@pytest.fixture(scope="module")
def digest_advisor(tmp_path_factory: pytest.TempPathFactory) -> Advisor:
    """An offline Advisor over a small corpus indexed with the real Retriever and embedder."""
    from bot.retrieval import Retriever, index_knowledge

    data_dir = tmp_path_factory.mktemp("digest-index")
    corpus = Settings(
        data_dir=data_dir, knowledge_dir=DIGEST_KNOWLEDGE, llm="offline", embeddings="local"
    )
    index_knowledge(corpus, progress=False)
    return Advisor(offline_settings(data_dir), retriever=Retriever(corpus))


def body_blocks(answer: str) -> list[str]:
    """The answer's paragraphs between the intro and the « further reading » line."""
    paragraphs = answer.split("\n\n")
    intros = (*INTRO.values(), *CLOSEST_INTRO.values())  # covered, or the closest guidance
    start = next(i for i, p in enumerate(paragraphs) if p in intros) + 1
    end = next(i for i, p in enumerate(paragraphs) if p.startswith(tuple(FURTHER.values())))
    return paragraphs[start:end]


def shown_sentences(block: str) -> list[str]:
    """The sentences of one answer paragraph (bullets and citations removed)."""
    out: list[str] = []
    for line in block.splitlines():
        text = _CITED.sub("", line.removeprefix("• ").strip())
        out.extend(s for s in re.split(r"(?<=[.!?…])\s+(?=[A-ZÀ-Ý«])", text) if s)
    return out


def is_orphan(sentence: str) -> bool:
    """A fragment a reader can't use alone: too short, a heading, a checkbox, a bare label."""
    words = sentence.split()
    label = re.match(r"^([^:]{1,30}) : (.+)$", sentence)
    return (
        len(words) < 6
        or sentence.endswith((":", "?"))
        or "[ ]" in sentence
        or "`" in sentence
        or bool(label and len(label.group(2).split()) < 8)
    )


def document_text(source: str) -> str:
    return (DIGEST_KNOWLEDGE / source).read_text("utf-8").replace("**", "")


QUESTIONS = [
    ("on veut juste poster nos spéciaux de la semaine sur facebook, c'est correct?", "promotion"),
    ("c'tu correct si on poste juste nos spéciaux?", "promotion"),
    ("is it ok to only post our sales and discounts?", "promotion"),
    ("à quelle fréquence publier sur nos réseaux?", "calendrier"),
    ("comment répondre à un commentaire négatif sur notre page?", "commentaires"),
    ("est-ce qu'on peut faire de l'humour dans nos publications?", "humour"),
    ("pourquoi nos abonnés ignorent nos publications de rabais?", "promotion"),
]


@pytest.mark.parametrize(("question", "expected"), QUESTIONS)
def test_digest_cites_the_answering_document_first(
    digest_advisor: Advisor, question: str, expected: str
) -> None:
    answer = digest_advisor.answer(question)
    assert answer.covered and answer.mode == "offline"
    assert Path(answer.sources[0].source).stem == expected
    assert f"{FURTHER[answer.language]} " in answer.answer
    blocks = body_blocks(answer.answer)
    assert blocks and "[1]" in blocks[0]
    sentences = [s for block in blocks for s in shown_sentences(block)]
    assert 1 <= len(sentences) <= 7
    assert not [s for s in sentences if is_orphan(s)]


@pytest.mark.parametrize(("question", "_expected"), QUESTIONS)
def test_digest_sentences_are_verbatim_and_in_document_order(
    digest_advisor: Advisor, question: str, _expected: str
) -> None:
    answer = digest_advisor.answer(question)
    by_number = {s.n: s.source for s in answer.sources}
    for block in body_blocks(answer.answer):
        numbers = {int(n) for n in re.findall(r"\[(\d+)\]", block)}
        assert len(numbers) == 1  # one paragraph, one source
        document = document_text(by_number[numbers.pop()])
        positions = [document.find(s.rstrip(".")[:40]) for s in shown_sentences(block)]
        assert -1 not in positions, block  # every sentence comes from the cited document
        assert positions == sorted(positions), block


def test_frequency_fragments_are_left_out(digest_advisor: Advisor) -> None:
    answer = digest_advisor.answer("à quelle fréquence publier sur Facebook?").answer
    assert "La régularité compte davantage que le volume" in answer
    assert "deux à quatre publications par semaine" not in answer


def test_english_question_gets_english_framing_and_french_passages(
    digest_advisor: Advisor,
) -> None:
    answer = digest_advisor.answer("is it ok to only post our sales and discounts?")
    assert answer.language == "en"
    assert "written in French" in answer.answer and "Further reading:" in answer.answer
    assert "Voici ce que dit" not in answer.answer


def test_meta_reference_is_not_shown(digest_advisor: Advisor) -> None:
    answer = digest_advisor.answer("comment répondre à un commentaire négatif sur notre page?")
    assert "suivez le document" not in answer.answer
