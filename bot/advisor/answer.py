"""Answering: retrieval query, coverage threshold, history budget, passages for the model."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.advisor.models import Language, Source, Turn
from bot.advisor.offline import number_sources
from bot.advisor.principles import Principle
from bot.advisor.text import approx_tokens
from bot.french import words
from bot.retrieval.models import SearchResult
from bot.retrieval.pages import page_label

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage

_CITATION = re.compile(r"\[(\d{1,2})\]")
_TAGS = re.compile(
    r"</?\s*(guidance|user_message|draft|conversation|passage|profile|framing)\b[^>]*>",
    re.IGNORECASE,
)
PASSAGE_CHARS = 1200  # per retrieved chunk sent to the model
CLOSEST_NOTE = "(closest guidance only: none of these passages addresses the question exactly)"


def neutralise(text: str) -> str:
    """User or retrieved text with our delimiter tags defused, so it cannot close a data block."""
    return _TAGS.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), text)


def bounded_history(history: Sequence[Turn], budget_tokens: int) -> list[Turn]:
    """The most recent turns that fit in `budget_tokens` (approximate), oldest first."""
    kept: list[Turn] = []
    used = 0
    for turn in reversed(history):
        cost = approx_tokens(turn.text) + 4
        if used + cost > budget_tokens:
            break
        kept.append(turn)
        used += cost
    return list(reversed(kept))


def retrieval_query(question: str, history: Sequence[Turn]) -> str:
    """The search query: a short follow-up is combined with the last user turn for context.

    Colloquial or English terms are expanded by the retriever itself (bot/retrieval/expansion.py).
    """
    last_user = next((t.text for t in reversed(history) if t.role == "user"), "")
    query = question
    if last_user and len(words(question)) < 12:
        query = f"{last_user[-400:]} {question}"
    return query


def covered_topics(
    principles: dict[str, Principle], language: Language, limit: int = 8
) -> list[str]:
    """What the guidance covers, as short labels for the not-covered reply."""
    return [p.label(language) for p in list(principles.values())[:limit]]


def format_passages(
    results: list[SearchResult], closest: bool = False
) -> tuple[str, dict[str, Source]]:
    """Numbered guidance passages for the prompt (one number per document) and their sources.

    `closest`: no passage addresses the question exactly; a first line tells the model so (the
    answer prompt has it say so to the user)."""
    numbered = number_sources(results)
    blocks = [CLOSEST_NOTE] if closest else []
    for result in results:
        n = numbered[result.source].n
        where = f"{result.title} — {result.section}" if result.section else result.title
        label = page_label(result.page_kind, result.pages)
        where = f"{where}, {label}" if label else where
        body = neutralise(result.text.strip()[:PASSAGE_CHARS])
        blocks.append(f"[{n}] {where} ({result.source})\n{body}")
    return "\n\n".join(blocks), numbered


def history_messages(history: Sequence[Turn]) -> list[BaseMessage]:
    """Earlier turns as chat messages; user turns stay wrapped as data."""
    from langchain_core.messages import AIMessage, HumanMessage  # only a model reads them

    out: list[BaseMessage] = []
    for turn in history:
        if turn.role == "user":
            out.append(HumanMessage(f"<user_message>\n{neutralise(turn.text)}\n</user_message>"))
        else:
            out.append(AIMessage(neutralise(turn.text)))
    return out


def cited_sources(text: str, numbered: dict[str, Source]) -> list[Source]:
    """The sources whose [n] appear in `text` (all of them when the model cited none)."""
    used = {int(n) for n in _CITATION.findall(text)}
    by_number = sorted(numbered.values(), key=lambda s: s.n)
    cited = [s for s in by_number if s.n in used]
    return cited or by_number
