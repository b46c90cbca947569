"""Re-indexing while serving: readers see the old index or the new one, never a partial one."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from bot.config import Settings
from bot.retrieval import Retriever, index_knowledge
from bot.retrieval.store import VectorStore

pytestmark = pytest.mark.integration


@dataclass
class ReaderLog:
    """What a reader thread saw while searching in a loop."""

    searches: int = 0
    during_index: int = 0
    sizes: set[int] = field(default_factory=set)
    short: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _read_until(
    stop: threading.Event, indexing: threading.Event, settings: Settings, log: ReaderLog
) -> None:
    retriever = Retriever(settings)
    retriever.freshness_s = 0  # follow the alias on every search
    while not stop.is_set():
        busy = indexing.is_set()
        try:
            results = retriever.search("répondre aux commentaires négatifs", k=5)
            _, corpus = retriever._ready()
        except Exception as exc:  # any error is a failure of the swap
            log.errors.append(f"{type(exc).__name__}: {exc}")
            continue
        log.searches += 1
        log.during_index += busy and indexing.is_set()
        log.sizes.add(len(corpus.ids))
        if len(results) != 5:
            log.short.append(len(results))


def _index_while_reading(
    settings: Settings, runs: list[tuple[Callable[[], object], dict[str, bool]]]
) -> ReaderLog:
    """Run each (prepare, index options) step while a reader thread searches continuously."""
    log, stop, indexing = ReaderLog(), threading.Event(), threading.Event()
    reader = threading.Thread(target=_read_until, args=(stop, indexing, settings, log))
    reader.start()
    try:
        for prepare, options in runs:
            prepare()
            start = log.searches
            while log.searches < start + 2 and not log.errors and reader.is_alive():
                stop.wait(0.01)  # let the reader work against the current index first
            indexing.set()
            index_knowledge(settings, progress=False, **options)
            indexing.clear()
    finally:
        stop.set()
        reader.join(timeout=120)
    return log


def test_rebuild_and_incremental_change_swap_atomically(store_settings: Settings) -> None:
    first = index_knowledge(store_settings, progress=False)
    path = store_settings.knowledge_dir / "pratique" / "calendrier.md"
    original = path.read_text(encoding="utf-8")

    added = original + "\n\n## Ajout\n\nUn paragraphe neuf sur la régularité.\n"
    log = _index_while_reading(
        store_settings,
        [(lambda: None, {"rebuild": True}), (lambda: path.write_text(added, "utf-8"), {})],
    )
    assert not log.errors
    assert not log.short
    assert log.during_index > 0  # searches really ran while an index was being built
    assert log.sizes <= {first.chunks, first.chunks + 1}

    names = VectorStore(store_settings).collection_names()
    versions = [n for n in names if "--v" in n]
    assert len(versions) == 2  # the active build and the previous one; older ones deleted


def test_unchanged_corpus_builds_no_new_version(store_settings: Settings) -> None:
    index_knowledge(store_settings, progress=False)
    store = VectorStore(store_settings)
    before = store.active()
    again = index_knowledge(store_settings, progress=False)
    assert (again.embedded, again.added, again.updated, again.removed) == (0, 0, 0, 0)
    assert store.active() == before
    assert len([n for n in store.collection_names() if "--v" in n]) == 1


def test_failed_build_keeps_the_active_index(
    store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_knowledge(store_settings, progress=False)
    store = VectorStore(store_settings)
    before = store.active()
    (store_settings.knowledge_dir / "nouveau.md").write_text("# Nouveau\n\nTexte.\n", "utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError("store write refused")

    monkeypatch.setattr(VectorStore, "activate", refuse)
    with pytest.raises(RuntimeError, match="store write refused"):
        index_knowledge(store_settings, progress=False)
    assert store.active() == before
    assert [n for n in store.collection_names() if "--v" in n] == [before.name]
    assert Retriever(store_settings).search("concours", k=1)


def test_fixed_weights_measure_nothing_at_index_time(store_settings: Settings) -> None:
    from bot.retrieval.reliability import LEARNING, stored_token

    assert not LEARNING  # round 5: the fixed weights did better on the corpora not chosen on
    index_knowledge(store_settings, progress=False)
    store = VectorStore(store_settings)
    assert stored_token(store_settings.data_dir, store.name) is None
    _, corpus = Retriever(store_settings)._ready()
    assert corpus.documents.indexed and corpus.documents.weights is None


def test_each_build_stores_its_learnt_signal_weights(
    store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.retrieval.indexer as indexer_module
    import bot.retrieval.search as search_module
    from bot.retrieval.reliability import SIGNALS, stored_token

    monkeypatch.setattr(indexer_module, "LEARNING", True)  # the mechanism, when switched on
    monkeypatch.setattr(search_module, "LEARNING", True)
    index_knowledge(store_settings, progress=False)
    store = VectorStore(store_settings)
    pointer = store.active()
    assert pointer is not None
    assert stored_token(store_settings.data_dir, store.name) == pointer.token
    _, corpus = Retriever(store_settings)._ready()
    assert corpus.documents.weights is not None and set(corpus.documents.weights) == set(SIGNALS)
