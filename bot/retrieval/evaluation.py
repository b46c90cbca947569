"""Retrieval evaluation: recall@1/3/5 and MRR@5 per style, the engine beside its baselines.

Every question runs through the hybrid engine and, in the same run, through four baselines: dense
and BM25 over whole documents (`baselines.py`), dense-only and BM25-only over chunks. The hybrid
also runs without its glossary expansion and without its query adapter (ablations). Ranks are
document ranks: a result list's sources with repeats removed, so chunk lists and document lists
are scored alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table

from bot.errors import InputError
from bot.jsonl import read_jsonl
from bot.retrieval.baselines import DocumentBaselines
from bot.retrieval.loader import Document
from bot.retrieval.search import QUERY_EMBED_CHARS, Retriever

ENGINE = "hybrid"
BASELINES = ("doc-dense", "doc-bm25")  # the whole-document baselines the engine must not trail
MODES = (
    "doc-dense",
    "doc-bm25",
    "dense",
    "lexical",
    "hybrid",
    "hybrid-no-glossary",
    "hybrid-no-adapter",
)
MODE_LABELS = {
    "doc-dense": "doc-dense",
    "doc-bm25": "doc-bm25",
    "dense": "dense (chunks)",
    "lexical": "bm25 (chunks)",
    "hybrid": "hybrid",
    "hybrid-no-glossary": "hybrid w/o glossary",
    "hybrid-no-adapter": "hybrid w/o query adapter",
}
METRICS = {"recall_at_1": "R@1", "recall_at_3": "R@3", "recall_at_5": "R@5", "mrr_at_5": "MRR@5"}
CUTOFFS = (1, 3, 5)


class Question(BaseModel):
    """One evaluation question and the knowledge files that answer it (none: off-topic)."""

    id: str
    question: str
    expected: list[str] = Field(default_factory=list)
    style: str = "unspecified"

    @property
    def on_topic(self) -> bool:
        """False for a question the guidance does not cover (scored by the coverage check)."""
        return bool(self.expected)


class Scores(BaseModel):
    """Metrics over a group of questions."""

    n: int = 0
    recall_at_1: float = 0.0
    recall_at_3: float = 0.0
    recall_at_5: float = 0.0
    mrr_at_5: float = 0.0


class ModeReport(BaseModel):
    """Scores of one retrieval mode, overall and per question style."""

    overall: Scores
    by_style: dict[str, Scores]


class Miss(BaseModel):
    """A question whose expected source is not in the hybrid top 5."""

    id: str
    question: str
    expected: list[str]
    got: list[str]


class Verdict(BaseModel):
    """Whether the engine is at least as good as the best baseline on every metric of a group."""

    ok: bool
    shortfalls: list[str] = Field(default_factory=list)  # "R@3 0.79 < doc-dense 0.86"


class Comparison(BaseModel):
    """The engine against the best whole-document baseline, overall and per style."""

    baselines: list[str]
    overall: Verdict
    by_style: dict[str, Verdict]


class EvalReport(BaseModel):
    """The whole evaluation (the `kilovolt eval --json` document)."""

    questions: int
    k: int
    modes: dict[str, ModeReport]
    comparison: Comparison | None = None
    hybrid_misses: list[Miss] = Field(default_factory=list)

    def render(self, console: Console, misses: bool = True) -> None:
        """A rich table (one block of rows per style, one row per mode), then the verdict."""
        table = Table(title=f"Retrieval on {self.questions} questions (document ranks, k={self.k})")
        for column in ("style", "n", "mode", *METRICS.values()):
            table.add_column(column, justify="left" if column in ("style", "mode") else "right")
        modes = [m for m in MODES if m in self.modes]
        styles = ["overall", *sorted(self.modes[ENGINE].by_style)]
        for style in styles:
            for index, mode in enumerate(modes):
                report = self.modes[mode]
                scores = report.overall if style == "overall" else report.by_style[style]
                table.add_row(
                    style if index == 0 else "",
                    str(scores.n) if index == 0 else "",
                    MODE_LABELS[mode],
                    *(f"{getattr(scores, metric):.2f}" for metric in METRICS),
                    style="bold" if mode == ENGINE else None,
                    end_section=index == len(modes) - 1,
                )
        console.print(table)
        if self.comparison is not None:
            console.print(self.comparison_line(), highlight=False)
        for miss in self.hybrid_misses if misses else []:
            console.print(
                f"[dim]miss {miss.id}: {miss.question!r} expected {', '.join(miss.expected)}; "
                f"got {', '.join(miss.got) or 'nothing'}[/]",
                highlight=False,
            )

    def comparison_line(self) -> str:
        """One line: is the hybrid ≥ the best whole-document baseline, overall and per style?"""
        comparison = self.comparison
        if comparison is None:
            return ""

        def word(verdict: Verdict) -> str:
            return "yes" if verdict.ok else f"NO ({'; '.join(verdict.shortfalls)})"

        parts = [f"overall {word(comparison.overall)}"]
        parts += [f"{style} {word(v)}" for style, v in comparison.by_style.items()]
        against = ", ".join(comparison.baselines)
        return f"hybrid ≥ best of {against} on every metric: {', '.join(parts)}"


def load_questions(path: Path) -> list[Question]:
    """Questions from a JSONL file; InputError naming the line when one is malformed."""
    return read_jsonl(path, Question, "question", "--questions")


def document_ranking(sources: list[str]) -> list[str]:
    """A result list's sources in order, each once (chunk lists become document lists)."""
    return list(dict.fromkeys(sources))


