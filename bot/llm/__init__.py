"""The chat model layer: an OpenAI-compatible chat model, per-provider rules, one failure type.

The exports load on first use (PEP 562): offline code that imports a light submodule (bounds)
does not pay for the openai client and LangChain.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.llm.chat import ChatLLM, Usage, build_client
    from bot.llm.failures import Deadline, LLMUnavailableError
    from bot.llm.provider import ProviderRules

_EXPORTS = {
    "ChatLLM": "bot.llm.chat",
    "Usage": "bot.llm.chat",
    "build_client": "bot.llm.chat",
    "Deadline": "bot.llm.failures",
    "LLMUnavailableError": "bot.llm.failures",
    "ProviderRules": "bot.llm.provider",
}

__all__ = ["ChatLLM", "Deadline", "LLMUnavailableError", "ProviderRules", "Usage", "build_client"]


def __getattr__(name: str) -> Any:
    """Import an export's module when the export is first asked for."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
