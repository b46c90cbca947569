"""A critique's overall verdict — ready, adjust or rework — decided from its findings alone.

The same findings always give the same verdict, whichever mode (offline or model) produced them.
The rule follows the label definitions an agency editor uses (tests/eval/readiness/README.md,
written before this rule and never tuned on):
- rework: something fundamental is off (a high-severity finding: promotion only, a post with no
  words, a contest collecting data without rules…), or three problems or more at once;
- adjust: a good base with one or two clear, fixable problems (a medium finding), or several
  small ones;
- ready: publishable as is, with one nit at most.
A length over the platform's limit is high severity (the post would be cut) but is fixed by
editing, so it counts as a problem, not as a reason to rewrite. A post that asks nothing of its
reader gets a medium engagement finding, yet the editor's definition does not require a question
when the post's job is to inform: for the verdict it weighs as a nit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Protocol

Verdict = Literal["ready", "adjust", "rework"]
VERDICTS: tuple[Verdict, ...] = ("ready", "adjust", "rework")

REWORK_PROBLEMS = 3  # problems at once that make a rewrite simpler than edits
READY_NITS = 1  # nits a publishable post may still have

_EDITABLE_HIGH = frozenset({"format-plateforme"})  # high, yet fixed by editing (length)
_NIT_MEDIUM = frozenset({"engagement"})  # medium, yet optional for a post that informs

LABELS: dict[Verdict, dict[str, str]] = {
    "ready": {"fr": "Prête à publier", "en": "Ready to post"},
    "adjust": {"fr": "À ajuster", "en": "Needs a few edits"},
    "rework": {"fr": "À retravailler", "en": "Needs rework"},
}
EMOJI: dict[Verdict, str] = {"ready": "🟢", "adjust": "🟡", "rework": "🔴"}


class _Finding(Protocol):
    principle: str
    severity: str


def verdict_for(findings: Iterable[_Finding]) -> Verdict:
    """ready / adjust / rework for a critique's findings (pure and deterministic)."""
    serious = problems = nits = 0
    for finding in findings:
        if finding.severity == "high" and finding.principle not in _EDITABLE_HIGH:
            serious += 1
        elif finding.severity == "low" or finding.principle in _NIT_MEDIUM:
            nits += 1
        else:
            problems += 1
    if serious or problems >= REWORK_PROBLEMS:
        return "rework"
    if problems == 0 and nits <= READY_NITS:
        return "ready"
    return "adjust"


def severity_verdict(findings: Iterable[_Finding]) -> Verdict:
    """The baseline printed beside the verdict: the most severe finding alone decides (high →
    rework, medium → adjust, otherwise ready), as the critique's summary line did before."""
    severities = {f.severity for f in findings}
    return "rework" if "high" in severities else "adjust" if "medium" in severities else "ready"


def verdict_label(verdict: Verdict, lang: str) -> str:
    """« 🟡 À ajuster », in the reader's language."""
    return f"{EMOJI[verdict]} {LABELS[verdict]['en' if lang == 'en' else 'fr']}"
