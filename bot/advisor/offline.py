"""Offline grounded composer: an answer built from the best sentences of the retrieved passages."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bot.advisor.excerpts import Excerpt, excerpts
from bot.advisor.intent import intent_terms
from bot.advisor.models import Language, Source
from bot.french import content_terms
from bot.retrieval.models import SearchResult

OFFLINE_LINE = {
    "fr": "Mode hors ligne : réponse composée à partir des extraits du guide Kilovolt, "
    "sans IA générative.",
    "en": "Offline mode: answer composed from excerpts of Kilovolt's guidance (in French), "
    "without generative AI.",
}
INTRO = {
    "fr": "Voici ce que dit le guide de Kilovolt à ce sujet :",
    "en": "Kilovolt's guidance is written in French; here are the passages that answer your "
    "question:",
}
CLOSEST_INTRO = {
    "fr": "Le guide de Kilovolt ne traite pas exactement de cette question; voici ce qu'il dit "
    "de plus proche :",
    "en": "Kilovolt's guidance (written in French) doesn't address this exactly; here is the "
    "closest it has:",
}
FURTHER = {"fr": "Pour aller plus loin :", "en": "Further reading:"}
OUTRO = {
    "fr": "Les numéros renvoient aux sources ci-dessous; pour une réponse rédigée sur mesure, "
    "configurez un modèle d'IA (KILOVOLT_LLM).",
    "en": "The numbers point to the sources below; for a tailored answer, configure an AI model "
    "(KILOVOLT_LLM).",
}
MAX_CHARS = 420
MAX_PASSAGES = 3
PRINCIPLE_SECTION = "ce que kilovolt affirme"
# A sentence stating Kilovolt's own position (« Selon Kilovolt, … », « Kilovolt recommande … »).
_STATED = re.compile(
    r"\b(?:selon|pour|d'après) (?:kilovolt|l'agence)\b|^(?:kilovolt|l'agence) \w+", re.IGNORECASE
)


@dataclass(frozen=True)
class Candidate:
    """One showable sentence of a retrieved passage, with its relevance to the question."""

    excerpt: Excerpt
    passage: int  # position of its passage in the retrieval results (0 = best)
    source: str
    section: str
    terms: frozenset[str]
    score: float
    on_topic: bool = True  # its passage shares a core term of the question

    @property
    def text(self) -> str:
        """The sentence as shown."""
        return self.excerpt.text


def number_sources(results: list[SearchResult]) -> dict[str, Source]:
    """One number per guidance document, in rank order (chunks of a document share it)."""
    numbered: dict[str, Source] = {}
    for result in results:
        if result.source not in numbered:
            numbered[result.source] = Source(
                n=len(numbered) + 1, source=result.source, title=result.title
            )
        source = numbered[result.source]
        if result.pages:  # a converted PDF or deck: the pages of every passage drawn on
            source.page_kind = result.page_kind
            source.pages = sorted({*source.pages, *result.pages})
    return numbered


def _idf(pool: list[frozenset[str]]) -> dict[str, float]:
    counts: dict[str, int] = {}
    for terms in pool:
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
    return {t: math.log(1 + len(pool) / c) for t, c in counts.items()}


def _coverage(terms: frozenset[str], weights: dict[str, float], total: float) -> float:
    """The share of the question's (weighted) intent that `terms` speak to, 0 to 1."""
    return sum(weights.get(t, 0.0) for t in terms) / total if total else 0.0


def _score(
    excerpt: Excerpt, relevance: float, heading: float, result: SearchResult, on_topic: bool
) -> float:
    """Relevance first; retrieval rank counts fully only for passages that share the question's
    core (non-generic) terms, so a chunk matched on « semaine » or « facebook » can't lead."""
    principle = result.section.casefold().startswith(PRINCIPLE_SECTION)
    score = relevance + 0.5 * heading + (0.5 if on_topic else 0.15) / (1 + _rank(result))
    if principle or _STATED.search(excerpt.text):
        score += 0.12 if relevance or heading else 0.0
    if excerpt.index == 0:
        score += 0.05
    if excerpt.meta:
        score -= 0.5
    return score


def _rank(result: SearchResult) -> int:
    return max(result.rank - 1, 0)


