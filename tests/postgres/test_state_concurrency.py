"""Two bot processes sharing one state database: nothing is done twice, nothing is lost."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.state import migrate
from bot.state.store import StateStore
from tests.postgres.replicas import Replica, run_together

pytestmark = pytest.mark.integration

NOW = datetime(2031, 3, 3, 14, 0)
STALE = timedelta(minutes=10)  # state_worker.STALE_AFTER


@pytest.fixture
def url(database_url: str) -> str:
    """The shared database, migrated to head as a replica's start-up would."""
    migrate.upgrade(database_url)
    return database_url


def _subscription(url: str) -> int:
    store = StateStore(url)
    try:
        return store.subscribe("C0WEEKLY", 0, 9, 0, "America/Toronto", "U1").id
    finally:
        store.close()


def test_same_events_claimed_by_exactly_one_of_two_processes(url: str) -> None:
    count = 60
    results = run_together([Replica(url, "events", "Ev", count) for _ in range(2)])
    first, second = (set(r["won"]) for r in results)
    assert not first & second, "an event was handled by both replicas"
    assert first | second == {f"Ev-{i}" for i in range(count)}, "an event was lost"


def test_weekly_post_claimed_once_across_two_processes(url: str) -> None:
    sub = _subscription(url)
    weeks = 20
    results = run_together([Replica(url, "weeks", sub, weeks, NOW.isoformat()) for _ in range(2)])
    first, second = (set(r["won"]) for r in results)
    assert not first & second, "a weekly post was claimed by both replicas"
    assert len(first | second) == weeks
    store = StateStore(url)
    try:
        assert len(store.weekly_posts()) == weeks
    finally:
        store.close()


def test_stale_claim_of_a_dead_replica_is_taken_over_once(url: str) -> None:
    sub = _subscription(url)
    week = "2031-W10"
    dying = Replica(url, "claim-and-hang", sub, week, NOW.isoformat())
    dying.ready()
    dying.go()
    dead = dying.result()
    assert dead["won"] == [week]
    dying.kill()  # died mid-post: the claim stays, unfinished

    store = StateStore(url)
    try:
        # Within the stale window nobody may post: the first replica might still be posting.
        assert not store.claim_weekly_post(sub, week, "early", NOW + STALE / 2, STALE)
        later = (NOW + STALE + timedelta(seconds=1)).isoformat()
        results = run_together([Replica(url, "claim-and-hang", sub, week, later) for _ in range(2)])
        winners = [r for r in results if r["won"]]
        assert len(winners) == 1, f"takeover must happen exactly once, got {results}"
        assert not store.finish_weekly_post(sub, week, dead["worker"], "1700000000.000099")
        assert store.finish_weekly_post(sub, week, winners[0]["worker"], "1700000000.000100")
        assert store.weekly_posts() == [(sub, week, "done")]
        much_later = NOW + STALE * 10
        assert not store.claim_weekly_post(sub, week, "late", much_later, STALE), "done is final"
    finally:
        store.close()
