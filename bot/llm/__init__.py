"""The chat model layer: an OpenAI-compatible chat model with one failure type."""

from bot.llm.chat import ChatLLM, LLMUnavailableError, build_chat_model

__all__ = ["ChatLLM", "LLMUnavailableError", "build_chat_model"]
