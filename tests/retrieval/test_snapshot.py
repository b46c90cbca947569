"""Index snapshots: the chromadb-free read path of one-shot commands gives Chroma's results."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.config import Settings
from bot.retrieval import Retriever, index_knowledge
from bot.retrieval.snapshot import (
    SnapshotCollection,
    SnapshotStore,
    snapshot_dir,
    snapshot_path,
    write_snapshot,
)
from bot.retrieval.store import VectorStore
from tests.conftest import FIXTURE_KNOWLEDGE, make_settings

pytestmark = pytest.mark.integration

QUESTIONS = [
    "répondre aux commentaires négatifs",
    "combien de fois publier par semaine sur Instagram?",
    "how do I run a contest?",
    "concours",
    "quoi mettre dans la bio",
]


def _ids(results: list) -> list[tuple[str, float, float | None]]:  # type: ignore[type-arg]
    return [(r.chunk_id, r.score, r.similarity) for r in results]


@pytest.fixture
def own_index(tmp_path: Path) -> Settings:
    """The fixture corpus indexed into a data dir this test may change."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(FIXTURE_KNOWLEDGE, knowledge)
    settings = make_settings(tmp_path / "data", knowledge)
    index_knowledge(settings, progress=False)
    return settings


def test_snapshot_reads_give_chromas_results(fixture_index: Settings) -> None:
    chroma = Retriever(fixture_index)
    snapshot = Retriever(fixture_index, chroma.embedder(), snapshot=True)
    for question in QUESTIONS:
        for k in (1, 5):
            assert _ids(snapshot.search(question, k=k)) == _ids(chroma.search(question, k=k))
    assert isinstance(snapshot.store, SnapshotStore) and snapshot.store.uses_snapshot


def _same_neighbours(found: dict, expected: dict) -> None:  # type: ignore[type-arg]
    """The same nearest rows at the same distances; rows whose distances tie within float32
    noise may come in either order, or either one at the cut."""
    ids, distances = found["ids"][0], found["distances"][0]
    want = dict(zip(expected["ids"][0], expected["distances"][0], strict=True))
    assert np.allclose(distances, expected["distances"][0], atol=1e-5)
    last = max(distances, default=0.0)
    for cid, distance in zip(ids, distances, strict=True):
        if cid in want:
            assert abs(want[cid] - distance) < 1e-5
        else:
            assert abs(distance - last) < 1e-5  # a tie at the cut


def test_where_filters_select_as_chroma_does(fixture_index: Settings) -> None:
    store = VectorStore(fixture_index)
    collection, pointer = store.resolve()
    copy = SnapshotCollection(snapshot_path(fixture_index, pointer.name), pointer.name)
    rows = collection.get(include=["metadatas"])
    sources = sorted({str(m["source"]) for m in rows["metadatas"]})
    vector = np.asarray(copy.vectors[3])
    filters = [
        None,
        {"kind": "chunk"},
        {"source": {"$nin": sources[:2]}},
        {"$and": [{"kind": "chunk"}, {"source": {"$nin": sources[1:3]}}]},
    ]
    for where in filters:
        expected = collection.query(
            query_embeddings=[vector], n_results=12, include=["distances"], where=where
        )
        found = copy.query(query_embeddings=[vector], n_results=12, where=where)
        _same_neighbours(found, expected)


def test_each_build_writes_its_snapshot_and_prunes_with_its_collection(
    own_index: Settings,
) -> None:
    store = VectorStore(own_index)
    first = store.active()
    assert first is not None and snapshot_path(own_index, first.name).is_file()
    page = own_index.knowledge_dir / "pratique" / "calendrier.md"
    for n in range(2):
        page.write_text(page.read_text("utf-8") + f"\n\nAjout {n} sur la régularité.\n", "utf-8")
        index_knowledge(own_index, progress=False)
    versions = {n for n in store.collection_names() if "--v" in n}
    assert {p.stem for p in snapshot_dir(own_index).glob("*.npz")} == versions
    assert first.name not in versions  # pruned with its collection
    active = store.active()
    assert active is not None
    retriever = Retriever(own_index, snapshot=True)
    retriever.search("régularité", k=3)
    assert retriever._ready()[1].fingerprint == active.token  # the new build, not a stale file


@pytest.mark.parametrize("damage", ["missing", "corrupt", "another build"])
def test_an_unusable_snapshot_falls_back_to_chroma(own_index: Settings, damage: str) -> None:
    active = VectorStore(own_index).active()
    assert active is not None
    path = snapshot_path(own_index, active.name)
    expected = _ids(Retriever(own_index).search("concours", k=3))
    if damage == "missing":
        path.unlink()
    elif damage == "corrupt":
        path.write_bytes(b"not a snapshot")
    else:  # a valid file under the wrong name: never served for this build
        rows = (
            VectorStore(own_index)
            .open(active.name)
            .get(include=["embeddings", "documents", "metadatas"])
        )
        written = write_snapshot(own_index, "kilovolt-other--v9-000000000000", rows)
        assert written is not None
        written.replace(path)
    retriever = Retriever(own_index, snapshot=True)
    assert _ids(retriever.search("concours", k=3)) == expected
    assert isinstance(retriever.store, SnapshotStore) and not retriever.store.uses_snapshot


def test_a_chroma_server_is_read_directly(chroma_server: str, tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", FIXTURE_KNOWLEDGE, chroma_server)
    settings = settings.model_copy(update={"data_dir": tmp_path / "data"})
    store = SnapshotStore(settings)
    assert not store.uses_snapshot
    assert (
        write_snapshot(
            settings, "x", {"ids": [], "embeddings": [], "documents": [], "metadatas": []}
        )
        is None
    )
