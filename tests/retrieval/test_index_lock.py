"""One index build at a time: a second build waits or stops with a clear line, and the index
being served stays complete throughout."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from bot.config import Settings
from bot.retrieval import Retriever, index_knowledge
from bot.retrieval.embeddings import cached_embedder
from bot.retrieval.locking import IndexBusyError, file_lock, postgres_lock
from bot.retrieval.models import IndexReport

NEW_GUIDE = """---
title: Les infolettres de quartier
topic: courriel
---

# Les infolettres de quartier

Une infolettre mensuelle, courte et utile, garde le lien avec les clients qui ne suivent aucun
réseau social. Demandez toujours un consentement explicite avant d'ajouter une adresse.
"""


def test_a_second_build_stops_or_waits_while_the_first_runs(store_settings: Settings) -> None:
    index_knowledge(store_settings, progress=False)  # the index being served
    (store_settings.knowledge_dir / "infolettre.md").write_text(NEW_GUIDE, encoding="utf-8")
    before = {r.source for r in Retriever(store_settings).search("concours en ligne", k=5)}
    embedder = cached_embedder(store_settings)
    embed, started, release = embedder.embed_passages, threading.Event(), threading.Event()

    def held_open(texts: list[str], **kwargs: object):  # the first build pauses mid-way
        started.set()
        assert release.wait(120)
        return embed(texts, **kwargs)

    embedder.embed_passages = held_open  # type: ignore[method-assign]
    reports: dict[str, IndexReport] = {}
    errors: list[BaseException] = []

    def run(name: str, **kwargs: object) -> None:
        try:
            reports[name] = index_knowledge(store_settings, progress=False, **kwargs)  # type: ignore[arg-type]
        except BaseException as exc:
            errors.append(exc)

    first = threading.Thread(target=run, args=("first",), kwargs={"embedder": embedder, "wait": 0})
    first.start()
    assert started.wait(120)
    # While the first build holds the lock: a run that will not wait is refused, in one line...
    with pytest.raises(IndexBusyError, match="an index build is already running") as busy:
        index_knowledge(store_settings, progress=False, wait=0)
    assert f"pid {os.getpid()}" in busy.value.message
    assert "Une indexation est déjà en cours" in busy.value.for_language("fr")
    # ...the served index is the previous, complete one...
    during = {r.source for r in Retriever(store_settings).search("concours en ligne", k=5)}
    assert during == before
    # ...and a run that waits starts only once the first is done.
    second = threading.Thread(target=run, args=("second",), kwargs={"wait": 120})
    second.start()
    release.set()
    first.join(120)
    second.join(120)
    assert not errors, errors
    assert reports["first"].added > 0 and reports["first"].embedded > 0
    assert reports["second"].embedded == 0 and reports["second"].added == 0  # nothing left to do
    hits = Retriever(store_settings).search("consentement pour l'infolettre", k=3)
    assert "infolettre.md" in {r.source for r in hits}


def test_the_file_lock_is_released_when_a_build_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), file_lock(tmp_path, 0):
        raise RuntimeError("the build failed")
    with file_lock(tmp_path, 0):  # free again
        assert (tmp_path / "index.lock.json").exists()
    assert not (tmp_path / "index.lock.json").exists()


@pytest.mark.integration
def test_replicas_sharing_postgresql_take_turns() -> None:
    from tests.postgres.conftest import POSTGRES_ENV, postgres_scratch_database

    admin = os.environ.get(POSTGRES_ENV)
    if not admin:
        pytest.skip(f"{POSTGRES_ENV} is not set (scripts/postgres.sh start prints one)")
    with postgres_scratch_database(admin) as url:
        with postgres_lock(url, "kilovolt-x", 0):
            busy = pytest.raises(IndexBusyError, match="another machine")
            with busy, postgres_lock(url, "kilovolt-x", 0.5):
                pass
            with postgres_lock(url, "kilovolt-y", 0):  # another collection: its own lock
                pass
        with postgres_lock(url, "kilovolt-x", 0):  # released at the end of the block
            pass
