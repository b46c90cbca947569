"""PDF to Markdown with pdfplumber: headings from font sizes, tables kept, one marker per page.

A PDF has no headings, only text in various sizes: a line set clearly larger than the body text
(or bold at body size, and short) is a heading, its level given by its size among the document's
heading sizes. Running headers and footers (the same line at the top or bottom of most pages) and
bare page numbers are dropped. Tables found by pdfplumber become pipe tables in place. A PDF with
no text layer (a scan) is refused with a clear reason rather than indexed empty.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from bot.retrieval.convert import ConversionError, Converted
from bot.retrieval.convert.tables import markdown_table
from bot.retrieval.pages import marker

HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
MAX_HEADING_CHARS = 120
MAX_LEVEL = 4
MAX_PAGES = 500
SCANNED_CHARS_PER_PAGE = 20  # fewer characters than this on every page: no text layer
EDGE = 0.1  # top and bottom tenth of a page: where running headers and footers sit
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.)?\s*\d{1,4}(?:\s*(?:/|de|of|sur)\s*\d{1,4})?$", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")


@dataclass
class Line:
    """One line of text on a page, with its size and whether it is bold."""

    text: str
    top: float
    bottom: float
    size: float
    bold: bool
    page_height: float

    @property
    def at_edge(self) -> bool:
        return self.top < EDGE * self.page_height or self.bottom > (1 - EDGE) * self.page_height


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _lines(page: object, boxes: list[tuple[float, float, float, float]]) -> list[Line]:
    """The page's text lines outside its tables."""
    free = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page  # type: ignore[attr-defined]
    out = []
    for raw in free.extract_text_lines(return_chars=True, strip=True):
        chars = [c for c in raw["chars"] if c["text"].strip()]
        text = " ".join(raw["text"].split())
        if not chars or not text:
            continue
        sizes = Counter(round(c["size"], 1) for c in chars)
        bold = sum("bold" in str(c.get("fontname", "")).lower() for c in chars) > len(chars) / 2
        out.append(
            Line(text, raw["top"], raw["bottom"], sizes.most_common(1)[0][0], bold, page.height)  # type: ignore[attr-defined]
        )
    return out


def _running(pages: list[list[Line]]) -> set[str]:
    """Lines at a page's edge that repeat (digits aside) on at least half of 3+ pages."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:  # each text once per page
        seen.update({_DIGITS.sub("#", line.text) for line in lines if line.at_edge})
    return {text for text, n in seen.items() if n >= max(2, len(pages) / 2)}


def _heading_levels(lines: list[Line], body: float) -> dict[float, int]:
    """Heading sizes, largest first, mapped to levels 1..MAX_LEVEL."""
    sizes = sorted(
        {
            ln.size
            for ln in lines
            if ln.size >= body * HEADING_RATIO and len(ln.text) <= MAX_HEADING_CHARS
        },
        reverse=True,
    )
    return {size: min(n + 1, MAX_LEVEL) for n, size in enumerate(sizes)}


def convert_pdf(data: bytes) -> Converted:
    """The PDF's text as Markdown, a page marker before each page."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = list(pdf.pages)
    except Exception as exc:  # pdfplumber wraps pdfminer's errors: look inside
        inner = [exc, *exc.args, exc.__context__]
        if any(isinstance(e, PDFPasswordIncorrect | PDFEncryptionError) for e in inner):
            raise ConversionError(
                "the PDF is password-protected: export an unprotected copy"
            ) from exc
        raise ConversionError(f"not a readable PDF ({type(exc).__name__}): damaged?") from exc
    with pdf:
        if not pages:
            raise ConversionError("the PDF has no pages")
        if len(pages) > MAX_PAGES:  # pdfminer reads every character: bound the work per file
            raise ConversionError(
                f"the PDF has {len(pages)} pages, over the {MAX_PAGES}-page limit: split it"
            )
        per_page: list[list[Line]] = []
        tables: list[list[tuple[float, str]]] = []
        images = 0
        for page in pages:
            found = page.find_tables()
            boxes = [t.bbox for t in found]
            per_page.append(_lines(page, boxes))
            tables.append([(t.bbox[1], markdown_table(t.extract())) for t in found])
            images += len(page.images)
        title = str((pdf.metadata or {}).get("Title") or "").strip()
    chars = [sum(len(ln.text) for ln in lines) for lines in per_page]
    if all(n < SCANNED_CHARS_PER_PAGE for n in chars) and not any(tables):
        why = "it holds only images (a scan)" if images else "it has no text layer"
        raise ConversionError(f"no text to index in the PDF: {why}; run it through OCR first")
    warnings = []
    empty = [str(n) for n, count in enumerate(chars, start=1) if count < SCANNED_CHARS_PER_PAGE]
    if empty:
        warnings.append(f"no text layer on page(s) {', '.join(empty[:10])} (scanned?): not indexed")
    return Converted(*_markdown(per_page, tables, title), warnings=tuple(warnings))


