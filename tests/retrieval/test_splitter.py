"""Unit tests for chunking: sections, sizes, metadata and stable ids."""

from __future__ import annotations

from bot.retrieval.loader import Document
from bot.retrieval.splitter import SplitConfig, embedding_text, split_document

BODY = """# Guide Instagram

Intro sur la culture du réseau.

## Les Reels

Montrez les coulisses.

### Exemple

Un Reel de trente secondes sur la cuisson du pain.
"""


def _doc(text: str = BODY, metadata: dict[str, object] | None = None) -> Document:
    meta = {
        "title": "Guide Instagram",
        "topic": "instagram",
        "tags": ["reels", "visuels"],
        "lang": "fr",
    }
    return Document(
        source="pratique/instagram.md", sha256="x", text=text, metadata=metadata or meta
    )


def test_sections_follow_headings_below_the_title() -> None:
    chunks = split_document(_doc())
    assert [c.section for c in chunks] == ["", "Les Reels", "Les Reels > Exemple"]
    assert chunks[1].text == "Montrez les coulisses."


def test_metadata_is_carried_on_every_chunk() -> None:
    for chunk in split_document(_doc()):
        assert chunk.source == "pratique/instagram.md"
        assert chunk.title == "Guide Instagram"
        assert chunk.topic == "instagram"
        assert chunk.lang == "fr"
        assert chunk.tags == ["reels", "visuels"]


def test_long_sections_are_cut_to_the_configured_size() -> None:
    long_body = "## Partie\n\n" + " ".join(f"Phrase numéro {i} sur le contenu." for i in range(200))
    chunks = split_document(_doc(long_body), SplitConfig(chunk_size=300, chunk_overlap=30))
    assert len(chunks) > 5
    assert all(len(c.text) <= 300 for c in chunks)
    assert all(c.section == "Partie" for c in chunks)


def test_ids_are_stable_and_change_with_the_text() -> None:
    first = [c.id for c in split_document(_doc())]
    assert first == [c.id for c in split_document(_doc())]
    assert len(set(first)) == len(first)
    changed = split_document(_doc(BODY.replace("coulisses", "employés")))
    assert changed[0].id == first[0] and changed[1].id != first[1]


def test_context_prefix_puts_title_and_section_before_the_text() -> None:
    chunk = split_document(_doc())[1]
    assert embedding_text(chunk) == "Guide Instagram — Les Reels\n\nMontrez les coulisses."
    assert embedding_text(chunk, context_prefix=False) == "Montrez les coulisses."


def test_plain_text_without_front_matter_gets_a_title_from_its_name() -> None:
    doc = Document(source="pratique/mots-clics.txt", sha256="y", text="Écrivez en casse chameau.")
    chunks = split_document(doc)
    assert chunks[0].title == "mots clics"
    assert chunks[0].section == "" and chunks[0].lang == "fr" and chunks[0].tags == []


def test_tags_given_as_a_comma_string_become_a_list() -> None:
    chunks = split_document(_doc(metadata={"title": "T", "tags": "a, b ,c"}))
    assert chunks[0].tags == ["a", "b", "c"]
