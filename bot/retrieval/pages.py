"""Page and slide markers: converters write them into the Markdown, the splitter reads them out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

PageKind = Literal["page", "slide"]
# One marker per line, where a page or a slide begins (« <!-- page 4 --> »); an HTML comment, so a
# Markdown reader of the converted text shows nothing.
_MARK = re.compile(r"^[ \t]*<!-- (page|slide) (\d{1,5}) -->[ \t]*$\n?", re.MULTILINE)


def marker(kind: PageKind, number: int) -> str:
    """The line that opens page or slide `number`."""
    return f"<!-- {kind} {number} -->"


def strip_markers(text: str) -> str:
    """`text` without its page and slide markers."""
    return _MARK.sub("", text)


@dataclass(frozen=True)
class Span:
    """The pages (or slides) a passage runs over: first and last, inclusive."""

    kind: PageKind
    first: int
    last: int


class PageTracker:
    """Follows the page in force through a document's passages, read in order.

    A passage starts on the page in force when text comes before its first marker, else on that
    marker's page; it ends on the page of its last marker. Overlapping passages (a splitter's
    overlap repeats the end of the previous one) read the same markers again: harmless."""

    def __init__(self) -> None:
        self.kind: PageKind | None = None
        self.page: int | None = None

    def read(self, passage: str) -> tuple[str, Span | None]:
        """The passage without markers, and the pages it covers (None: no marker seen yet)."""
        marks = list(_MARK.finditer(passage))
        if not marks:
            return passage, self._span(self.page, self.page)
        lead = passage[: marks[0].start()].strip()
        first = self.page if lead and self.page is not None else int(marks[0].group(2))
        self.kind = marks[-1].group(1)  # type: ignore[assignment]
        self.page = int(marks[-1].group(2))
        text = strip_markers(passage)
        body_after_last = passage[marks[-1].end() :].strip()
        last = self.page if body_after_last else max(first, self.page - 1)
        return text, self._span(first, max(first, last))

    def _span(self, first: int | None, last: int | None) -> Span | None:
        if self.kind is None or first is None or last is None:
            return None
        return Span(self.kind, first, last)


_LABELS = {
    ("page", "fr"): ("p.", "p."),
    ("page", "en"): ("p.", "pp."),
    ("slide", "fr"): ("diapo", "diapos"),
    ("slide", "en"): ("slide", "slides"),
}


def page_label(kind: str, pages: list[int], lang: str = "fr") -> str:
    """« p. 4 », « p. 4-5, 9 », « diapos 2, 3 »; empty without pages."""
    if not pages or kind not in ("page", "slide"):
        return ""
    one, many = _LABELS[(kind, "en" if lang == "en" else "fr")]
    runs: list[str] = []
    start = prev = pages[0]
    for page in [*pages[1:], None]:
        if page is not None and page == prev + 1:
            prev = page
            continue
        runs.append(f"{start}-{prev}" if prev > start else str(start))
        if page is not None:
            start = prev = page
    plural = len(pages) > 1
    return f"{many if plural else one} {', '.join(runs)}"
