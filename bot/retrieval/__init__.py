"""Retrieval: load and split the knowledge, embed it into Chroma, and search it (hybrid)."""

from bot.retrieval.indexer import index_knowledge
from bot.retrieval.models import Chunk, IndexReport, SearchResult
from bot.retrieval.search import Retriever

__all__ = ["Chunk", "IndexReport", "Retriever", "SearchResult", "index_knowledge"]
