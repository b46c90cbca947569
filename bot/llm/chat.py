"""The chat model over any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp)."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage
from langchain_core.output_parsers import PydanticOutputParser
from prometheus_client import Counter
from pydantic import BaseModel

from bot.config import Settings
from bot.errors import ConfigError

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
LLM_ERRORS = Counter(
    "kilovolt_llm_errors", "Chat-model requests that failed (the user got the offline reply)"
)


class LLMUnavailableError(Exception):
    """The model could not answer (transport, HTTP status, timeout, empty or unparsable output)."""


def build_chat_model(settings: Settings) -> BaseChatModel:
    """A LangChain ChatOpenAI for `settings.llm` ('openai:<model>'), honouring OPENAI_BASE_URL."""
    from langchain_openai import ChatOpenAI

    model = settings.llm_model
    if model is None:
        raise ConfigError("KILOVOLT_LLM is 'offline': no chat model to build")
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    if not key and not settings.openai_base_url:
        raise ConfigError(
            "KILOVOLT_LLM needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)"
        )
    return ChatOpenAI(
        model=model,
        api_key=key or "not-needed",  # local servers (Ollama, llama.cpp) accept any key
        base_url=settings.openai_base_url,
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,  # the openai client backs off exponentially
        max_completion_tokens=settings.llm_max_tokens,
        # llama.cpp ignores max_completion_tokens: send the legacy field too so every server stops.
        extra_body={"max_tokens": settings.llm_max_tokens},
        temperature=settings.llm_temperature,
        # `streaming` left unset: an explicit False would turn .stream() into one blocking call.
    )


class ChatLLM:
    """A chat model whose every failure surfaces as one LLMUnavailableError."""

    def __init__(self, settings: Settings, model: BaseChatModel | None = None) -> None:
        self.settings = settings
        self._model = model or build_chat_model(settings)

    def complete(self, messages: Sequence[BaseMessage]) -> str:
        """The whole reply text."""
        try:
            reply = self._model.invoke(list(messages))
        except Exception as exc:
            raise self._unavailable(exc) from exc
        text = reply.text if isinstance(reply.text, str) else str(reply.content)
        if not text.strip():
            raise self._unavailable(ValueError("empty reply"))
        return text

    def stream(self, messages: Sequence[BaseMessage]) -> Iterator[str]:
        """Text deltas as the server sends them; raises LLMUnavailableError even mid-stream."""
        produced = finished = False
        try:
            for chunk in self._model.stream(list(messages)):
                finished = finished or bool(chunk.response_metadata.get("finish_reason"))
                delta = chunk.text if isinstance(chunk.text, str) else str(chunk.content)
                if delta:
                    produced = True
                    yield delta
        except LLMUnavailableError:
            raise
        except Exception as exc:
            raise self._unavailable(exc) from exc
        if not produced or not finished:  # a dropped connection ends the stream silently
            raise self._unavailable(EOFError(f"stream ended early (text produced: {produced})"))

    def structured(self, messages: Sequence[BaseMessage], schema: type[T]) -> T:
        """A `schema` instance: tool calling first, else JSON text (servers without tools)."""
        try:
            result = self._model.with_structured_output(schema, method="function_calling").invoke(
                list(messages)
            )
            if isinstance(result, schema):
                return result
            log.info("structured output via tools returned nothing; trying JSON text")
        except Exception as exc:
            log.info(
                "structured output via tools failed (%s); trying JSON text", type(exc).__name__
            )
        parser = PydanticOutputParser(pydantic_object=schema)
        ask_json = HumanMessage(
            "Reply with one JSON object only, no prose.\n" + parser.get_format_instructions()
        )
        text = self.complete([*messages, ask_json])
        try:
            return parser.parse(text)
        except Exception as exc:
            raise self._unavailable(exc) from exc

    @staticmethod
    def _unavailable(exc: Exception) -> LLMUnavailableError:
        """Count and log a failed request (only the class name: texts can echo URLs or headers)."""
        LLM_ERRORS.inc()
        log.warning("LLM call failed: %s", type(exc).__name__)
        return LLMUnavailableError(type(exc).__name__)
