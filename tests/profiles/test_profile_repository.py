"""The profile repository on a real state database: get, effective profile, set, delete, list,
forget a team, and never another team's rows."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.profiles import ProfileInvalid, ProfileRepository, forget_team, parse_profile
from bot.state import StateStore

ACME, OTHER = "T0ACME001", "T0OTHER02"
WORKSPACE = parse_profile(
    {"business_type": "clinique dentaire", "platforms": "instagram,facebook", "tone": "2"}
)
OVERRIDE = parse_profile({"platforms": "linkedin", "languages": "en"})


def test_set_get_and_the_effective_profile_of_a_channel(repo: ProfileRepository) -> None:
    moment = datetime(2026, 12, 5, 10, 30)
    repo.set(ACME.lower(), "", WORKSPACE, updated_by="U0ADMIN01", now=moment)
    repo.set(ACME, "c0sales01", OVERRIDE)
    stored = repo.get(ACME)
    assert stored is not None and stored.profile == WORKSPACE
    assert stored.updated_by == "U0ADMIN01" and stored.updated_at == moment
    effective = repo.get_effective(ACME, "C0SALES01")
    assert effective is not None
    assert effective.platforms == ("linkedin",) and effective.languages == "en"
    assert effective.business_type == "clinique dentaire" and effective.tone == 2
    assert repo.get_effective(ACME, "C0ELSE001") == WORKSPACE  # no override: the workspace's
    assert repo.get_effective(ACME) == WORKSPACE


def test_set_replaces_and_delete_removes(repo: ProfileRepository) -> None:
    repo.set(ACME, "", WORKSPACE)
    replaced = parse_profile({"business_type": "plombier"})
    repo.set(ACME, "", replaced)
    assert repo.get(ACME).profile == replaced  # type: ignore[union-attr]
    assert repo.delete(ACME) is True and repo.get(ACME) is None
    assert repo.delete(ACME) is False
    assert repo.get_effective(ACME, "C0SALES01") is None


def test_a_team_never_sees_or_deletes_another_teams_profiles(repo: ProfileRepository) -> None:
    repo.set(ACME, "", WORKSPACE)
    repo.set(ACME, "C0SALES01", OVERRIDE)
    other = parse_profile({"business_type": "pizzeria"})
    repo.set(OTHER, "", other)
    repo.set(OTHER, "C0SALES01", parse_profile({"tone": "5"}))  # the same channel id elsewhere
    assert [s.channel_id for s in repo.list(ACME)] == ["", "C0SALES01"]
    assert {s.team_id for s in repo.list(ACME)} == {ACME}
    assert repo.get_effective(OTHER, "C0SALES01").business_type == "pizzeria"  # type: ignore[union-attr]
    assert repo.get_effective(OTHER, "C0SALES01").platforms is None  # type: ignore[union-attr]
    assert repo.delete(OTHER, "C0SALES01") is True
    assert repo.get(ACME, "C0SALES01") is not None
    assert repo.forget_team(ACME) == 2
    assert repo.list(ACME) == [] and repo.get(OTHER) is not None


def test_forget_team_on_the_engine(store: StateStore) -> None:
    repo = ProfileRepository(store.engine)
    repo.set(ACME, "", WORKSPACE)
    assert forget_team(store.engine, ACME) == 1 and forget_team(store.engine, ACME) == 0


@pytest.mark.parametrize(("team", "channel"), [("acme", ""), (ACME, "#general"), (ACME, "U0123")])
def test_bad_ids_are_refused(repo: ProfileRepository, team: str, channel: str) -> None:
    with pytest.raises(ProfileInvalid):
        repo.set(team, channel, WORKSPACE)


def test_a_row_edited_by_hand_still_reads(store: StateStore) -> None:
    from sqlalchemy import text

    repo = ProfileRepository(store.engine)
    repo.set(ACME, "", WORKSPACE)
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE brand_profiles SET data = :d WHERE team_id = :t"),
            {"d": '{"business_type": "notaire", "tone": 42, "color": "red"}', "t": ACME},
        )
    assert repo.get(ACME).profile.business_type == "notaire"  # type: ignore[union-attr]
