"""Migration 0007: `reason` and `comment` on feedback, as the model maps them; rows kept."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from bot.state import migrate
from bot.state.models import Base


def _feedback_diff(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    return [
        d for d in diff if "feedback" in repr(d) and ("reason" in repr(d) or "comment" in repr(d))
    ]


def _columns(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return {c["name"] for c in inspect(engine).get_columns("feedback")}
    finally:
        engine.dispose()


def test_0006_to_head_adds_the_columns_and_keeps_the_clicks(database_url: str) -> None:
    migrate.upgrade(database_url, "0006")
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO feedback (reply_id, user_id, value, kind, question, mode, sources, "
                "channel, created_at, team_id) VALUES ('r1', 'U1', 'down', 'answer', 'q', "
                "'offline', '[]', 'C1', '2026-11-30 10:00:00', '')"
            )
        )
    engine.dispose()
    assert migrate.upgrade(database_url) == migrate.head_revision()
    assert {"reason", "comment"} <= _columns(database_url)
    assert _feedback_diff(database_url) == []
    engine = create_engine(database_url)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT value, reason, comment FROM feedback")).one()
    engine.dispose()
    assert tuple(row) == ("down", "", "")
    assert migrate.downgrade(database_url, "0006") == "0006"
    assert not {"reason", "comment"} & _columns(database_url)
