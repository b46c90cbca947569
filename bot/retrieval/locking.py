"""One index build at a time: a file lock in the data dir, and a PostgreSQL advisory lock when
the state database is shared by several machines.

Two `kilovolt index` runs, or an upload indexed while the knowledge is being re-indexed, would
otherwise read the same manifest, embed the same files and race to swap the alias. The second run
waits for the first (up to `wait` seconds) or stops with one line saying who holds the lock. The
served index is never affected either way: builds go to their own collection and become live in
one metadata update (store.py).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from bot.config import Settings
from bot.errors import KilovoltError

log = logging.getLogger(__name__)

LOCK_FILE = "index.lock"
HOLDER_FILE = "index.lock.json"  # who holds it: shown to whoever waits (informative only)
POLL_S = 0.25  # how often a waiting run tries the shared lock again


class IndexBusyError(KilovoltError):
    """Another index build holds the lock and did not finish within the wait."""


def _holder_line(data_dir: Path) -> str:
    try:
        holder = json.loads((data_dir / HOLDER_FILE).read_text("utf-8"))
        return f" (pid {holder['pid']} on {holder['host']}, since {holder['since']})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def _busy(where: str, wait: float) -> IndexBusyError:
    waited = f" after waiting {wait:.0f} s" if wait > 0 else ""
    return IndexBusyError(
        f"an index build is already running{where}{waited}: try again when it ends, "
        "or pass --wait SECONDS",
        f"Une indexation est déjà en cours{where} : réessayez quand elle sera terminée.",
    )


@contextmanager
def file_lock(data_dir: Path, wait: float) -> Iterator[None]:
    """The data dir's index lock (processes on this machine), waiting up to `wait` seconds."""
    lock = FileLock(str(data_dir / LOCK_FILE))
    try:
        lock.acquire(timeout=max(wait, 0.0))
    except Timeout as exc:
        raise _busy(_holder_line(data_dir), wait) from exc
    try:
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        }
        (data_dir / HOLDER_FILE).write_text(json.dumps(holder), encoding="utf-8")
        yield
    finally:
        (data_dir / HOLDER_FILE).unlink(missing_ok=True)
        lock.release()


def advisory_key(name: str) -> int:
    """A stable 32-bit key for PostgreSQL's advisory locks, from the collection's name."""
    return zlib.crc32(f"kilovolt-index:{name}".encode())


@contextmanager
def postgres_lock(
    url: str, name: str, wait: float, clock: Callable[[], float] = time.monotonic
) -> Iterator[None]:
    """A session-level advisory lock on the shared state database (replicas on other machines),
    tried until `wait` seconds have passed; released when the block ends or the session dies."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, pool_pre_ping=True)
    key = advisory_key(name)
    try:
        with engine.connect() as connection:
            deadline = clock() + max(wait, 0.0)
            while not connection.execute(
                text("SELECT pg_try_advisory_lock(:k)"), {"k": key}
            ).scalar():
                if clock() >= deadline:
                    raise _busy(" on another machine sharing the database", wait)
                time.sleep(POLL_S)
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                connection.commit()
    finally:
        engine.dispose()


def shares_postgres(settings: Settings) -> bool:
    """True when the state database is PostgreSQL (shared by the bot's replicas)."""
    return settings.resolved_database_url.startswith(("postgresql", "postgres"))


@contextmanager
def index_lock(settings: Settings, data_dir: Path, name: str, wait: float) -> Iterator[None]:
    """Hold every lock an index build needs: this machine's, then the shared database's."""
    started = time.monotonic()
    with file_lock(data_dir, wait):
        if shares_postgres(settings):
            left = max(0.0, wait - (time.monotonic() - started))
            with postgres_lock(settings.resolved_database_url, name, left):
                yield
        else:
            yield
