"""Unit tests for the French-aware BM25 normalisation and index."""

from __future__ import annotations

from bot.french import index_terms, stem, strip_accents
from bot.retrieval.lexical import LexicalIndex


def test_accents_and_case_are_folded() -> None:
    assert strip_accents("Été à Montréal, cœur") == "Ete a Montreal, coeur"
    assert index_terms("ÉVÉNEMENTS") == index_terms("evenements")


def test_elisions_are_dropped_with_straight_and_curly_apostrophes() -> None:
    assert index_terms("l'abonné") == index_terms("abonné")
    assert index_terms("l’entreprise d’ici") == index_terms("entreprise ici")
    assert index_terms("jusqu'au lorsqu'on") == []


def test_stop_words_in_french_english_and_quebec_colloquial_are_removed() -> None:
    assert index_terms("le la les de des et pour the and of") == []
    assert index_terms("pis genre tsé") == []
    assert index_terms("comment répondre aux commentaires") == index_terms("répondre commentaires")


def test_plurals_and_inflections_meet_with_or_without_accents() -> None:
    assert index_terms("réseaux") == index_terms("réseau") == index_terms("reseaux")
    assert index_terms("publications") == index_terms("publication")
    assert index_terms("negative comments") == index_terms("negative comment")
    assert stem("reseaux") == "reseau"
    assert stem("processus") == "processus"
    assert stem("abonnes") == "abonne"


def test_camel_case_hashtags_are_split() -> None:
    assert index_terms("#PetitCommerceLocal") == index_terms("petit commerce local")


def test_index_ranks_the_matching_text_first_and_ignores_no_match() -> None:
    index = LexicalIndex(
        [
            "Répondre aux commentaires négatifs rapidement",
            "Bâtir un calendrier éditorial pour le temps des Fêtes",
            "Concours et règlement",
        ]
    )
    hits = index.search("commentaire negatif", 3)
    assert hits[0][0] == 0 and hits[0][1] > 0
    assert [i for i, _ in hits] == [0]
    assert index.search("le la les", 3) == []


def test_empty_corpus_returns_nothing() -> None:
    assert LexicalIndex([]).search("concours", 5) == []
