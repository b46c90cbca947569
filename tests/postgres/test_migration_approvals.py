"""Migrations 0008 (the approval tables, exactly as the models map them; downgrade drops them)
and 0009 (one open request per thread)."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from bot.state import migrate
from bot.state.models import Base

TABLES = {"approval_requests", "approval_versions", "approval_decisions"}


def _diff(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    return [d for d in diff if any(name in repr(d) for name in TABLES)]


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_0007_to_head_creates_the_tables_and_downgrade_drops_them(database_url: str) -> None:
    migrate.upgrade(database_url, "0007")
    assert not TABLES & _tables(database_url)
    assert migrate.upgrade(database_url) == migrate.head_revision()
    assert _tables(database_url) >= TABLES
    assert _diff(database_url) == []
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO approval_decisions (team_id, request_id, version, decision, "
                "decided_by, author_id, comment, created_at) VALUES ('', 'q1', 1, 'approved', "
                "'U2', 'U1', '', '2026-12-06 10:00:00')"
            )
        )
    engine.dispose()
    assert migrate.downgrade(database_url, "0007") == "0007"
    assert not TABLES & _tables(database_url)


def _insert_open(conn: object, request_id: str, thread: str, created: str) -> None:
    conn.execute(  # type: ignore[attr-defined]
        text(
            "INSERT INTO approval_requests (id, team_id, author_id, reviewer_id, channel, "
            "thread_ts, status, current_version, language, note, created_at, updated_at) "
            f"VALUES ('{request_id}', '', 'U1', 'U2', 'D1', '{thread}', 'open', 1, 'fr', '', "
            f"'{created}', '{created}')"
        )
    )


def test_0009_closes_a_race_s_duplicates_then_keeps_one_open_request_per_thread(
    database_url: str,
) -> None:
    migrate.upgrade(database_url, "0008")
    engine = create_engine(database_url)
    with engine.begin() as conn:  # what two replicas racing before 0009 could leave
        _insert_open(conn, "old", "1.1", "2026-12-06 10:00:00")
        _insert_open(conn, "new", "1.1", "2026-12-06 10:00:01")
        _insert_open(conn, "alone", "2.2", "2026-12-06 10:00:00")
    assert migrate.upgrade(database_url) == migrate.head_revision()
    with engine.connect() as conn:
        status = dict(conn.execute(text("SELECT id, status FROM approval_requests")).all())
    assert status == {"old": "cancelled", "new": "open", "alone": "open"}
    assert _diff(database_url) == []
    with engine.begin() as conn, pytest.raises(IntegrityError):
        _insert_open(conn, "third", "1.1", "2026-12-06 11:00:00")
    engine.dispose()
    assert migrate.downgrade(database_url, "0008") == "0008"
    names = {
        i["name"] for i in inspect(create_engine(database_url)).get_indexes("approval_requests")
    }
    assert "uq_approval_requests_open_thread" not in names
