"""Weekly claims: every change after the claim checks its owner; retries wait for their time."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from bot.state import StateStore

NOW = datetime(2031, 3, 3, 14, 0)
STALE = timedelta(minutes=10)


def _store(tmp_path: Path) -> tuple[StateStore, int]:
    store = StateStore(f"sqlite:///{tmp_path / 'state.sqlite3'}")
    return store, store.subscribe("C1", 0, 9, 0, "America/Toronto", "U1").id


def test_a_worker_whose_claim_was_taken_over_can_neither_finish_nor_release_it(
    tmp_path: Path,
) -> None:
    store, sub = _store(tmp_path)
    assert store.claim_weekly_post(sub, "W1", "slow", NOW, STALE)
    assert store.store_weekly_ideas(sub, "W1", "slow", "r1", {"ideas": [1]})
    assert store.claim_weekly_post(sub, "W1", "fast", NOW + STALE * 2, STALE)  # stale: taken
    assert not store.renew_weekly_claim(sub, "W1", "slow", NOW + STALE * 2)
    assert not store.finish_weekly_post(sub, "W1", "slow", "1.1")
    assert not store.release_weekly_post(sub, "W1", "slow", NOW, "internal_error")
    assert not store.fail_weekly_post(sub, "W1", "slow", "is_archived")
    claim = store.weekly_claim(sub, "W1", "fast")
    assert claim is not None and claim.ideas == {"ideas": [1]} and claim.reply_id == "r1"
    assert store.finish_weekly_post(sub, "W1", "fast", "2.2")
    assert store.weekly_posts() == [(sub, "W1", "done")]
    assert not store.claim_weekly_post(sub, "W1", "late", NOW + STALE * 100, STALE)


def test_released_week_is_claimable_when_due_and_keeps_its_ideas(tmp_path: Path) -> None:
    store, sub = _store(tmp_path)
    store.claim_weekly_post(sub, "W1", "a", NOW, STALE)
    store.store_weekly_ideas(sub, "W1", "a", "r1", {"ideas": [1]})
    assert store.release_weekly_post(sub, "W1", "a", NOW + STALE, "internal_error")
    assert not store.claim_weekly_post(sub, "W1", "b", NOW + STALE / 2, STALE)
    assert store.claim_weekly_post(sub, "W1", "b", NOW + STALE, STALE)
    claim = store.weekly_claim(sub, "W1", "b")
    assert claim is not None and claim.attempts == 1 and claim.ideas == {"ideas": [1]}


def test_pause_once_and_subscribe_again_resumes(tmp_path: Path) -> None:
    store, sub = _store(tmp_path)
    assert store.pause_subscription(sub, "is_archived", NOW)
    assert not store.pause_subscription(sub, "channel_not_found", NOW)
    assert store.subscriptions()[0].paused_reason == "is_archived"
    store.subscribe("C1", 0, 9, 0, "America/Toronto", "U1", language="en")
    [info] = store.subscriptions()
    assert (info.paused_reason, info.language) == ("", "en")
