"""Model-call failures: transient or permanent, the masked provider message, the setting to fix."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: offline code reads LLMUnavailableError only
    import openai

_SECRET = re.compile(
    r"(sk-[A-Za-z0-9_\-*]{6,}|xox[abpre]-[A-Za-z0-9\-]+|xapp-[A-Za-z0-9\-]+|Bearer\s+\S+)"
)
_PERMANENT_429 = {"insufficient_quota", "billing_hard_limit_reached"}


class LLMUnavailableError(Exception):
    """The model gave no usable reply; `reason` says why (timeout, length, rejected...)."""

    def __init__(self, reason: str, detail: str = "", permanent: bool = False) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.permanent = permanent


@dataclass
class Deadline:
    """One time budget for a whole reply, shared by its attempts, retries and continuations."""

    seconds: float
    clock: object = field(default=time.monotonic, repr=False)
    start: float = field(default=0.0, init=False)

    def __post_init__(self) -> None:
        self.start = self._now()

    def _now(self) -> float:
        return float(self.clock())  # type: ignore[operator]

    def remaining(self) -> float:
        """Seconds left (may be negative)."""
        return self.seconds - (self._now() - self.start)


def mask(text: str) -> str:
    """`text` with anything shaped like a key or token replaced by ***."""
    return _SECRET.sub("***", text)


def error_fields(exc: openai.APIStatusError) -> tuple[str, str, str]:
    """The provider's (message, code, param) from an error response, masked and shortened."""
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error", body) if isinstance(body, dict) else {}
    if not isinstance(error, dict):
        error = {"message": str(error)}
    message = mask(str(error.get("message") or exc.message or ""))[:300]
    return message, str(error.get("code") or ""), str(error.get("param") or "")


def is_transient(exc: BaseException) -> bool:
    """Worth another try: dropped connections, 408/409/429 (not quota), 5xx; never a timeout."""
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return False  # a full wait is not worth repeating: the deadline would be spent waiting
    if isinstance(exc, openai.APIConnectionError):
        return True
    if isinstance(exc, openai.APIStatusError):
        message, code, _ = error_fields(exc)
        if exc.status_code == 429:
            return code not in _PERMANENT_429
        if "validation error" in message:  # llama-cpp-python answers 500 to a malformed request
            return False
        return exc.status_code in (408, 409) or exc.status_code >= 500
    return False


def retry_after(exc: BaseException) -> float | None:
    """Seconds the provider asked us to wait (Retry-After or retry-after-ms), if any."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        try:
            return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
        except (TypeError, ValueError):
            return None


def describe(exc: BaseException) -> tuple[str, str, bool]:
    """(reason, detail for the log, permanent) for any failure of a model call."""
    import openai

    if isinstance(exc, LLMUnavailableError):
        return exc.reason, exc.detail, exc.permanent
    if isinstance(exc, openai.APITimeoutError):
        return "timeout", "no answer within the timeout", False
    if isinstance(exc, openai.APIConnectionError):
        return "unreachable", type(exc.__cause__ or exc).__name__, False
    if isinstance(exc, openai.APIStatusError):
        message, code, param = error_fields(exc)
        detail = f"HTTP {exc.status_code} {code or '-'} (param {param or '-'}): {message}"
        return "rejected" if not is_transient(exc) else "error", detail, not is_transient(exc)
    return "error", type(exc).__name__, False


def setting_to_fix(exc: openai.APIStatusError) -> str:
    """One line naming the setting behind a permanent rejection (for start-up)."""
    import openai

    message, code, param = error_fields(exc)
    said = f"the provider said: {message}" if message else f"HTTP {exc.status_code}"
    if isinstance(exc, openai.AuthenticationError):
        return f"OPENAI_API_KEY was refused ({said}): set a valid key for this endpoint"
    if exc.status_code == 429:
        return f"the account behind OPENAI_API_KEY has no quota left ({said})"
    if isinstance(exc, openai.PermissionDeniedError):
        return f"OPENAI_API_KEY has no access to the model in KILOVOLT_LLM ({said})"
    if isinstance(exc, openai.NotFoundError):
        if code == "model_not_found" or "model" in message.lower():
            return f"KILOVOLT_LLM names a model this endpoint does not serve ({said})"
        return f"OPENAI_BASE_URL has no chat completions endpoint ({said}): it usually ends in /v1"
    if param in ("max_tokens", "max_completion_tokens") or "max_tokens" in message:
        return (
            f"the endpoint rejects the output-limit parameter {param or ''} ({said}): set "
            "KILOVOLT_LLM_TOKEN_PARAM (max_completion_tokens for OpenAI/Azure, max_tokens for "
            "llama.cpp, Ollama, vLLM) or KILOVOLT_LLM_PROVIDER"
        )
    if param == "temperature" or "temperature" in message:
        return (
            f"the model rejects a temperature ({said}): it is a reasoning model, set "
            "KILOVOLT_LLM_REASONING=yes"
        )
    if param == "reasoning_effort" or "reasoning_effort" in message:
        return (
            f"the model rejects reasoning_effort ({said}): set KILOVOLT_LLM_REASONING=no for a "
            "chat model, or another KILOVOLT_LLM_REASONING_EFFORT"
        )
    if code == "context_length_exceeded":
        return f"the model's context is too small ({said}): lower KILOVOLT_LLM_*MAX_TOKENS"
    return f"the model endpoint rejected our request ({said}): check KILOVOLT_LLM_* settings"
