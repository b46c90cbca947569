"""The brand profile of the request's workspace (and channel override) reaches the advisor from
every surface: mention answers, DM critiques, /idees; none when the workspace has no profile."""

from __future__ import annotations

from bot.profiles import BrandProfile, ProfileRepository
from tests.slack.conftest import Harness
from tests.support.slack_api import wait_for

FLORIST = BrandProfile(
    business_type="fleuriste", region="Sherbrooke", platforms=("instagram",), tone=4
)
LINKEDIN_CHANNEL = BrandProfile(platforms=("linkedin",), tone=2)


def _profiles(harness: Harness) -> ProfileRepository:
    return ProfileRepository(harness.bot.services.store.engine)


def _profile_of(harness: Harness, name: str) -> BrandProfile | None:
    calls = wait_for(lambda: [kw for n, kw in harness.advisor.calls if n == name])
    return calls[-1].get("profile")


def test_a_mention_gets_the_workspace_profile_and_the_channel_override(harness: Harness) -> None:
    repo = _profiles(harness)
    repo.set("T1", None, FLORIST)
    repo.set("T1", "C2", LINKEDIN_CHANNEL)
    harness.mention("on publie quoi cette semaine?", channel="C1")
    profile = _profile_of(harness, "answer_stream")
    assert profile is not None and profile.business_type == "fleuriste"
    assert profile.platforms == ("instagram",)
    harness.advisor.calls.clear()
    harness.mention("et sur LinkedIn?", channel="C2")
    override = _profile_of(harness, "answer_stream")
    assert override is not None
    assert (override.business_type, override.platforms, override.tone) == (
        "fleuriste",
        ("linkedin",),
        2,
    )


def test_a_dm_draft_and_the_slash_command_get_the_profile(harness: Harness) -> None:
    _profiles(harness).set("T1", None, FLORIST)
    marker = harness.advisor.draft_marker  # the fake advisor routes drafts by this marker
    harness.message(f"{marker} Nos bouquets de la fête des Mères sont arrivés!", channel="D1")
    critiqued = _profile_of(harness, "critique")
    assert critiqued is not None and critiqued.business_type == "fleuriste"
    harness.command("")
    ideas = _profile_of(harness, "ideas")
    assert ideas is not None and ideas.region == "Sherbrooke"


def test_without_a_profile_the_advisor_gets_none(harness: Harness) -> None:
    _profiles(harness).set("T9", None, FLORIST)  # another workspace's profile
    harness.mention("combien de hashtags sur Instagram?")
    assert _profile_of(harness, "answer_stream") is None
