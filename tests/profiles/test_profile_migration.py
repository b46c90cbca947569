"""Migration 0006: creates `brand_profiles` as the model maps it, and its downgrade drops it."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from bot.profiles.table import BrandProfileRow
from bot.state import migrate
from bot.state.db import create_state_engine
from bot.state.models import Base


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _profile_diff(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    return [d for d in diff if "brand_profiles" in repr(d)]


def test_up_creates_the_table_as_mapped_and_down_drops_it(database_url: str) -> None:
    assert migrate.upgrade(database_url) == migrate.head_revision()
    assert "brand_profiles" in _tables(database_url)
    assert "brand_profiles" in Base.metadata.tables and _profile_diff(database_url) == []
    assert migrate.downgrade(database_url, "0005") == "0005"
    assert "brand_profiles" not in _tables(database_url)
    assert migrate.upgrade(database_url) == migrate.head_revision()
    assert "brand_profiles" in _tables(database_url)


def test_an_existing_table_is_kept(database_url: str) -> None:
    migrate.upgrade(database_url, "0005")
    engine = create_state_engine(database_url)
    try:
        BrandProfileRow.__table__.create(engine)  # e.g. made by create_all before 0006
    finally:
        engine.dispose()
    assert migrate.upgrade(database_url) == migrate.head_revision()
    assert _profile_diff(database_url) == []
