"""`kilovolt console`: a local page that plays Slack for the real bot (no Slack workspace)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import typer

from bot.commands.common import console as out
from bot.commands.common import err_console, fail, load_settings, setup_logging, user_errors
from bot.config import Settings
from bot.console.teams import MAX_WORKSPACES, Team, console_teams


def _check_index(settings: Settings) -> None:
    """Bring the knowledge index up to date (incremental: quick when nothing changed)."""
    from bot.errors import KilovoltError
    from bot.retrieval import index_knowledge

    out.print("Checking the knowledge index …")
    try:
        report = index_knowledge(settings, progress=True)
    except KilovoltError as exc:
        err_console.print(f"[yellow]warning:[/] index not updated: {exc.message}")
        err_console.print("Answers need it: run `kilovolt index`, then `kilovolt console` again.")
        return
    out.print(f"Knowledge index ready: {report.chunks} chunks ({report.embedded} embedded now).")


def _seed_profiles(settings: Settings, teams: Sequence[Team]) -> None:
    """Write the demo clients' brand profiles (never over one already set) before the bot starts."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.console.demo_profiles import seed_demo_profiles

    try:
        seeded = seed_demo_profiles(settings.resolved_database_url, teams)
    except SQLAlchemyError as exc:
        err_console.print(f"[yellow]warning:[/] demo brand profiles not written: {exc}")
        return
    for team in teams:
        state = "demo profile written" if team.id in seeded else "profile kept"
        out.print(f"Workspace {team.name} ({team.id}): {state}.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the `kilovolt` app."""

    @app.command("console")
    def console_command(
        port: int = typer.Option(3000, "--port", help="Port of the page on 127.0.0.1."),
        workspaces: int = typer.Option(
            MAX_WORKSPACES,
            "--workspaces",
            min=1,
            max=MAX_WORKSPACES,
            envvar="KILOVOLT_CONSOLE_WORKSPACES",
            help="1: one plain workspace; 2: two demo clients with their own brand profiles.",
        ),
    ) -> None:
        """Try the bot in a browser: a local Slack stand-in running the real bot."""
        from bot.console.runner import bind_port, serve

        settings = load_settings()
        setup_logging(settings)
        teams = console_teams(workspaces)
        with user_errors():
            sock = bind_port(port)
            _check_index(settings)
        if len(teams) > 1:
            _seed_profiles(settings, teams)
        url = f"http://127.0.0.1:{port}/"
        out.print(f"Starting the bot behind the console at {url} …")

        def report(state: str, detail: str, log_tail: str) -> None:
            if state == "ready":
                out.print(f"[bold green]Ready[/] ({detail}) — open {url}")
            elif state == "crashed":
                err_console.print(f"[bold red]The bot stopped[/] ({detail}). Its last lines:")
                err_console.print(
                    log_tail or "(no output)", markup=False, highlight=False, soft_wrap=True
                )
                err_console.print(f"The page at {url} shows the error; Ctrl-C to quit.")

        try:
            asyncio.run(serve(sock, report, slash_command=settings.slash_command, teams=teams))
        except KeyboardInterrupt:
            fail("interrupted", code=130)
