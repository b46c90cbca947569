"""A chromadb-free copy of each local index build, read by one-shot commands that must start fast.

Importing chromadb and opening its client cost ~0.5 s, more than a whole `kilovolt search` may
take. So each build of the local persistent store is also written, once, as one `.npz` file
(vectors + rows as JSON) under `<data dir>/index-snapshots/`. A reader learns which build is
active from Chroma's own SQLite file, read-only (one query, ~1 ms), and serves that build from its
snapshot: same rows in the same order, dense neighbours by exact cosine (Chroma's HNSW is
approximate; on these sizes it returns the same neighbours). Anything unexpected — a Chroma server
(KILOVOLT_CHROMA_URL), no snapshot for the active build, an unreadable file, a schema this code does
not know — and the reader falls back to Chroma itself, for good.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import numpy as np

from bot.atomic_files import replacing
from bot.config import Settings
from bot.errors import StoreUnavailableError
from bot.retrieval.embeddings import model_name_for
from bot.retrieval.store import ActiveIndex, VectorStore, collection_name

log = logging.getLogger(__name__)

SNAPSHOT_DIR = "index-snapshots"
FORMAT = 1
_ALIAS_METADATA = """
    SELECT m.key, m.str_value, m.int_value FROM collections c
    JOIN databases d ON d.id = c.database_id
    JOIN collection_metadata m ON m.collection_id = c.id
    WHERE c.name = ? AND d.name = 'default_database' AND d.tenant_id = 'default_tenant'
"""


class SnapshotUnavailable(Exception):
    """The snapshot path cannot serve this store (the reader falls back to Chroma)."""


def snapshot_dir(settings: Settings) -> Path:
    """Where the snapshots of the local store live."""
    return settings.data_dir.expanduser().resolve() / SNAPSHOT_DIR


def snapshot_path(settings: Settings, version: str) -> Path:
    """The snapshot file of one index build."""
    return snapshot_dir(settings) / f"{version}.npz"


def write_snapshot(settings: Settings, version: str, rows: dict[str, Any]) -> Path | None:
    """Write the snapshot of a build from Chroma's `get` result (ids, embeddings, documents,
    metadatas); atomically, so a reader sees the whole file or none. None for a Chroma server."""
    if settings.chroma_url:
        return None
    vectors = np.asarray(rows["embeddings"], dtype=np.float32)
    header = {
        "format": FORMAT,
        "version": version,
        "ids": list(rows["ids"]),
        "documents": [str(d or "") for d in rows["documents"]],
        "metadatas": [dict(m or {}) for m in rows["metadatas"]],
    }
    encoded = np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), dtype=np.uint8)
    target = snapshot_path(settings, version)
    with replacing(target) as temporary, open(temporary, "wb") as out:
        np.savez(out, vectors=vectors, header=encoded)
    return target


def prune_snapshots(settings: Settings, alias: str, keep: set[str]) -> list[str]:
    """Delete the snapshots of `alias`'s builds not in `keep` (all of them for an empty set)."""
    folder = snapshot_dir(settings)
    if not folder.is_dir():
        return []
    deleted = []
    for path in folder.glob(f"{alias}--v*.npz"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)
            deleted.append(path.stem)
    return deleted


def read_active(settings: Settings, alias: str) -> ActiveIndex | None:
    """The alias's pointer read from the local Chroma's SQLite file (read-only); None when the
    store has no such alias. SnapshotUnavailable when the file cannot be read that way."""
    database = settings.data_dir.expanduser().resolve() / "chroma" / "chroma.sqlite3"
    if not database.is_file():
        raise SnapshotUnavailable(f"no Chroma store at {database}")
    try:
        with closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=5)) as db:
            rows = db.execute(_ALIAS_METADATA, (alias,)).fetchall()
    except sqlite3.Error as exc:
        raise SnapshotUnavailable(f"Chroma's SQLite file is unreadable here: {exc}") from exc
    if not rows:
        return None
    metadata = {key: text if text is not None else number for key, text, number in rows}
    if metadata.get("embedding_model") != model_name_for(settings.embeddings):
        raise SnapshotUnavailable("the alias was built by another model")
    if not metadata.get("active"):
        raise SnapshotUnavailable("the alias points at no build")
    return ActiveIndex(
        name=str(metadata["active"]),
        fingerprint=str(metadata["fingerprint"]) if metadata.get("fingerprint") else None,
        generation=int(metadata.get("generation") or 0),
        previous=str(metadata["previous"]) if metadata.get("previous") else None,
    )


