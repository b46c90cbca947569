"""CLI commands for the state database: `kilovolt db upgrade`, `db current`, `db revision`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from bot.commands.common import console, fail, load_settings, print_json
from bot.config import Settings

db_app = typer.Typer(help="State database (event dedupe, feedback, subscriptions): migrations.")


@contextmanager
def _database_errors(where: str) -> Iterator[None]:
    """Turn an unreachable or malformed database URL into one clear line (password masked)."""
    from sqlalchemy.exc import ArgumentError, OperationalError  # here: `kilovolt` starts quicker

    try:
        yield
    except ArgumentError:
        fail("KILOVOLT_DATABASE_URL is not a valid SQLAlchemy URL")
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "connection failed"
        fail(f"cannot reach the state database at {where}: {reason}")


def _where(settings: Settings) -> str:
    """The database URL with its password masked (or fail when it is not a URL at all)."""
    from bot.state import migrate

    with _database_errors("the configured URL"):
        return migrate.safe_url(settings)
    raise AssertionError("unreachable")


def _print_state(where: str, status: str) -> None:
    """One line about the state database, never wrapped or highlighted."""
    console.print(f"state database {where}: {status}", highlight=False, soft_wrap=True)


@db_app.command("upgrade")
def upgrade_command(
    revision: Annotated[str, typer.Option("--revision", "-r", help="Target revision.")] = "head",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Apply the schema migrations (also run automatically when the bot starts)."""
    from bot.state import migrate

    settings = load_settings()
    where = _where(settings)
    with _database_errors(where):
        before = migrate.current(settings)
        after = migrate.upgrade(settings, revision)
    if as_json:
        print_json({"database": where, "from": before, "to": after})
    else:
        _print_state(where, f"{before or '(empty)'} → {after}")


@db_app.command("current")
def current_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the revision the database is at and the newest one this code ships."""
    from bot.state import migrate

    settings = load_settings()
    where = _where(settings)
    with _database_errors(where):
        current = migrate.current(settings)
    head = migrate.head_revision()
    if as_json:
        print_json(
            {"database": where, "current": current, "head": head, "up_to_date": current == head}
        )
        return
    state = "up to date" if current == head else "needs `kilovolt db upgrade`"
    _print_state(where, f"{current or '(empty)'} (head {head}, {state})")


@db_app.command("revision")
def revision_command(
    message: Annotated[str, typer.Argument(help="What the new revision changes.")],
) -> None:
    """(Developers) Write a new migration by comparing the models with a database at head."""
    from alembic import command

    from bot.state import migrate

    settings = load_settings()
    with _database_errors(_where(settings)):
        if migrate.current(settings) != migrate.head_revision():
            fail("the database is not at head: run `kilovolt db upgrade` first")
        config = migrate.alembic_config(settings.resolved_database_url)
        command.revision(config, message=message, autogenerate=True)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the `kilovolt` app."""
    app.add_typer(db_app, name="db")