def _markdown(
    per_page: list[list[Line]], tables: list[list[tuple[float, str]]], title: str
) -> tuple[str, dict[str, object]]:
    running = _running(per_page)
    every = [ln for lines in per_page for ln in lines]
    weights: Counter[float] = Counter()
    for ln in every:
        weights[ln.size] += len(ln.text)
    body = weights.most_common(1)[0][0] if weights else 10.0
    levels = _heading_levels(every, body)
    bold_level = min(max(levels.values(), default=0) + 1, MAX_LEVEL)
    parts: list[str] = []
    first_heading = ""
    for number, (lines, page_tables) in enumerate(zip(per_page, tables, strict=True), start=1):
        parts.append(marker("page", number))
        items: list[tuple[float, str, Line | None]] = [
            (top, table, None) for top, table in page_tables if table
        ]
        items += [(ln.top, ln.text, ln) for ln in lines]
        paragraph: list[str] = []
        last_bottom: float | None = None
        heading_bottom: float | None = None  # the heading line just above, if any
        for top, text, line in sorted(items, key=lambda item: item[0]):
            if line is None:  # a table
                _flush(parts, paragraph)
                parts.append(text)
                last_bottom = heading_bottom = None
                continue
            if _PAGE_NUMBER.match(text) or (line.at_edge and _DIGITS.sub("#", text) in running):
                continue
            level = levels.get(line.size)
            if (
                level is None
                and line.bold
                and len(text) <= 80
                and not text.endswith((".", ",", ";"))
            ):
                level = bold_level if line.size >= body else None
            if level is not None:
                _flush(parts, paragraph)
                hashes = "#" * level
                close = heading_bottom is not None and top - heading_bottom < line.bottom - line.top
                if close and parts[-1].startswith(f"{hashes} "):  # a heading on two lines
                    parts[-1] = f"{parts[-1]} {text}"
                else:
                    parts.append(f"{hashes} {text}")
                first_heading = first_heading or parts[-1].lstrip("# ")
                heading_bottom, last_bottom = line.bottom, None
                continue
            heading_bottom = None
            gap = top - last_bottom if last_bottom is not None else 0.0
            if paragraph and gap > (line.bottom - line.top) * 0.8:
                _flush(parts, paragraph)
            paragraph.append(text)
            last_bottom = line.bottom
        _flush(parts, paragraph)
    title = title or first_heading
    return "\n\n".join(parts), ({"title": title} if title else {})


def _flush(parts: list[str], paragraph: list[str]) -> None:
    """Join a paragraph's lines (a hyphen at a line's end joins the word) and start a new one."""
    if not paragraph:
        return
    text = paragraph[0]
    for line in paragraph[1:]:
        joined = text.endswith("-") and line[:1].islower()  # a word cut at the line's end
        text = text[:-1] + line if joined else f"{text} {line}"
    parts.append(text)
    paragraph.clear()
