"""Data shapes shared by indexing and search."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Chunk(BaseModel):
    """One indexed piece of guidance with its metadata."""

    id: str
    text: str
    source: str  # path relative to the knowledge dir, POSIX separators
    title: str
    section: str = ""
    topic: str = ""
    lang: str = "fr"
    tags: list[str] = Field(default_factory=list)
    kind: str = "chunk"  # "chunk", or a whole-document row: "document" / "outline" (documents.py)
    # Where the passage stands in a converted PDF or deck (pages.py): "page" or "slide", first
    # and last; empty and 0 for Markdown and text files.
    page_kind: str = ""
    page_first: int = 0
    page_last: int = 0


class SearchResult(BaseModel):
    """One hit of a hybrid search, best first (`rank` starts at 1).

    `score` is the fused score (higher is better); `similarity` is the dense cosine similarity of
    the chunk to the query (None when the chunk came from BM25 only); `lexical` is the raw BM25
    score (0 when no query term matched). The advisor thresholds on `similarity`/`lexical`.
    """

    rank: int
    source: str
    title: str
    section: str
    score: float
    text: str
    topic: str = ""
    chunk_id: str = ""
    similarity: float | None = None
    lexical: float = 0.0
    page_kind: str = ""  # "page" / "slide" for a converted PDF or deck (pages.py)
    page_first: int = 0
    page_last: int = 0

    @property
    def pages(self) -> list[int]:
        """The pages (or slides) the passage runs over; empty when unknown."""
        if not self.page_kind or self.page_first < 1:
            return []
        return list(range(self.page_first, max(self.page_first, self.page_last) + 1))


class IndexReport(BaseModel):
    """Summary of one `kilovolt index` run (the `--json` output)."""

    files: int
    chunks: int
    added: int
    updated: int
    removed: int
    unchanged: int
    embedded: int
    seconds: float
    collection: str
    skipped: list[str] = Field(default_factory=list)  # one clear line per file not indexed
    warnings: list[str] = Field(default_factory=list)  # files indexed with a caveat (encoding, …)
    files_changed: int = 0  # files (re)chunked this run (new or modified)
    files_removed: int = 0  # files gone from the knowledge dir, their chunks deleted
