"""Critique evaluation: precision and recall per principle on a hand-labelled draft set."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table

from bot.errors import InputError
from bot.french import is_wordless
from bot.jsonl import read_jsonl

if TYPE_CHECKING:
    from bot.advisor.service import Advisor


class DraftCase(BaseModel):
    """One line of tests/eval/drafts.jsonl."""

    id: str
    draft: str
    platform: str | None = None
    lang: str | None = "fr"  # None: no language (a wordless draft)
    kind: str = ""
    expected: list[str] = Field(default_factory=list)
    not_expected: list[str] = Field(default_factory=list)


class PrincipleScore(BaseModel):
    """Counts and rates for one principle (None when undefined)."""

    principle: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def as_row(self) -> dict[str, object]:
        """JSON-friendly counts and rates."""
        return {**self.model_dump(), "precision": self.precision, "recall": self.recall}


class Headline(BaseModel):
    """The two promotion figures and the emoji-only count: promotional drafts flagged
    'promotion' (recall), value-first drafts wrongly flagged (false-positive rate), and drafts
    without a single word that still got a critique."""

    promotional: int = 0
    promotional_flagged: int = 0
    value_first: int = 0
    value_first_flagged: int = 0
    wordless: int = 0
    wordless_critiqued: int = 0

    @property
    def promotion_recall(self) -> float | None:
        return self.promotional_flagged / self.promotional if self.promotional else None

    @property
    def promotion_false_positive_rate(self) -> float | None:
        return self.value_first_flagged / self.value_first if self.value_first else None

    def add(self, case: DraftCase, raised: set[str] | None) -> None:
        """Count one draft (`raised` is None when the critique refused it)."""
        flagged = raised is not None and "promotion" in raised
        if case.kind == "promotional":
            self.promotional += 1
            self.promotional_flagged += flagged
        elif case.kind == "value-first":
            self.value_first += 1
            self.value_first_flagged += flagged
        if is_wordless(case.draft):
            self.wordless += 1
            self.wordless_critiqued += raised is not None

    def as_row(self) -> dict[str, object]:
        """JSON-friendly counts and rates."""
        return {
            **self.model_dump(),
            "promotion_recall": self.promotion_recall,
            "promotion_false_positive_rate": self.promotion_false_positive_rate,
        }


class CritiqueEvalReport(BaseModel):
    """Per-principle and overall scores, the headline figures, and the drafts the critic got
    wrong."""

    drafts: int
    mode: str
    principles: list[PrincipleScore]
    overall: PrincipleScore
    headline: Headline = Field(default_factory=Headline)
    errors: list[dict[str, object]] = Field(default_factory=list)

    def model_dump(self, **kwargs: object) -> dict:  # type: ignore[override]
        data = super().model_dump(**kwargs)  # type: ignore[arg-type]
        data["principles"] = [p.as_row() for p in self.principles]
        data["overall"] = self.overall.as_row()
        data["headline"] = self.headline.as_row()
        return data

    def render(self, console: Console) -> None:
        """A table of precision/recall per principle ('promotion' first) and overall."""
        table = Table(title=f"Critique evaluation — {self.drafts} drafts, {self.mode} mode")
        for column in ("principle", "TP", "FP", "FN", "precision", "recall"):
            table.add_column(column, justify="left" if column == "principle" else "right")

        def pct(value: float | None) -> str:
            return "—" if value is None else f"{value:.0%}"

        for score in [*self.principles, self.overall]:
            table.add_row(
                score.principle, str(score.tp), str(score.fp), str(score.fn),
                pct(score.precision), pct(score.recall),
                style="bold" if score is self.overall else None,
            )  # fmt: skip
        console.print(table)
        h = self.headline
        console.print(
            f"Promotion recall on promotional drafts: {h.promotional_flagged}/{h.promotional} "
            f"({pct(h.promotion_recall)}); value-first drafts called promotional: "
            f"{h.value_first_flagged}/{h.value_first} ({pct(h.promotion_false_positive_rate)}); "
            f"drafts without words critiqued: {h.wordless_critiqued}/{h.wordless}",
            highlight=False,
        )
        for error in self.errors:
            console.print(
                f"  {error['id']}: missed {error['missed']}, wrongly raised {error['wrong']}"
            )


def load_cases(path: Path) -> list[DraftCase]:
    """The draft cases of a JSONL file; a clear error for a missing or malformed file."""
    return read_jsonl(path, DraftCase, "draft", "--drafts")


def evaluate_critiques(advisor: Advisor, path: Path) -> CritiqueEvalReport:
    """Run the critique on every draft of `path` and score its findings per principle."""
    cases = load_cases(path)
    scores: dict[str, PrincipleScore] = {}
    errors: list[dict[str, object]] = []
    headline = Headline()
    for case in cases:
        try:
            critique = advisor.critique(case.draft, platform=case.platform, language="fr")
        except InputError as exc:
            headline.add(case, None)
            errors.append(
                {"id": case.id, "missed": case.expected, "wrong": [], "error": exc.message}
            )
            continue
        raised = {f.principle for f in critique.findings}
        headline.add(case, raised)
        for principle in {*case.expected, *case.not_expected}:
            score = scores.setdefault(principle, PrincipleScore(principle=principle))
            if principle in case.expected:
                score.tp += principle in raised
                score.fn += principle not in raised
            elif principle in raised:
                score.fp += 1
        missed = sorted(set(case.expected) - raised)
        wrong = sorted(raised & set(case.not_expected))
        if missed or wrong:
            errors.append({"id": case.id, "missed": missed, "wrong": wrong})
    ordered = sorted(scores.values(), key=lambda s: (s.principle != "promotion", s.principle))
    overall = PrincipleScore(
        principle="overall",
        tp=sum(s.tp for s in ordered),
        fp=sum(s.fp for s in ordered),
        fn=sum(s.fn for s in ordered),
    )
    return CritiqueEvalReport(
        drafts=len(cases),
        mode=advisor.mode,
        principles=ordered,
        overall=overall,
        headline=headline,
        errors=errors,
    )


class CoverageReport(BaseModel):
    """How often the advisor answers on-topic questions and declines off-topic ones."""

    on_topic: int
    answered: int
    off_topic: int
    declined: int
    wrongly_declined: list[str] = Field(default_factory=list)
    wrongly_answered: list[str] = Field(default_factory=list)

    def render(self, console: Console) -> None:
        """Two lines: answered on-topic questions, declined off-topic ones, and the misses."""
        console.print(
            f"Coverage: answered {self.answered}/{self.on_topic} on-topic questions, "
            f"declined {self.declined}/{self.off_topic} off-topic ones",
            highlight=False,
        )
        for label, ids in (
            ("declined", self.wrongly_declined),
            ("answered", self.wrongly_answered),
        ):
            if ids:
                console.print(f"  wrongly {label}: {', '.join(ids)}", highlight=False)


def evaluate_coverage(advisor: Advisor, questions: list[tuple[str, str, bool]]) -> CoverageReport:
    """Run (id, question, on_topic) triples through the advisor's coverage decision (no model)."""
    report = CoverageReport(on_topic=0, answered=0, off_topic=0, declined=0)
    for qid, question, on_topic in questions:
        covered = advisor.covers(question)
        if on_topic:
            report.on_topic += 1
            report.answered += covered
            if not covered:
                report.wrongly_declined.append(qid)
        else:
            report.off_topic += 1
            report.declined += not covered
            if covered:
                report.wrongly_answered.append(qid)
    return report
