"""The index manifest: per collection, each file's hash and chunk ids (JSON, written atomically)."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from bot.atomic_files import write_text

log = logging.getLogger(__name__)

MANIFEST_FILE = "index-manifest.json"


class FileEntry(BaseModel):
    """What was indexed for one file."""

    sha256: str
    chunks: list[str] = Field(default_factory=list)


class CollectionManifest(BaseModel):
    """What one collection holds: the chunking used and each file's entry."""

    chunking: str = ""
    files: dict[str, FileEntry] = Field(default_factory=dict)

    def chunk_ids(self) -> set[str]:
        """Every chunk id recorded for this collection."""
        return {cid for entry in self.files.values() for cid in entry.chunks}

    def fingerprint(self) -> str:
        """A hash of the sorted chunk ids: changes whenever the collection's content changes."""
        digest = hashlib.sha256("\n".join(sorted(self.chunk_ids())).encode())
        return digest.hexdigest()[:24]

    def version_token(self) -> str:
        """A hash of the whole entry (files, hashes, chunking): names the index version built."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:12]


class Manifest(BaseModel):
    """The manifest file: one entry per collection (i.e. per embedding model)."""

    version: int = 1
    collections: dict[str, CollectionManifest] = Field(default_factory=dict)


@dataclass
class FileDiff:
    """How the files on disk differ from what a collection's manifest recorded."""

    unchanged: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def to_chunk(self) -> list[str]:
        """Files that must be (re)chunked."""
        return sorted(self.changed + self.added)


def diff_files(previous: CollectionManifest, current: dict[str, str], chunking: str) -> FileDiff:
    """Compare file hashes on disk (`current`: source → sha256) with the manifest.

    A different chunking signature makes every file "changed" (its chunks must be recut).
    """
    diff = FileDiff()
    same_chunking = previous.chunking == chunking
    for source, sha in sorted(current.items()):
        entry = previous.files.get(source)
        if entry is None:
            diff.added.append(source)
        elif entry.sha256 == sha and same_chunking:
            diff.unchanged.append(source)
        else:
            diff.changed.append(source)
    diff.removed = sorted(set(previous.files) - set(current))
    return diff


def manifest_path(data_dir: Path) -> Path:
    """Where the manifest lives."""
    return data_dir / MANIFEST_FILE


def read_manifest(data_dir: Path) -> Manifest:
    """The manifest, or an empty one when missing or unreadable (then everything is re-checked)."""
    path = manifest_path(data_dir)
    try:
        return Manifest.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Manifest()
    except (OSError, ValueError, ValidationError):
        log.warning("index manifest %s is unreadable; it will be rebuilt", path)
        return Manifest()


def write_manifest(data_dir: Path, manifest: Manifest) -> None:
    """Write the manifest atomically (synced, then renamed over the old one)."""
    payload = json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, indent=1)
    write_text(manifest_path(data_dir), payload, fsync=True)
