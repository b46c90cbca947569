"""A content-hash embedding cache (SQLite in the data dir): unchanged text is never re-embedded."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, sha256)
)
"""


def text_hash(text: str) -> str:
    """SHA-256 of a text, the cache key (with the model name)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Vectors keyed by (model, sha256(text)); float32 blobs; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(_SCHEMA)
        self._conn.commit()
        self.touched: set[tuple[str, str]] = set()  # (model, sha256) read or written here

    def get_many(self, model: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """The cached vectors among `hashes` (missing ones are absent from the result)."""
        wanted = list(dict.fromkeys(hashes))
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(wanted), 500):
                batch = wanted[start : start + 500]
                marks = ",".join("?" * len(batch))
                sql = (
                    f"SELECT sha256, vector FROM embeddings WHERE model = ? AND sha256 IN ({marks})"
                )
                rows = self._conn.execute(sql, [model, *batch]).fetchall()
                for sha, blob in rows:
                    found[sha] = np.frombuffer(blob, dtype=np.float32)
            self.touched.update((model, sha) for sha in found)
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        """Store vectors (one transaction)."""
        rows = [
            (model, sha, np.asarray(vec, dtype=np.float32).tobytes()) for sha, vec in items.items()
        ]
        with self._lock:
            self._conn.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)", rows)
            self._conn.commit()
            self.touched.update((model, sha) for sha in items)

    def rows(self, model: str, touched_only: bool = True) -> list[tuple[str, str, np.ndarray]]:
        """(model, sha256, vector) of `model` and its `model#…` kinds, sorted; by default only
        those this process read or wrote (what the current guidance actually needs)."""
        with self._lock:
            found = self._conn.execute(
                "SELECT model, sha256, vector FROM embeddings WHERE model = ? OR model LIKE ?",
                [model, f"{model}#%"],
            ).fetchall()
            wanted = set(self.touched)
        return sorted(
            (name, sha, np.frombuffer(blob, dtype=np.float32))
            for name, sha, blob in found
            if not touched_only or (name, sha) in wanted
        )

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._conn.close()
