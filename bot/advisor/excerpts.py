"""A guidance passage cut into showable sentences, each flagged when it cannot stand alone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.french import EMOJI, fold, words

_ITEM = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_CHECKBOX = re.compile(r"^\[[ xX]\]\s*")
_POINTER = re.compile(r"\s*(?:→\s*)?`[^`]*`")
_SEE = re.compile(r"\s*\((?:voir|see)\b[^)]*\)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"“(\[]?[A-ZÀ-ÖØ-Þ0-9])")
_LABEL = re.compile(r"^(\*\*[^*]+\*\*|[^:]{1,60}?)\s:\s(.+)$")
_META = re.compile(r"\b(?:le|au) document\b|\bpassez au\b", re.IGNORECASE)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# First words that point back at the previous sentence (« Il évite… », « Cette erreur… »).
_ANAPHORIC = _wordset(
    "il ils elle elles cela ca c ce cette ces cet et mais donc ainsi sinon celui celle ceux "
    "autrement puis aussi"
)
# Finite verbs and verb endings frequent in the guidance: a list item without any is a fragment.
_VERBS = _wordset(
    """est sont a ont fait font faut peut peuvent doit doivent va vont reste restent donne
    donnent compte comptent vaut suffit suffisent permet permettent cree montre montrent
    devient rend rendent sert servent demande aide aident"""
)
_BACK_REFERENCES = (
    "le second",
    "la seconde",
    "le premier",
    "la premiere",
    "le deuxieme",
    "ce dernier",
)
MIN_WORDS = 6


@dataclass(frozen=True)
class Excerpt:
    """One sentence of a passage, cleaned for display, with how it reads out of context."""

    text: str
    index: int  # position in the passage (document order)
    item: bool  # comes from a list item
    anaphoric: bool  # opens by pointing back at the previous sentence
    meta: bool  # only refers the reader to another document
    orphan: bool  # a fragment that makes no sense without its heading or list


def _has_verb(text: str) -> bool:
    for word in words(text):
        if word in _VERBS or (len(word) > 4 and word.endswith(("ez", "ons", "ait", "aient"))):
            return True
        if len(word) > 5 and word.endswith("ent") and not word.endswith("ment"):
            return True
    return False


def _is_orphan(raw: str, text: str, item: bool) -> bool:
    if _CHECKBOX.match(raw) or text.endswith((":", "?")) or "!!!" in text or EMOJI.search(text):
        return True
    if len(words(text)) < MIN_WORDS:
        return True
    label = _LABEL.match(raw)
    if label and not label.group(1).startswith("**"):
        head, rest = label.group(1), label.group(2)
        if len(words(head)) <= 4 and (len(words(rest)) < 10 or not _has_verb(rest)):
            return True  # « Facebook : deux à quatre publications par semaine. »
    return item and len(words(text)) < 12 and not _has_verb(text)


def clean(sentence: str) -> str:
    """A sentence fit to stand alone: no Markdown, pointers or checkbox; capitalised and ended."""
    text = _CHECKBOX.sub("", sentence.strip())
    text = _SEE.sub("", _POINTER.sub("", text)).replace("**", "").replace("__", "").strip()
    text = re.sub(r"\s+([.,])", r"\1", text)
    if text.endswith((";", ",", " —", " –")):
        text = text.rstrip(";, —–") + "."
    elif text and text[-1] not in ".!?…:»)":
        text += "."
    return text[:1].upper() + text[1:]


def _lines(text: str) -> list[tuple[str, bool]]:
    """Non-heading lines of a passage, each with whether it is a list item."""
    out: list[tuple[str, bool]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "|", "```")):
            continue
        item = bool(_ITEM.match(line))
        out.append((_ITEM.sub("", line).lstrip(">").strip(), item))
    return out


def excerpts(text: str) -> list[Excerpt]:
    """The sentences of a passage in document order, cleaned and flagged."""
    out: list[Excerpt] = []
    for line, item in _lines(text):
        for part in _SENTENCE_END.split(line):
            raw = part.strip()
            shown = clean(raw)
            if not shown:
                continue
            first = fold(shown.split(" ", 1)[0]).split("'")[0]
            folded = fold(shown)
            anaphoric = (
                first in _ANAPHORIC and not folded.startswith(("ce que", "ce qui"))
            ) or folded.startswith(_BACK_REFERENCES)
            out.append(
                Excerpt(
                    text=shown,
                    index=len(out),
                    item=item,
                    anaphoric=anaphoric,
                    meta=bool(_META.search(shown)),
                    orphan=_is_orphan(raw, shown, item),
                )
            )
    return out
