"""Per-provider request rules: one output-limit parameter, temperature or effort, budgets."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.llm.provider import ProviderRules, detect_provider
from tests.advisor.helpers import offline_settings


@pytest.mark.parametrize(
    ("base_url", "provider"),
    [
        (None, "openai"),
        ("https://api.openai.com/v1", "openai"),
        ("https://acme.openai.azure.com/openai/v1/", "azure"),
        ("https://acme.cognitiveservices.azure.com/openai/v1", "azure"),
        ("http://127.0.0.1:11434/v1", "compatible"),
        ("http://llama:8080/v1", "compatible"),
    ],
)
def test_provider_is_read_from_the_base_url(base_url: str | None, provider: str) -> None:
    assert detect_provider(base_url) == provider


def _rules(tmp_path: Path, **values: object) -> ProviderRules:
    settings = offline_settings(
        tmp_path, openai_api_key="sk-test-0123456789", **{"llm": "openai:gpt-4o-mini", **values}
    )
    return ProviderRules.from_settings(settings)


def test_openai_chat_model_sends_max_completion_tokens_and_temperature(tmp_path: Path) -> None:
    params = _rules(tmp_path).params("answer")
    assert params == {"max_completion_tokens": 700, "temperature": 0.3}


def test_compatible_servers_get_max_tokens_only(tmp_path: Path) -> None:
    rules = _rules(tmp_path, openai_base_url="http://127.0.0.1:8080/v1", llm="openai:smollm2")
    assert rules.params("critique") == {"max_tokens": 1400, "temperature": 0.3}
    assert not rules.strict_schemas and not rules.stream_usage


@pytest.mark.parametrize("model", ["gpt-5-mini", "gpt-5", "o3", "o4-mini", "gpt-5.1"])
def test_reasoning_models_get_effort_room_and_no_temperature(tmp_path: Path, model: str) -> None:
    rules = _rules(tmp_path, llm=f"openai:{model}")
    assert rules.reasoning
    params = rules.params("ideas")
    assert params == {"max_completion_tokens": 1200 + 1500, "reasoning_effort": "low"}
    assert rules.params("ideas", scale=2)["max_completion_tokens"] == 2 * (1200 + 1500)


@pytest.mark.parametrize("model", ["gpt-5-chat-latest", "gpt-4.1-mini", "gpt-4o"])
def test_chat_models_are_not_reasoning(tmp_path: Path, model: str) -> None:
    assert not _rules(tmp_path, llm=f"openai:{model}").reasoning


def test_explicit_settings_override_detection(tmp_path: Path) -> None:
    rules = _rules(
        tmp_path,
        llm="openai:my-azure-deployment",
        openai_base_url="https://acme.openai.azure.com/openai/v1/",
        llm_reasoning="yes",
        llm_reasoning_effort="minimal",
        llm_reasoning_tokens=500,
    )
    assert rules.provider == "azure"
    assert rules.params("answer") == {"max_completion_tokens": 1200, "reasoning_effort": "minimal"}
    forced = _rules(tmp_path, llm_provider="compatible", llm_token_param="max_completion_tokens")
    assert forced.params("answer") == {"max_completion_tokens": 700, "temperature": 0.3}
