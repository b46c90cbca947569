"""Atomic file replacement: the old file or the new one, never half of one, no leftovers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.atomic_files import replacing, write_bytes, write_text


def test_a_write_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "data.json"
    write_text(target, "premier", fsync=True)
    write_text(target, "deuxième")
    assert target.read_text("utf-8") == "deuxième"
    assert [p.name for p in target.parent.iterdir()] == ["data.json"]


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "data.bin"
    write_bytes(target, b"old")
    with pytest.raises(RuntimeError), replacing(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["data.bin"]
