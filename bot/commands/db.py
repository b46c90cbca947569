"""CLI commands for the state database (filled in by the deploy issue)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this group's commands to the `kilovolt` app."""
