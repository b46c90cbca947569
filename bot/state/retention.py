"""Retention (Law 25): delete conversation records older than KILOVOLT_RETENTION_DAYS."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, or_, select

from bot.state.models import Base
from bot.state.store import as_naive_utc

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Expiring:
    """A table whose rows expire `retention` days after `column` (never sooner than floor_days)."""

    table: str
    column: str
    floor_days: int = 0
    why: str = ""


EXPIRING: tuple[Expiring, ...] = (
    # Feedback first: it also goes with the expired replies whose question it copies.
    Expiring("feedback", "created_at", why="clicks, with a copy of the rated question"),
    Expiring("replies", "created_at", why="questions, drafts and what the bot sent"),
    Expiring("joined_threads", "joined_at", why="threads the bot follows"),
    # This week's claim must survive (else the week's post would go out twice).
    Expiring("weekly_posts", "claimed_at", floor_days=35, why="weekly posts already made"),
    # Approval requests age from their last version or decision; versions and decisions from
    # their own date (drafts, summaries and comments are user text).
    Expiring("approval_decisions", "created_at", why="decisions and reviewers' comments"),
    Expiring("approval_versions", "created_at", why="drafts sent for approval"),
    Expiring("approval_requests", "updated_at", why="approval requests (author, reviewer)"),
)

KEPT: dict[str, str] = {
    "subscriptions": "settings of a channel, kept while active (removed by unsubscribing)",
    "processed_events": "dedupe keys without content, deleted once expired (two days)",
    "user_languages": "a person's language setting, kept until changed or forgotten",
    "brand_profiles": "a workspace's brand profile, kept while installed (deleted with its data)",
    "slack_installations": "a workspace's installation (tokens), deleted when it uninstalls",
    "slack_bots": "a workspace's bot token, deleted when it uninstalls",
    "slack_oauth_states": "an install in progress, deleted when used or expired (10 minutes)",
    "workspace_departures": "a workspace that uninstalled: its rows go after retention",
}
"""Tables deliberately not aged out by the retention (checked by the tests)."""


def purge_oauth_states(engine: Engine, now: datetime) -> int:
    """Delete expired OAuth states (installs started and never finished)."""
    table = Base.metadata.tables["slack_oauth_states"]
    with engine.begin() as conn:
        result = conn.execute(delete(table).where(table.c.expire_at < as_naive_utc(now)))
        return int(result.rowcount or 0)


def _where(entry: Expiring, now: datetime, days: int) -> Any:
    table = Base.metadata.tables[entry.table]
    cutoff = now - timedelta(days=max(days, entry.floor_days))
    clause = table.c[entry.column] < cutoff
    if entry.table == "feedback":
        replies = Base.metadata.tables["replies"]
        expired = select(replies.c.reply_id).where(replies.c.created_at < now - timedelta(days))
        clause = or_(clause, table.c.reply_id.in_(expired))
    return clause


def purge_older_than(
    engine: Engine, retention_days: int, now: datetime, dry_run: bool = False
) -> dict[str, int]:
    """Delete (or count, with `dry_run`) rows past retention; idempotent, safe from replicas."""
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    moment = as_naive_utc(now)
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        for entry in EXPIRING:
            table = Base.metadata.tables[entry.table]
            where = _where(entry, moment, retention_days)
            if dry_run:
                counts[entry.table] = int(
                    conn.scalar(select(func.count()).select_from(table).where(where)) or 0
                )
            else:
                counts[entry.table] = int(conn.execute(delete(table).where(where)).rowcount or 0)
    return counts


class RetentionJob:
    """Runs the purge at most once per `every` (each replica may run it: deleting is idempotent)."""

    def __init__(
        self,
        engine: Engine,
        retention_days: int,
        every: timedelta = timedelta(hours=1),
        on_workspaces_purged: Callable[[list[str]], None] | None = None,
    ) -> None:
        self.engine, self.retention_days, self.every = engine, retention_days, every
        self.on_workspaces_purged = on_workspaces_purged  # e.g. their added documents go too
        self._last: datetime | None = None

    def run_if_due(self, now: datetime) -> dict[str, int] | None:
        """Purge when the last run is `every` old (or never ran); the counts, or None if skipped."""
        moment = as_naive_utc(now)
        if self._last is not None and moment - self._last < self.every:
            return None
        self._last = moment
        from bot.state.tenants import purge_departed  # tenants imports store, as this does

        counts = purge_older_than(self.engine, self.retention_days, moment)
        if any(counts.values()):
            log.info("retention (%d days) purged %s", self.retention_days, counts)
        departed = purge_departed(self.engine, self.retention_days, moment)
        if departed:
            log.info("retention: deleted the data of %d uninstalled workspace(s)", len(departed))
            if self.on_workspaces_purged is not None:
                self.on_workspaces_purged(sorted(departed))
        purge_oauth_states(self.engine, moment)
        return counts
