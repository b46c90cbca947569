"""Verdict evaluation: agreement of ready / adjust / rework with an editor's labels (confusion
matrix)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table

from bot.advisor.verdict import VERDICTS, Verdict, severity_verdict
from bot.errors import InputError
from bot.jsonl import read_jsonl

if TYPE_CHECKING:
    from bot.advisor.service import Advisor


class VerdictCase(BaseModel):
    """One labelled draft (tests/eval/readiness/drafts.jsonl format)."""

    id: str
    draft: str
    platform: str | None = None
    lang: str | None = "fr"
    label: Verdict


class VerdictReport(BaseModel):
    """Rows: the editor's label; columns: the critic's verdict."""

    drafts: int
    mode: str
    matrix: dict[str, dict[str, int]]
    baseline: dict[str, dict[str, int]]  # the most severe finding alone (severity_verdict)
    refused: list[str] = Field(default_factory=list)  # drafts the critic would not take

    @property
    def agreed(self) -> int:
        return sum(self.matrix[v][v] for v in VERDICTS)

    @property
    def baseline_agreed(self) -> int:
        return sum(self.baseline[v][v] for v in VERDICTS)

    @property
    def accuracy(self) -> float:
        return self.agreed / self.drafts if self.drafts else 0.0

    @property
    def off_by_two(self) -> int:
        """ready called rework, or rework called ready: the errors that matter most."""
        return self.matrix["ready"]["rework"] + self.matrix["rework"]["ready"]

    def recall(self, label: Verdict) -> float | None:
        total = sum(self.matrix[label].values())
        return self.matrix[label][label] / total if total else None

    def model_dump(self, **kwargs: object) -> dict:  # type: ignore[override]
        data = super().model_dump(**kwargs)  # type: ignore[arg-type]
        data["accuracy"] = round(self.accuracy, 3)
        data["off_by_two"] = self.off_by_two
        data["baseline_accuracy"] = (
            round(self.baseline_agreed / self.drafts, 3) if self.drafts else 0
        )
        data["recall"] = {v: self.recall(v) for v in VERDICTS}
        return data

    def render(self, console: Console) -> None:
        """The confusion matrix, agreement, per-label recall and off-by-two errors."""
        table = Table(title=f"Verdict agreement — {self.drafts} drafts, {self.mode} mode")
        table.add_column("label \\ verdict")
        for verdict in VERDICTS:
            table.add_column(verdict, justify="right")
        table.add_column("recall", justify="right")
        for label in VERDICTS:
            recall = self.recall(label)
            cells = [str(self.matrix[label][v]) for v in VERDICTS]
            table.add_row(label, *cells, "—" if recall is None else f"{recall:.0%}")
        console.print(table)
        console.print(
            f"Agreement {self.agreed}/{self.drafts} ({self.accuracy:.0%}); ready↔rework errors: "
            f"{self.off_by_two}; refused: {len(self.refused)}",
            highlight=False,
        )
        console.print(
            f"Baseline (most severe finding decides): {self.baseline_agreed}/{self.drafts}; "
            f"majority label: {max(sum(r.values()) for r in self.matrix.values())}/{self.drafts}",
            highlight=False,
        )


def load_verdict_cases(path: Path) -> list[VerdictCase]:
    """The labelled drafts of a JSONL file; a clear error for a missing or malformed file."""
    return read_jsonl(path, VerdictCase, "draft", "--verdicts")


def evaluate_verdicts(advisor: Advisor, path: Path) -> VerdictReport:
    """Critique every draft of `path` and cross its verdict with the label."""
    cases = load_verdict_cases(path)
    matrix = {label: dict.fromkeys(VERDICTS, 0) for label in VERDICTS}
    baseline = {label: dict.fromkeys(VERDICTS, 0) for label in VERDICTS}
    refused: list[str] = []
    for case in cases:
        lang = "en" if case.lang == "en" else "fr"
        try:
            critique = advisor.critique(case.draft, platform=case.platform, language=lang)
        except InputError:
            refused.append(case.id)
            continue
        matrix[case.label][critique.verdict] += 1
        baseline[case.label][severity_verdict(critique.findings)] += 1
    return VerdictReport(
        drafts=len(cases), mode=advisor.mode, matrix=matrix, baseline=baseline, refused=refused
    )
