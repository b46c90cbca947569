"""Incremental indexing of the knowledge dir into Chroma (`kilovolt index`).

Order of work, so nothing half-written is left behind: load and chunk, compute every missing
embedding (cached by content hash), then, only if something changed, build a new index version
(unchanged chunks copied from the active one by id) and swap the alias to it, and write the
manifest last. A failure while embedding or writing leaves the active index and the manifest as
they were; readers never see a partial index. An unchanged corpus writes nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bot.config import Settings
from bot.retrieval.documents import DOCUMENT_KINDS, document_rows
from bot.retrieval.embeddings import CachedEmbedder, cached_embedder
from bot.retrieval.loader import load_knowledge
from bot.retrieval.locking import index_lock
from bot.retrieval.manifest import (
    CollectionManifest,
    FileEntry,
    diff_files,
    read_manifest,
    write_manifest,
)
from bot.retrieval.models import Chunk, IndexReport
from bot.retrieval.reliability import LEARNING, learn_weights, stored_token, write_weights
from bot.retrieval.splitter import SplitConfig, embedding_text, split_document
from bot.retrieval.store import VectorStore, ensure_writable_dir
from bot.retrieval.swap import build_and_swap
from bot.retrieval.uploads import load_uploads

log = logging.getLogger(__name__)


def chunk_metadata(chunk: Chunk, position: int) -> dict[str, Any]:
    """Chroma metadata for a chunk (scalars only: tags joined with commas)."""
    return {
        "source": chunk.source,
        "title": chunk.title,
        "section": chunk.section,
        "topic": chunk.topic,
        "lang": chunk.lang,
        "tags": ", ".join(chunk.tags),
        "position": position,
        "kind": chunk.kind,
        "page_kind": chunk.page_kind,
        "page_first": chunk.page_first,
        "page_last": chunk.page_last,
    }


@contextmanager
def _progress_bar(enabled: bool, total: int) -> Iterator[Any]:
    """A rich progress bar on stderr (or nothing), advanced by the number of texts embedded."""
    if not enabled or total == 0:
        yield None
        return
    progress = Progress(
        TextColumn("embedding"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        task = progress.add_task("embedding", total=total)
        yield lambda n: progress.advance(task, n)


def calibrate_signals(
    settings: Settings, embedder: CachedEmbedder, data_dir: Path, collection: str
) -> None:
    """Learn the active build's fusion weights from pseudo-queries (reliability.py), once per build.

    Query vectors only, outside the query LRU: `texts_embedded` (passages) stays at zero for an
    unchanged corpus, and a build whose weights are already stored is not measured again.
    """
    if not LEARNING:  # fixed weights (reliability.py, round 5): nothing to measure
        return
    from bot.retrieval.search import Retriever  # search imports nothing of the indexer

    retriever = Retriever(settings, embedder)
    _, corpus = retriever._ready(force=True)
    if not corpus.documents.indexed or stored_token(data_dir, collection) == corpus.fingerprint:
        return
    started = time.perf_counter()
    learnt = learn_weights(corpus, embedder.embed_query_uncached, corpus.fingerprint)
    write_weights(data_dir, collection, learnt)
    log.info(
        "signal weights from %d pseudo-queries in %.1f s: %s",
        learnt.pseudo_queries,
        time.perf_counter() - started,
        {k: round(v, 3) for k, v in learnt.weights.items()},
    )


def index_knowledge(
    settings: Settings,
    rebuild: bool = False,
    progress: bool = True,
    split_config: SplitConfig | None = None,
    embedder: CachedEmbedder | None = None,
    wait: float | None = None,
) -> IndexReport:
    """Bring the collection of `settings.embeddings` in line with `settings.knowledge_dir`.

    One build at a time (locking.py): another build in progress is waited for up to `wait`
    seconds (default `settings.index_wait_seconds`), then IndexBusyError."""
    data_dir = ensure_writable_dir(settings.data_dir.expanduser().resolve())
    name = VectorStore(settings).name
    limit = settings.index_wait_seconds if wait is None else wait
    with index_lock(settings, data_dir, name, limit):
        return _index_locked(settings, data_dir, rebuild, progress, split_config, embedder)


def _index_locked(
    settings: Settings,
    data_dir: Path,
    rebuild: bool,
    progress: bool,
    split_config: SplitConfig | None,
    embedder: CachedEmbedder | None,
) -> IndexReport:
    started = time.perf_counter()
    split_config = split_config or SplitConfig()
    loaded = load_knowledge(
        settings.knowledge_dir, settings.max_file_bytes, settings.max_document_bytes
    )
    added = load_uploads(settings)  # documents workspaces added from Slack (uploads.py)
    loaded.documents += added.documents
    loaded.skipped += added.skipped
    loaded.warnings += added.warnings
    store = VectorStore(settings)
    pointer = store.active()
    active = store.open(pointer.name) if pointer else None
    manifest = read_manifest(data_dir)
    key = f"{store.location}#{store.name}"
    previous = manifest.collections.get(key, CollectionManifest())

    stored_ids: set[str] = set()
    if active is not None and not rebuild:  # --rebuild starts over: nothing is copied
        stored_ids = set(store.call("read", active.get, include=[])["ids"])
    if rebuild or stored_ids != previous.chunk_ids():
        if previous.files and not rebuild:
            log.warning("index and manifest disagree; re-checking every file")
        previous = CollectionManifest(chunking="out-of-sync")
    current = {doc.source: doc.sha256 for doc in loaded.documents}
    diff = diff_files(previous, current, split_config.signature)

    documents = {doc.source: doc for doc in loaded.documents}
    fresh: dict[str, list[Chunk]] = {  # each file's chunks, then its whole-document rows
        src: split_document(documents[src], split_config) + document_rows(documents[src])
        for src in diff.to_chunk
    }
    fresh_chunks = [chunk for chunks in fresh.values() for chunk in chunks]
    new_chunks = [c for c in fresh_chunks if c.id not in stored_ids]
    kept_chunks = [c for c in fresh_chunks if c.id in stored_ids]

    # 1. Embeddings first: nothing is written to the store or the manifest before they exist.
    embedder = embedder or cached_embedder(settings)
    texts = [embedding_text(c, split_config.context_prefix) for c in new_chunks]
    before = embedder.texts_embedded
    with _progress_bar(progress, len(embedder.missing(texts)) if texts else 0) as advance:
        vectors = embedder.embed_passages(texts, on_progress=advance)

    entries = {src: previous.files[src] for src in diff.unchanged}
    for src, chunks in fresh.items():
        entries[src] = FileEntry(sha256=current[src], chunks=[c.id for c in chunks])
    updated = CollectionManifest(
        chunking=split_config.signature, files=dict(sorted(entries.items()))
    )
    stale = sorted(stored_ids - updated.chunk_ids())
    fingerprint = updated.fingerprint()

    # 2. A new version and the swap, only when the index content changes; then 3. the manifest.
    if rebuild or pointer is None or fresh_chunks or stale:
        positions = {c.id: i for chunks in fresh.values() for i, c in enumerate(chunks)}
        new_ids = {c.id for c in new_chunks}
        build_and_swap(
            store,
            pointer,
            token=updated.version_token(),
            fingerprint=fingerprint,
            copied=sorted(updated.chunk_ids() - new_ids),
            metadata_for={c.id: chunk_metadata(c, positions[c.id]) for c in kept_chunks},
            new_rows={
                "ids": [c.id for c in new_chunks],
                "embeddings": list(vectors),
                "documents": [c.text for c in new_chunks],
                "metadatas": [chunk_metadata(c, positions[c.id]) for c in new_chunks],
            },
        )
    manifest.collections[key] = updated
    write_manifest(data_dir, manifest)
    calibrate_signals(settings, embedder, data_dir, store.name)

    def passages(ids: Iterable[str]) -> int:  # chunks only, not the whole-document rows
        return sum(1 for cid in ids if not cid.startswith(DOCUMENT_KINDS))

    total = passages(updated.chunk_ids())
    added, kept = passages(c.id for c in new_chunks), passages(c.id for c in kept_chunks)
    return IndexReport(
        files=len(loaded.documents),
        chunks=total,
        added=added,
        updated=kept,
        removed=passages(stale),
        unchanged=total - added - kept,
        embedded=embedder.texts_embedded - before,
        seconds=round(time.perf_counter() - started, 3),
        collection=store.name,
        skipped=loaded.skipped,
        warnings=loaded.warnings,
        files_changed=len(diff.to_chunk),
        files_removed=len(diff.removed),
    )
