"""Coverage decision: thresholds from the probes' distribution, three outcomes, per-index cache."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from bot.advisor.coverage import (
    FRESHNESS_S,
    MIN_PROBES,
    CoverageJudge,
    Outline,
    Thresholds,
    calibrate,
    guidance_language,
    load_probes,
    margin_scores,
    unit_rows,
)
from bot.config import PROJECT_ROOT
from bot.errors import ConfigError
from bot.french import fold

DIM = 24


def test_thresholds_sit_relative_to_the_probe_distribution() -> None:
    scores = [0.01, 0.02, 0.03, 0.04, 0.05]  # median 0.03, population sd ~0.01414
    t = Thresholds.from_probe_scores(scores, answer_margin=1.0, sure_margin=1.5)
    assert t.median == pytest.approx(0.03) and t.spread == pytest.approx(np.std(scores))
    assert t.decide(0.03).coverage == "none"
    assert t.decide(0.03 + 0.99 * t.spread).coverage == "none"
    assert t.decide(0.03 + 1.0 * t.spread + 1e-9).coverage == "close"
    assert t.decide(0.03 + 1.49 * t.spread).coverage == "close"
    assert t.decide(0.03 + 1.5 * t.spread + 1e-9).coverage == "covered"
    assert t.decide(0.03 + 2 * t.spread).score == pytest.approx(2.0, abs=1e-3)


def test_the_same_raw_score_is_judged_against_each_index_own_probes() -> None:
    strict = Thresholds.from_probe_scores([0.05, 0.06, 0.07, 0.08, 0.09], 1.0, 1.5)
    lenient = Thresholds.from_probe_scores([-0.09, -0.08, -0.07, -0.06, -0.05], 1.0, 1.5)
    assert strict.decide(0.0).coverage == "none"
    assert lenient.decide(0.0).coverage == "covered"


def test_degenerate_distributions() -> None:
    flat = Thresholds.from_probe_scores([0.1, 0.1, 0.1], 1.0, 1.5)
    assert flat.spread > 0 and flat.decide(0.1).coverage == "none"
    assert flat.decide(0.2).coverage == "covered"
    assert Thresholds.from_probe_scores([0, 1], 1.0, 0.5).sure_margin == 1.0  # sure >= answer
    with pytest.raises(ValueError):
        Thresholds.from_probe_scores([0.1], 1.0, 1.5)


def test_margin_scores_leave_each_probe_out_of_its_own_set() -> None:
    probes = unit_rows(np.eye(DIM)[:6] + 0.1)
    headings = unit_rows(np.eye(DIM)[10:14])
    with_self = margin_scores(probes, headings, probes)
    without = margin_scores(probes, headings, probes, leave_out_self=True)
    assert np.all(without > with_self)  # its own similarity (1.0) no longer counts


def _geometry(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Headings around one direction, probes spread over the others, and a shared offset (the
    common direction e5 vectors lean towards)."""
    rng = np.random.default_rng(seed)
    common = np.zeros(DIM)
    common[0] = 3.0
    topic = np.zeros(DIM)
    topic[1] = 1.0
    headings = common + topic + 0.35 * rng.normal(size=(30, DIM))
    probes = common + 0.9 * rng.normal(size=(40, DIM)) * (np.arange(DIM) > 1)
    return unit_rows(headings), unit_rows(probes), common


def test_calibrated_judgement_on_synthetic_vectors() -> None:
    headings, probes, _ = _geometry()
    calibration = calibrate("build-1", headings, probes, "fr")
    noise = 0.02 * np.random.default_rng(7).normal(size=DIM)
    on_topic = headings[:5].mean(axis=0) + noise
    off_topic = probes[3] + noise
    between = 0.5 * headings[:5].mean(axis=0) + 0.5 * probes[5]
    verdicts = [calibration.judge(unit_rows(v)[0]) for v in (off_topic, between, on_topic)]
    assert [v.coverage for v in verdicts] == ["none", "covered", "covered"]
    scores = [v.score for v in verdicts]
    assert scores == sorted(scores)  # nearer the headings, higher the score
    assert (
        calibration.thresholds.decide(
            calibration.thresholds.median + 1.2 * calibration.thresholds.spread
        ).coverage
        == "close"
    )