def candidates(question: str, results: list[SearchResult]) -> list[Candidate]:
    """Every sentence of the passages that can stand alone, scored against the question's intent.

    Relevance is the share of the question's terms (inverse-frequency weighted over the passages,
    generic platform words down-weighted) that a sentence covers; the passage's section heading,
    its retrieval rank and Kilovolt's stated principles add to it.
    """
    query = intent_terms(question)
    split = [(result, excerpts(result.text)) for result in results]
    headings = [frozenset(content_terms(f"{r.title} {r.section}")) for r, _ in split]
    sentence_terms = [frozenset(content_terms(e.text)) for _, found in split for e in found]
    idf = _idf(sentence_terms + headings)
    unseen = math.log(1 + len(sentence_terms) + len(headings))
    weights = {t: w * idf.get(t, unseen) for t, w in query.items()}
    total = sum(weights.values())
    core = {t for t, w in query.items() if w == 1.0 and t in idf}
    out: list[Candidate] = []
    terms_iter = iter(sentence_terms)
    for position, (result, found) in enumerate(split):
        heading = _coverage(headings[position], weights, total)
        passage_terms = [next(terms_iter) for _ in found]
        on_topic = not core or bool(core & headings[position].union(*passage_terms))
        for excerpt, terms in zip(found, passage_terms, strict=True):
            if excerpt.orphan or len(excerpt.text) > MAX_CHARS:
                continue
            relevance = _coverage(terms, weights, total)
            score = _score(excerpt, relevance, heading, result, on_topic)
            out.append(
                Candidate(excerpt, position, result.source, result.section, terms, score, on_topic)
            )
    return out


def _similar(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _gain(candidate: Candidate, chosen: list[Candidate], diversity: float) -> float:
    """Marginal value of adding `candidate`: coherent runs of one passage beat scattered bits."""
    same = [c for c in chosen if c.passage == candidate.passage]
    passages = {c.passage for c in chosen}
    gain = candidate.score
    gain -= diversity * max((_similar(candidate.terms, c.terms) for c in chosen), default=0.0)
    if same:
        gain += 0.08
    elif len(passages) >= MAX_PASSAGES or (chosen and not candidate.on_topic):
        return -math.inf  # a further passage must speak to the question's core terms
    if candidate.excerpt.anaphoric:
        previous = candidate.excerpt.index - 1
        gain += 0.1 if any(c.excerpt.index == previous for c in same) else -0.3
    return gain


def select_sentences(
    question: str, results: list[SearchResult], limit: int = 5, diversity: float = 0.5
) -> list[Candidate]:
    """The `limit` best sentences, at most three passages, near-duplicates penalised."""
    pool = candidates(question, results)
    chosen: list[Candidate] = []
    floor = 0.0
    while pool and len(chosen) < limit:
        best = max(pool, key=lambda c: _gain(c, chosen, diversity))
        gain = _gain(best, chosen, diversity)
        if chosen and gain < floor:
            break
        if not chosen:
            floor = 0.45 * best.score  # don't pad a focused answer with unrelated sentences
        chosen.append(best)
        pool = [c for c in pool if c is not best and c.text != best.text]
    return chosen


def _groups(chosen: list[Candidate]) -> list[list[Candidate]]:
    """Chosen sentences grouped by section, in document order; the strongest group first."""
    by_section: dict[tuple[str, str], list[Candidate]] = {}
    for candidate in chosen:
        by_section.setdefault((candidate.source, candidate.section), []).append(candidate)
    groups = [sorted(g, key=lambda c: (c.passage, c.excerpt.index)) for g in by_section.values()]
    return sorted(groups, key=lambda g: -max(c.score for c in g))


def _render(group: list[Candidate], n: int) -> list[str]:
    """A passage's sentences: prose as one paragraph, list items as bullets, each cited."""
    blocks: list[str] = []
    prose: list[str] = []
    for candidate in group:
        if candidate.excerpt.item:
            if prose:
                blocks.append(" ".join(prose) + f" [{n}]")
                prose = []
            blocks.append(f"• {candidate.text} [{n}]")
        else:
            prose.append(candidate.text)
    if prose:
        blocks.append(" ".join(prose) + f" [{n}]")
    return blocks


def compose_answer(
    question: str,
    results: list[SearchResult],
    language: Language,
    limit: int = 5,
    closest: bool = False,
) -> tuple[str, list[Source]]:
    """The offline answer text (always marked offline) and the sources its [n] refer to.

    `closest`: the guidance does not address the question exactly; the introduction says so."""
    groups = _groups(select_sentences(question, results, limit))
    numbered = number_sources(results)
    cited: dict[str, Source] = {}
    paragraphs: list[str] = []
    further: list[str] = []
    for group in groups:  # renumber by first citation so [1] is the first cited source
        source = group[0].source
        if source not in cited:
            original = numbered[source]
            cited[source] = original.model_copy(update={"n": len(cited) + 1})
        n = cited[source].n
        paragraphs.append("\n".join(_render(group, n)))
        label = f"« {group[0].section or cited[source].title} » [{n}]"
        if label not in further:
            further.append(label)
    intro = (CLOSEST_INTRO if closest else INTRO)[language]
    parts = [OFFLINE_LINE[language], intro, *paragraphs]
    if further:
        parts.append(f"{FURTHER[language]} {'; '.join(further)}.")
    parts.append(OUTRO[language])
    return "\n\n".join(parts), list(cited.values())


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
