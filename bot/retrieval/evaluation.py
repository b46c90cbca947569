"""Retrieval evaluation: recall@1/3/5 and MRR@5 for dense, BM25 and hybrid search, per style."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table

from bot.jsonl import read_jsonl
from bot.retrieval.search import Mode, Retriever

MODES: tuple[Mode, ...] = ("dense", "lexical", "hybrid")
MODE_LABELS = {"dense": "dense", "lexical": "bm25", "hybrid": "hybrid"}
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


class EvalReport(BaseModel):
    """The whole evaluation (the `kilovolt eval --json` document)."""

    questions: int
    k: int
    modes: dict[str, ModeReport]
    hybrid_misses: list[Miss] = Field(default_factory=list)

    def render(self, console: Console) -> None:
        """A rich table: one block of rows per style, one row per mode."""
        table = Table(title=f"Retrieval on {self.questions} questions (k={self.k})")
        for column in ("style", "n", "mode", "R@1", "R@3", "R@5", "MRR@5"):
            table.add_column(column, justify="left" if column in ("style", "mode") else "right")
        styles = ["overall", *sorted(self.modes["hybrid"].by_style)]
        for style in styles:
            for index, mode in enumerate(MODES):
                report = self.modes[mode]
                scores = report.overall if style == "overall" else report.by_style[style]
                table.add_row(
                    style if index == 0 else "",
                    str(scores.n) if index == 0 else "",
                    MODE_LABELS[mode],
                    f"{scores.recall_at_1:.2f}",
                    f"{scores.recall_at_3:.2f}",
                    f"{scores.recall_at_5:.2f}",
                    f"{scores.mrr_at_5:.3f}",
                    end_section=index == len(MODES) - 1,
                )
        console.print(table)
        for miss in self.hybrid_misses:
            console.print(
                f"[dim]miss {miss.id}: {miss.question!r} expected {', '.join(miss.expected)}; "
                f"got {', '.join(miss.got) or 'nothing'}[/]",
                highlight=False,
            )


def load_questions(path: Path) -> list[Question]:
    """Questions from a JSONL file; InputError naming the line when one is malformed."""
    return read_jsonl(path, Question, "question", "--questions")


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


def evaluate_retrieval(retriever: Retriever, questions: list[Question], k: int = 5) -> EvalReport:
    """Run every on-topic question through the three modes and score them."""
    questions = [q for q in questions if q.on_topic]
    k = max(k, max(CUTOFFS))
    modes: dict[str, ModeReport] = {}
    misses: list[Miss] = []
    for mode in MODES:
        ranks: dict[str, int | None] = {}
        for question in questions:
            sources = [r.source for r in retriever.search(question.question, k, mode=mode)]
            ranks[question.id] = first_hit(sources, question.expected)
            if mode == "hybrid" and (ranks[question.id] or 99) > 5:
                misses.append(Miss(**question.model_dump(), got=sources[:5]))
        by_style: dict[str, list[int | None]] = {}
        for question in questions:
            by_style.setdefault(question.style, []).append(ranks[question.id])
        modes[mode] = ModeReport(
            overall=score(list(ranks.values())),
            by_style={style: score(values) for style, values in sorted(by_style.items())},
        )
    return EvalReport(questions=len(questions), k=k, modes=modes, hybrid_misses=misses)
