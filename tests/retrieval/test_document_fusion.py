"""Unit tests for document-level fusion and the whole-document rows."""

from __future__ import annotations

import numpy as np

from bot.retrieval.documents import OUTLINE, document_rows, outline_text
from bot.retrieval.fusion import chunk_evidence, fuse_documents, standardise
from bot.retrieval.loader import Document


def test_a_document_with_more_evidence_beats_one_lucky_chunk() -> None:
    # Document 0 has the single best chunk; document 1 wins on its other chunks and on the
    # whole-document vector. A chunk ranking would put 0 first; the document ranking puts 1 first.
    chunks = [np.array([0.90, 0.60, 0.55]), np.array([0.88, 0.87, 0.86]), np.array([0.70])]
    evidence = [chunk_evidence(c) for c in chunks]
    signals = {
        "best_chunk": np.array([e[0] for e in evidence]),
        "top_chunks": np.array([e[1] for e in evidence]),
        "document": np.array([0.80, 0.84, 0.75]),
    }
    assert int(np.argmax(signals["best_chunk"])) == 0
    assert int(np.argmax(fuse_documents(signals))) == 1


def test_a_flat_signal_adds_nothing_and_a_clear_one_decides() -> None:
    flat = {"best_chunk": np.array([0.8, 0.8, 0.8]), "best_chunk_bm25": np.array([0, 9.0, 0])}
    assert int(np.argmax(fuse_documents(flat))) == 1
    assert np.allclose(fuse_documents(flat, lexical_weight=0.0), 0.0)
    assert np.allclose(standardise(np.array([2.0, 2.0])), 0.0)


def test_document_rows_embed_the_whole_text_and_the_outline() -> None:
    doc = Document(
        source="pratique/x.md",
        sha256="0",
        text="# Titre\n\nIntro.\n\n## Section un\n\nTexte.\n\n### Détail\n\nPlus.",
        metadata={"title": "Titre", "tags": ["a", "b"]},
    )
    rows = document_rows(doc)
    assert [r.kind for r in rows] == ["document", OUTLINE]
    assert "Texte." in rows[0].text and rows[0].id != rows[1].id
    assert outline_text(doc) == "Titre\na, b\nTitre\nSection un\nDétail"
