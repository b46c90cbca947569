"""Building a new index version beside the active one, then swapping the alias to it.

Vectors of chunks the active version already holds are copied by id (no re-embedding); new chunks
bring their own vectors. The alias flips only once the new version holds exactly the expected
chunks; on any failure the half-built version is deleted and readers keep the active one. Each
build also leaves its snapshot (snapshot.py) for the one-shot commands' chromadb-free reads.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from bot.errors import StoreUnavailableError
from bot.retrieval.snapshot import prune_snapshots, write_snapshot
from bot.retrieval.store import ActiveIndex, VectorStore

log = logging.getLogger(__name__)
WRITE_BATCH = 500
_COPY_COLUMNS = ["embeddings", "documents", "metadatas"]


def write_in_batches(store: VectorStore, what: str, func: Any, **columns: list[Any]) -> None:
    """Call a Chroma write with at most WRITE_BATCH rows at a time."""
    ids = columns["ids"]
    for start in range(0, len(ids), WRITE_BATCH):
        batch = {name: values[start : start + WRITE_BATCH] for name, values in columns.items()}
        store.call(what, func, **batch)


def _copy(
    store: VectorStore,
    source: Any,
    target: Any,
    ids: list[str],
    metadata_for: dict[str, dict[str, Any]],
) -> None:
    """Copy rows by id from `source` to `target`, with refreshed metadata where given."""
    for start in range(0, len(ids), WRITE_BATCH):
        batch = ids[start : start + WRITE_BATCH]
        rows = store.call("read", source.get, ids=batch, include=_COPY_COLUMNS)
        store.call(
            "write",
            target.add,
            ids=list(rows["ids"]),
            embeddings=np.asarray(rows["embeddings"], dtype=np.float32),
            documents=list(rows["documents"]),
            metadatas=[
                metadata_for.get(cid, meta)
                for cid, meta in zip(rows["ids"], rows["metadatas"], strict=True)
            ],
        )


def build_and_swap(
    store: VectorStore,
    pointer: ActiveIndex | None,
    token: str,
    fingerprint: str,
    copied: list[str],
    metadata_for: dict[str, dict[str, Any]],
    new_rows: dict[str, list[Any]],
) -> str:
    """Fill a new version (copied ids from the active one + `new_rows`), verify it, flip the alias.

    Returns the new version's name. `new_rows` holds ids, embeddings, documents and metadatas.
    """
    generation = (pointer.generation if pointer else 0) + 1
    version = store.create_version(generation, token)
    try:
        if copied:
            if pointer is None:
                raise ValueError("chunks to copy but no active index")
            _copy(store, store.open(pointer.name), version, copied, metadata_for)
        if new_rows["ids"]:
            write_in_batches(store, "write", version.add, **new_rows)
        expected = len(copied) + len(new_rows["ids"])
        stored = store.call("count", version.count)
        if stored != expected:
            raise StoreUnavailableError(
                f"the new index {version.name} holds {stored} chunks instead of {expected}; "
                "the active index is unchanged: run `kilovolt index` again"
            )
        snapshot = store.call("read", version.get, include=_COPY_COLUMNS)
        write_snapshot(store.settings, version.name, snapshot)  # before readers can see the build
        store.activate(version, fingerprint, generation)
    except BaseException:
        log.warning("index build %s failed; the active index is unchanged", version.name)
        prune_snapshots(store.settings, store.name, keep={pointer.name} if pointer else set())
        try:
            store.call("delete", store.client().delete_collection, version.name)
        except Exception:
            log.debug("could not delete the failed build %s", version.name, exc_info=True)
        raise
    keep = {version.name} | ({pointer.name} if pointer else set())
    for name in store.prune(keep):
        log.info("deleted old index version %s", name)
    prune_snapshots(store.settings, store.name, keep)
    return version.name
