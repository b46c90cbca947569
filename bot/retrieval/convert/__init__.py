"""Documents agencies really have (PDF, Word, PowerPoint, web pages) converted to Markdown.

Each converter returns Markdown whose headings become sections (splitter.py) and, for PDFs and
decks, page or slide markers (pages.py) that become each passage's page in its citation. A file
that cannot be read raises ConversionError with one short reason, in English, that the indexer
reports beside the file name; nothing else is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


class ConversionError(ValueError):
    """A file that cannot be converted, with a short reason (corrupt, scanned, protected…)."""


@dataclass(frozen=True)
class Converted:
    """A converted document: Markdown body, metadata found in the file, caveats."""

    text: str
    metadata: dict[str, object] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


Converter = Callable[[bytes], Converted]


def _pdf(data: bytes) -> Converted:
    from bot.retrieval.convert.pdf import convert_pdf  # pdfplumber loads only when needed

    return convert_pdf(data)


def _docx(data: bytes) -> Converted:
    from bot.retrieval.convert.office import convert_docx

    return convert_docx(data)


def _pptx(data: bytes) -> Converted:
    from bot.retrieval.convert.office import convert_pptx

    return convert_pptx(data)


def _html(data: bytes) -> Converted:
    from bot.retrieval.convert.html import convert_html

    return convert_html(data)


CONVERTERS: dict[str, Converter] = {
    ".pdf": _pdf,
    ".docx": _docx,
    ".pptx": _pptx,
    ".html": _html,
    ".htm": _html,
}
# Formats people try that are not read (old binary Office files): a clear word, not silence.
UNSUPPORTED = {
    ".doc": "old Word format (.doc): save it as .docx",
    ".ppt": "old PowerPoint format (.ppt): save it as .pptx",
    ".xls": "spreadsheets are not guidance: export the text as .md or .pdf",
    ".xlsx": "spreadsheets are not guidance: export the text as .md or .pdf",
    ".odt": "OpenDocument text (.odt): save it as .docx or .pdf",
    ".rtf": "RTF: save it as .docx or .pdf",
}


def convert(path: Path, data: bytes) -> Converted:
    """The Markdown of a PDF, DOCX, PPTX or HTML file; ConversionError when it cannot be read."""
    converter = CONVERTERS.get(path.suffix.lower())
    if converter is None:
        raise ConversionError(f"unsupported file type {path.suffix or '(none)'}")
    try:
        converted = converter(data)
    except ConversionError:
        raise
    except Exception as exc:  # a parser's own error on a damaged file: one line, no traceback
        raise ConversionError(f"cannot read the file ({type(exc).__name__}): damaged?") from exc
    if not converted.text.strip():
        raise ConversionError("no text found in the file")
    return converted
