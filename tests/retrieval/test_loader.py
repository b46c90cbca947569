"""Loading the knowledge dir: good files load, each bad file is reported in one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.retrieval.loader import load_knowledge

FRONT = (
    "---\ntitle: Bon document\ntopic: test\nlang: fr\n---\n\n# Bon document\n\nDu contenu utile.\n"
)


def _write(root: Path, name: str, data: bytes | str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_missing_directory_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(tmp_path / "nope")
    assert "does not exist" in info.value.message and "KILOVOLT_KNOWLEDGE_DIR" in info.value.message
    assert "\n" not in info.value.message


def test_empty_directory_is_one_clear_error(tmp_path: Path) -> None:
    _write(tmp_path, "image.png", b"\x89PNG")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(tmp_path)
    assert "no guidance file (.md, .txt, .pdf, .docx, .pptx, .html)" in info.value.message


def test_good_file_loads_with_front_matter_and_relative_posix_source(tmp_path: Path) -> None:
    _write(tmp_path, "pratique/bon.md", FRONT)
    result = load_knowledge(tmp_path)
    [doc] = result.documents
    assert doc.source == "pratique/bon.md"
    assert doc.title == "Bon document" and doc.metadata["topic"] == "test"
    assert "title:" not in doc.text and result.skipped == [] and result.warnings == []


def test_bad_files_are_reported_and_the_rest_still_loads(tmp_path: Path) -> None:
    _write(tmp_path, "bon.md", FRONT)
    _write(tmp_path, "vide.md", b"")
    _write(tmp_path, "binaire.md", bytes(range(256)) * 4)
    _write(tmp_path, "gros.md", "a" * 5_000_000)
    _write(tmp_path, "seulement-entete.md", "---\ntitle: Rien\n---\n")
    _write(tmp_path, "idees/banque.md", FRONT)  # the idea bank is not guidance
    _write(tmp_path, ".brouillons/cache.md", FRONT)
    result = load_knowledge(tmp_path)
    assert [d.source for d in result.documents] == ["bon.md"]
    lines = sorted(result.skipped)
    assert lines == [
        "binaire.md: skipped, looks like a binary file",
        "gros.md: skipped, file is 5.0 MB, over the 1,000,000-byte limit",
        "seulement-entete.md: skipped, file has no text besides its front matter",
        "vide.md: skipped, file is empty",
    ]


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    _write(tmp_path, "bon.md", FRONT)
    _write(tmp_path, "moyen.md", "b" * 2_000)
    assert len(load_knowledge(tmp_path, max_bytes=10_000).documents) == 2
    assert len(load_knowledge(tmp_path, max_bytes=1_000).documents) == 1


def test_broken_front_matter_is_indexed_without_metadata_and_reported(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "casse.md",
        "---\ntitle: [pas fermé\ntopic: x\n---\n\n# Titre du corps\n\nTexte.\n",
    )
    result = load_knowledge(tmp_path)
    [doc] = result.documents
    assert doc.text.strip().startswith("# Titre du corps")
    assert doc.title == "Titre du corps"
    assert result.warnings == [
        "casse.md: front matter is not valid YAML (line 3); "
        "indexed without metadata, fix the header"
    ]


def test_cp1252_file_is_decoded_and_flagged(tmp_path: Path) -> None:
    text = "---\ntitle: Été\n---\n\nCafé de l'été à Montréal : très élégant, « bon » prix.\n"
    _write(tmp_path, "ancien.txt", text.encode("cp1252"))
    result = load_knowledge(tmp_path)
    [doc] = result.documents
    assert "Café de l'été à Montréal" in doc.text and doc.title == "Été"
    assert result.warnings == ["ancien.txt: not UTF-8, read as cp1252; re-save it as UTF-8"]


def test_only_bad_files_is_one_clear_error(tmp_path: Path) -> None:
    _write(tmp_path, "vide.md", b"")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(tmp_path)
    assert "no usable document" in info.value.message and "vide.md" in info.value.message
