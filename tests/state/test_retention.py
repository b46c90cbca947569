"""Retention on a real store: only rows older than KILOVOLT_RETENTION_DAYS go, idempotently."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.state import StateStore
from bot.state.models import Base
from bot.state.retention import RetentionJob, purge_older_than

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
NAIVE_NOW = NOW.replace(tzinfo=None)
NONE = {"approval_decisions": 0, "approval_versions": 0, "approval_requests": 0}
"""The approval tables, empty here (tests/state/test_approvals.py ages them)."""


def _set(store: StateStore, table: str, column: str, when: datetime, **key: Any) -> None:
    target = Base.metadata.tables[table]
    where = [target.c[name] == value for name, value in key.items()]
    with store.engine.begin() as conn:
        conn.execute(target.update().where(*where).values({column: when}))


def _ids(store: StateStore, table: str, column: str) -> set[Any]:
    target = Base.metadata.tables[table]
    with store.engine.connect() as conn:
        return set(conn.scalars(select(target.c[column])))


def _aged(store: StateStore) -> None:
    """Rows 200 and 10 days old in every expiring table (retention 180 days)."""
    old, recent = NAIVE_NOW - timedelta(days=200), NAIVE_NOW - timedelta(days=10)
    for tag, when in (("old", old), ("new", recent)):
        store.save_reply(f"r-{tag}", "answer", question=f"q {tag}", user_id="U0ALICE01")
        _set(store, "replies", "created_at", when, reply_id=f"r-{tag}")
        store.record_feedback(f"r-{tag}", "U0BOB0002", "up")
        _set(store, "feedback", "created_at", when, reply_id=f"r-{tag}")
        store.join_thread("C1", f"1.{tag}", user_id="U0ALICE01")
        _set(store, "joined_threads", "joined_at", when, thread_ts=f"1.{tag}")
    # A click made last week on the old answer: it carries a copy of the old question.
    store.record_feedback("r-old", "U0CAROL03", "down")
    _set(store, "feedback", "created_at", recent, user_id="U0CAROL03")
    store.subscribe("C1", 0, 9, 0, "America/Toronto", "U0ALICE01")
    sub = store.subscriptions()[0]
    _set(store, "subscriptions", "created_at", old, id=sub.id)
    for week, when in (("2025-W40", old), ("2026-W21", recent)):
        store.claim_weekly_post(sub.id, week, "w", when, timedelta(minutes=10))


def test_purge_removes_only_rows_older_than_the_retention(store: StateStore) -> None:
    _aged(store)
    counts = purge_older_than(store.engine, 180, NOW)
    assert counts == {"feedback": 2, "replies": 1, "joined_threads": 1, "weekly_posts": 1} | NONE
    assert _ids(store, "replies", "reply_id") == {"r-new"}
    assert _ids(store, "feedback", "reply_id") == {"r-new"}  # Carol's copy of "q old" went too
    assert _ids(store, "joined_threads", "thread_ts") == {"1.new"}
    assert _ids(store, "weekly_posts", "week") == {"2026-W21"}
    assert [s.channel for s in store.subscriptions()] == ["C1"]  # active settings stay
    assert not any(purge_older_than(store.engine, 180, NOW).values())  # idempotent


def test_dry_run_counts_and_deletes_nothing(store: StateStore) -> None:
    _aged(store)
    assert purge_older_than(store.engine, 180, NOW, dry_run=True)["replies"] == 1
    assert _ids(store, "replies", "reply_id") == {"r-old", "r-new"}


def test_a_short_retention_never_removes_this_weeks_post_claim(store: StateStore) -> None:
    _aged(store)
    counts = purge_older_than(store.engine, 1, NOW)
    assert counts["replies"] == 2 and counts["joined_threads"] == 2
    assert _ids(store, "weekly_posts", "week") == {"2026-W21"}  # 10 days < the 35-day floor


def test_the_job_runs_at_most_hourly(store: StateStore) -> None:
    _aged(store)
    job = RetentionJob(store.engine, 180)
    assert (
        job.run_if_due(NOW)
        == {
            "feedback": 2,
            "replies": 1,
            "joined_threads": 1,
            "weekly_posts": 1,
        }
        | NONE
    )
    store.save_reply("r-late", "answer", user_id="U0ALICE01")
    _set(store, "replies", "created_at", NAIVE_NOW - timedelta(days=365), reply_id="r-late")
    assert job.run_if_due(NOW + timedelta(minutes=59)) is None
    assert (
        job.run_if_due(NOW + timedelta(hours=1))
        == {
            "feedback": 0,
            "replies": 1,
            "joined_threads": 0,
            "weekly_posts": 0,
        }
        | NONE
    )


def test_retention_setting_defaults_to_180_days_and_refuses_zero(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KILOVOLT_RETENTION_DAYS", raising=False)
    assert Settings(_env_file=None).retention_days == 180
    monkeypatch.setenv("KILOVOLT_RETENTION_DAYS", "30")
    assert Settings(_env_file=None).retention_days == 30
    monkeypatch.setenv("KILOVOLT_RETENTION_DAYS", "0")
    with pytest.raises(ValueError):
        Settings(_env_file=None)
    with pytest.raises(ValueError):
        purge_older_than(None, 0, NOW)  # type: ignore[arg-type]
