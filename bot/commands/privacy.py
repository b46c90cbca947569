"""CLI for Law 25: `kilovolt privacy export|forget --user U… [--team T…]` and `privacy purge`.

Export and forget work inside one workspace: `--team` names it (OAuth mode); without it, the
single-workspace mode's rows."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from bot.commands.common import (
    console,
    fail,
    load_settings,
    print_json,
    setup_logging,
    user_errors,
)
from bot.commands.db import _database_errors, _where
from bot.config import Settings

privacy_app = typer.Typer(
    help="Privacy (Quebec's Law 25): export or forget a person's data, purge old records."
)
log = logging.getLogger("kilovolt.privacy")

UserOption = Annotated[str, typer.Option("--user", "-u", help="Slack user id (U… or W…).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
TeamOption = Annotated[
    str,
    typer.Option(
        "--team",
        "-t",
        help="Slack workspace id (T…) in OAuth mode; leave out in single-workspace mode.",
    ),
]
TEAM_ID = re.compile(r"^[TE][A-Z0-9]{2,39}$")


def _user(raw: str) -> str:
    from bot.state.privacy import InvalidUserId, normalize_user_id

    try:
        return normalize_user_id(raw)
    except InvalidUserId:
        fail(f"not a Slack user id: {raw.strip()[:60]!r} (expected U… or W…, e.g. U0123ABCD)")


def _team(raw: str) -> str:
    team = raw.strip().upper()
    if team and not TEAM_ID.fullmatch(team):
        fail(f"not a Slack workspace id: {raw.strip()[:60]!r} (expected T…, e.g. T0123ABCD)")
    return team


@contextmanager
def _other_errors(where: str) -> Iterator[None]:
    """Database errors other than "unreachable", as one line without their text (it may quote
    personal data)."""
    from alembic.util import CommandError  # here: `kilovolt` starts quicker
    from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

    try:
        yield
    except (OperationalError, ArgumentError):
        raise
    except (SQLAlchemyError, CommandError) as exc:
        log.debug("state database error", exc_info=True)
        newer = isinstance(exc, CommandError)
        hint = " (is this kilovolt older than the database?)" if newer else ""
        fail(f"state database error at {where}: {type(exc).__name__}{hint}")


@contextmanager
def _state(settings: Settings) -> Iterator[Any]:
    """The state database engine (migrated to head), any database error as one clear line."""
    from bot.state import StateStore

    where = _where(settings)
    with user_errors(), _database_errors(where), _other_errors(where):
        store = StateStore.from_settings(settings)
        try:
            yield store.engine
        finally:
            store.close()


def _print_counts(title: str, counts: dict[str, int]) -> None:
    console.print(title, highlight=False, soft_wrap=True)
    for name, count in counts.items():
        console.print(f"  {name}: {count}", highlight=False)


@privacy_app.command("export")
def export_command(user: UserOption, team: TeamOption = "") -> None:
    """Print, as JSON, everything the state database holds about one person (in one workspace)."""
    from bot.state.privacy import PERSONAL_COLUMNS, export_user

    settings = load_settings()
    user_id, team_id = _user(user), _team(team)
    with _state(settings) as engine:
        data = export_user(engine, user_id, team_id=team_id)
    print_json(
        {
            "user": user_id,
            "team": team_id,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "retention_days": settings.retention_days,
            "counts": {name: len(rows) for name, rows in data.items()},
            "what": {entry.table: entry.why for entry in PERSONAL_COLUMNS},
            "data": data,
        }
    )


@privacy_app.command("forget")
def forget_command(
    user: UserOption,
    team: TeamOption = "",
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Delete everything the state database holds about one person in one workspace (asks first
    unless --yes)."""
    from bot.state.privacy import forget_user, user_hash

    settings = load_settings()
    user_id, team_id = _user(user), _team(team)
    with _state(settings) as engine:
        found = forget_user(engine, user_id, dry_run=True, team_id=team_id)
        if not any(found.values()):
            counts = {name: 0 for name in found}
        else:
            if not yes:
                total = sum(found.values())
                typer.confirm(f"Delete or unlink {total} records about {user_id}?", abort=True)
            counts = forget_user(engine, user_id, team_id=team_id)
    # The deletion is logged without the id or any content: a digest and the counts.
    setup_logging(settings)
    log.info("forgot user sha256:%s: %s", user_hash(user_id), counts)
    if as_json:
        print_json({"user": user_id, "team": team_id, "forgotten": counts})
    elif not any(counts.values()):
        console.print(f"nothing stored about {user_id}: nothing to delete", highlight=False)
    else:
        _print_counts(f"forgot {user_id}:", counts)


@privacy_app.command("purge")
def purge_command(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Count what would be deleted; delete nothing.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Delete records older than KILOVOLT_RETENTION_DAYS (the bot also does it hourly)."""
    from bot.state.retention import purge_older_than

    settings = load_settings()
    with _state(settings) as engine:
        counts = purge_older_than(
            engine, settings.retention_days, datetime.now(UTC), dry_run=dry_run
        )
    if as_json:
        key = "would_delete" if dry_run else "deleted"
        print_json({"retention_days": settings.retention_days, "dry_run": dry_run, key: counts})
        return
    verb = "would delete" if dry_run else "deleted"
    _print_counts(f"older than {settings.retention_days} days, {verb}:", counts)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the `kilovolt` app."""
    app.add_typer(privacy_app, name="privacy")
