"""Query expansion: colloquial Quebec French and English words → the guidance's vocabulary."""

from __future__ import annotations

from bot.french import words as folded_words
from bot.retrieval.expansion import expand_query, expansion, glossary


def test_quebec_and_english_marketing_words_map_to_the_guidance_vocabulary() -> None:
    assert "promotion" in expansion("c'tu correct si on poste juste nos spéciaux?")
    assert "rabais" in expansion("is it ok to only post our discounts?")
    assert "publicité" in expansion("ça vaut-tu la peine de booster nos posts?")
    assert "abonnés" in expansion("how do we get more followers")
    assert "mots-clics" in expansion("combien de hashtags sur Instagram")
    assert "infolettre" in expansion("grow our newsletter")


def test_plain_guidance_wording_is_left_alone() -> None:
    question = "Comment bâtir un calendrier éditorial?"  # « comment » is not "comment"
    assert expansion(question) == ""
    assert expand_query(question) == question


def test_words_already_in_the_question_are_not_repeated() -> None:
    assert expansion("nos promos et nos rabais") == "promotion"


def test_phrases_and_folding() -> None:
    assert "sujets" in expansion("What to POST this week?")  # a phrase, any case
    assert expansion("Le TON à prendre sur LinkedIn?") == ""  # « ton » alone: also a possessive
    assert folded_words("L’été, j'aime") == ["ete", "aime"]


def test_glossary_keys_are_folded_and_unique_per_concept() -> None:
    words, phrases = glossary()
    assert words and phrases
    assert all(key == " ".join(folded_words(key)) for key in words)