def first_hit(sources: list[str], expected: list[str]) -> int | None:
    """The 1-based rank of the first expected source in `sources`, or None."""
    for rank, source in enumerate(sources, start=1):
        if source in expected:
            return rank
    return None


def score(ranks: list[int | None]) -> Scores:
    """Recall at 1/3/5 and MRR@5 from the first-hit rank of each question."""
    n = len(ranks)
    if n == 0:
        return Scores()

    def recall(cut: int) -> float:
        return sum(1 for r in ranks if r is not None and r <= cut) / n

    mrr = sum(1.0 / r for r in ranks if r is not None and r <= 5) / n
    return Scores(
        n=n,
        recall_at_1=round(recall(1), 4),
        recall_at_3=round(recall(3), 4),
        recall_at_5=round(recall(5), 4),
        mrr_at_5=round(mrr, 4),
    )


def verdict(engine: Scores, baselines: dict[str, Scores]) -> Verdict:
    """OK when the engine is not below any baseline on any metric (ties count as OK)."""
    shortfalls = []
    for metric, label in METRICS.items():
        mine = getattr(engine, metric)
        best_mode, best = max(
            ((mode, getattr(s, metric)) for mode, s in baselines.items()), key=lambda p: p[1]
        )
        if mine < best - 1e-9:
            shortfalls.append(f"{label} {mine:.2f} < {best_mode} {best:.2f}")
    return Verdict(ok=not shortfalls, shortfalls=shortfalls)


def compare(modes: dict[str, ModeReport], baselines: tuple[str, ...] = BASELINES) -> Comparison:
    """The engine's verdict against `baselines`, overall and for each style."""
    engine = modes[ENGINE]
    present = [b for b in baselines if b in modes]
    return Comparison(
        baselines=present,
        overall=verdict(engine.overall, {b: modes[b].overall for b in present}),
        by_style={
            style: verdict(scores, {b: modes[b].by_style[style] for b in present})
            for style, scores in engine.by_style.items()
        },
    )


def check_corpus(indexed: set[str], documents: list[Document], questions: list[Question]) -> None:
    """InputError when the index is not the knowledge dir's, or a question expects a stranger."""
    sources = {d.source for d in documents}
    if indexed != sources:
        extra = sorted(indexed - sources)[:3]
        missing = sorted(sources - indexed)[:3]
        detail = "; ".join(
            part
            for part in (
                f"indexed but not in the knowledge dir: {', '.join(extra)}" if extra else "",
                f"not indexed: {', '.join(missing)}" if missing else "",
            )
            if part
        )
        raise InputError(
            f"the index does not hold this knowledge dir ({detail}): run "
            "`kilovolt index --knowledge DIR` with the same KILOVOLT_DATA_DIR, then "
            "`kilovolt eval --knowledge DIR --questions FILE`"
        )
    strangers = [(q.id, s) for q in questions for s in q.expected if s not in sources]
    if strangers:
        shown = ", ".join(f"{qid} → {source}" for qid, source in strangers[:3])
        raise InputError(
            f"{len(strangers)} expected source(s) are not in the knowledge dir ({shown}): "
            "pass the --knowledge DIR these questions were written for"
        )


Ranker = Callable[[Question], list[str]]


def rankers(retriever: Retriever, baselines: DocumentBaselines | None, k: int) -> dict[str, Ranker]:
    """Each mode as a function from a question to its ranked sources (documents, best first)."""

    def chunks(mode: str, expand: bool = True, adapt: bool = True) -> Ranker:
        def rank(q: Question) -> list[str]:
            found = retriever.search(q.question, 2 * k, mode=mode, expand=expand, adapt=adapt)  # type: ignore[arg-type]
            return [r.source for r in found]

        return rank

    modes: dict[str, Ranker] = {}
    if baselines is not None:

        def doc_dense(q: Question) -> list[str]:
            text = " ".join(q.question.split())[:QUERY_EMBED_CHARS]
            return baselines.dense(retriever.embedder().embed_query(text), k)

        modes["doc-dense"] = doc_dense
        modes["doc-bm25"] = lambda q: baselines.bm25(q.question, k)
    modes["dense"] = chunks("dense")
    modes["lexical"] = chunks("lexical")
    modes["hybrid"] = chunks("hybrid")
    modes["hybrid-no-glossary"] = chunks("hybrid", expand=False)
    modes["hybrid-no-adapter"] = chunks("hybrid", adapt=False)
    return modes


def evaluate_retrieval(
    retriever: Retriever,
    questions: list[Question],
    k: int = 5,
    baselines: DocumentBaselines | None = None,
) -> EvalReport:
    """Run every on-topic question through the engine and the baselines, and score them."""
    questions = [q for q in questions if q.on_topic]
    k = max(k, max(CUTOFFS))
    modes: dict[str, ModeReport] = {}
    misses: list[Miss] = []
    for mode, rank in rankers(retriever, baselines, k).items():
        ranks: dict[str, int | None] = {}
        for question in questions:
            sources = document_ranking(rank(question))[:k]
            ranks[question.id] = first_hit(sources, question.expected)
            if mode == ENGINE and (ranks[question.id] or 99) > 5:
                misses.append(Miss(**question.model_dump(), got=sources[:5]))
        by_style: dict[str, list[int | None]] = {}
        for question in questions:
            by_style.setdefault(question.style, []).append(ranks[question.id])
        modes[mode] = ModeReport(
            overall=score(list(ranks.values())),
            by_style={style: score(values) for style, values in sorted(by_style.items())},
        )
    comparison = compare(modes) if baselines is not None else None
    return EvalReport(
        questions=len(questions), k=k, modes=modes, comparison=comparison, hybrid_misses=misses
    )
