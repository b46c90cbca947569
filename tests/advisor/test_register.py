"""Tu or vous in French drafts: the words that show each register, a mix flagged with the words,
and the brand profile's register. Quotes, hashtags, links, addresses, the noun « ton » and « vous »
that does not address the reader are left alone. Every draft here was written for this test."""

from __future__ import annotations

import pytest

from bot.advisor.critique import run_checks
from bot.advisor.platforms import resolve_platform
from bot.advisor.profile_checks import with_profile
from bot.advisor.register import find_register
from bot.advisor.signals import compute_signals
from bot.config import PROJECT_ROOT
from bot.profiles import BrandProfile

NORMS = resolve_platform(PROJECT_ROOT / "prompts", "facebook")
TU_DRAFT = (
    "Viens goûter nos nouvelles galettes samedi matin! Tu peux aussi commander ta boîte en "
    "ligne, on la garde au chaud pour toi. Quelle saveur te tente le plus?"
)
VOUS_DRAFT = (
    "Nos nouvelles galettes arrivent samedi matin. Réservez votre boîte en ligne : nous la "
    "gardons au chaud pour vous. Quelle saveur vous tente le plus?"
)
MIXED_DRAFT = (
    "Viens découvrir notre atelier de poterie ce samedi : tu repartiras avec ta tasse. "
    "Inscrivez-vous sur notre site, les places sont limitées. Avez-vous déjà essayé le tour?"
)


@pytest.mark.parametrize(
    ("text", "tu", "vous"),
    [
        (TU_DRAFT, ["Viens", "Tu", "ta", "toi", "te"], []),
        (VOUS_DRAFT, [], ["Réservez", "votre", "vous"]),
        (MIXED_DRAFT, ["Viens", "tu", "ta"], None),  # its « vous » words: the next test
        ("Raconte-nous ta plus belle sortie en vélo cet été.", ["Raconte-nous", "ta"], []),
        ("N'hésite pas à passer, t'es toujours le bienvenu.", ["N'hésite pas", "t'es"], []),
        ("N'hésitez pas à nous écrire pour une soumission.", [], ["N'hésitez"]),
        ("Dites-nous ce que vous en pensez en commentaire.", [], ["Dites-nous", "vous"]),
        ("As-tu vu notre nouvelle vitrine? Inscris-toi à l'infolettre.", ["tu", "Inscris-toi"], []),
    ],
)
def test_the_words_of_each_register_are_found_as_written(
    text: str, tu: list[str], vous: list[str] | None
) -> None:
    found = find_register(text)
    assert list(found.tu) == tu
    if vous is not None:
        assert list(found.vous) == vous


def test_a_mixed_draft_lists_both_registers() -> None:
    found = find_register(MIXED_DRAFT)
    assert found.register == "mixed"
    assert list(found.tu) == ["Viens", "tu", "ta"]
    assert "Inscrivez-vous" in found.vous and "Avez-vous" in found.vous


@pytest.mark.parametrize(
    "text",
    [
        # A vous post quoting a customer who says « tu ».
        "Une cliente a écrit « tu m'as sauvé la fête » : merci à vous tous de votre confiance.",
        # Links, hashtags, mentions and e-mail addresses are not the writer's words.
        "Écrivez-nous à tu.es.la@boutique.ca ou sur https://boutique.ca/ta-commande #TuVasAimer "
        "@TonVoisin, nous vous répondrons vite.",
        # The noun « ton », and « rendez-vous » (a noun).
        "Le ton de votre marque compte. Ton professionnel et humain : prenez rendez-vous.",
    ],
)
def test_what_does_not_address_the_reader_is_left_out(text: str) -> None:
    found = find_register(text)
    assert found.tu == () and found.register == "vous"


@pytest.mark.parametrize(
    "text",
    [
        "Nous sommes ouverts de 9 h à 17 h, du lundi au samedi.",  # nobody addressed
        "On a refait la vitrine cette semaine avec des fleurs de saison.",
        "Sainte-Anne-de-la-Pocatière accueille le festival du cerf-volant.",  # a place name
        "Chez nous, le café est torréfié à deux pas du marché.",  # « chez » is not an -ez verb
        "Lopez et son équipe ont repeint la vitrine.",  # a name in -ez, not a verb
        "Cours de poterie le mardi soir. Montre connectée à gagner au tirage.",  # nouns
    ],
)
def test_a_draft_that_addresses_nobody_has_no_register(text: str) -> None:
    assert find_register(text).register is None


def test_plural_vous_and_polite_formulas_do_not_make_a_tu_post_mixed() -> None:
    text = "Viens avec tes amis, vous deux aussi! Apporte ta tasse, s'il vous plaît."
    found = find_register(text)
    assert found.register == "tu" and found.vous == ()


def test_english_drafts_and_english_parts_are_not_read() -> None:
    english = compute_signals("Come by and grab your coffee, see you at the counter!", NORMS)
    assert english.register_tu == english.register_vous == []
    bilingual = compute_signals(
        "Venez goûter notre nouveau café samedi, nous vous attendons au comptoir.\n\n"
        "Come and taste our new coffee on Saturday, we're waiting for you at the counter.",
        NORMS,
    )
    assert bilingual.register_tu == [] and bilingual.register_vous == ["Venez", "vous"]


def test_a_mix_is_a_low_language_finding_naming_the_words() -> None:
    signals = compute_signals(MIXED_DRAFT, NORMS)
    [check] = [c for c in run_checks(signals, NORMS) if c.name.startswith("register")]
    assert (check.name, check.principle, check.severity) == ("register_mixed", "langue", "low")
    assert check.facts["tu"] == "« Viens », « tu », « ta »"
    assert "« Inscrivez-vous »" in check.facts["vous"]
    for clean in (TU_DRAFT, VOUS_DRAFT):
        checks = run_checks(compute_signals(clean, NORMS), NORMS)
        assert not [c for c in checks if c.name.startswith("register")]


def _register_checks(text: str, profile: BrandProfile | None) -> dict[str, dict]:
    signals = compute_signals(text, NORMS)
    checks = with_profile(run_checks(signals, NORMS), text, signals, profile)
    return {c.name: {"severity": c.severity, **c.facts} for c in checks if "register" in c.name}


def test_the_brand_register_flags_the_other_one() -> None:
    formal, informal = BrandProfile(register="vous"), BrandProfile(register="tu")
    off = _register_checks(TU_DRAFT, formal)
    assert list(off) == ["register_brand"] and off["register_brand"]["severity"] == "medium"
    assert off["register_brand"]["brand"] == "le vouvoiement"
    assert off["register_brand"]["found"].startswith("« Viens », « Tu »")
    assert _register_checks(TU_DRAFT, informal) == {}
    assert list(_register_checks(VOUS_DRAFT, informal)) == ["register_brand"]
    assert _register_checks(VOUS_DRAFT, BrandProfile(business_type="café")) == {}  # not set


def test_with_a_brand_register_a_mix_says_which_one_to_keep() -> None:
    mixed = _register_checks(MIXED_DRAFT, BrandProfile(register="tu"))
    assert list(mixed) == ["register_mixed_brand"]
    assert mixed["register_mixed_brand"]["brand"] == "le tutoiement"
    assert list(_register_checks(MIXED_DRAFT, None)) == ["register_mixed"]
