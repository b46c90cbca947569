"""Unit tests for the French-aware BM25 normalisation and index."""

from __future__ import annotations

from bot.retrieval.lexical import LexicalIndex, light_stem, strip_accents, tokenize


def test_accents_and_case_are_folded() -> None:
    assert strip_accents("Été à Montréal, cœur") == "Ete a Montreal, coeur"
    assert tokenize("ÉVÉNEMENTS") == tokenize("evenements")


def test_elisions_are_dropped_with_straight_and_curly_apostrophes() -> None:
    assert tokenize("l'abonné") == tokenize("abonné")
    assert tokenize("l’entreprise d’ici") == tokenize("entreprise ici")
    assert tokenize("jusqu'au lorsqu'on") == []


def test_stop_words_in_french_english_and_quebec_colloquial_are_removed() -> None:
    assert tokenize("le la les de des et pour the and of") == []
    assert tokenize("pis genre tsé") == []
    assert tokenize("comment répondre aux commentaires") == tokenize("répondre commentaires")


def test_plurals_and_inflections_meet_with_or_without_accents() -> None:
    assert tokenize("réseaux") == tokenize("réseau") == tokenize("reseaux")
    assert tokenize("publications") == tokenize("publication")
    assert tokenize("negative comments") == tokenize("negative comment")
    assert light_stem("reseaux") == "reseau"
    assert light_stem("processus") == "processus"
    assert light_stem("abonnes") == "abonne"


def test_camel_case_hashtags_are_split() -> None:
    assert tokenize("#PetitCommerceLocal") == tokenize("petit commerce local")


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
