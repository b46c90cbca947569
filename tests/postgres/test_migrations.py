"""Alembic migrations: an empty database upgraded to head matches the models (SQLite, Postgres)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from bot.state import migrate
from bot.state.db import create_state_engine
from bot.state.models import Base
from tests.postgres.replicas import Replica, run_together

pytestmark = pytest.mark.integration


def _schema_diff(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_of_an_empty_database_matches_the_models(database_url: str) -> None:
    assert migrate.current(database_url) is None
    assert migrate.upgrade(database_url) == migrate.head_revision()
    assert migrate.current(database_url) == migrate.head_revision()
    assert _schema_diff(database_url) == []


def test_upgrade_is_idempotent_and_downgrade_removes_everything(database_url: str) -> None:
    migrate.upgrade(database_url)
    assert migrate.upgrade(database_url) == migrate.head_revision()
    assert migrate.downgrade(database_url) is None
    assert _tables(database_url) == set()
    migrate.upgrade(database_url)
    assert _tables(database_url) == set(Base.metadata.tables)


def test_database_created_before_migrations_is_adopted(database_url: str) -> None:
    migrate.upgrade(database_url, migrate.BASELINE_REVISION)
    engine = create_state_engine(database_url)
    with engine.begin() as conn:  # the baseline tables without a version: what StateStore's
        conn.execute(text("DROP TABLE alembic_version"))  # create_all made before migrations
    engine.dispose()
    assert migrate.current(database_url) is None
    assert migrate.upgrade(database_url) == migrate.head_revision()
    assert _schema_diff(database_url) == []


def test_two_replicas_starting_together_migrate_once(database_url: str) -> None:
    results = run_together([Replica(database_url, "migrate") for _ in range(2)])
    assert [r["won"] for r in results] == [[migrate.head_revision()]] * 2
    assert _schema_diff(database_url) == []


def _cli(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KILOVOLT_DATABASE_URL": url, "OMP_WAIT_POLICY": "passive"}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_cli_upgrade_then_current(database_url: str) -> None:
    upgraded = _cli("upgrade", "--json", url=database_url)
    assert upgraded.returncode == 0, upgraded.stderr
    assert json.loads(upgraded.stdout)["to"] == migrate.head_revision()
    current = json.loads(_cli("current", "--json", url=database_url).stdout)
    assert current["up_to_date"] is True


def test_cli_unreachable_database_is_one_line_without_password() -> None:
    result = _cli("upgrade", url="postgresql+psycopg://kv:hunter2secret@127.0.0.1:9/kv")
    assert result.returncode == 1
    assert "cannot reach the state database" in result.stderr
    assert "hunter2secret" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
