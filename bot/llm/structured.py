"""Structured replies: JSON-schema response format, else JSON mode, else JSON text, per server."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import openai
from langchain_core.messages import BaseMessage, HumanMessage
from langchain_core.output_parsers import PydanticOutputParser
from pydantic import BaseModel, ValidationError

from bot.llm.failures import Deadline, LLMUnavailableError

if TYPE_CHECKING:
    from bot.llm.chat import ChatLLM
    from bot.llm.provider import Provider, Task

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
FORMATS = ("json_schema", "json_object", "text")


@dataclass(frozen=True)
class StructuredCall(Generic[T]):
    """One structured request: the model, the messages, the schema, the task and its limits."""

    llm: ChatLLM
    messages: Sequence[BaseMessage]
    schema: type[T]
    task: Task
    deadline: Deadline
    scale: int

    def text(self, response_format: dict[str, Any] | None) -> T:
        """Ask for JSON in words (and `response_format` when given), then parse the reply."""
        ask = [*self.messages, _ask_json(self.schema)]
        reply = self.llm.text_reply(ask, self.task, self.deadline, self.scale, response_format)
        return _parse(self.schema, reply)


class StructuredFormats:
    """The best structured format the endpoint accepts, learned once per process.

    OpenAI and Azure take strict JSON schemas. Compatible servers differ: Ollama and vLLM take
    `json_schema`; llama-cpp-python's server only knows `json_object` with a `schema` (it answers
    `json_schema` with a 500 validation error); others only follow instructions. A refused format
    is not asked again."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self.format = "json_schema"
        self._lock = threading.Lock()

    def reply(self, call: StructuredCall[T]) -> T:
        """One structured reply in the current format, stepping down when a format is refused."""
        while True:
            current = self.format
            try:
                if current == "json_schema":
                    return self._json_schema(call)
                if current == "json_object":
                    schema = call.schema.model_json_schema()
                    return call.text({"type": "json_object", "schema": schema})
                return call.text(None)
            except LLMUnavailableError as exc:
                if not self._format_refused(exc) or current == "text":
                    raise
                self._step_down(current)

    def _format_refused(self, exc: LLMUnavailableError) -> bool:
        cause = exc.__cause__
        return (
            self.provider == "compatible"
            and isinstance(cause, openai.APIStatusError)
            and cause.status_code in (400, 422, 500)
            and "response_format" in str(cause.message) + json.dumps(cause.body, default=str)
        )

    def _step_down(self, refused: str) -> None:
        with self._lock:
            if self.format == refused:
                self.format = FORMATS[FORMATS.index(refused) + 1]
                log.warning(
                    "the model endpoint refused response_format %s; using %s from now on",
                    refused,
                    self.format,
                )

    @staticmethod
    def _json_schema(call: StructuredCall[T]) -> T:
        """The schema as a strict JSON-schema response format; the reply parsed (usage counted
        even when the reply does not match)."""
        tool = openai.pydantic_function_tool(call.schema)["function"]  # strict, all required
        response_format = {
            "type": "json_schema",
            "json_schema": {"name": tool["name"], "schema": tool["parameters"], "strict": True},
        }
        text = call.llm.text_reply(
            call.messages, call.task, call.deadline, call.scale, response_format
        )
        try:
            return call.schema.model_validate_json(text)
        except ValidationError as exc:
            # The server ignored the schema: one plain JSON request, if time allows.
            log.info("%s reply did not follow the schema (%s)", call.task, type(exc).__name__)
            return call.text(None)


def _ask_json(schema: type[BaseModel]) -> HumanMessage:
    parser = PydanticOutputParser(pydantic_object=schema)
    return HumanMessage(
        "Reply with one JSON object only, no prose.\n" + parser.get_format_instructions()
    )


def _parse(schema: type[T], text: str) -> T:
    try:
        return PydanticOutputParser(pydantic_object=schema).parse(text)
    except Exception as exc:
        raise LLMUnavailableError("unparsable", type(exc).__name__) from exc
