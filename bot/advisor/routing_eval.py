"""DM routing evaluation: how often a direct message is critiqued or answered as it should be."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from rich.console import Console

from bot.jsonl import read_jsonl

Route = Literal["critique", "answer"]


class RoutingCase(BaseModel):
    """One line of a routing set: a whole DM and where it should go."""

    id: str
    text: str
    route: Route


class RoutingReport(BaseModel):
    """Accuracy overall and per expected route, the cases sent to a button, and the misses."""

    cases: int
    correct: int
    asked: int = 0  # routed to the two-button question (neither right nor wrong)
    by_route: dict[str, dict[str, int]] = Field(default_factory=dict)
    misses: list[dict[str, str]] = Field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Correct routes over all cases (a case sent to the buttons counts as not correct)."""
        return self.correct / self.cases if self.cases else 0.0

    def render(self, console: Console) -> None:
        """Plain lines: accuracy, per route, the misses."""
        console.print(
            f"DM routing: {self.correct}/{self.cases} correct ({self.accuracy:.0%}), "
            f"{self.asked} asked with buttons",
            highlight=False,
        )
        for route, counts in self.by_route.items():
            console.print(f"  {route}: {counts['correct']}/{counts['cases']}", highlight=False)
        for miss in self.misses:
            console.print(
                f"[dim]  {miss['id']} expected {miss['expected']}, got {miss['got']}: "
                f"{miss['text'][:80]!r}[/]",
                highlight=False,
            )


def load_routing(path: Path) -> list[RoutingCase]:
    """Cases from a JSONL file; InputError naming the line when one is malformed."""
    return read_jsonl(path, RoutingCase, "routing case", "--routing")


def evaluate_routing(route_of: Callable[[str], str], cases: list[RoutingCase]) -> RoutingReport:
    """Route every case with `route_of` ('critique', 'answer' or 'ask') and score it."""
    report = RoutingReport(cases=len(cases), correct=0)
    for case in cases:
        got = route_of(case.text)
        counts = report.by_route.setdefault(case.route, {"cases": 0, "correct": 0})
        counts["cases"] += 1
        if got == case.route:
            report.correct += 1
            counts["correct"] += 1
            continue
        report.asked += got == "ask"
        report.misses.append({"id": case.id, "expected": case.route, "got": got, "text": case.text})
    return report
