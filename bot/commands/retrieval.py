"""CLI commands of the retrieval layer: `index`, `search` and `eval`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from bot.commands.common import (
    console,
    err_console,
    fail,
    load_settings,
    one_shot,
    print_json,
    user_errors,
)
from bot.config import PROJECT_ROOT, Settings
from bot.errors import InputError
from bot.retrieval.pages import page_label

if TYPE_CHECKING:
    from bot.advisor import Advisor
    from bot.retrieval.evaluation import Question
    from bot.retrieval.models import SearchResult

DEFAULT_QUESTIONS = PROJECT_ROOT / "tests" / "eval" / "questions.jsonl"
DEFAULT_DRAFTS = PROJECT_ROOT / "tests" / "eval" / "drafts.jsonl"
DEFAULT_ROUTING = PROJECT_ROOT / "tests" / "eval" / "routing.jsonl"


def _settings(knowledge: Path | None = None) -> Settings:
    settings = load_settings()
    if knowledge is not None:
        settings = settings.model_copy(update={"knowledge_dir": knowledge})
    return settings


def index(
    knowledge: Annotated[
        Path | None, typer.Option("--knowledge", help="Knowledge directory to index.")
    ] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Drop the index and start over.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
    wait: Annotated[
        float | None,
        typer.Option(
            "--wait",
            min=0,
            help="Seconds to wait for another index build in progress (0: stop at once; "
            "default KILOVOLT_INDEX_WAIT_SECONDS).",
        ),
    ] = None,
) -> None:
    """Index the knowledge directory into Chroma (incremental: only changed files are embedded)."""
    from bot.retrieval import index_knowledge

    with user_errors():
        report = index_knowledge(
            _settings(knowledge), rebuild=rebuild, progress=not as_json, wait=wait
        )
    for line in report.skipped + report.warnings:
        err_console.print(f"[yellow]warning:[/] {line}", highlight=False)
    if as_json:
        print_json(report)
        return
    console.print(
        f"Indexed {report.files} files into {report.collection}: {report.chunks} chunks "
        f"({report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{report.unchanged} unchanged; {report.embedded} embedded) in {report.seconds:.2f} s",
        highlight=False,
    )


def _search_payload(query: str, results: list[SearchResult]) -> dict[str, Any]:
    """The `search --json` document (also one `search --batch` output line)."""
    return {
        "query": query,
        "results": [
            r.model_dump(include={"rank", "source", "title", "section", "score", "text"})
            | ({"page_kind": r.page_kind, "pages": r.pages} if r.pages else {})
            for r in results
        ],
    }


def search(
    query: Annotated[
        str | None, typer.Argument(help="What you are looking for (or use --batch).")
    ] = None,
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="Number of results.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    batch: Annotated[
        str | None,
        typer.Option(
            "--batch",
            help="JSON lines file ('-' for stdin), one object a line with id, question and "
            "optionally k: prints one JSON line per input line (the --json fields, or an error).",
        ),
    ] = None,
) -> None:
    """Search Kilovolt's guidance (hybrid: meaning + keywords)."""
    from bot.retrieval import Retriever

    if query is None and batch is None:
        fail("give a search query, or --batch FILE to read many (JSON lines)")
    if query is not None and batch is not None:
        fail("give either a search query or --batch FILE, not both")
    if batch is not None:
        from bot.commands.batch import SearchLine, run_batch

        retriever = Retriever(_settings())  # one index load and model for the whole file

        def handle(line: SearchLine) -> dict[str, Any]:
            found = retriever.search(line.question, k=line.k or k)
            return _search_payload(line.question, found)

        run_batch(batch, SearchLine, handle)
        return
    assert query is not None
    with user_errors():
        results = Retriever(one_shot(_settings()), snapshot=True).search(query, k=k)
    if as_json:
        print_json(_search_payload(query, results))
        return
    if not results:
        console.print("No result.")
    for r in results:
        where = f"{r.title} › {r.section}" if r.section else r.title
        at = page_label(r.page_kind, r.pages)
        where = f"{where} ({at})" if at else where
        console.print(f"[bold]{r.rank}. {escape(where)}[/]  [dim]{r.source} · {r.score:.4f}[/]")
        console.print(r.text, highlight=False, markup=False)
        console.print()


def _advisor_evals(
    advisor: Advisor,
    questions: list[Question],
    drafts: Path | None,
    routing: Path | None,
    as_json: bool,
    verdicts: Path | None = None,
) -> dict[str, Any]:
    """The advisor's coverage decision on the questions and, given drafts and DM-routing cases,
    its critique and routing scores."""
    from bot.advisor.evaluation import evaluate_coverage, evaluate_critiques
    from bot.advisor.routing_eval import evaluate_routing, load_routing

    coverage = evaluate_coverage(advisor, [(q.id, q.question, q.on_topic) for q in questions])
    reports: dict[str, Any] = {"coverage": coverage}
    if drafts is not None:
        reports["critique"] = evaluate_critiques(advisor, drafts)
    if routing is not None:
        reports["routing"] = evaluate_routing(advisor.route, load_routing(routing))
    if verdicts is not None:
        from bot.advisor.verdict_eval import evaluate_verdicts

        reports["verdicts"] = evaluate_verdicts(advisor, verdicts)
    if not as_json:
        for report in reports.values():
            report.render(console)
    return {name: report.model_dump(mode="json") for name, report in reports.items()}


