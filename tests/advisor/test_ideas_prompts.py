"""Weekly ideas (stable, varied, themed, seasonal) and prompt-file validation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.advisor.prompts import load_prompts
from bot.advisor.weeks import seasons_of
from bot.config import PROJECT_ROOT
from bot.errors import ConfigError, InputError
from tests.advisor.helpers import MemoryRetriever, offline_settings


@pytest.fixture
def advisor(tmp_path: Path) -> Advisor:
    return Advisor(offline_settings(tmp_path), retriever=MemoryRetriever())


def test_ideas_are_stable_per_week_and_change_across_weeks(advisor: Advisor) -> None:
    first = advisor.ideas(week="2025-W36")
    assert first == advisor.ideas(week="2025-w36")
    titles = {i.title for i in first.ideas}
    other = {i.title for i in advisor.ideas(week="2025-W37").ideas}
    assert len(first.ideas) == 5 and titles != other
    assert {i.tone for i in first.ideas} == {"serieux", "leger"}
    assert first.sources[0].source == "idees/banque.yaml" and first.mode == "offline"


def test_theme_matching_is_accent_insensitive(advisor: Advisor) -> None:
    themed = advisor.ideas("Boulangerie", week="2025-W36")
    plain = advisor.ideas("boulangerie", week="2025-W36")
    assert themed.ideas == plain.ideas
    text = " ".join(f"{i.title} {i.prompt}".lower() for i in themed.ideas)
    assert "pain" in text or "boulang" in text
    rentree = advisor.ideas("rentrée", week="2025-W36")
    assert rentree.ideas == advisor.ideas("rentree", week="2025-W36").ideas


def test_seasons_follow_the_calendar() -> None:
    assert seasons_of("2025-W36") == ["rentree", "ete"]
    assert "fetes" in seasons_of("2025-W51") and "saint-valentin" in seasons_of("2026-W07")


@pytest.mark.parametrize("week", ["2025-36", "semaine 3", "2025-W60"])
def test_bad_week_is_an_input_error(advisor: Advisor, week: str) -> None:
    with pytest.raises(InputError, match="YYYY-Www"):
        advisor.ideas(week=week)


def test_prompt_files_load_with_their_variables() -> None:
    library = load_prompts(PROJECT_ROOT / "prompts")
    assert set(library.templates) == {"answer", "critique", "ideas"}
    assert "Kilovolt" in library.persona


def _copy_prompts(tmp_path: Path) -> Path:
    target = tmp_path / "prompts"
    shutil.copytree(PROJECT_ROOT / "prompts", target)
    return target


def test_missing_prompt_file_is_a_clear_error(tmp_path: Path) -> None:
    prompts = _copy_prompts(tmp_path)
    (prompts / "critique.yaml").unlink()
    with pytest.raises(ConfigError, match=r"prompt file missing: .*critique\.yaml"):
        load_prompts(prompts)


def test_prompt_missing_a_variable_is_a_clear_error(tmp_path: Path) -> None:
    prompts = _copy_prompts(tmp_path)
    path = prompts / "answer.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{passages}", "(rien)"), "utf-8")
    with pytest.raises(ConfigError, match=r"missing variable\(s\) \['passages'\]"):
        load_prompts(prompts)
