"""Ideas shaped by a brand profile, for trades absent from the idea bank, offline and with a model.

How "an idea names the trade's situations" is checked (`names_situation`): its title or prompt
contains the profile's business type as typed (accents and case ignored, e.g. « plombier »,
« école de conduite ») or one of the profile's offerings (e.g. « chauffe-eau »). Bank ideas do
not contain these words (checked below: without a profile, a dentist gets fewer than 3), so the
check fails unless the ideas were written for that business; and two trades must get different
ideas. The offline adaptation comes from general frames (prompts/idea_frames.yaml), never from a
list of ideas per trade."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.advisor.ideas import load_bank, pick_ideas
from bot.advisor.models import Idea
from bot.config import PROJECT_ROOT
from bot.french import fold
from bot.profiles import BrandProfile, parse_profile
from tests.advisor.helpers import FixedCoverage, MemoryRetriever, llm_settings, offline_settings
from tests.support.openai_server import OpenAIServer

ISSUE_TRADES = ["dentiste", "plombier", "pizzeria", "notaire", "garderie", "gym", "librairie"]
# Chosen after the design, never looked at while writing the frames or the trade grammar.
UNSEEN_TRADES = ["serrurier", "école de conduite", "cordonnerie"]
WEEKS = ["2026-W03", "2026-W07", "2025-W36", "2025-W51", "2026-W26"]


def names_situation(idea: Idea, profile: BrandProfile) -> bool:
    """The idea names the business type as typed, or one of its offerings."""
    text = f" {fold(idea.title)} {fold(idea.prompt)} "
    words = [profile.business_type or "", *(profile.offerings or ())]
    return any(fold(w) and fold(w) in text for w in words)


def _count(ideas: list[Idea], profile: BrandProfile) -> int:
    return sum(names_situation(i, profile) for i in ideas)


@pytest.fixture
def advisor(tmp_path: Path) -> Advisor:
    return Advisor(offline_settings(tmp_path), retriever=MemoryRetriever())


def test_without_a_profile_ideas_are_exactly_todays(advisor: Advisor) -> None:
    bank = load_bank(PROJECT_ROOT / "knowledge")
    for week in WEEKS[:3]:
        today = [i.to_idea() for i in pick_ideas(bank, week, None)]
        assert advisor.ideas(week=week).ideas == today
        assert advisor.ideas(week=week, profile=None) == advisor.ideas(week=week)
    themed = [i.to_idea() for i in pick_ideas(bank, "2025-W36", "boulangerie")]
    assert advisor.ideas("boulangerie", week="2025-W36").ideas == themed


def test_the_check_can_fail_bank_ideas_do_not_name_the_trade(advisor: Advisor) -> None:
    dentist = BrandProfile(business_type="dentiste")
    for week in WEEKS:
        assert _count(advisor.ideas(week=week).ideas, dentist) < 3


@pytest.mark.parametrize("trade", ISSUE_TRADES + UNSEEN_TRADES)
def test_trades_absent_from_the_bank_get_their_own_ideas_offline(
    advisor: Advisor, trade: str
) -> None:
    profile = BrandProfile(business_type=trade)
    for week in WEEKS:
        result = advisor.ideas(week=week, profile=profile)
        assert len(result.ideas) == 5 and result.mode == "offline"
        assert _count(result.ideas, profile) >= 3, (week, [i.title for i in result.ideas])
        assert len({i.title for i in result.ideas}) == 5
        assert {i.tone for i in result.ideas} == {"serieux", "leger"}
        assert "profil de votre entreprise" in (result.notice or "")


def test_two_trades_get_different_ideas(advisor: Advisor) -> None:
    week = "2026-W03"
    texts = {
        trade: {
            i.prompt
            for i in advisor.ideas(week=week, profile=BrandProfile(business_type=trade)).ideas
        }
        for trade in ISSUE_TRADES + UNSEEN_TRADES
    }
    for trade, prompts in texts.items():
        for other, others in texts.items():
            if other != trade:
                assert not prompts & others, (trade, other)


@pytest.mark.parametrize(
    ("trade", "offerings"),
    [
        ("plombier", "chauffe-eau, tuyaux gelés, débouchage"),
        ("dentiste", "nettoyage, blanchiment, première visite des enfants"),
        ("serrurier", "changement de serrure, ouverture de porte"),
    ],
)
def test_offerings_become_the_situations(advisor: Advisor, trade: str, offerings: str) -> None:
    profile = parse_profile({"business_type": trade, "offerings": offerings})
    result = advisor.ideas(week="2026-W03", profile=profile)
    assert _count(result.ideas, profile) >= 3
    named = {o for o in profile.offerings or () for i in result.ideas if fold(o) in fold(i.prompt)}
    assert len(named) >= 2  # several of its own services, not one repeated


def test_season_region_platforms_tone_and_words_to_avoid(advisor: Advisor) -> None:
    profile = parse_profile(
        {
            "business_type": "fleuriste",
            "region": "Gatineau",
            "platforms": "instagram,facebook",
            "tone": "1",
            "avoid": "rabais",
        }
    )
    result = advisor.ideas(week="2026-W07", profile=profile)  # Valentine's week
    text = " ".join(f"{i.title} {i.prompt}" for i in result.ideas)
    assert "Saint-Valentin" in text and "Gatineau" in text
    assert {i.platform for i in result.ideas} <= {"instagram", "facebook"}
    assert sum(i.tone == "leger" for i in result.ideas) <= 1  # a serious brand
    assert "rabais" not in fold(text)


def test_english_ideas_for_an_english_profile(advisor: Advisor) -> None:
    profile = BrandProfile(business_type="plumber", region="Ottawa")
    result = advisor.ideas(week="2026-W03", language="en", profile=profile)
    assert _count(result.ideas, profile) >= 3
    adapted = [i for i in result.ideas if names_situation(i, profile)]
    assert all("«" not in i.prompt and " votre " not in i.prompt for i in adapted)
    assert any(i.title.startswith("This winter") for i in result.ideas) or any(
        "a plumber" in i.prompt for i in adapted
    )


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as running:
        yield running


def _idea(title: str, prompt: str, tone: str = "leger") -> dict:
    return {"title": title, "format": "photo", "platform": "instagram",
            "principle": "proximite", "prompt": prompt, "tone": tone}  # fmt: skip


def test_with_a_model_the_profile_is_sent_and_its_trade_ideas_kept(
    server: OpenAIServer, tmp_path: Path
) -> None:
    advisor = Advisor(llm_settings(tmp_path, server.base_url), retriever=MemoryRetriever(),
                      coverage=FixedCoverage())  # fmt: skip
    ideas = [
        _idea(f"Dentiste {n}", f"Une peur du fauteuil chez le dentiste, cas {n}.") for n in range(5)
    ]
    server.push({"json": {"ideas": ideas}})
    profile = parse_profile({"business_type": "dentiste", "region": "Gatineau", "tone": "2"})
    result = advisor.ideas(week="2026-W03", profile=profile)
    assert result.mode == "llm" and [i.title for i in result.ideas] == [
        f"Dentiste {n}" for n in range(5)
    ]
    human = server.requests[0]["messages"][-1]["content"]
    assert "<profile>\nBusiness: dentiste\nRegion: Gatineau" in human
    assert "dentiste" in human.split("<guidance>")[1]  # the candidates are already adapted


def test_with_a_model_that_ignores_the_trade_the_adaptation_fills_in(
    server: OpenAIServer, tmp_path: Path
) -> None:
    advisor = Advisor(llm_settings(tmp_path, server.base_url), retriever=MemoryRetriever(),
                      coverage=FixedCoverage())  # fmt: skip
    generic = [_idea(f"Idée {n}", f"Une idée pour toute entreprise, {n}.") for n in range(5)]
    server.push({"json": {"ideas": generic}})
    profile = BrandProfile(business_type="pizzeria")
    result = advisor.ideas(week="2026-W03", profile=profile)
    assert result.mode == "llm" and len(result.ideas) == 5
    assert _count(result.ideas, profile) >= 3
    assert any(i.title.startswith("Idée") for i in result.ideas)  # the model's ideas stay too


def test_a_frame_with_an_unknown_slot_is_a_clear_error(tmp_path: Path) -> None:
    from bot.advisor.idea_frames import load_frames
    from bot.errors import ConfigError

    frames = (PROJECT_ROOT / "prompts" / "idea_frames.yaml").read_text(encoding="utf-8")
    (tmp_path / "idea_frames.yaml").write_text(
        frames.replace("version {metier}", "version {dentiste}"), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="unknown slot"):
        load_frames(tmp_path)
    assert load_frames(tmp_path / "elsewhere") == load_frames(PROJECT_ROOT / "prompts")
