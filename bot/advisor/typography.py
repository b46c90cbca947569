"""French typography a Quebec reader notices: spaces before « : ; ! ? » (Quebec or France
convention), straight quotes around French words, 12-hour or colon times, dollar amounts.

Each fix is what was written and its corrected form. Only the draft's French parts are read, and
never links, e-mail addresses, hashtags, @mentions, code, Slack's <…> tokens or emoji codes.
Precision over recall: a colon between numbers is a time only when the words around say so
(« 3:1 » is a score, « 16:9 » a ratio)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.advisor.bilingual import french_text
from bot.french import detect_language, words

Spacing = Literal["quebec", "france"]
Span = tuple[int, int, str]  # start, end, corrected form
HIDDEN = "\x00"
_PROTECTED = re.compile(
    r"```.*?```|`[^`\n]*`|<[^>\n]*>|https?://\S+|\bwww\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|ca|org|net|shop|store|quebec)(?:/\S*)?"
    r"|(?<![\w&])[#@][\w-]+|:[a-z0-9_+'-]+:",  # the last: Slack's emoji codes (:tada:)
    re.S,
)
_SPACE = "[ \u00a0\u202f]"
_BEFORE = r"([\w)»%]{1,20})"  # the word (or closing sign) the punctuation follows
_COLON_TIGHT = re.compile(_BEFORE + r":(?=[ \t\u00a0]|$)", re.M)
_SPACED = re.compile(_BEFORE + _SPACE + r"+([;!?])(?![)\-(])")
_TIGHT = re.compile(_BEFORE + r"([;!?])(?![)\-(\w])")
_STRAIGHT_QUOTES = re.compile(r'(?<![\w"])"([^"\s][^"\n]{0,78}?)"(?![\w"])')
_H_TIME = re.compile(r"(?<![\w.,:/])(\d{1,2})( ?)([hH])(\d{2})?(?![\w:/])")
_AMPM = re.compile(r"(?<![\w.,:])(\d{1,2})(?::(\d{2}))?\s?([aApP])(?:\.\s?[mM]\.?|[mM])(?!\w)")
_COLON_TIME = re.compile(r"(?<![\w.,:/])(\d{1,2}):(\d{2})(?![\w:/]|[.,]\d)")
_TIME_CUE_BEFORE = re.compile(
    r"(?:\b(?:à|a|dès|des|de|vers|jusqu'à|entre|avant|après|et|au|ouvert|ouverture|heure)"
    r"|[-–])\s*$",
    re.I,
)
_TIME_CUE_AFTER = re.compile(r"^\s*(?:-|–|à|a)\s*\d{1,2}\s?[:h]", re.I)
_SCORE_WORDS = re.compile(
    r"\b(?:score|pointage|victoire|défaite|gagn\w*|perd\w*|match|partie|ratio|format|contre|vs)\b",
    re.I,
)
_DOLLAR_FIRST = re.compile(r"(?<![\w$])\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?(?![\d.,]\d)")
_POINT_DECIMAL = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})\s?\$")
_STUCK_DOLLAR = re.compile(r"(?<![\w.,])(\d+(?:,\d{2})?)\$")


@dataclass(frozen=True)
class Fix:
    """Something written against French typography, and how to write it."""

    found: str
    corrected: str


def _mask(text: str) -> str:
    """`text` with protected spans (links, addresses, tags, code) hidden, same length."""
    return _PROTECTED.sub(lambda m: HIDDEN * len(m.group()), text)


def _hours(hour: int, minutes: str | None) -> str:
    """« 9 h 30 », « 19 h » (on the hour, no minutes: « 10:00 » → « 10 h »)."""
    return f"{hour} h {minutes}" if minutes and minutes != "00" else f"{hour} h"


def _spacing(masked: str, spacing: Spacing) -> list[Span]:
    out = [(m.start(), m.end(), f"{m.group(1)} :") for m in _COLON_TIGHT.finditer(masked)]
    if spacing == "quebec":
        out += [(m.start(), m.end(), m.group(1) + m.group(2)) for m in _SPACED.finditer(masked)]
    else:
        out += [(m.start(), m.end(), f"{m.group(1)} {m.group(2)}") for m in _TIGHT.finditer(masked)]
    return out


def _quotes(masked: str) -> list[Span]:
    out = []
    for match in _STRAIGHT_QUOTES.finditer(masked):
        inner = match.group(1).rstrip()
        if HIDDEN in inner or not words(inner) or detect_language(inner) == "en":
            continue  # a link inside, no word, or an English phrase quoted as such
        out.append((match.start(), match.end(), f"« {inner} »"))
    return out


def _times(masked: str) -> list[Span]:
    out = []
    for m in _AMPM.finditer(masked):
        hour, minutes = int(m.group(1)), m.group(2)
        if 1 <= hour <= 12 and (minutes is None or int(minutes) < 60):
            hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
            out.append((m.start(), m.end(), _hours(hour, minutes)))
    for m in _H_TIME.finditer(masked):
        hour, minutes = int(m.group(1)), m.group(4)
        if hour <= 24 and (minutes is None or int(minutes) < 60):
            out.append((m.start(), m.end(), _hours(hour, minutes)))
    for m in _COLON_TIME.finditer(masked):
        hour, minutes = int(m.group(1)), m.group(2)
        line_start = masked.rfind("\n", 0, m.start()) + 1
        line_end = masked.find("\n", m.end())
        line = masked[line_start : None if line_end < 0 else line_end]
        cued = _TIME_CUE_BEFORE.search(masked[max(line_start, m.start() - 14) : m.start()])
        cued = cued or _TIME_CUE_AFTER.match(masked[m.end() : m.end() + 12])
        if hour <= 23 and int(minutes) < 60 and cued and not _SCORE_WORDS.search(line):
            out.append((m.start(), m.end(), _hours(hour, minutes)))
    return out


def _amount(whole: str, cents: str | None) -> str:
    return whole.replace(",", " ") + (f",{cents}" if cents else "") + " $"


def _prices(masked: str) -> list[Span]:
    out = [
        (m.start(), m.end(), _amount(m.group(1), m.group(2)))
        for m in _DOLLAR_FIRST.finditer(masked)
    ]
    out += [
        (m.start(), m.end(), _amount(m.group(1), m.group(2)))
        for m in _POINT_DECIMAL.finditer(masked)
    ]
    out += [(m.start(), m.end(), m.group(1) + " $") for m in _STUCK_DOLLAR.finditer(masked)]
    return out


def _accepted(spans: list[Span], taken: list[tuple[int, int]]) -> list[Span]:
    """The spans that overlap none taken so far (longest first at a position), recorded."""
    out = []
    for start, stop, corrected in sorted(spans, key=lambda span: (span[0], -span[1])):
        if all(stop <= a or start >= b for a, b in taken):
            taken.append((start, stop))
            out.append((start, stop, corrected))
    return out


def find_typography(text: str, spacing: Spacing = "quebec") -> list[Fix]:
    """The typography fixes of a draft's French parts, in reading order, each once. Times,
    prices and quotes come first; a spacing fix touching one of them is left out."""
    source = french_text(text)
    masked = _mask(source)
    taken: list[tuple[int, int]] = []
    spans = _accepted([*_times(masked), *_prices(masked), *_quotes(masked)], taken)
    spans += _accepted(_spacing(masked, spacing), taken)
    out: list[Fix] = []
    for start, stop, corrected in sorted(spans):
        found = source[start:stop]
        same = found.replace("\u00a0", " ").replace("\u202f", " ") == corrected
        if not same and all(f.found != found for f in out):
            out.append(Fix(found, corrected))
    return out


def shown_fixes(fixes: list[Fix]) -> list[str]:
    """Each fix as « found » → « corrected » (a straight-quoted phrase shown as written)."""
    return [
        f"{f.found} → {f.corrected}"
        if f.found.startswith('"')
        else f"« {f.found} » → « {f.corrected} »"
        for f in fixes
    ]


def listed(items: list[str], limit: int = 5) -> str:
    """The first items separated by semicolons, and +N for the rest."""
    more = len(items) - limit
    return "; ".join(items[:limit]) + (f" (+{more})" if more > 0 else "")
