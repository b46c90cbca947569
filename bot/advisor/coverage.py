"""Does the guidance answer a question? A margin test, calibrated on each index.

A question is compared with two sets of short texts embedded the same way it is (as queries):
the guidance's own headings (the titles and section names of the indexed documents) and generic
off-topic requests (`prompts/coverage_probes.yaml`, in the guidance's language, so that a question
in the other language is equally far from both). Its score is how much nearer it is to the headings
than to the probes: the mean similarity of its `NEIGHBOURS` nearest headings minus that of its
nearest probes, after removing the direction the two sets share (e5 vectors all lean one way,
which compresses raw similarities).

The same score for every probe (each left out of its own set) shows what "not our subject" looks
like on this index. A question's score is expressed in the probes' standard deviations above their
median: at `ANSWER_MARGIN` or more the question is answered, at `SURE_MARGIN` or more it counts as
covered, in between the closest passages are given with a line saying so. Both margins were chosen
by cross-validation on the tuning sets (tests/eval/questions.jsonl and holdout/) with `knowledge/`.
No word list is involved: a new corpus brings its own headings and its own probe distribution.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
import yaml

from bot.advisor.language import detect_language
from bot.advisor.models import Coverage, Language
from bot.errors import ConfigError

log = logging.getLogger(__name__)

# Constants chosen by 5-fold cross-validation over the tuning sets only (tests/eval/questions.jsonl
# and holdout/, with knowledge/): on-topic questions vs off-topic items (the held-out off-topic
# questions and the English probes, which a French index never calibrates on). Each fold picked the
# lowest answer margin minimising max(on-topic refused / 3%, off-topic answered / 15%), the two
# targets: 5 neighbours, margin 1.0 in three folds and 1.1 in two (out of fold: 1/118 on-topic
# refused, 3/57 off-topic answered; 3 and 8 neighbours did worse). The lower margin is kept: a
# refused on-topic question costs more than an answered off-topic one.
NEIGHBOURS = 5  # nearest headings and nearest probes averaged
ANSWER_MARGIN = 1.0  # probe standard deviations above the probe median: answered
# Above this, no "closest guidance" line: off-topic items (held-out questions, English probes,
# French probes left out of their own set) reach it 7% of the time, and 3% of the tuning on-topic
# questions fall between the two margins.
SURE_MARGIN = 1.4
HEADINGS_PER_NEIGHBOUR = 20  # small indexes: at least this many headings per averaged neighbour
MIN_PROBES = NEIGHBOURS + 5
FRESHNESS_S = 5.0  # how often the judge checks that the index was not rebuilt
QUERY_CHARS = 2000  # the retriever embeds no more of a query


@dataclass(frozen=True)
class Verdict:
    """The decision for one question and its score (probe standard deviations above the median)."""

    coverage: Coverage
    score: float | None = None

    @property
    def answered(self) -> bool:
        """True when the question gets an answer (covered or close)."""
        return self.coverage != "none"


@dataclass(frozen=True)
class Thresholds:
    """Where the probes' score distribution sits on one index, and the two decision margins."""

    median: float
    spread: float  # standard deviation of the probe scores (never zero)
    answer_margin: float = ANSWER_MARGIN
    sure_margin: float = SURE_MARGIN

    @classmethod
    def from_probe_scores(
        cls, scores: Sequence[float], answer_margin: float, sure_margin: float
    ) -> Thresholds:
        """Thresholds placed relative to the probes' scores on this index."""
        values = np.asarray(scores, dtype=np.float64)
        if values.size < 2:
            raise ValueError("at least two probe scores are needed to calibrate")
        spread = max(float(values.std()), 1e-6)
        return cls(float(np.median(values)), spread, answer_margin, max(sure_margin, answer_margin))

    def standardise(self, score: float) -> float:
        """A raw margin score in probe standard deviations above the probe median."""
        return (score - self.median) / self.spread

    def decide(self, score: float) -> Verdict:
        """Covered, close or none for a raw margin score."""
        z = self.standardise(score)
        if z >= self.sure_margin:
            return Verdict("covered", round(z, 3))
        if z >= self.answer_margin:
            return Verdict("close", round(z, 3))
        return Verdict("none", round(z, 3))


def unit_rows(vectors: np.ndarray, center: np.ndarray | None = None) -> np.ndarray:
    """Rows minus `center`, scaled to unit length."""
    rows = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    if center is not None:
        rows = rows - center
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1.0, norms)


def nearest_mean(similarities: np.ndarray, k: int) -> np.ndarray:
    """Per row, the mean of the `k` largest values."""
    k = max(1, min(k, similarities.shape[1]))
    return np.sort(similarities, axis=1)[:, -k:].mean(axis=1)


