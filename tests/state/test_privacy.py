"""Law 25 on a real store (SQLite, and PostgreSQL when configured): registry, export, forget."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import JSON, DateTime, Integer, String, Text, insert, select

from bot.state import StateStore, utcnow
from bot.state.models import Base
from bot.state.privacy import (
    NOT_PERSONAL,
    PERSONAL_COLUMNS,
    USER_COLUMN_NAME,
    InvalidUserId,
    export_user,
    forget_user,
    normalize_user_id,
)
from bot.state.retention import EXPIRING, KEPT

ALICE, BOB = "U0ALICE01", "U0BOB0002"


def seed(store: StateStore, user: str, tag: str) -> None:
    """What a person leaves behind through the bot's own operations."""
    asked = {"channel": "C1", "user_id": user}
    store.save_reply(f"r-{tag}", "answer", question=f"question of {tag}", **asked)
    store.save_reply(f"d-{tag}", "routing", question=f"draft of {tag}", **asked)
    store.record_feedback(f"r-{tag}", user, "up")
    store.join_thread("C1", f"1.{tag}", user_id=user)
    store.subscribe(f"C-{tag}", 0, 9, 0, "America/Toronto", user)
    store.set_user_language(user, "en")


def _user_columns() -> set[tuple[str, str]]:
    return {
        (table.name, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if USER_COLUMN_NAME.search(column.name)
    }


def test_every_column_that_can_hold_a_user_id_is_registered() -> None:
    registered = {(entry.table, entry.column) for entry in PERSONAL_COLUMNS}
    assert registered <= _user_columns(), "a registered column is missing from the models"
    unregistered = _user_columns() - registered - set(NOT_PERSONAL)
    assert not unregistered, f"add these to PERSONAL_COLUMNS or NOT_PERSONAL: {unregistered}"


def test_every_table_has_a_retention_rule() -> None:
    expiring = {entry.table for entry in EXPIRING}
    assert not expiring & set(KEPT)
    assert expiring | set(KEPT) == set(Base.metadata.tables)
    for entry in EXPIRING:
        assert entry.column in Base.metadata.tables[entry.table].columns


def _sample(column: Any, user: str, index: int) -> Any:
    kind = column.type
    if column.name == "team_id":
        return ""  # the store's workspace (single-workspace mode)
    if isinstance(kind, DateTime):
        return utcnow()
    if isinstance(kind, JSON):
        return {}
    if isinstance(kind, Integer):
        return 1000 + index
    if isinstance(kind, String | Text):
        return f"{user}-{column.name}-{index}"[: kind.length or 200]
    raise AssertionError(f"no sample for {column.table.name}.{column.name} ({kind})")


def test_export_and_forget_cover_every_registered_table(store: StateStore) -> None:
    """One generic row per registered column and person: a future table is covered too."""
    with store.engine.begin() as conn:
        for index, entry in enumerate(PERSONAL_COLUMNS):
            table = Base.metadata.tables[entry.table]
            for offset, user in enumerate((ALICE, BOB)):
                row = {c.name: _sample(c, user, 2 * index + offset) for c in table.columns}
                row[entry.column] = user
                conn.execute(insert(table).values(row))
    exported = export_user(store.engine, ALICE)
    assert set(exported) == {entry.table for entry in PERSONAL_COLUMNS}
    for entry in PERSONAL_COLUMNS:
        assert [row[entry.column] for row in exported[entry.table]].count(ALICE) == 1
        assert len(exported[entry.table]) == _registered(entry.table)
    forgotten = forget_user(store.engine, ALICE)
    for entry in PERSONAL_COLUMNS:  # one row per registered column of the table
        assert forgotten[entry.table] == _registered(entry.table)
    assert not any(export_user(store.engine, ALICE).values())
    assert all(len(r) == _registered(t) for t, r in export_user(store.engine, BOB).items())


def _registered(table: str) -> int:
    """How many of a table's columns are registered (a row was seeded for each)."""
    return sum(entry.table == table for entry in PERSONAL_COLUMNS)


def test_export_holds_the_persons_data_and_nobody_elses(store: StateStore) -> None:
    seed(store, ALICE, "a")
    seed(store, BOB, "b")
    data = export_user(store.engine, ALICE)
    assert [r["question"] for r in data["replies"]] == ["draft of a", "question of a"]
    assert [(r["reply_id"], r["value"]) for r in data["feedback"]] == [("r-a", "up")]
    assert [r["thread_ts"] for r in data["joined_threads"]] == ["1.a"]
    assert [r["channel"] for r in data["subscriptions"]] == ["C-a"]
    assert data["replies"][0]["created_at"].endswith("Z")
    assert "question of b" not in repr(data) and BOB not in repr(data)


def test_unknown_user_has_an_empty_export_and_nothing_to_forget(store: StateStore) -> None:
    seed(store, BOB, "b")
    assert not any(export_user(store.engine, ALICE).values())
    counts = forget_user(store.engine, ALICE)
    assert not any(counts.values())


def test_forget_deletes_the_person_and_leaves_others_intact(store: StateStore) -> None:
    seed(store, ALICE, "a")
    seed(store, BOB, "b")
    store.record_feedback("r-a", BOB, "down")  # Bob rated Alice's answer
    before_bob = export_user(store.engine, BOB)
    counts = forget_user(store.engine, ALICE)
    assert counts == {
        "replies": 2,
        "feedback": 1,
        "joined_threads": 1,
        "subscriptions": 1,
        "user_languages": 1,
        "brand_profiles": 0,
        "approval_requests": 0,
        "approval_versions": 0,
        "approval_decisions": 0,
        "feedback_questions_scrubbed": 1,
    }
    assert not any(export_user(store.engine, ALICE).values())
    assert store.get_reply("r-a") is None and store.get_reply("r-b") is not None
    # Bob keeps his click on Alice's answer, without the copy of her question.
    after_bob = export_user(store.engine, BOB)
    [bob_on_alice] = [r for r in after_bob["feedback"] if r["reply_id"] == "r-a"]
    assert (bob_on_alice["value"], bob_on_alice["question"]) == ("down", "")
    assert after_bob["replies"] == before_bob["replies"]
    assert after_bob["joined_threads"] == before_bob["joined_threads"]
    # The channel Alice subscribed keeps its weekly post; only her id is gone.
    assert {(s.channel, s.created_by) for s in store.subscriptions()} == {
        ("C-a", ""),
        ("C-b", BOB),
    }
    assert not any(forget_user(store.engine, ALICE).values())  # idempotent


def test_dry_run_counts_without_deleting(store: StateStore) -> None:
    seed(store, ALICE, "a")
    assert forget_user(store.engine, ALICE, dry_run=True)["replies"] == 2
    assert len(export_user(store.engine, ALICE)["replies"]) == 2


@pytest.mark.parametrize("raw", ["U0123ABCD", " w0123abcd ", "U024BE7LH"])
def test_slack_user_ids_are_accepted(raw: str) -> None:
    assert normalize_user_id(raw) == raw.strip().upper()


@pytest.mark.parametrize(
    "raw", ["", "alice", "C0123ABCD", "U12", "U0123 ABCD", "U0123'--", "U" * 50]
)
def test_malformed_user_ids_are_refused(raw: str) -> None:
    with pytest.raises(InvalidUserId):
        normalize_user_id(raw)


def test_replies_and_threads_without_a_user_stay_out_of_exports(store: StateStore) -> None:
    store.save_reply("w1", "ideas", channel="C9")  # a weekly post: nobody asked
    store.join_thread("C9", "9.9")
    with store.engine.connect() as conn:
        assert conn.scalar(select(Base.metadata.tables["replies"].c.user_id)) == ""
    assert not any(export_user(store.engine, ALICE).values())
