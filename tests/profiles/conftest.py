"""Fixtures for brand profiles: a repository on the state tests' migrated store (SQLite, and
PostgreSQL when KILOVOLT_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import pytest

from bot.profiles import ProfileRepository
from bot.state import StateStore
from tests.postgres.conftest import database_url  # noqa: F401  (a fixture used here)
from tests.state.conftest import store  # noqa: F401  (the same store fixture as state tests)


@pytest.fixture
def repo(store: StateStore) -> ProfileRepository:  # noqa: F811
    return ProfileRepository(store.engine)
