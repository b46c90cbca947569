"""Fixtures for state tests: a migrated store on SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.state import StateStore
from tests.postgres.conftest import POSTGRES_ENV, postgres_scratch_database


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StateStore]:
    """A migrated store: SQLite in tmp_path, or a scratch PostgreSQL database (see POSTGRES_ENV)."""
    if request.param == "sqlite":
        opened = StateStore(f"sqlite:///{tmp_path / 'state.sqlite3'}")
        yield opened
        opened.close()
        return
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"{POSTGRES_ENV} is not set (scripts/postgres.sh start prints one)")
    with postgres_scratch_database(admin_url) as url:
        opened = StateStore(url)
        yield opened
        opened.close()
