"""Per-provider request rules: which output-limit parameter, temperature or reasoning effort."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from bot.config import Settings

Task = Literal["answer", "critique", "ideas", "probe", "vision"]
Provider = Literal["openai", "azure", "compatible"]

# OpenAI's reasoning families: o1, o3, o4-mini..., and gpt-5* except the gpt-5-chat models.
_REASONING_MODEL = re.compile(r"^(o\d|gpt-5(?!.*chat))", re.IGNORECASE)
_AZURE_HOSTS = (".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com")
PROBE_TOKENS = 16


def detect_provider(base_url: str | None) -> Provider:
    """OpenAI without a base URL or at api.openai.com; Azure by its hosts; else compatible."""
    if not base_url:
        return "openai"
    host = (urlsplit(base_url).hostname or "").lower()
    if host == "api.openai.com":
        return "openai"
    if host.endswith(_AZURE_HOSTS):
        return "azure"
    return "compatible"


@dataclass(frozen=True)
class ProviderRules:
    """What one endpoint accepts, resolved once from the settings."""

    provider: Provider
    model: str
    token_param: Literal["max_completion_tokens", "max_tokens"]
    reasoning: bool
    reasoning_effort: str
    reasoning_tokens: int
    temperature: float
    budgets: dict[str, int]

    @classmethod
    def from_settings(cls, settings: Settings) -> ProviderRules:
        """Resolve `auto` settings from the base URL and the model name."""
        model = settings.llm_model or ""
        provider: Provider = (
            detect_provider(settings.openai_base_url)
            if settings.llm_provider == "auto"
            else settings.llm_provider
        )
        openai_rules = provider in ("openai", "azure")
        if settings.llm_token_param != "auto":
            token_param = settings.llm_token_param
        else:
            token_param = "max_completion_tokens" if openai_rules else "max_tokens"
        if settings.llm_reasoning == "auto":
            reasoning = openai_rules and bool(_REASONING_MODEL.match(model))
        else:
            reasoning = settings.llm_reasoning == "yes"
        return cls(
            provider=provider,
            model=model,
            token_param=token_param,
            reasoning=reasoning,
            reasoning_effort=settings.llm_reasoning_effort,
            reasoning_tokens=settings.llm_reasoning_tokens,
            temperature=settings.llm_temperature,
            budgets={
                "answer": settings.llm_max_tokens,
                "critique": settings.llm_critique_max_tokens,
                "ideas": settings.llm_ideas_max_tokens,
                "probe": PROBE_TOKENS,
                "vision": settings.llm_max_tokens,  # one image read: text, notes, alt text
            },
        )

    def budget(self, task: Task, scale: int = 1) -> int:
        """The output limit for `task`: visible tokens, plus reasoning room for reasoning models."""
        visible = self.budgets[task] * scale
        return visible + (self.reasoning_tokens * scale if self.reasoning else 0)

    def params(self, task: Task, scale: int = 1) -> dict[str, Any]:
        """Request fields for one call: exactly one output limit, and temperature or effort."""
        params: dict[str, Any] = {self.token_param: self.budget(task, scale)}
        if self.reasoning:
            params["reasoning_effort"] = self.reasoning_effort
        else:
            params["temperature"] = self.temperature
        return params

    @property
    def strict_schemas(self) -> bool:
        """OpenAI and Azure enforce strict structured outputs; other servers may not know it."""
        return self.provider in ("openai", "azure")

    @property
    def stream_usage(self) -> bool:
        """Ask for the final usage chunk (OpenAI and Azure; llama.cpp's server ignores it)."""
        return self.provider in ("openai", "azure")

    def describe(self) -> str:
        """One line for the start-up log (no secrets)."""
        family = f"reasoning, effort {self.reasoning_effort}" if self.reasoning else "chat"
        return f"{self.provider} rules, model {self.model} ({family}), limit via {self.token_param}"
