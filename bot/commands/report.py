"""`kilovolt report`: the HTML (or JSON) report on questions, gaps and citations over a period."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.commands.common import console, load_settings, print_json, user_errors
from bot.config import Settings
from bot.errors import IndexMissingError, KnowledgeError

if TYPE_CHECKING:
    import numpy as np


def indexed_documents(settings: Settings) -> dict[str, str]:
    """Every indexed source and its title (from the index, else from the knowledge files)."""
    from bot.retrieval import Retriever

    try:
        _, corpus = Retriever(settings)._ready()
        return {str(m.get("source")): str(m.get("title") or "") for m in corpus.metadatas}
    except IndexMissingError:
        from bot.retrieval.loader import load_knowledge

        try:
            loaded = load_knowledge(
                settings.knowledge_dir, settings.max_file_bytes, settings.max_document_bytes
            )
        except KnowledgeError:
            return {}
        return {d.source: d.title for d in loaded.documents}


def report(
    days: Annotated[
        int, typer.Option("--days", min=1, max=3650, help="Period: the last N days.")
    ] = 28,
    team: Annotated[
        str, typer.Option("--team", "-t", help="Slack workspace id (T…) in OAuth mode.")
    ] = "",
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path(
        "kilovolt-report.html"
    ),
    lang: Annotated[str, typer.Option("--lang", help="fr or en.")] = "fr",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the figures as JSON instead.")
    ] = False,
) -> None:
    """Questions per week and surface, questions the guidance does not cover (grouped by topic),
    answers with weak sources, 👎 with their reason, most and never cited documents."""
    import numpy as np

    from bot.report import build_report, period, render_html
    from bot.retrieval.embeddings import cached_embedder
    from bot.state import StateStore

    settings = load_settings()
    with user_errors():
        store = StateStore.from_settings(settings).for_team(team.strip().upper())
        embedder = cached_embedder(settings)

        def embed(texts: list[str]) -> np.ndarray:
            return np.stack([np.asarray(embedder.embed_query(t)) for t in texts])

        start, end = period(days)
        result = build_report(store, start, end, indexed_documents(settings), embed)
    if as_json:
        print_json(result)
        return
    out.write_text(render_html(result, "en" if lang == "en" else "fr"), encoding="utf-8")
    console.print(f"Report written to {out} ({result.start} → {result.end})", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the `kilovolt` app."""
    app.command()(report)
