"""Bilingual drafts: the draft cut into French and English parts (paragraphs, else lines), and
whether the French comes first and is at least as complete as the English.

The Charter asks that French be offered in conditions at least as favourable as another
language; the critique only raises it as a point to check, never as legal advice."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.french import LINK, detect_language, words

_PARAGRAPHS = re.compile(r"\n\s*\n")
# A line that only separates two versions: dashes, dots, stars, slashes, pipes or a flag label.
_SEPARATOR = re.compile(
    r"^\s*(?:[-—–_*·•=~/|.]\s*){1,}$|^\s*(?:fr|en|français|english)\s*:?\s*$", re.I
)
# Not the writer's words: links, e-mail addresses, hashtags, @mentions, emoji codes (:tada:).
NOT_WORDS = re.compile(
    r"https?://\S+|\bwww\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|(?<![\w&])[#@][\w-]+|:[a-z0-9_+'-]+:"
)
_AMOUNT = re.compile(r"\$\s?\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?\s?\$")
_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?", re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# A shorter part in the other language (« Merci! », "Shop local!") does not make a post bilingual.
MIN_PART_WORDS = 4
SHORTER_RATIO = 0.8  # French under 80 % of the English words: clearly the lesser version
MIN_GAP_WORDS = 5  # ... and at least this many words shorter (two short lines are not « shorter »)


@dataclass(frozen=True)
class Part:
    """A paragraph (or line) of a draft and its language: 'fr', 'en' or '' (no words to tell)."""

    text: str
    language: str


@dataclass(frozen=True)
class Bilingual:
    """What a bilingual draft's French and English parts look like side by side."""

    english_first: bool
    french_words: int
    english_words: int
    missing: list[str] = field(default_factory=list)  # link, price, time or date only in English

    @property
    def french_shorter(self) -> bool:
        """The French version is clearly shorter than the English one."""
        return french_shorter(self.french_words, self.english_words)


def french_shorter(french_words: int, english_words: int) -> bool:
    """True when the French part is clearly shorter: under 80 % of the English words, and at
    least five words fewer."""
    gap = english_words - french_words
    return french_words < SHORTER_RATIO * english_words and gap >= MIN_GAP_WORDS


def _language_of(text: str) -> str:
    """'fr' or 'en' for a part with language evidence, '' for one without (links, hashtags,
    names, emoji): `detect_language` says 'fr' by default, so a part counts as French only if
    one English word added would not tip it."""
    prose = NOT_WORDS.sub(" ", text)
    if not words(prose):
        return ""
    language = detect_language(prose)
    if language == "fr" and detect_language(prose + " the") == "en":
        return ""
    return language


def split_parts(text: str) -> list[Part]:
    """The draft's paragraphs with their language; a one-paragraph draft is cut into lines."""
    chunks = [c for c in _PARAGRAPHS.split(text) if c.strip()]
    if len(chunks) <= 1:
        chunks = text.splitlines()
    out: list[Part] = []
    for chunk in chunks:
        if not chunk.strip() or _SEPARATOR.match(chunk):
            continue
        out.append(Part(chunk, _language_of(chunk)))
    return out


@lru_cache(maxsize=8)  # register and typography read the same draft in turn
def french_text(text: str) -> str:
    """The draft's French parts and parts without words (English parts blanked, so positions in
    the French parts are unchanged): where French rules (typography, register) apply."""
    out = text
    for part in split_parts(text):
        if part.language == "en":
            out = out.replace(part.text, " " * len(part.text), 1)
    return out


def _word_count(parts: list[Part]) -> int:
    return sum(len(words(NOT_WORDS.sub(" ", p.text))) for p in parts)


def _facts(text: str) -> dict[str, str]:
    """Links, amounts, clock times and other numbers of a part, keyed by a comparable form
    (« 7 pm » and « 19 h » both give 19; « $20 » and « 20 $ » both give 20)."""
    found: dict[str, str] = {}
    for match in LINK.finditer(text):
        found.setdefault("link:" + match.group().rstrip(".,;!?)").lower(), match.group())
    rest = LINK.sub(" ", text)
    for match in _AMOUNT.finditer(rest):
        value = _NUMBER.search(match.group())
        if value:
            found.setdefault(_number(value.group()), match.group().strip())
    for match in _CLOCK.finditer(rest):
        hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
        found.setdefault(str(hour), match.group().strip())
    rest = _CLOCK.sub(" ", _AMOUNT.sub(" ", rest))
    for match in _NUMBER.finditer(rest):
        found.setdefault(_number(match.group()), match.group())
    return found


def _number(raw: str) -> str:
    """A number in a comparable form: « 19.99 » and « 19,99 » alike, « 20.00 » as « 20 »."""
    value = raw.replace(",", ".")
    if value.endswith((".00", ".0")):
        value = value.split(".")[0]
    return value.lstrip("0") or "0"


def _french_numbers(text: str) -> set[str]:
    """Comparable numbers of the French parts (« 19 h 30 » gives 19 and 30; « 7 h » gives 7)."""
    keys = set(_facts(text))
    return keys | {_number(n) for n in _NUMBER.findall(LINK.sub(" ", text))}


def read_bilingual(text: str) -> Bilingual | None:
    """The comparison of a draft's French and English parts (None unless it has both)."""
    parts = split_parts(text)
    french = [p for p in parts if p.language == "fr"]
    english = [p for p in parts if p.language == "en"]
    fr_words, en_words = _word_count(french), _word_count(english)
    if min(fr_words, en_words) < MIN_PART_WORDS:
        return None
    first = next(p.language for p in parts if p.language)
    french_side = "\n".join(p.text for p in parts if p.language != "en")
    known = _french_numbers(french_side)
    english_facts = _facts("\n".join(p.text for p in english))
    missing = [shown for key, shown in english_facts.items() if key not in known]
    return Bilingual(
        english_first=first == "en",
        french_words=fr_words,
        english_words=en_words,
        missing=missing[:4],
    )
