"""StateStore: atomic claims under concurrency, expiry, feedback upsert, subscriptions."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from bot.state import StateStore, utcnow


def _store(tmp_path: Path) -> StateStore:
    return StateStore(f"sqlite:///{tmp_path / 'state.sqlite3'}")


def test_claim_is_atomic_across_threads_and_stores(tmp_path: Path) -> None:
    stores = [_store(tmp_path) for _ in range(2)]  # two "replicas" on one database
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def worker(index: int) -> None:
        barrier.wait()
        results.append(stores[index % 2].claim("evt:Ev1"))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]


def test_expired_claim_can_be_claimed_again(tmp_path: Path) -> None:
    store = _store(tmp_path)
    now = utcnow()
    assert store.claim("k", timedelta(minutes=1), now=now)
    assert not store.claim("k", timedelta(minutes=1), now=now + timedelta(seconds=30))
    assert store.claim("k", timedelta(minutes=1), now=now + timedelta(minutes=2))
    assert store.purge_expired(now + timedelta(hours=1)) == 1


def test_feedback_latest_click_wins_and_carries_reply_context(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.save_reply(
        "r1",
        "answer",
        question="Q?",
        mode="llm",
        sources=[{"n": 1, "source": "a.md", "title": "A"}],
    )
    store.record_feedback("r1", "U1", "up")
    store.record_feedback("r1", "U1", "down")
    store.record_feedback("r1", "U2", "up")
    rows = store.list_feedback()
    assert [(r["user"], r["value"]) for r in rows] == [("U1", "down"), ("U2", "up")]
    assert rows[0]["question"] == "Q?" and rows[0]["sources"][0]["source"] == "a.md"


def test_subscribe_replaces_and_unsubscribe_removes(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.subscribe("C1", 0, 9, 0, "America/Toronto", "U1")
    store.subscribe("C1", 4, 16, 30, "America/Toronto", "U2")
    [sub] = store.subscriptions()
    assert (sub.weekday, sub.hour, sub.minute) == (4, 16, 30)
    assert store.unsubscribe("C1") and not store.unsubscribe("C1")


def test_joined_threads(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.join_thread("C1", "1.1")
    store.join_thread("C1", "1.1")
    assert store.is_joined("C1", "1.1") and not store.is_joined("C1", "2.2")
    store.join_thread("D1", "3.3", "assistant")
    assert store.thread_kind("D1", "3.3") == "assistant"
