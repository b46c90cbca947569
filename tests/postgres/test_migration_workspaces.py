"""Migration 0005 on a database with rows (SQLite, and PostgreSQL when configured): every row is
kept, keyed by the single-workspace team "", and the store still finds it."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import inspect, text

from bot.state import StateStore, migrate
from bot.state.db import create_state_engine

pytestmark = pytest.mark.integration

WHEN = datetime(2026, 11, 30, 12, 0)
ROWS = {
    "processed_events": {"key": "evt:Ev1", "expires_at": datetime(2099, 1, 1)},
    "joined_threads": {
        "channel": "C1",
        "thread_ts": "1.000001",
        "kind": "thread",
        "joined_at": WHEN,
        "user_id": "U0ALICE01",
    },
    "replies": {
        "reply_id": "r1",
        "kind": "answer",
        "question": "Comment animer notre page?",
        "mode": "offline",
        "sources": "[]",
        "payload": "{}",
        "channel": "C1",
        "created_at": WHEN,
        "user_id": "U0ALICE01",
    },
    "feedback": {
        "reply_id": "r1",
        "user_id": "U0ALICE01",
        "value": "up",
        "kind": "answer",
        "question": "Comment animer notre page?",
        "mode": "offline",
        "sources": "[]",
        "channel": "C1",
        "created_at": WHEN,
    },
    "subscriptions": {
        "channel": "C9",
        "weekday": 0,
        "hour": 9,
        "minute": 0,
        "tz": "America/Toronto",
        "created_by": "U0ALICE01",
        "created_at": WHEN,
        "language": "fr",
        "paused_reason": "",
    },
    "user_languages": {"user_id": "U0ALICE01", "language": "en", "updated_at": WHEN},
}


def _insert_rows(url: str) -> None:
    engine = create_state_engine(url)
    with engine.begin() as conn:
        for table, row in ROWS.items():
            columns = ", ".join(row)
            values = ", ".join(f":{name}" for name in row)
            conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), row)
        subscription = conn.scalar(text("SELECT id FROM subscriptions"))
        conn.execute(
            text(
                "INSERT INTO weekly_posts (subscription_id, week, status, claimed_by, claimed_at,"
                " posted_ts, reply_id, attempts, last_error)"
                " VALUES (:s, '2026-W48', 'done', 'host:1', :w, '1.2', '', 0, '')"
            ),
            {"s": subscription, "w": WHEN},
        )
    engine.dispose()


def test_upgrade_from_0004_keeps_every_row_under_team_blank(database_url: str) -> None:
    assert migrate.upgrade(database_url, "0004") == "0004"
    _insert_rows(database_url)
    assert migrate.upgrade(database_url) == migrate.head_revision()
    engine = create_state_engine(database_url)
    with engine.connect() as conn:
        for table in [*ROWS, "weekly_posts"]:
            teams = conn.execute(text(f"SELECT team_id FROM {table}")).scalars().all()
            assert teams == [""], table
    tables = set(inspect(engine).get_table_names())
    assert {"slack_installations", "slack_bots", "slack_oauth_states"} <= tables
    engine.dispose()
    store = StateStore(database_url)
    try:
        assert store.get_reply("r1") is not None and store.user_language("U0ALICE01") == "en"
        assert store.thread_asker("C1", "1.000001") == "U0ALICE01"
        assert [s.channel for s in store.subscriptions()] == ["C9"]
        assert not store.claim("evt:Ev1")  # the dedupe key survived
        assert store.list_feedback()[0]["value"] == "up"
        assert store.weekly_posts()[0][1:] == ("2026-W48", "done")
        # The new keys include the team: another workspace may use the same ids.
        other = store.for_team("T0OTHER01")
        other.join_thread("C1", "1.000001")
        other.set_user_language("U0ALICE01", "fr")
        other.subscribe("C9", 1, 10, 0, "America/Toronto", "U0ALICE01")
        assert store.user_language("U0ALICE01") == "en"
    finally:
        store.close()


def test_downgrade_to_0004_restores_the_single_workspace_keys(database_url: str) -> None:
    migrate.upgrade(database_url, "0004")
    _insert_rows(database_url)
    migrate.upgrade(database_url, "0005")
    assert migrate.downgrade(database_url, "0004") == "0004"
    engine = create_state_engine(database_url)
    columns = {c["name"] for c in inspect(engine).get_columns("replies")}
    assert "team_id" not in columns
    assert "slack_installations" not in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM replies")) == 1
    engine.dispose()