class SnapshotCollection:
    """One build read from its snapshot, answering the `get` and `query` calls the retriever
    makes of a Chroma collection (where-filters: equality, `$nin` and `$and`)."""

    def __init__(self, path: Path, name: str) -> None:
        try:
            with np.load(path, allow_pickle=False) as data:
                vectors = np.asarray(data["vectors"], dtype=np.float32)
                header = json.loads(bytes(data["header"]).decode())
        except (OSError, ValueError, KeyError) as exc:
            raise SnapshotUnavailable(f"unreadable snapshot {path.name}: {exc}") from exc
        if header.get("format") != FORMAT or header.get("version") != name:
            raise SnapshotUnavailable(f"snapshot {path.name} is not build {name}")
        self.name = name
        self.ids: list[str] = header["ids"]
        self.documents: list[str] = header["documents"]
        self.metadatas: list[dict[str, Any]] = header["metadatas"]
        if len(vectors) != len(self.ids):
            raise SnapshotUnavailable(f"snapshot {path.name} is inconsistent")
        self.vectors = vectors

    def count(self) -> int:
        """Rows in the build."""
        return len(self.ids)

    def get(self, include: list[str] | None = None) -> dict[str, Any]:
        """Every row, as Chroma's `get` returns them."""
        return {
            "ids": list(self.ids),
            "documents": self.documents,
            "metadatas": self.metadatas,
            "embeddings": self.vectors,
        }

    def _matches(self, metadata: dict[str, Any], where: dict[str, Any]) -> bool:
        for key, condition in where.items():
            if key == "$and":
                if not all(self._matches(metadata, part) for part in condition):
                    return False
            elif isinstance(condition, dict):
                (operator, value), *rest = condition.items()
                if rest or operator not in ("$nin", "$in", "$eq", "$ne"):
                    raise ValueError(f"where operator {operator} is not supported here")
                found = metadata.get(key)
                if operator == "$nin" and found in value:
                    return False
                if operator == "$in" and found not in value:
                    return False
                if operator == "$eq" and found != value:
                    return False
                if operator == "$ne" and found == value:
                    return False
            elif metadata.get(key) != condition:
                return False
        return True

    def query(
        self,
        query_embeddings: list[np.ndarray],
        n_results: int,
        include: list[str] | None = None,
        where: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The `n_results` nearest rows by cosine distance (1 - cosine), nearest first."""
        rows = np.arange(len(self.ids))
        if where:
            rows = np.asarray(
                [i for i in rows if self._matches(self.metadatas[i], where)], dtype=np.int64
            )
        ids: list[list[str]] = []
        distances: list[list[float]] = []
        for vector in query_embeddings:
            query = np.asarray(vector, dtype=np.float32)
            query = query / (np.linalg.norm(query) or 1.0)
            similarity = self.vectors[rows] @ query if len(rows) else np.zeros(0, np.float32)
            order = np.argsort(-similarity, kind="stable")[:n_results]
            ids.append([self.ids[rows[i]] for i in order])
            distances.append([float(1.0 - similarity[i]) for i in order])
        return {"ids": ids, "distances": distances}


class SnapshotStore:
    """The retriever's store for one-shot commands: the active build from its snapshot, or Chroma
    (a `VectorStore`) from the first moment the snapshot cannot serve."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = collection_name(model_name_for(settings.embeddings))
        self._chroma: VectorStore | None = (
            None if not settings.chroma_url else VectorStore(settings)
        )

    @property
    def uses_snapshot(self) -> bool:
        """True while reads come from snapshots (False once fallen back to Chroma)."""
        return self._chroma is None

    def _fall_back(self, why: str) -> VectorStore:
        log.info("index snapshot not used (%s): reading Chroma", why)
        self._chroma = VectorStore(self.settings)
        return self._chroma

    def call(self, what: str, func: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a read, with the same one-line errors as `VectorStore.call`."""
        if self._chroma is not None:
            return self._chroma.call(what, func, *args, **kwargs)
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            raise StoreUnavailableError(f"index snapshot {what} failed: {exc}") from exc

    def active(self) -> ActiveIndex | None:
        """The alias's pointer (Chroma's own, read from its SQLite file)."""
        if self._chroma is None:
            try:
                pointer = read_active(self.settings, self.name)
                if pointer is not None and snapshot_path(self.settings, pointer.name).is_file():
                    return pointer
                self._fall_back("no snapshot of the active build")
            except SnapshotUnavailable as exc:
                self._fall_back(str(exc))
        assert self._chroma is not None
        return self._chroma.active()

    def resolve(self) -> tuple[Any, ActiveIndex]:
        """The active build and its pointer (IndexMissingError when there is none)."""
        pointer = self.active()  # falls back to Chroma when the snapshot cannot serve
        if self._chroma is None and pointer is not None:
            try:
                path = snapshot_path(self.settings, pointer.name)
                return SnapshotCollection(path, pointer.name), pointer
            except SnapshotUnavailable as exc:
                self._fall_back(str(exc))
        return (self._chroma or self._fall_back("no index")).resolve()
