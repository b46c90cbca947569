"""CLI commands for the Slack bot: `serve` (Socket Mode or HTTP) and `feedback` (export clicks)."""

from __future__ import annotations

import typer

from bot.commands.common import console, load_settings, print_json, setup_logging, user_errors


def serve(
    socket: bool = typer.Option(False, "--socket", help="Socket Mode (needs SLACK_APP_TOKEN)."),
    http: bool = typer.Option(
        False, "--http", help="HTTP mode: POST /slack/events, /healthz, /metrics."
    ),
    host: str = typer.Option("0.0.0.0", "--host", help="HTTP mode: interface to listen on."),
    port: int = typer.Option(8080, "--port", "-p", help="HTTP mode: port to listen on."),
    health_port: int | None = typer.Option(
        None,
        "--health-port",
        min=1,
        max=65535,
        help="Socket Mode: serve /healthz, /healthz/deps, /livez and /metrics on this port "
        "(off by default; HTTP mode serves them on --port).",
    ),
    no_scheduler: bool = typer.Option(False, "--no-scheduler", help="Do not post weekly ideas."),
) -> None:
    """Run the Slack bot (Socket Mode when SLACK_APP_TOKEN is set, else HTTP)."""
    from bot.commands.common import fail

    settings = load_settings()
    setup_logging(settings)
    if socket and http:
        fail("choose one of --socket and --http")
    app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else None
    use_socket = socket or (not http and bool(app_token))
    if use_socket and not app_token:
        fail("Socket Mode needs SLACK_APP_TOKEN (an app-level token, xapp-…); or use --http")
    if health_port is not None and not use_socket:
        fail("--health-port is for Socket Mode: HTTP mode serves /healthz and /metrics on --port")
    with user_errors():
        from bot.slack.app import build_bot
        from bot.slack.http import serve_http, serve_socket
        from bot.slack.scheduler import WeeklyScheduler
        from bot.slack.startup import (
            bind_listener,
            check_advisor_ready,
            check_model,
            check_slack_settings,
            open_state_store,
        )

        check_slack_settings(settings, socket_mode=use_socket)
        log_mode("oauth" if settings.slack_oauth else "single")
        listener = None if use_socket else bind_listener(host, port)
        health = bind_listener(host, health_port) if health_port is not None else None
        store = open_state_store(settings)
        bot = build_bot(settings, store=store, socket_mode=use_socket)
        check_advisor_ready(bot.services.advisor)
        check_model(settings)
        scheduler = (
            None
            if no_scheduler
            else WeeklyScheduler(bot.services, bot.app.client, clients=bot.client_for_team)
        )
        if use_socket:
            serve_socket(bot, str(app_token), scheduler, health=health)
        else:
            assert listener is not None
            serve_http(bot, host, port, scheduler, sock=listener)


def log_mode(mode: str) -> None:
    """The one start-up line saying which Slack mode runs."""
    import logging

    if mode == "oauth":
        text = (
            "Slack mode: OAuth, many workspaces (install at /slack/install; tokens per workspace)"
        )
    else:
        text = "Slack mode: single workspace (SLACK_BOT_TOKEN)"
    logging.getLogger("bot.slack").info(text)


def feedback(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    team: str = typer.Option(
        "", "--team", "-t", help="Slack workspace id (T…) in OAuth mode; leave out otherwise."
    ),
) -> None:
    """Export the 👍/👎 feedback clicked in Slack in one workspace (question, mode, sources)."""
    from rich.table import Table

    from bot.state import StateStore

    settings = load_settings()
    with user_errors():
        rows = StateStore.from_settings(settings).for_team(team.strip().upper()).list_feedback()
    if as_json:
        print_json(rows)
        return
    table = Table("when", "value", "kind", "mode", "question", "sources")
    for row in rows:
        sources = ", ".join(str(s.get("source", "")) for s in row["sources"])
        table.add_row(
            row["created_at"][:19],
            row["value"],
            row["kind"],
            row["mode"],
            row["question"][:80],
            sources,
        )
    console.print(table)
    console.print(f"{len(rows)} feedback click(s)")


def register(app: typer.Typer) -> None:
    """Add this group's commands to the `kilovolt` app."""
    app.command()(serve)
    app.command()(feedback)
