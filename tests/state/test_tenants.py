"""Tenant isolation on a real store (SQLite, and PostgreSQL when configured): two workspaces with
the same channel and user ids (Slack ids are unique per workspace only) never see, export or
delete each other's rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.state import StateStore
from bot.state.models import Base
from bot.state.privacy import export_user, forget_user
from bot.state.tenants import (
    cancel_departure,
    departed_teams,
    forget_team,
    purge_departed,
    record_departure,
    team_tables,
)

TEAM_A, TEAM_B = "T0AAAAAA1", "T0BBBBBB2"
USER, CHANNEL = "U0SAMEID1", "C0SAMEID1"  # the same ids in both workspaces
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def seed(store: StateStore, tag: str) -> None:
    """What one person leaves behind in one workspace, with ids the other workspace also uses."""
    store.save_reply(
        f"r-{tag}", "answer", question=f"question {tag}", channel=CHANNEL, user_id=USER
    )
    store.record_feedback(f"r-{tag}", USER, "up")
    store.join_thread(CHANNEL, "1.000001", user_id=USER)
    store.subscribe(CHANNEL, 0, 9, 0, "America/Toronto", USER, language="fr")
    store.set_user_language(USER, "en" if tag == "a" else "fr")
    assert store.claim("evt:Ev1")


def _count(store: StateStore, table: str, team: str) -> int:
    target = Base.metadata.tables[table]
    with store.engine.connect() as conn:
        where = target.c.team_id == team
        return int(conn.scalar(select(func.count()).select_from(target).where(where)) or 0)


def test_same_ids_in_two_workspaces_stay_apart(store: StateStore) -> None:
    a, b = store.for_team(TEAM_A), store.for_team(TEAM_B)
    seed(a, "a")
    seed(b, "b")
    assert a.claim("evt:Ev2") and not a.claim("evt:Ev1") and b.claim("evt:Ev2")
    assert a.get_reply("r-a") is not None and a.get_reply("r-b") is None
    assert b.get_reply("r-a") is None
    assert [r["question"] for r in a.list_feedback()] == ["question a"]
    assert (a.user_language(USER), b.user_language(USER)) == ("en", "fr")
    assert [s.team_id for s in a.subscriptions()] == [TEAM_A]
    assert {s.team_id for s in store.all_subscriptions()} == {TEAM_A, TEAM_B}
    a.set_thread_kind(CHANNEL, "1.000001", "critique")
    assert (a.thread_kind(CHANNEL, "1.000001"), b.thread_kind(CHANNEL, "1.000001")) == (
        "critique",
        "thread",
    )
    # Nothing of either workspace is seen from single-workspace mode (team "").
    assert store.get_reply("r-a") is None and store.subscriptions() == []
    assert store.thread_asker(CHANNEL, "1.000001") is None


def test_one_workspace_cannot_change_the_others_rows(store: StateStore) -> None:
    a, b = store.for_team(TEAM_A), store.for_team(TEAM_B)
    seed(a, "a")
    seed(b, "b")
    assert a.unsubscribe(CHANNEL) and b.subscriptions()[0].channel == CHANNEL
    b_sub = b.subscriptions()[0]
    assert not a.pause_subscription(b_sub.id, "is_archived", NOW)
    b.record_feedback("r-a", USER, "down")  # a forged reply id from the other workspace
    assert [r["question"] for r in b.list_feedback()] == ["question b", ""]
    assert a.list_feedback()[0]["value"] == "up"


def test_export_and_forget_are_scoped_to_the_workspace(store: StateStore) -> None:
    seed(store.for_team(TEAM_A), "a")
    seed(store.for_team(TEAM_B), "b")
    exported = export_user(store.engine, USER, team_id=TEAM_A)
    assert [r["question"] for r in exported["replies"]] == ["question a"]
    assert {r["team_id"] for rows in exported.values() for r in rows} == {TEAM_A}
    assert not any(export_user(store.engine, USER).values())  # single-workspace rows: none
    counts = forget_user(store.engine, USER, team_id=TEAM_A)
    assert counts["replies"] == 1 and counts["user_languages"] == 1
    assert not any(export_user(store.engine, USER, team_id=TEAM_A).values())
    after_b = export_user(store.engine, USER, team_id=TEAM_B)
    assert [r["question"] for r in after_b["replies"]] == ["question b"]
    assert len(after_b["feedback"]) == len(after_b["joined_threads"]) == 1


def test_weekly_claims_are_per_workspace(store: StateStore) -> None:
    a, b = store.for_team(TEAM_A), store.for_team(TEAM_B)
    sub = a.subscribe(CHANNEL, 0, 9, 0, "America/Toronto", USER)
    assert a.claim_weekly_post(sub.id, "2026-W49", "w1", NOW, timedelta(minutes=10))
    assert b.weekly_claim(sub.id, "2026-W49", "w1") is None
    assert not b.finish_weekly_post(sub.id, "2026-W49", "w1", "1.2")
    assert a.finish_weekly_post(sub.id, "2026-W49", "w1", "1.2")
    assert b.weekly_posts() == [] and a.weekly_posts() == [(sub.id, "2026-W49", "done")]


def test_forget_team_deletes_one_workspace_only(store: StateStore) -> None:
    seed(store.for_team(TEAM_A), "a")
    seed(store.for_team(TEAM_B), "b")
    seed(store, "single")
    counts = forget_team(store.engine, TEAM_A)
    assert counts["replies"] == counts["subscriptions"] == counts["processed_events"] == 1
    for table in team_tables():
        assert _count(store, table.name, TEAM_A) == 0, table.name
    assert _count(store, "replies", TEAM_B) == 1 and _count(store, "replies", "") == 1
    assert _count(store, "user_languages", TEAM_B) == 1


def test_departed_workspace_goes_after_retention_unless_it_comes_back(store: StateStore) -> None:
    seed(store.for_team(TEAM_A), "a")
    seed(store.for_team(TEAM_B), "b")
    record_departure(store.engine, TEAM_A, NOW)
    record_departure(store.engine, TEAM_B, NOW)
    record_departure(store.engine, TEAM_A, NOW + timedelta(days=3))  # the first one counts
    assert departed_teams(store.engine)[TEAM_A] == NOW.replace(tzinfo=None)
    assert cancel_departure(store.engine, TEAM_B)  # installed again: its data stays
    assert purge_departed(store.engine, 30, NOW + timedelta(days=29)) == {}
    purged = purge_departed(store.engine, 30, NOW + timedelta(days=31))
    assert list(purged) == [TEAM_A] and purged[TEAM_A] >= 6
    assert _count(store, "replies", TEAM_A) == 0 and _count(store, "replies", TEAM_B) == 1
    assert departed_teams(store.engine) == {}
