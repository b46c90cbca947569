"""Word (.docx) and PowerPoint (.pptx) files to Markdown: styles become headings, slides markers."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import TypeVar

from bot.retrieval.convert import ConversionError, Converted
from bot.retrieval.convert.tables import markdown_table
from bot.retrieval.pages import marker

T = TypeVar("T")
MAX_LEVEL = 4  # the splitter reads headings down to ####
_HEADING_STYLE = re.compile(r"^(?:heading|titre|überschrift|título)\s*(\d)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"\b(?:list|liste)\b", re.IGNORECASE)


# --- Word --------------------------------------------------------------------------------------
def _heading_level(style_name: str) -> int | None:
    """1 for « Title » and « Heading 1 », 2 for « Heading 2 »…; None for body styles."""
    name = style_name.strip()
    if name.lower() in ("title", "titre"):
        return 1
    match = _HEADING_STYLE.match(name)
    return min(int(match.group(1)), MAX_LEVEL) if match else None


def _open(opener: Callable[[io.BytesIO], T], data: bytes, what: str) -> T:
    """An Office file opened from bytes; ConversionError when it is not one (or is damaged)."""
    try:
        return opener(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ConversionError(f"not a readable {what} file: damaged or another format") from exc
    except Exception as exc:  # the packages' own "not a package" errors
        if type(exc).__name__ == "PackageNotFoundError":
            raise ConversionError(f"not a readable {what} file: damaged or another format") from exc
        raise


def convert_docx(data: bytes) -> Converted:
    """A Word document's paragraphs, headings, lists and tables, in reading order."""
    import docx
    from docx.table import Table

    document = _open(docx.Document, data, "Word (.docx)")
    blocks: list[str] = []
    first_heading = ""
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = [[cell.text for cell in row.cells] for row in item.rows]
            table = markdown_table(rows)
            if table:
                blocks.append(table)
            continue
        text = " ".join(item.text.split())
        if not text:
            continue
        style = item.style.name if item.style is not None else ""
        level = _heading_level(style or "")
        if level:
            first_heading = first_heading or text
            blocks.append(f"{'#' * level} {text}")
        elif _LIST_STYLE.search(style or "") or (
            item._p.pPr is not None and item._p.pPr.numPr is not None
        ):
            blocks.append(f"- {text}")
        else:
            blocks.append(text)
    title = (document.core_properties.title or "").strip() or first_heading
    return Converted("\n\n".join(blocks), {"title": title} if title else {})


# --- PowerPoint ---------------------------------------------------------------------------------
def _shapes(shapes: object) -> Iterator[object]:
    """Every shape, group shapes opened, in the slide's order."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    for shape in shapes:  # type: ignore[attr-defined]
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _shapes(shape.shapes)
        else:
            yield shape


def _slide_blocks(slide: object) -> tuple[str, list[str]]:
    """A slide's title and its other text: bullets by indent level, tables, then speaker notes."""
    title_shape = slide.shapes.title  # type: ignore[attr-defined]
    title = " ".join(title_shape.text_frame.text.split()) if title_shape is not None else ""
    blocks: list[str] = []
    for shape in _shapes(slide.shapes):  # type: ignore[attr-defined]
        if title_shape is not None and shape.shape_id == title_shape.shape_id:
            continue
        if getattr(shape, "has_table", False) and shape.has_table:
            rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
            table = markdown_table(rows)
            if table:
                blocks.append(table)
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            lines = []
            for paragraph in shape.text_frame.paragraphs:
                text = " ".join("".join(run.text for run in paragraph.runs).split())
                text = text.lstrip("•◦▪▫‣–—-*· ").strip()  # a bullet typed into the text
                if text:
                    lines.append(f"{'  ' * paragraph.level}- {text}")
            if lines:
                blocks.append("\n".join(lines))
    if slide.has_notes_slide:  # type: ignore[attr-defined]
        notes = slide.notes_slide.notes_text_frame  # type: ignore[attr-defined]
        text = " ".join(notes.text.split()) if notes is not None else ""
        if text:
            blocks.append(text)
    return title, blocks


def convert_pptx(data: bytes) -> Converted:
    """A deck: one section per titled slide, a slide marker before each, notes kept."""
    import pptx

    deck = _open(pptx.Presentation, data, "PowerPoint (.pptx)")
    parts: list[str] = []
    first_title = ""
    for number, slide in enumerate(deck.slides, start=1):
        title, blocks = _slide_blocks(slide)
        parts.append(marker("slide", number))
        if title:
            first_title = first_title or title
            parts.append(f"## {title}")
        parts.extend(blocks)
    deck_title = (deck.core_properties.title or "").strip() or first_title
    body = "\n\n".join(parts)
    if deck_title:
        body = f"# {deck_title}\n\n{body}"
    return Converted(body, {"title": deck_title} if deck_title else {})
