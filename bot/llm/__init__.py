"""The chat model layer: an OpenAI-compatible chat model, per-provider rules, one failure type.

The exports load on first use (PEP 562): offline code that imports a light submodule (bounds)
does not pay for the openai client and LangChain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lazy_exports import lazy_getattr

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

__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())