def eval_command(
    questions: Annotated[
        Path, typer.Option("--questions", help="JSONL questions with expected sources.")
    ] = DEFAULT_QUESTIONS,
    drafts: Annotated[
        Path | None, typer.Option("--drafts", help="JSONL drafts for the critique evaluation.")
    ] = None,
    knowledge: Annotated[
        Path | None,
        typer.Option(
            "--knowledge",
            help="Knowledge directory the questions were written for (index it first with "
            "`kilovolt index --knowledge DIR`, same KILOVOLT_DATA_DIR).",
        ),
    ] = None,
    routing: Annotated[
        Path | None,
        typer.Option("--routing", help="JSONL DM messages with their expected route."),
    ] = None,
    verdicts: Annotated[
        Path | None,
        typer.Option(
            "--verdicts",
            help="JSONL drafts labelled ready/adjust/rework: confusion matrix of the verdict.",
        ),
    ] = None,
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="Documents ranked per query.")] = 5,
    misses: Annotated[
        bool, typer.Option("--misses/--no-misses", help="List the hybrid's misses (table).")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Retrieval metrics (recall@1/3/5, MRR@5) per style: hybrid beside its baselines.

    Baselines in the same run: dense and BM25 over whole documents, dense and BM25 over chunks,
    and the hybrid without glossary expansion. Then the advisor's coverage, critique and DM-routing
    scores, and with --verdicts the critique verdict's agreement with an editor's labels.
    """
    from bot.advisor import Advisor
    from bot.retrieval import Retriever
    from bot.retrieval.baselines import DocumentBaselines
    from bot.retrieval.evaluation import check_corpus, evaluate_retrieval, load_questions
    from bot.retrieval.loader import load_knowledge

    settings = _settings(knowledge)
    with user_errors():
        if drafts is not None and not drafts.is_file():
            raise InputError(f"drafts file {drafts} not found: pass --drafts FILE")
        if routing is not None and not routing.is_file():
            raise InputError(f"routing file {routing} not found: pass --routing FILE")
        if verdicts is not None and not verdicts.is_file():
            raise InputError(f"verdicts file {verdicts} not found: pass --verdicts FILE")
        cases = load_questions(questions)
        documents = load_knowledge(
            settings.knowledge_dir, settings.max_file_bytes, settings.max_document_bytes
        ).documents
        retriever = Retriever(settings)  # one index load and model for every evaluation below
        check_corpus(retriever.indexed_sources(), documents, cases)
        with err_console.status("embedding whole documents (cached after the first run)"):
            baselines = DocumentBaselines.build(documents, retriever.embedder())
        report = evaluate_retrieval(retriever, cases, k=k, baselines=baselines)
        if not as_json:
            report.render(console, misses=misses)
        drafts_path = drafts or (DEFAULT_DRAFTS if DEFAULT_DRAFTS.is_file() else None)
        advisor = Advisor(settings, retriever=retriever)
        routing_path = routing or (DEFAULT_ROUTING if DEFAULT_ROUTING.is_file() else None)
        advisor_reports = _advisor_evals(
            advisor, cases, drafts_path, routing_path, as_json, verdicts
        )
    if as_json:
        print_json({**report.model_dump(mode="json"), **advisor_reports})


def export_embeddings(
    knowledge: Annotated[
        Path | None, typer.Option("--knowledge", help="Knowledge directory (default: the set one).")
    ] = None,
) -> None:
    """Ship the guidance's vectors with the code (knowledge/.embeddings/): a fresh install indexes
    and calibrates without embedding them again. Run it after changing the guidance."""
    import shutil
    import tempfile

    from bot.advisor import Advisor
    from bot.retrieval import index_knowledge
    from bot.retrieval.embeddings import cached_embedder
    from bot.retrieval.seed import export_seed, seed_path

    settings = _settings(knowledge)
    with user_errors(), tempfile.TemporaryDirectory(prefix="kilovolt-seed-") as scratch:
        cache = settings.data_dir / "embeddings.sqlite3"
        if cache.is_file():  # what is already embedded is not embedded again
            shutil.copy(cache, Path(scratch) / "embeddings.sqlite3")
        fresh = settings.model_copy(update={"data_dir": Path(scratch), "chroma_url": None})
        index_knowledge(fresh, progress=False)  # every passage read: recorded as needed
        Advisor(fresh).coverage.warm_up()  # the coverage judge's query vectors
        embedder = cached_embedder(fresh)
        target = seed_path(settings.knowledge_dir, embedder.model_name)
        count = export_seed(embedder.cache, embedder.model_name, target)
    size = target.stat().st_size / 1_000_000
    console.print(f"{count} vectors written to {target} ({size:.1f} MB)", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the `kilovolt` app."""
    app.command("index")(index)
    app.command("export-embeddings")(export_embeddings)
    app.command("search")(search)
    app.command("eval")(eval_command)
