"""Documents added from Slack: stored under the data dir, one folder per workspace, indexed with
Kilovolt's shared guidance and searched only by the workspace that added them.

A passage's source says whose it is: `uploads/<team>/<file>` belongs to that workspace (`_` in a
single-workspace install); every other source is shared.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.config import Settings
from bot.french import fold
from bot.retrieval.loader import (
    CONVERTED_SUFFIXES,
    TEXT_SUFFIXES,
    LoadResult,
    iter_candidate_files,
    load_files,
)

UPLOADS = "uploads"
SHARED_TEAM = "_"  # the folder of a single-workspace install (no team id)
ACCEPTED = CONVERTED_SUFFIXES | TEXT_SUFFIXES
_UNSAFE = re.compile(r"[^\w.\- ]+")


def uploads_root(settings: Settings) -> Path:
    """Where added documents live: `<data dir>/uploads`."""
    return settings.data_dir.expanduser().resolve() / UPLOADS


def team_folder(team: str | None) -> str:
    """A workspace's folder name (its team id, or `_`)."""
    cleaned = re.sub(r"[^A-Za-z0-9]", "", team or "")
    return cleaned or SHARED_TEAM


def owner_prefix(team: str | None) -> str:
    """The source prefix of a workspace's added documents."""
    return f"{UPLOADS}/{team_folder(team)}/"


def hidden_from(source: str, team: str | None) -> bool:
    """True for a document another workspace added (shared guidance is never hidden)."""
    return source.startswith(f"{UPLOADS}/") and not source.startswith(owner_prefix(team))


def safe_name(name: str) -> str:
    """A file name that is safe on disk: no folders, no control or odd characters."""
    base = Path(unicodedata.normalize("NFC", name.replace("\\", "/"))).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = _UNSAFE.sub("-", stem).strip(" .-")[:80] or "document"
    return f"{stem}{suffix}"


@dataclass(frozen=True)
class Upload:
    """One added document."""

    path: Path
    source: str  # as indexed: uploads/<team>/<name>
    name: str
    size: int
    added: datetime


def save_upload(settings: Settings, team: str | None, name: str, data: bytes) -> Upload:
    """Write an added document (same name: replaced) and return it."""
    folder = uploads_root(settings) / team_folder(team)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe_name(name)
    partial = target.with_name(f".{target.name}.part")
    partial.write_bytes(data)
    partial.replace(target)  # never a half-written file in the knowledge
    return _upload(target, team)


def _upload(path: Path, team: str | None) -> Upload:
    stat = path.stat()
    return Upload(
        path=path,
        source=f"{owner_prefix(team)}{path.name}",
        name=path.name,
        size=stat.st_size,
        added=datetime.fromtimestamp(stat.st_mtime, UTC),
    )


def list_uploads(settings: Settings, team: str | None) -> list[Upload]:
    """A workspace's added documents, oldest first."""
    folder = uploads_root(settings) / team_folder(team)
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    return sorted((_upload(p, team) for p in files), key=lambda u: (u.added, u.name))


def find_uploads(
    settings: Settings, team: str | None, words: str, titles: dict[str, str]
) -> list[Upload]:
    """The workspace's added documents whose file name or title (`titles`: source → title)
    matches `words` (accents and case aside): an exact match first, else every one containing it."""
    wanted = fold(" ".join(words.split())).strip("« »\"'")
    if not wanted:
        return []
    uploads = list_uploads(settings, team)
    names = {u.source: {fold(u.name), fold(Path(u.name).stem), fold(titles.get(u.source, ""))}
             for u in uploads}  # fmt: skip
    exact = [u for u in uploads if wanted in names[u.source]]
    return exact or [u for u in uploads if any(wanted in n for n in names[u.source] if n)]


def forget_uploads(settings: Settings, teams: list[str]) -> bool:
    """Delete the added documents of workspaces whose data goes; True when some were removed
    (the caller re-indexes so that their passages leave the index too)."""
    import shutil

    removed = False
    for team in teams:
        if not team:
            continue  # the single-workspace folder is never deleted this way
        folder = uploads_root(settings) / team_folder(team)
        if folder.is_dir():
            shutil.rmtree(folder)
            removed = True
    return removed


def load_uploads(settings: Settings) -> LoadResult:
    """Every workspace's added documents, sources prefixed `uploads/` (none: an empty result)."""
    root = uploads_root(settings)
    if not root.is_dir():
        return LoadResult()
    files = iter_candidate_files(root)
    limits = settings.max_file_bytes, settings.max_document_bytes
    return load_files(root, files, *limits, prefix=f"{UPLOADS}/")
