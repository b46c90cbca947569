"""The chat model layer: an OpenAI-compatible chat model, per-provider rules, one failure type."""

from bot.llm.chat import ChatLLM, Usage, build_client
from bot.llm.failures import Deadline, LLMUnavailableError
from bot.llm.provider import ProviderRules

__all__ = ["ChatLLM", "Deadline", "LLMUnavailableError", "ProviderRules", "Usage", "build_client"]
