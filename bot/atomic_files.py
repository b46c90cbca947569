"""Files replaced in one rename: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path, *, fsync: bool = False) -> Iterator[Path]:
    """A temporary path beside `path` to write to; when the block ends normally it replaces `path`
    in one rename (after an fsync when asked), and on any failure it is removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        if fsync:
            with open(temporary, "rb") as written:
                os.fsync(written.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes(path: Path, data: bytes, *, fsync: bool = False) -> None:
    """Replace `path` with `data` in one rename."""
    with replacing(path, fsync=fsync) as temporary:
        temporary.write_bytes(data)


def write_text(path: Path, text: str, *, fsync: bool = False) -> None:
    """Replace `path` with `text` (UTF-8) in one rename."""
    write_bytes(path, text.encode("utf-8"), fsync=fsync)
