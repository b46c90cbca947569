"""Alembic migrations, run by the CLI and at start-up, one replica at a time."""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import make_url

from bot.state.db import create_state_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BASELINE_REVISION = "0001"
"""First revision: a database made by `create_all` before migrations existed is stamped with it."""
BASELINE_TABLE = "processed_events"
LOCK_KEY = 0x6B76_6D69
"""PostgreSQL advisory lock id ("kvmi") that serialises migrations across replicas."""

log = logging.getLogger(__name__)


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    """An Alembic config for `url` without any .ini file; `connection` is used when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision shipped with this code."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def _url_of(target: Any) -> str:
    """A URL from a Settings object (its resolved database URL) or a URL string."""
    return str(getattr(target, "resolved_database_url", target))


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """An exclusive lock file beside a SQLite database file (no-op for other databases)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).with_name(Path(database).name + ".migrate.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def migration_lock(engine: Engine) -> Iterator[Connection]:
    """A connection holding the cross-replica migration lock (advisory lock or lock file)."""
    with _sqlite_file_lock(engine), engine.connect() as connection:
        postgres = connection.dialect.name == "postgresql"
        if postgres:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
            connection.commit()
        try:
            yield connection
        finally:
            if postgres:
                connection.rollback()
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
                connection.commit()


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None when it was never migrated)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_engine(engine: Engine, revision: str = "head") -> str | None:
    """Migrate the database behind `engine` to `revision`; returns the revision it ends at.

    Safe to call from every replica at start-up: replicas take turns, the later ones find nothing
    to do. A database created before migrations existed (tables, no version) is stamped first.
    """
    url = engine.url.render_as_string(hide_password=False)
    with migration_lock(engine) as connection:
        config = alembic_config(url, connection)
        if current_revision(connection) is None and inspect(connection).has_table(BASELINE_TABLE):
            log.info("state database predates migrations: stamping %s", BASELINE_REVISION)
            command.stamp(config, BASELINE_REVISION)
            connection.commit()
        command.upgrade(config, revision)
        connection.commit()
        return current_revision(connection)


def upgrade(target: Any, revision: str = "head") -> str | None:
    """Migrate the database of `target` (Settings or a SQLAlchemy URL) to `revision`."""
    engine = create_state_engine(_url_of(target))
    try:
        return upgrade_engine(engine, revision)
    finally:
        engine.dispose()


def downgrade(target: Any, revision: str = "base") -> str | None:
    """Revert the database of `target` to `revision` ("base" drops every table of the state)."""
    engine = create_state_engine(_url_of(target))
    try:
        url = engine.url.render_as_string(hide_password=False)
        with migration_lock(engine) as connection:
            command.downgrade(alembic_config(url, connection), revision)
            connection.commit()
            return current_revision(connection)
    finally:
        engine.dispose()


def current(target: Any) -> str | None:
    """The revision of the database of `target` (Settings or URL); None when never migrated."""
    engine = create_state_engine(_url_of(target))
    try:
        with engine.connect() as connection:
            return current_revision(connection)
    finally:
        engine.dispose()


def safe_url(target: Any) -> str:
    """The database URL with its password masked, for messages and logs."""
    return make_url(_url_of(target)).render_as_string(hide_password=True)
