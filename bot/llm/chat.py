"""The chat model over any OpenAI-compatible endpoint: provider rules, one deadline per reply."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import openai
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, convert_to_openai_messages
from prometheus_client import Counter
from pydantic import BaseModel
from tenacity import Retrying, retry_if_exception

from bot.config import Settings
from bot.errors import ConfigError
from bot.llm.failures import (
    Deadline,
    LLMUnavailableError,
    describe,
    is_transient,
    retry_after,
)
from bot.llm.provider import ProviderRules, Task
from bot.llm.structured import StructuredCall, StructuredFormats

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
LLM_ERRORS = Counter(
    "kilovolt_llm_errors", "Chat-model requests that failed (the user got the offline reply)"
)
LLM_TOKENS = Counter("kilovolt_llm_tokens", "Tokens used by chat-model requests", ["task", "kind"])
MIN_ATTEMPT_S = 1.0  # no attempt starts with less time than this left before the deadline
CONTINUE = (
    "Your previous reply was cut off by the length limit. Continue exactly where it stopped, "
    "without repeating anything, and finish in a few sentences."
)


@dataclass(frozen=True)
class Usage:
    """Tokens of one model request (reasoning tokens are part of completion tokens)."""

    task: str
    prompt: int
    completion: int
    reasoning: int = 0


def build_client(settings: Settings) -> openai.OpenAI:
    """The OpenAI SDK client for OPENAI_BASE_URL (retries are ours: one deadline per reply)."""
    if settings.llm_model is None:
        raise ConfigError("KILOVOLT_LLM is 'offline': no chat model to build")
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    if not key and not settings.openai_base_url:
        raise ConfigError(
            "KILOVOLT_LLM needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)"
        )
    return openai.OpenAI(
        api_key=key or "not-needed",  # local servers (Ollama, llama.cpp) accept any key
        base_url=settings.openai_base_url,
        timeout=settings.llm_timeout_s,
        max_retries=0,
    )


class ChatLLM:
    """A chat model whose every failure surfaces as one LLMUnavailableError, within a deadline."""

    def __init__(
        self,
        settings: Settings,
        client: openai.OpenAI | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.rules = ProviderRules.from_settings(settings)
        self.client = client or build_client(settings)
        self._sleep = sleep
        self._formats = StructuredFormats(self.rules.provider)
        self.on_usage: Callable[[Usage], None] | None = None  # benches and tests listen here

    def deadline(self) -> Deadline:
        """A fresh deadline for one reply."""
        return Deadline(self.settings.llm_deadline_s)

    # --- plain text -----------------------------------------------------------------------------
    def complete(self, messages: Sequence[BaseMessage], task: Task = "answer") -> str:
        """The whole reply text; a reply cut at the limit is retried once with twice the room."""
        try:
            return self._complete(messages, task, self.deadline())
        except LLMUnavailableError as exc:
            raise self._failed(task, exc) from exc

    def _complete(self, messages: Sequence[BaseMessage], task: Task, deadline: Deadline) -> str:
        for scale in (1, 2):
            try:
                return self.text_reply(messages, task, deadline, scale)
            except LLMUnavailableError as exc:
                if exc.reason != "length" or scale == 2:
                    raise
                log.info("%s reply empty or cut at the limit; trying with more room", task)
        raise AssertionError("unreachable")

    def text_reply(
        self,
        messages: Sequence[BaseMessage],
        task: Task,
        deadline: Deadline,
        scale: int = 1,
        response_format: dict[str, Any] | None = None,
    ) -> str:
        """One request's text; LLMUnavailableError('length') when it is empty or cut."""
        extra: dict[str, Any] = {"response_format": response_format} if response_format else {}
        response = self.request(
            self.client.chat.completions.create, messages, task, deadline, scale, **extra
        )
        self.record(task, response.usage)
        choice = response.choices[0]
        text = choice.message.content or ""
        if choice.finish_reason == "content_filter" or getattr(choice.message, "refusal", None):
            raise LLMUnavailableError("refusal", "the model refused or was filtered")
        if choice.finish_reason == "length" or not text.strip():
            raise LLMUnavailableError("length", f"empty or cut ({choice.finish_reason})")
        return text

    # --- streaming ------------------------------------------------------------------------------
    def stream(self, messages: Sequence[BaseMessage], task: Task = "answer") -> Iterator[str]:
        """Text deltas as they come; raises LLMUnavailableError even mid-stream.

        A reply cut at the output limit is continued once (or, when nothing was produced because
        reasoning used the budget, asked again with twice the room); cut again, it fails."""
        deadline = self.deadline()
        produced: list[str] = []
        try:
            finish = yield from self._stream_once(messages, task, deadline, 1, produced)
            if finish == "length" and not "".join(produced).strip():
                finish = yield from self._stream_once(messages, task, deadline, 2, produced)
            elif finish == "length":
                follow = [*messages, AIMessage("".join(produced)), HumanMessage(CONTINUE)]
                finish = yield from self._stream_once(follow, task, deadline, 1, produced)
            if finish == "length" or not "".join(produced).strip():
                raise LLMUnavailableError("length", "cut at the output limit")
        except LLMUnavailableError as exc:
            raise self._failed(task, exc) from exc

    def _stream_once(
        self,
        messages: Sequence[BaseMessage],
        task: Task,
        deadline: Deadline,
        scale: int,
        produced: list[str],
    ) -> Iterator[str]:
        extra: dict[str, Any] = {}
        if self.rules.stream_usage:
            extra["stream_options"] = {"include_usage": True}
        stream = self.request(
            self.client.chat.completions.create,
            messages,
            task,
            deadline,
            scale,
            stream=True,
            **extra,
        )
        # The deadline holds mid-stream too: closing the response ends a stalled read at once.
        watchdog = threading.Timer(max(deadline.remaining(), 0.0), stream.close)
        watchdog.daemon = True
        watchdog.start()
        finish: str | None = None
        try:
            for chunk in stream:
                if chunk.usage is not None:
                    self.record(task, chunk.usage)
                for choice in chunk.choices:
                    finish = choice.finish_reason or finish
                    delta = choice.delta.content if choice.delta else None
                    if delta:
                        produced.append(delta)
                        yield delta
        except Exception as exc:
            if deadline.remaining() <= 0:
                raise LLMUnavailableError("deadline", "reply deadline passed mid-stream") from exc
            reason, detail, permanent = describe(exc)
            raise LLMUnavailableError(reason, detail, permanent) from exc
        finally:
            watchdog.cancel()
            stream.close()
        if finish is None:  # a dropped connection ends the stream silently
            raise LLMUnavailableError("dropped", "stream ended early")
        if finish == "content_filter":
            raise LLMUnavailableError("refusal", "content filter")
        return finish

    # --- structured output ----------------------------------------------------------------------
    def structured(self, messages: Sequence[BaseMessage], schema: type[T], task: Task) -> T:
        """A `schema` instance via the JSON-schema response format (strict on OpenAI/Azure).

        A cut reply is retried once with twice the room; a server that ignores the schema gets one
        plain JSON request. Timeouts and rejections are never retried with another full call."""
        try:
            return self._structured(messages, schema, task, self.deadline())
        except LLMUnavailableError as exc:
            raise self._failed(task, exc) from exc

    def _structured(
        self, messages: Sequence[BaseMessage], schema: type[T], task: Task, deadline: Deadline
    ) -> T:
        for scale in (1, 2):
            try:
                call = StructuredCall(self, messages, schema, task, deadline, scale)
                return self._formats.reply(call)
            except LLMUnavailableError as exc:
                if exc.reason != "length" or scale == 2:
                    raise
                log.info("%s structured reply cut at the limit; trying with more room", task)
        raise AssertionError("unreachable")

    # --- plumbing -------------------------------------------------------------------------------
    def request(
        self,
        method: Callable[..., Any],
        messages: Sequence[BaseMessage],
        task: Task,
        deadline: Deadline,
        scale: int = 1,
        **extra: Any,
    ) -> Any:
        """One model request through `method` (the SDK's create or parse) with this provider's
        parameters for `task`, retried and bounded by `deadline` (see `call`)."""
        return self.call(
            task,
            deadline,
            lambda timeout: method(
                model=self.rules.model,
                messages=self.wire(messages),
                timeout=timeout,
                **self.rules.params(task, scale),
                **extra,
            ),
        )

    @staticmethod
    def wire(messages: Sequence[BaseMessage]) -> list[dict[str, Any]]:
        """LangChain messages as Chat Completions message dicts."""
        return list(convert_to_openai_messages(list(messages)))  # type: ignore[arg-type]

    def call(self, task: Task, deadline: Deadline, send: Callable[[float], Any]) -> Any:
        """`send(timeout)` with bounded retries on transient errors, all within `deadline`."""

        def stop(state: Any) -> bool:
            if state.attempt_number >= 1 + self.settings.llm_max_retries:
                return True
            return deadline.remaining() - state.upcoming_sleep < MIN_ATTEMPT_S

        def attempt() -> Any:
            left = deadline.remaining()
            if left < MIN_ATTEMPT_S:
                raise LLMUnavailableError("deadline", "no time left for another attempt")
            return send(min(self.settings.llm_timeout_s, left))

        retrying = Retrying(
            stop=stop,
            wait=_backoff,
            retry=retry_if_exception(is_transient),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(attempt)
        except LLMUnavailableError:
            raise
        except Exception as exc:
            reason, detail, permanent = describe(exc)
            raise LLMUnavailableError(reason, detail, permanent) from exc

    def record(self, task: str, usage: Any) -> None:
        """Count the tokens of one response (Prometheus, and `on_usage` listeners)."""
        if usage is None:
            return
        details = getattr(usage, "completion_tokens_details", None)
        reasoning = int(getattr(details, "reasoning_tokens", 0) or 0)
        prompt, completion = int(usage.prompt_tokens or 0), int(usage.completion_tokens or 0)
        record = Usage(task, prompt, completion, reasoning)
        LLM_TOKENS.labels(task=task, kind="prompt").inc(record.prompt)
        LLM_TOKENS.labels(task=task, kind="completion").inc(record.completion)
        if self.on_usage:
            self.on_usage(record)

    @staticmethod
    def _failed(task: str, exc: LLMUnavailableError) -> LLMUnavailableError:
        """Count and log one reply the model could not give (provider's message, masked)."""
        LLM_ERRORS.inc()
        level = logging.WARNING if exc.permanent else logging.INFO
        log.log(level, "LLM %s reply failed (%s): %s", task, exc.reason, exc.detail)
        return exc


def _backoff(state: Any) -> float:
    """The provider's Retry-After when given, else 0.5 s doubling per attempt (capped)."""
    exc = state.outcome.exception() if state.outcome else None
    asked = retry_after(exc) if exc else None
    if asked is not None:
        return min(asked, 30.0)
    return min(0.5 * 2 ** (state.attempt_number - 1), 8.0)
