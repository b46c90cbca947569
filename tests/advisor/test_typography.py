"""French typography in drafts: times, prices, quotes and spaces before punctuation (Quebec or
France convention), each with its corrected form; links, hashtags, mentions, e-mail addresses,
code, scores and ratios untouched; English drafts and English parts get no French rule. Every
draft here was written for this test."""

from __future__ import annotations

import pytest

from bot.advisor.critique import run_checks
from bot.advisor.platforms import resolve_platform
from bot.advisor.profile_checks import with_profile
from bot.advisor.signals import compute_signals
from bot.advisor.typography import find_typography
from bot.config import PROJECT_ROOT
from bot.profiles import BrandProfile

NORMS = resolve_platform(PROJECT_ROOT / "prompts", "facebook")


def _fixes(text: str, spacing: str = "quebec") -> list[tuple[str, str]]:
    return [(f.found, f.corrected) for f in find_typography(text, spacing)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le marché ouvre à 9h30 et ferme à 17h.", [("9h30", "9 h 30"), ("17h", "17 h")]),
        ("Soirée contes à 7pm, apéro dès 5 p.m.", [("7pm", "19 h"), ("5 p.m.", "17 h")]),
        ("Dégustation de 9:30 AM à midi.", [("9:30 AM", "9 h 30")]),
        ("Portes ouvertes de 10:00 à 14:30 au local.", [("10:00", "10 h"), ("14:30", "14 h 30")]),
        ("Ouverture à 12am pile pour le réveillon.", [("12am", "0 h")]),
        ("La boîte coûte $19.99 et le pot 20$.", [("$19.99", "19,99 $"), ("20$", "20 $")]),
        ("Le panier à 34.50$, la carte à $20.", [("34.50$", "34,50 $"), ("$20", "20 $")]),
        ("Le vélo électrique à $1,299.99 seulement.", [("$1,299.99", "1 299,99 $")]),
        ("Le lot passe à 12.75 $ dès lundi.", [("12.75 $", "12,75 $")]),
        ('Notre devise "fait ici" tient toujours.', [('"fait ici"', "« fait ici »")]),
    ],
)  # fmt: skip
def test_times_prices_and_quotes_get_their_french_form(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _fixes(text) == expected


def test_spacing_follows_the_chosen_convention() -> None:
    text = "Horaire: du mardi au samedi. On vous attend ! Des questions ?"
    assert _fixes(text) == [
        ("Horaire:", "Horaire :"),
        ("attend !", "attend!"),
        ("questions ?", "questions?"),
    ]
    france = "Horaire : du mardi au samedi. On vous attend! Des questions?"
    assert _fixes(france, "france") == [("attend!", "attend !"), ("questions?", "questions ?")]
    assert _fixes(france.replace("attend!", "attend !").replace("?", " ?"), "france") == []
    assert _fixes("Le menu : soupe; salade; dessert. Bon appétit!") == []  # Quebec usage


@pytest.mark.parametrize(
    "text",
    [
        # Already right, the Quebec way.
        "Atelier samedi de 9 h 30 à 12 h : places limitées. La boîte est à 19,99 $, le pot à 20 $.",
        "Notre devise, « fait ici, avec soin », tient toujours. Vous venez?",
        # Links, addresses, hashtags, mentions and code keep their own characters.
        "Infos : https://marche.ca/horaire?de=9h30&a=17h ou www.marche.ca/prix$20",
        "Écrivez à info@marche.ca! Merci @Julie! #Soldes20$ #9h30 `prix: $20`",
        # Slack's emoji codes and links as they arrive in a message.
        "Bonne fête :tada: :heart_eyes: merci :+1: et <https://marche.ca/a?b=1|notre site 9h30>",
        # Scores and ratios are not times; an emoticon is not punctuation.
        "Victoire 3:1 contre Laval, et le match de 10:12 reste à jouer. Format 16:9 ;)",
        "Le pointage final : 21:14 pour nos Carcajous.",
        # Durations and weights in a sentence with no clock.
        "Comptez 2 h de cuisson pour 500 g de pâte.",
    ],
)
def test_what_is_right_or_not_prose_is_left_alone(text: str) -> None:
    assert _fixes(text) == []


def test_english_drafts_and_english_parts_get_no_french_rule() -> None:
    english = compute_signals("Open 9:30 AM to 5 PM! Coffee is $3.50, see you there!", NORMS)
    assert english.typography == []
    bilingual = compute_signals(
        "Atelier de pain samedi à 10h, au coût de 25 $ par personne.\n\n"
        "Bread workshop on Saturday at 10 a.m., $25 per person. Book now!",
        NORMS,
    )
    assert bilingual.typography == ["« 10h » → « 10 h »"]


def test_the_finding_shows_at_most_five_examples() -> None:
    draft = (
        "Horaire: lundi à 8h, mardi à 9h, mercredi à 10h, jeudi à 11h, vendredi à 12h et "
        "samedi à 13h. Le café est à $2."
    )
    signals = compute_signals(draft, NORMS)
    [check] = [c for c in run_checks(signals, NORMS) if c.name == "typography"]
    assert (check.principle, check.severity) == ("langue", "low")
    assert check.facts["fixes"].count("→") == 5 and check.facts["fixes"].endswith("(+3)")
    assert check.facts["fixes"].startswith("« Horaire: » → « Horaire : »; « 8h » → « 8 h »")


def test_the_profile_spacing_changes_the_finding() -> None:
    draft = "Notre café ouvre à 7 h : venez tôt! Quelle pâtisserie préférez-vous?"
    signals = compute_signals(draft, NORMS)
    quebec = run_checks(signals, NORMS)
    assert not [c for c in quebec if c.name == "typography"]  # right the Quebec way
    france = with_profile(quebec, draft, signals, BrandProfile(spacing="france"))
    [check] = [c for c in france if c.name == "typography"]
    assert check.facts["fixes"] == "« tôt! » → « tôt ! »; « vous? » → « vous ? »"
    assert check.facts["convention"] == "de France"
    same = with_profile(quebec, draft, signals, BrandProfile(spacing="quebec"))
    assert not [c for c in same if c.name == "typography"]
