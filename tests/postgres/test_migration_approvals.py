"""Migration 0008: the approval tables, exactly as the models map them; downgrade drops them."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

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
