"""Retrieval: load and split the knowledge, embed it into Chroma, and search it (hybrid).

The exports load on first use (PEP 562): importing one light submodule (models, pages) does not
pull in Chroma, LangChain and the embedder, which keeps the `kilovolt` CLI quick to start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lazy_exports import lazy_getattr

if TYPE_CHECKING:
    from bot.retrieval.indexer import index_knowledge
    from bot.retrieval.models import Chunk, IndexReport, SearchResult
    from bot.retrieval.search import Retriever

_EXPORTS = {
    "Chunk": "bot.retrieval.models",
    "IndexReport": "bot.retrieval.models",
    "SearchResult": "bot.retrieval.models",
    "Retriever": "bot.retrieval.search",
    "index_knowledge": "bot.retrieval.indexer",
}

__all__ = ["Chunk", "IndexReport", "Retriever", "SearchResult", "index_knowledge"]

__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())