class FakeIndex:
    """An IndexView over fixed vectors: counts calibrations, token can change (a re-index)."""

    def __init__(self, headings: list[str], vectors: dict[str, np.ndarray]) -> None:
        self.current = "build-1"
        self.headings = headings
        self.vectors = vectors
        self.outlines = 0
        self.embedded: list[str] = []

    def token(self) -> str | None:
        return self.current

    def outline(self) -> Outline:
        self.outlines += 1
        return Outline(self.current, tuple(self.headings))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return np.stack([self.vectors[t] for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self.vectors[text]


@pytest.fixture
def fake_index() -> FakeIndex:
    headings, probes, _ = _geometry(1)
    vectors = {f"titre {i}": v for i, v in enumerate(headings)}
    vectors |= {f"sonde {i}": v for i, v in enumerate(probes)}
    vectors["question"] = unit_rows(np.eye(DIM)[0] * 3 + np.eye(DIM)[1])[0]
    return FakeIndex([f"titre {i}" for i in range(len(headings))], vectors)


def test_judge_calibrates_once_per_build(fake_index: FakeIndex) -> None:
    now = [100.0]
    probes = {"fr": tuple(f"sonde {i}" for i in range(40)), "en": ()}
    judge = CoverageJudge(fake_index, probes, clock=lambda: now[0])
    assert judge.judge("question").coverage == "covered"
    for _ in range(5):
        judge.judge("question")
    now[0] += FRESHNESS_S + 1
    judge.judge("question")  # checked the token: same build, no recalibration
    assert fake_index.outlines == 1 and len(fake_index.embedded) == 30 + 40
    fake_index.current = "build-2"
    judge.judge("question")  # within the freshness window: not seen yet
    assert fake_index.outlines == 1
    now[0] += FRESHNESS_S + 1
    judge.judge("question")
    assert fake_index.outlines == 2 and judge.calibration().fingerprint == "build-2"


def test_judge_uses_the_probes_of_the_guidance_language(fake_index: FakeIndex) -> None:
    english = {f"heading {i}": v for i, v in enumerate(fake_index.vectors.values()) if i < 30}
    fake_index.vectors |= english
    fake_index.headings = [f"How to plan the week for heading {i}" for i in range(30)]
    fake_index.vectors |= {h: english[f"heading {i}"] for i, h in enumerate(fake_index.headings)}
    fake_index.vectors["pas utilisée"] = unit_rows(np.ones(DIM))[0]
    probes = {"fr": ("pas utilisée",) * 12, "en": tuple(f"sonde {i}" for i in range(40))}
    calibration = CoverageJudge(fake_index, probes).calibration()
    # the English probes calibrate; the French ones only give a French question its offset
    assert calibration.language == "en" and len(calibration.probes) == 40
    assert calibration.language_offset is not None


def test_a_question_in_the_other_language_is_moved_by_the_language_offset() -> None:
    headings, probes, _ = _geometry(3)
    language = unit_rows(np.eye(DIM)[DIM - 1])[0] * 0.8  # what every English vector shares
    english_probes = unit_rows(probes + language)
    calibration = calibrate("build-1", headings, probes, "fr", other_probes=english_probes)
    assert calibration.language_offset is not None
    off_topic_english = unit_rows(probes[7] + language)[0]
    # unmoved, it is far from both sets and scores like neither; moved, it is a probe again
    assert calibration.judge(off_topic_english, "en").coverage == "none"
    on_topic_english = unit_rows(headings[:5].mean(axis=0) + language)[0]
    assert calibration.judge(on_topic_english, "en").answered
    assert calibration.judge(on_topic_english, "fr").score != (
        calibration.judge(on_topic_english, "en").score
    )


def test_guidance_language_is_the_headings_majority() -> None:
    assert guidance_language(["Répondre aux commentaires négatifs", "Fréquence et saisons"]) == "fr"
    assert guidance_language(["How often to post", "Answering reviews for your business"]) == "en"


def test_project_probes_load_in_both_languages() -> None:
    probes = load_probes(PROJECT_ROOT / "prompts")
    assert set(probes) == {"fr", "en"}
    assert all(len(set(items)) >= MIN_PROBES for items in probes.values())


def test_broken_probe_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "coverage_probes.yaml").write_text("probes:\n  fr: [un, deux]\n", "utf-8")
    with pytest.raises(ConfigError):
        load_probes(tmp_path)


def test_probes_are_not_taken_from_evaluation_files() -> None:
    """No probe shares a run of five words with an evaluation question (tuning, held-out, blind
    or second corpus): the calibration must stay independent of what it is scored on."""
    probes = [p for items in load_probes(PROJECT_ROOT / "prompts").values() for p in items]
    grams: set[tuple[str, ...]] = set()
    for path in (PROJECT_ROOT / "tests" / "eval").rglob("questions.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                tokens = fold(json.loads(line)["question"]).split()
                grams |= {tuple(tokens[i : i + 5]) for i in range(len(tokens) - 4)}
    copied = []
    for probe in probes:
        tokens = fold(probe).split()
        if any(tuple(tokens[i : i + 5]) in grams for i in range(len(tokens) - 4)):
            copied.append(probe)
    assert not copied, copied


def test_nearest_passage_term_is_calibrated_on_the_probes() -> None:
    headings, probes, _ = _geometry()
    passages = headings[:5]
    with_term = calibrate("build-1", headings, probes, "fr", passages=passages)
    without = calibrate("build-1", headings, probes, "fr")
    assert with_term.passage_term is not None and without.passage_term is None
    on_topic = headings[:3].mean(axis=0)
    # a question near a passage gains, a probe-like question does not
    assert with_term.passage_term.value(unit_rows(on_topic)) > 0
    assert with_term.judge(on_topic).score > without.judge(on_topic).score  # type: ignore[operator]
    assert with_term.judge(probes[7]).coverage == "none"
