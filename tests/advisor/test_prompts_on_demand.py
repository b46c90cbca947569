"""Prompt files load when a model needs them: validated at start-up with a model, never read by
offline runs (which keeps the offline CLI quick to start)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.advisor import Advisor
from bot.config import PROJECT_ROOT, Settings
from bot.errors import ConfigError
from tests.conftest import FIXTURE_KNOWLEDGE


def _settings(tmp_path: Path, llm: str) -> Settings:
    prompts = tmp_path / "prompts"
    shutil.copytree(PROJECT_ROOT / "prompts", prompts)
    answer = prompts / "answer.yaml"
    answer.write_text(answer.read_text(encoding="utf-8").replace("{passages}", ""), "utf-8")
    return Settings(
        data_dir=tmp_path / "data",
        knowledge_dir=FIXTURE_KNOWLEDGE,
        prompts_dir=prompts,
        embeddings="local",
        llm=llm,
        openai_api_key=SecretStr("sk-test-not-used"),
        openai_base_url="http://127.0.0.1:9/v1",
    )


def test_a_broken_prompt_stops_a_model_backed_advisor_at_start_up(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"answer\.yaml: missing variable\(s\) \['passages'\]"):
        Advisor(_settings(tmp_path, "openai:gpt-4o-mini"))


def test_offline_advisor_reads_prompts_only_when_asked(tmp_path: Path) -> None:
    advisor = Advisor(_settings(tmp_path, "offline"))
    critique = advisor.critique("Achetez maintenant! -50 % sur tout, dernière chance!")
    assert critique.mode == "offline" and critique.findings
    with pytest.raises(ConfigError, match=r"answer\.yaml: missing variable"):
        _ = advisor.prompts  # the readiness probe reads them: `serve` still fails at start-up
