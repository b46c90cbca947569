"""Unit tests for bot.french: the one text module behind BM25, signals, routing and languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import simplemma

from bot import french
from bot.french import (
    ENGLISH_STOP_WORDS,
    FRENCH_STOP_WORDS,
    content_terms,
    count_emoji,
    count_symbols,
    detect_language,
    drop_elisions,
    fold,
    index_terms,
    is_stop_word,
    is_wordless,
    split_camel_case,
    stem,
    strip_accents,
    tokens,
    words,
)

ROOT = Path(__file__).resolve().parent.parent


def test_fold_lowers_strips_accents_expands_ligatures_and_unifies_apostrophes() -> None:
    assert fold("L’Été À Montréal") == "l'ete a montreal"
    assert fold("Cœur ʼ ‘x") == "coeur ' 'x"
    assert strip_accents("Été, cœur") == "Ete, coeur"


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ"])
def test_every_elision_is_dropped_whatever_the_apostrophe(apostrophe: str) -> None:
    elided = ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"]
    text = " ".join(f"{e}{apostrophe}abc" for e in elided)
    assert words(text) == ["abc"] * len(elided)
    assert drop_elisions(f"L{apostrophe}Info").split() == ["Info"]


def test_elisions_leave_words_with_inner_apostrophes_alone() -> None:
    assert words("aujourd’hui, don't") == ["aujourd'hui", "don't"]
    assert words("aujourd’hui", compounds=False) == ["aujourd", "hui"]


def test_words_and_tokens_keep_or_split_compounds() -> None:
    assert words("Week-end à l’érablière") == ["week-end", "a", "erabliere"]
    assert words("Week-end", compounds=False) == ["week", "end"]
    assert tokens("L’Été chez Cœur") == ["été", "chez", "cœur"]


def test_quebec_words_fold_and_are_stop_words_or_french_evidence() -> None:
    assert words("Tsé, c’est pas pire pantoute") == ["tse", "est", "pas", "pire", "pantoute"]
    assert is_stop_word("tsé") and is_stop_word("Pis") and is_stop_word("faque")
    assert detect_language("tsé le rabais") == "fr"


def test_hashtags_split_on_camel_case() -> None:
    assert split_camel_case("#MagasinerLocal") == "#Magasiner Local"
    assert index_terms("#PetitCommerceLocal") == index_terms("petit commerce local")


def test_one_stop_list_per_language_folded() -> None:
    assert {"le", "des", "ete", "deja", "tres", "merci"} <= FRENCH_STOP_WORDS
    assert {"the", "of", "should", "don't", "it's"} <= ENGLISH_STOP_WORDS
    assert all(fold(w) == w for w in FRENCH_STOP_WORDS | ENGLISH_STOP_WORDS)
    assert is_stop_word("Déjà") and not is_stop_word("abonnés")


def test_light_stem_folds_plurals_only() -> None:
    assert stem("reseaux") == "reseau"
    assert stem("abonnes") == "abonne"
    assert stem("prix") == "pri"
    assert stem("processus") == "processus"
    assert stem("tous") == "tous"


def test_index_terms_lemmatise_fold_and_stem() -> None:
    assert index_terms("réseaux") == index_terms("reseau") == index_terms("Réseau")
    assert index_terms("le la les the and of pis genre") == []
    assert index_terms("l’entreprise d’ici") == index_terms("entreprise ici")


def test_content_terms_meet_on_stem_prefixes_without_stop_words() -> None:
    assert content_terms("Les publications de la semaine") == {"publi", "semai"}
    assert content_terms("publier") & content_terms("publications")
    assert content_terms("the and of le la") == set()


def test_emoji_counts_and_wordless_text() -> None:
    assert count_emoji("Soldes 🔥🔥 ⏰ ⭐ ❤️") == 5
    assert count_emoji("Rien ici → voir") == 0
    assert is_wordless("🔥🎉 !!! 👍🏽")
    assert is_wordless("")
    assert not is_wordless("🔥 promo")
    assert not is_wordless("50 %")
    assert count_symbols("🔥 ❤️ !") == 3  # the presentation selector is not read aloud


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How do I post on Instagram?", "en"),
        ("give me ideas", "en"),
        ("ok thanks", "en"),
        ("what's the best time to post", "en"),
        ("Should we post daily?", "en"),
        ("comment je fais pour publier", "fr"),
        ("c’est quoi la philosophie de kilovolt", "fr"),
        ("on sait pas quoi poster", "fr"),
        ("salut pis ben chu pas sûr", "fr"),
        ("Salut 👋 comment parler de nos promos?", "fr"),
        ("combien de hashtags sur linkedin", "fr"),
        ("ok", "fr"),
        ("🔥🔥", "fr"),
        ("", "fr"),
    ],
)
def test_detect_language_on_short_messages(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_every_surface_uses_the_one_detector() -> None:
    import bot.advisor
    import bot.advisor.coverage
    import bot.advisor.service
    import bot.advisor.signals
    import bot.slack.conversation
    import bot.slack.listeners.commands.slash
    import bot.slack.listeners.events.dispatch
    import bot.slack.state_outage

    surfaces = [
        bot.advisor,
        bot.advisor.coverage,
        bot.advisor.service,
        bot.advisor.signals,
        bot.slack.conversation,
        bot.slack.listeners.commands.slash,
        bot.slack.listeners.events.dispatch,
        bot.slack.state_outage,
    ]
    assert all(module.detect_language is french.detect_language for module in surfaces)


def test_every_surface_uses_the_one_folding_and_word_split() -> None:
    import bot.advisor.routing
    import bot.advisor.signals
    import bot.advisor.structure
    import bot.retrieval.expansion
    import bot.retrieval.lexical
    import bot.slack.command_parser

    assert bot.advisor.routing.fold is french.fold
    assert bot.advisor.signals.words is french.words
    assert bot.advisor.structure.fold is french.fold
    assert bot.slack.command_parser.fold is french.fold
    assert bot.retrieval.expansion.french is french
    assert bot.retrieval.lexical.index_terms is french.index_terms


def test_signals_and_routing_agree_on_language_and_emoji() -> None:
    from bot.advisor.platforms import resolve_platform
    from bot.advisor.signals import compute_signals
    from bot.config import PROJECT_ROOT

    norms = resolve_platform(PROJECT_ROOT / "prompts", "instagram")
    for text in ["Big SALE this weekend only! 50% off 🔥🔥", "Venez nous voir samedi ⏰🔥"]:
        signals = compute_signals(text, norms)
        assert signals.language == detect_language(text)
        assert signals.emojis == count_emoji(text) == 2


def test_trie_lemmas_are_simplemmas_own(tmp_path: Path) -> None:
    """The disk-cached tries give the lemma simplemma's in-memory dictionaries give, word for
    word, on every word of the guidance (with capitalised and upper-case forms)."""
    from simplemma.strategies.default import DefaultStrategy
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    reference = simplemma.Lemmatizer(
        lemmatization_strategy=DefaultStrategy(dictionary_factory=DefaultDictionaryFactory())
    )
    text = " ".join(p.read_text("utf-8") for p in (ROOT / "knowledge").rglob("*.md"))
    vocabulary = set(re.findall(r"[\w'’-]+", text))
    vocabulary |= {w.capitalize() for w in list(vocabulary)} | {"RUNNING", "publiais", "sites"}
    assert len(vocabulary) > 5000
    for lang in (("fr", "en"), "fr", "en"):
        differ = [
            w for w in vocabulary if french.lemmatize(w, lang) != reference.lemmatize(w, lang)
        ]
        assert differ == []


def test_trie_cache_is_written_whole_then_reused(tmp_path: Path) -> None:
    factory = french._AtomicTrieFactory(disk_cache_dir=str(tmp_path))
    assert factory.get_dictionary("fr").get("publiait") == "publier"
    assert [p.name for p in tmp_path.iterdir()] == ["fr.dic"]  # no temporary file left behind
    again = french._AtomicTrieFactory(disk_cache_dir=str(tmp_path))
    assert again.get_dictionary("fr").get("abonnés") == "abonné"
