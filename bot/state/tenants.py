"""A workspace's rows as a whole: deleted when it uninstalls the app, at once or after retention.

When a workspace uninstalls the app (or revokes its bot token) its departure is recorded; the
hourly retention job deletes every row of that workspace once KILOVOLT_RETENTION_DAYS have passed
since (conversation records expire sooner by the ordinary retention rules). With
KILOVOLT_FORGET_ON_UNINSTALL the rows go at once. Reinstalling before then cancels the departure.
The OAuth tables (`slack_*`) are slack_sdk's installation store's: it deletes those itself.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import Engine, Table, delete, func, select
from sqlalchemy.exc import IntegrityError

from bot.state.models import Base, WorkspaceDeparture
from bot.state.store import as_naive_utc

log = logging.getLogger(__name__)
OAUTH_TABLE_PREFIX = "slack_"


def team_tables() -> list[Table]:
    """Every state table keyed by workspace, children before parents (the OAuth tables and the
    departure record excepted)."""
    return [
        table
        for table in reversed(Base.metadata.sorted_tables)
        if "team_id" in table.c
        and not table.name.startswith(OAUTH_TABLE_PREFIX)
        and table.name != WorkspaceDeparture.__tablename__
    ]


def forget_team(engine: Engine, team_id: str, dry_run: bool = False) -> dict[str, int]:
    """Delete (or count) every row of workspace `team_id` in one transaction; counts by table.
    The single-workspace rows ("") are never deleted this way."""
    if not team_id:
        raise ValueError("team_id is required")
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        for table in team_tables():
            mine = table.c.team_id == team_id
            if dry_run:
                counts[table.name] = int(
                    conn.scalar(select(func.count()).select_from(table).where(mine)) or 0
                )
            else:
                counts[table.name] = int(conn.execute(delete(table).where(mine)).rowcount or 0)
        if not dry_run:
            departures = WorkspaceDeparture.__table__
            conn.execute(delete(departures).where(departures.c.team_id == team_id))
    return counts


def record_departure(engine: Engine, team_id: str, now: datetime) -> None:
    """Remember that `team_id` left at `now` (the first departure counts; idempotent)."""
    if not team_id:
        return
    try:
        with engine.begin() as conn:
            conn.execute(
                WorkspaceDeparture.__table__.insert().values(
                    team_id=team_id, departed_at=as_naive_utc(now)
                )
            )
    except IntegrityError:
        pass


def cancel_departure(engine: Engine, team_id: str) -> bool:
    """The workspace installed the app again: its data stays. True when it had left."""
    departures = WorkspaceDeparture.__table__
    with engine.begin() as conn:
        result = conn.execute(delete(departures).where(departures.c.team_id == team_id))
        return bool(result.rowcount)


def departed_teams(engine: Engine) -> dict[str, datetime]:
    """Workspaces that left and whose rows are not deleted yet, with when they left."""
    departures = WorkspaceDeparture.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(departures.c.team_id, departures.c.departed_at))
        return {str(team): moment for team, moment in rows}


def purge_departed(engine: Engine, retention_days: int, now: datetime) -> dict[str, int]:
    """Delete every row of the workspaces that left more than `retention_days` ago; the number
    of rows deleted by workspace."""
    cutoff = as_naive_utc(now) - timedelta(days=retention_days)
    purged: dict[str, int] = {}
    for team, left_at in departed_teams(engine).items():
        if left_at < cutoff:
            purged[team] = sum(forget_team(engine, team).values())
            log.info("workspace data deleted %d days after uninstall", retention_days)
    return purged
