"""Offline grounded composer: an answer built from the best sentences of the retrieved passages."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.advisor.models import Language, Source
from bot.advisor.text import content_terms, sentences
from bot.retrieval.models import SearchResult

OFFLINE_LINE = {
    "fr": "Mode hors ligne : réponse composée à partir des extraits du guide Kilovolt, "
    "sans IA générative.",
    "en": "Offline mode: answer composed from excerpts of Kilovolt's guidance (in French), "
    "without generative AI.",
}
INTRO = {
    "fr": "Voici ce que dit le guide de Kilovolt à ce sujet :",
    "en": "Here is what Kilovolt's guidance says on this:",
}
OUTRO = {
    "fr": "Les numéros renvoient aux sources ci-dessous; pour une réponse rédigée sur mesure, "
    "configurez un modèle d'IA (KILOVOLT_LLM).",
    "en": "The numbers point to the sources below; for a tailored answer, configure an AI model "
    "(KILOVOLT_LLM).",
}
MIN_CHARS, MAX_CHARS = 30, 420


@dataclass(frozen=True)
class Candidate:
    """One sentence of a passage, with what it takes to rank it."""

    text: str
    source: str
    title: str
    terms: frozenset[str]
    score: float


def number_sources(results: list[SearchResult]) -> dict[str, Source]:
    """One number per guidance document, in rank order (chunks of a document share it)."""
    numbered: dict[str, Source] = {}
    for result in results:
        if result.source not in numbered:
            numbered[result.source] = Source(
                n=len(numbered) + 1, source=result.source, title=result.title
            )
    return numbered


def tidy(sentence: str) -> str:
    """A sentence fit to stand alone: no Markdown emphasis, capitalised, properly ended."""
    text = sentence.replace("**", "").replace("__", "").strip()
    if text.endswith((";", ",")):
        text = text[:-1] + "."
    return text[:1].upper() + text[1:]


def _candidates(query_terms: set[str], results: list[SearchResult]) -> list[Candidate]:
    out: list[Candidate] = []
    norm = math.sqrt(max(len(query_terms), 1))
    for position, result in enumerate(results):
        for index, sentence in enumerate(sentences(result.text)):
            if not MIN_CHARS <= len(sentence) <= MAX_CHARS or sentence.endswith(":"):
                continue
            terms = frozenset(content_terms(sentence))
            overlap = len(terms & query_terms) / norm
            score = overlap + 0.35 / (1 + position) + (0.1 if index < 2 else 0.0)
            out.append(Candidate(tidy(sentence), result.source, result.title, terms, score))
    return out


def _similar(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def select_sentences(
    question: str, results: list[SearchResult], limit: int = 5, diversity: float = 0.6
) -> list[Candidate]:
    """The `limit` best sentences, near-duplicates penalised (maximal marginal relevance)."""
    pool = _candidates(content_terms(question), results)
    chosen: list[Candidate] = []
    while pool and len(chosen) < limit:
        best = max(
            pool,
            key=lambda c: (
                c.score - diversity * max((_similar(c.terms, p.terms) for p in chosen), default=0)
            ),
        )
        chosen.append(best)
        pool = [c for c in pool if c is not best and c.text != best.text]
    return chosen


def compose_answer(
    question: str, results: list[SearchResult], language: Language, limit: int = 5
) -> tuple[str, list[Source]]:
    """The offline answer text (always marked offline) and the sources its [n] refer to."""
    chosen = select_sentences(question, results, limit)
    numbered = number_sources(results)
    cited: dict[str, Source] = {}
    lines = []
    for candidate in chosen:  # renumber by first citation so [1] is the first cited source
        if candidate.source not in cited:
            original = numbered[candidate.source]
            cited[candidate.source] = Source(
                n=len(cited) + 1, source=original.source, title=original.title
            )
        lines.append(f"• {candidate.text} [{cited[candidate.source].n}]")
    text = "\n".join([OFFLINE_LINE[language], "", INTRO[language], "", *lines, "", OUTRO[language]])
    return text, list(cited.values())


def not_covered_text(topics: list[str], language: Language) -> str:
    """The reply when the guidance does not cover a question: say so, list what it covers."""
    bullet_list = "\n".join(f"• {topic}" for topic in topics)
    if language == "en":
        return (
            "Kilovolt's guidance doesn't cover this question, so I'd rather not improvise. "
            "I can help with social-media communication for your business, for example:\n"
            f"{bullet_list}\n\nTry: “How do I promote an offer without flooding my followers?”"
        )
    return (
        "Le guide de Kilovolt ne couvre pas cette question, alors je préfère ne pas improviser. "
        "Je peux vous aider sur la communication de votre entreprise dans les médias sociaux, "
        f"par exemple :\n{bullet_list}\n\n"
        "Essayez : « Comment annoncer une offre sans inonder mes abonnés? »"
    )
