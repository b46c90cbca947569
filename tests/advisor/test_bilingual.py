"""Bilingual drafts: French first and at least as complete as the English (words, date, time,
price, link), raised as a point to check and never as legal advice; English-only drafts keep
their own finding, French-only drafts and a lone English slogan get none. Every draft here was
written for this test."""

from __future__ import annotations

from bot.advisor.bilingual import read_bilingual, split_parts
from bot.advisor.critique import load_check_texts, run_checks
from bot.advisor.platforms import resolve_platform
from bot.advisor.signals import compute_signals
from bot.config import PROJECT_ROOT

PROMPTS = PROJECT_ROOT / "prompts"
NORMS = resolve_platform(PROMPTS, "facebook")
FRENCH = (
    "Vente de garage au profit de la bibliothèque, samedi 14 juin de 9 h à 15 h, au 120 rue "
    "Principale. Livres à 2 $ et jeux pour les enfants."
)
ENGLISH = (
    "Garage sale for the library, Saturday June 14 from 9 a.m. to 3 p.m., at 120 Main Street. "
    "Books at $2 and games for the kids."
)


def _langue(text: str) -> list[tuple[str, str, dict]]:
    signals = compute_signals(text, NORMS)
    checks = run_checks(signals, NORMS)
    return [(c.name, c.severity, c.facts) for c in checks if c.principle == "langue"]


def test_french_first_and_complete_is_fine() -> None:
    for separator in ("\n\n", "\n—\n", "\n"):
        text = FRENCH + separator + ENGLISH
        both = read_bilingual(text)
        assert both is not None and not both.english_first and both.missing == []
        assert not both.french_shorter and _langue(text) == []


def test_english_first_is_a_point_to_check() -> None:
    [(name, severity, facts)] = _langue(ENGLISH + "\n\n" + FRENCH)
    assert (name, severity) == ("bilingual_french_first", "low")
    assert facts["points"] == "l'anglais vient en premier"
    assert facts["points_en"] == "the English comes first"


def test_a_shorter_french_part_missing_the_details_is_flagged() -> None:
    text = "Vente de garage samedi pour la bibliothèque.\n\n" + ENGLISH
    both = read_bilingual(text)
    assert both is not None and both.french_shorter
    # Links, prices, times, then other numbers (date, address), four at most.
    assert both.missing == ["$2", "9 a.m.", "3 p.m.", "14"]
    [(_, severity, facts)] = _langue(text)
    assert severity == "medium"  # under half the English words
    assert "la partie française est plus courte (7 mots contre 28)" in facts["points"]
    assert "« 9 a.m. »" in facts["points"]


def test_a_missing_link_or_price_is_named() -> None:
    french = "Nos paniers de légumes sont de retour cette semaine, livrés chez vous le jeudi."
    english = (
        "Our vegetable baskets are back this week, delivered to your door on Thursday: $35 at "
        "fermelabelle.ca/paniers"
    )
    both = read_bilingual(french + "\n\n" + english)
    assert both is not None and both.missing == ["fermelabelle.ca/paniers", "$35"]


def test_an_english_slogan_does_not_make_a_post_bilingual() -> None:
    text = "Notre nouvelle collection arrive en boutique ce jeudi.\n\nShop local!"
    assert read_bilingual(text) is None and _langue(text) == []
    thanks = ENGLISH + "\n\nMerci!"  # a French word of thanks under an English post
    assert read_bilingual(thanks) is None
    assert [name for name, _, _ in _langue(thanks)] == ["english_only"]


def test_english_only_keeps_its_own_finding_and_is_not_double_flagged() -> None:
    names = [name for name, _, _ in _langue(ENGLISH)]
    assert names == ["english_only"]
    assert [n for n, _, _ in _langue(FRENCH)] == []


def test_a_mostly_english_post_with_some_french_is_bilingual_not_english_only() -> None:
    text = ENGLISH + "\n\nVente de garage samedi."
    signals = compute_signals(text, NORMS)
    assert signals.language == "en" and signals.bilingual and not signals.english_only
    [(name, severity, facts)] = _langue(text)
    assert name == "bilingual_french_first" and severity == "medium"
    assert facts["points_en"].startswith("the English comes first; the French part is shorter")


def test_parts_without_words_belong_to_no_language() -> None:
    parts = split_parts(FRENCH + "\n\n#VenteDeGarage 📚\n\nhttps://biblio.ca\n\n" + ENGLISH)
    assert [p.language for p in parts] == ["fr", "", "", "en"]


def test_the_wording_is_a_point_to_check_not_legal_advice() -> None:
    message = load_check_texts(PROMPTS)["checks"]["bilingual_french_first"]["message"]
    assert "point à vérifier" in message["fr"] and "pas un avis juridique" in message["fr"]
    assert "worth checking" in message["en"] and "isn't legal advice" in message["en"]
