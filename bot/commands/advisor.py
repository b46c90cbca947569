"""CLI commands of the advisor: `ask`, `critique` and `ideas` (plain rich output or --json)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.panel import Panel

from bot.commands.common import (
    console,
    fail,
    load_settings,
    one_shot,
    print_json,
    setup_logging,
    user_errors,
)

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def _advisor(single: bool = True):  # type: ignore[no-untyped-def]
    """The advisor; `single`: for one question or draft (see `one_shot`)."""
    from bot.advisor import Advisor

    settings = load_settings()
    setup_logging(settings)
    if not single:
        return Advisor(settings)
    return Advisor(one_shot(settings), index_snapshot=True)


def _sources(sources: list) -> None:  # type: ignore[type-arg]
    if sources:
        console.print("[bold]Sources[/]")
        for s in sources:
            at = f", {s.location()}" if s.location() else ""
            console.print(
                f"  [{s.n}] {escape(s.title)}{escape(at)} — [dim]{escape(s.source)}[/]",
                highlight=False,
            )


def _answer_payload(result: Any) -> dict[str, Any]:
    """The `ask --json` document (also one `ask --batch` output line)."""
    return {
        "answer": result.answer,
        "sources": [s.model_dump() for s in result.sources],
        "mode": result.mode,
        "language": result.language,
        "covered": result.covered,
        "coverage": result.coverage,
    }


def ask(
    question: str | None = typer.Argument(
        None, help="Your question, in French or English (or use --batch)."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON (answer, sources, mode, language, covered, coverage)."
    ),
    batch: str | None = typer.Option(
        None,
        "--batch",
        help="JSON lines file ('-' for stdin), one object a line with id and question: prints "
        "one JSON line per input line (the --json fields, or an error).",
    ),
) -> None:
    """Answer a question from Kilovolt's guidance, with numbered sources."""
    if question is None and batch is None:
        fail("give a question, or --batch FILE to read many (JSON lines)")
    if question is not None and batch is not None:
        fail("give either a question or --batch FILE, not both")
    if batch is not None:
        from bot.commands.batch import AskLine, run_batch

        with user_errors():
            advisor = _advisor(single=False)  # one index load and model for the whole file
        run_batch(batch, AskLine, lambda line: _answer_payload(advisor.answer(line.question)))
        return
    assert question is not None
    with user_errors():
        result = _advisor().answer(question)
    if as_json:
        print_json(_answer_payload(result))
        return
    console.print(escape(result.answer), highlight=False)
    console.print()
    _sources(result.sources)


def critique(
    file: str = typer.Argument("-", help="Draft file, or '-' to read standard input."),
    platform: str | None = typer.Option(None, "--platform", "-p", help="facebook, instagram, ..."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (summary, findings, ...)."),
) -> None:
    """Critique a post draft against Kilovolt's principles."""
    if file == "-":
        draft = sys.stdin.read()
    else:
        path = Path(file)
        if not path.is_file():
            fail(f"draft file not found: {file}")
        try:
            draft = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"cannot read {file} as UTF-8 text ({type(exc).__name__})")
            return
    with user_errors():
        result = _advisor().critique(draft, platform=platform)
    if as_json:
        data = result.model_dump(mode="json")
        data["findings"] = [
            {k: f[k] for k in ("principle", "severity", "message", "source")}
            for f in data["findings"]
        ]
        print_json(data)
        return
    if result.notice:
        console.print(f"[dim]{escape(result.notice)}[/]", highlight=False)
    title = f"Verdict: {result.verdict}"
    console.print(Panel(escape(result.summary), title=title, expand=False))
    for finding in result.findings:
        style = SEVERITY_STYLE[finding.severity]
        console.print(
            f"[{style}]● {finding.severity.upper()}[/] [bold]{finding.principle}[/] — "
            f"{escape(finding.message)} [dim]({escape(finding.source)})[/]",
            highlight=False,
        )
    if result.strengths:
        console.print("\n[bold green]Points forts / Strengths[/]")
        for strength in result.strengths:
            console.print(f"  ✓ {escape(strength)}", highlight=False)
    console.print()
    console.print(Panel(escape(result.rewrite), title="Réécriture / Rewrite", expand=False))


def ideas(
    theme: str | None = typer.Argument(None, help="Optional theme or trade, e.g. 'boulangerie'."),
    week: str | None = typer.Option(None, "--week", help="ISO week YYYY-Www (default: this week)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (week, ideas, sources)."),
) -> None:
    """Five content ideas for a week, optionally on a theme."""
    with user_errors():
        result = _advisor().ideas(theme=theme, week=week)
    if as_json:
        print_json(
            {
                "week": result.week,
                "theme": result.theme,
                "ideas": [i.model_dump(exclude={"tone"}) | {"tone": i.tone} for i in result.ideas],
                "sources": [s.model_dump() for s in result.sources],
                "mode": result.mode,
            }
        )
        return
    title = f"Idées pour la semaine {result.week}" + (f" — {result.theme}" if result.theme else "")
    console.print(f"[bold]{escape(title)}[/]")
    if result.notice:
        console.print(f"[dim]{escape(result.notice)}[/]", highlight=False)
    for n, idea in enumerate(result.ideas, start=1):
        console.print(
            f"\n[bold]{n}. {escape(idea.title)}[/] [dim]({escape(idea.format)} · "
            f"{escape(idea.platform)} · {escape(idea.principle)} · {escape(idea.tone)})[/]",
            highlight=False,
        )
        console.print(f"   {escape(idea.prompt)}", highlight=False)
    console.print()
    _sources(result.sources)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the `kilovolt` app."""
    app.command("ask")(ask)
    app.command("critique")(critique)
    app.command("ideas")(ideas)
