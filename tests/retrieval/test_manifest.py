"""Unit tests for the index manifest: diffing and atomic writes."""

from __future__ import annotations

from pathlib import Path

from bot.retrieval.manifest import (
    CollectionManifest,
    FileEntry,
    Manifest,
    diff_files,
    manifest_path,
    read_manifest,
    write_manifest,
)


def _previous() -> CollectionManifest:
    return CollectionManifest(
        chunking="v1",
        files={
            "a.md": FileEntry(sha256="1", chunks=["a1", "a2"]),
            "b.md": FileEntry(sha256="2", chunks=["b1"]),
            "c.md": FileEntry(sha256="3", chunks=["c1"]),
        },
    )


def test_diff_sorts_files_into_unchanged_changed_added_removed() -> None:
    diff = diff_files(_previous(), {"a.md": "1", "b.md": "changed", "d.md": "4"}, "v1")
    assert diff.unchanged == ["a.md"]
    assert diff.changed == ["b.md"]
    assert diff.added == ["d.md"]
    assert diff.removed == ["c.md"]
    assert diff.to_chunk == ["b.md", "d.md"]


def test_new_chunking_makes_every_file_changed() -> None:
    diff = diff_files(_previous(), {"a.md": "1", "b.md": "2", "c.md": "3"}, "v2")
    assert diff.unchanged == [] and diff.changed == ["a.md", "b.md", "c.md"]


def test_fingerprint_follows_chunk_ids() -> None:
    previous = _previous()
    same = CollectionManifest(chunking="v1", files=dict(reversed(list(previous.files.items()))))
    assert previous.fingerprint() == same.fingerprint()
    previous.files["b.md"] = FileEntry(sha256="2", chunks=["b9"])
    assert previous.fingerprint() != same.fingerprint()


def test_write_then_read_round_trips_and_leaves_no_temp_file(tmp_path: Path) -> None:
    manifest = Manifest(collections={"store#kilovolt-x": _previous()})
    write_manifest(tmp_path, manifest)
    assert read_manifest(tmp_path) == manifest
    assert [p.name for p in tmp_path.iterdir()] == [manifest_path(tmp_path).name]


def test_missing_or_corrupt_manifest_reads_as_empty(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) == Manifest()
    manifest_path(tmp_path).write_text("{not json", encoding="utf-8")
    assert read_manifest(tmp_path) == Manifest()