def heading_neighbours(count: int) -> int:
    """Headings averaged: `NEIGHBOURS`, fewer on a small index (one per `HEADINGS_PER_NEIGHBOUR`
    headings), so that a question is not averaged over half of a ten-document corpus."""
    return max(1, min(NEIGHBOURS, count // HEADINGS_PER_NEIGHBOUR))


def margin_scores(
    queries: np.ndarray, headings: np.ndarray, probes: np.ndarray, leave_out_self: bool = False
) -> np.ndarray:
    """Nearness to the headings minus nearness to the probes (all rows centred unit vectors).

    With `leave_out_self`, `queries` are the probes themselves and each ignores its own row."""
    near_guidance = nearest_mean(queries @ headings.T, heading_neighbours(len(headings)))
    to_probes = queries @ probes.T
    k = NEIGHBOURS
    if leave_out_self:
        np.fill_diagonal(to_probes, -np.inf)
        k = min(k, probes.shape[0] - 1)  # the -inf of its own row is never among the k largest
    near_probes = nearest_mean(to_probes, k)
    return near_guidance - near_probes


@dataclass(frozen=True)
class Calibration:
    """Everything a question is scored against on one index build."""

    fingerprint: str
    language: Language
    center: np.ndarray
    headings: np.ndarray  # centred unit vectors
    probes: np.ndarray  # centred unit vectors
    thresholds: Thresholds

    def judge(self, vector: np.ndarray) -> Verdict:
        """The verdict for a question's query vector."""
        query = unit_rows(vector, self.center)
        return self.thresholds.decide(float(margin_scores(query, self.headings, self.probes)[0]))


def calibrate(
    fingerprint: str,
    headings: np.ndarray,
    probes: np.ndarray,
    language: Language,
    answer_margin: float = ANSWER_MARGIN,
    sure_margin: float = SURE_MARGIN,
) -> Calibration:
    """Score every probe against the headings and the other probes, and place the thresholds."""
    if len(headings) == 0 or len(probes) < 2:
        raise ValueError("calibration needs headings and at least two probes")
    center = (unit_rows(headings).mean(axis=0) + unit_rows(probes).mean(axis=0)) / 2
    heads, probe_rows = unit_rows(headings, center), unit_rows(probes, center)
    scores = margin_scores(probe_rows, heads, probe_rows, leave_out_self=True)
    thresholds = Thresholds.from_probe_scores(scores.tolist(), answer_margin, sure_margin)
    return Calibration(fingerprint, language, center, heads, probe_rows, thresholds)


# --- probes and the index's headings -----------------------------------------------------------
@lru_cache(maxsize=4)
def load_probes(prompts_dir: Path) -> dict[str, tuple[str, ...]]:
    """The off-topic probes per language ('fr', 'en') from `prompts_dir/coverage_probes.yaml`."""
    path = prompts_dir / "coverage_probes.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        probes = {
            lang: tuple(str(p).strip() for p in data["probes"][lang] if str(p).strip())
            for lang in ("fr", "en")
        }
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot load coverage probes from {path}: {type(exc).__name__}") from exc
    short = [lang for lang, items in probes.items() if len(set(items)) < MIN_PROBES]
    if short:
        raise ConfigError(f"{path}: at least {MIN_PROBES} distinct probes needed for {short}")
    return probes


def guidance_language(headings: Sequence[str]) -> Language:
    """The language the headings are written in (judged on all of them: one is too short)."""
    return detect_language(" ".join(headings))


@dataclass(frozen=True)
class Outline:
    """What the coverage judge needs from one index build: its token and its headings."""

    fingerprint: str
    headings: tuple[str, ...]


class IndexView(Protocol):
    """The coverage judge's view of the search index."""

    def token(self) -> str | None:
        """The active build's token (changes on every re-index); one cheap read."""

    def outline(self) -> Outline:
        """The active build's token and the distinct titles and section names of its chunks."""

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors (n, dim), in order, for the calibration texts (cached as it can)."""

    def embed_query(self, text: str) -> np.ndarray:
        """One question's query vector (the retriever's own, usually cached)."""


class Judge(Protocol):
    """What the advisor needs of a coverage judge (the real one, or a test stand-in)."""

    def judge(self, query: str) -> Verdict:
        """Covered, close or none for a retrieval query."""

    def warm_up(self) -> None:
        """Get ready now (calibrate) rather than on the first question."""


class CoverageJudge:
    """Covered, close or none for a question, calibrated once per index build (thread-safe)."""

    def __init__(
        self,
        view: IndexView,
        probes: dict[str, tuple[str, ...]],
        answer_margin: float = ANSWER_MARGIN,
        sure_margin: float = SURE_MARGIN,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.view = view
        self.probes = probes
        self.answer_margin = answer_margin
        self.sure_margin = sure_margin
        self._clock = clock
        self._lock = threading.Lock()
        self._calibration: Calibration | None = None
        self._checked_at = 0.0
        self.calibration_seconds: float | None = None  # the last calibration's cost

    def calibration(self) -> Calibration:
        """This index's calibration: computed on first use and again after a re-index."""
        with self._lock:
            now = self._clock()
            current = self._calibration
            if current is None or now - self._checked_at >= FRESHNESS_S:
                if current is None or self.view.token() != current.fingerprint:
                    self._calibration = self._calibrate()
                self._checked_at = now
            assert self._calibration is not None
            return self._calibration

    def _calibrate(self) -> Calibration:
        start = time.perf_counter()
        outline = self.view.outline()
        language = guidance_language(outline.headings)
        probes = self.probes[language]
        vectors = self.view.embed_queries([*outline.headings, *probes])
        split = len(outline.headings)
        result = calibrate(
            outline.fingerprint,
            vectors[:split],
            vectors[split:],
            language,
            self.answer_margin,
            self.sure_margin,
        )
        self.calibration_seconds = time.perf_counter() - start
        log.info(
            "coverage calibrated on %d headings and %d %s probes in %.2f s (median %.4f, sd %.4f)",
            split, len(probes), language, self.calibration_seconds,
            result.thresholds.median, result.thresholds.spread,
        )  # fmt: skip
        return result

    def judge(self, query: str) -> Verdict:
        """The verdict for a retrieval query (the text the retriever searched with)."""
        calibration = self.calibration()
        text = " ".join(query.split())[:QUERY_CHARS]
        return calibration.judge(self.view.embed_query(text))

    def warm_up(self) -> None:
        """Calibrate now rather than on the first question."""
        self.calibration()
