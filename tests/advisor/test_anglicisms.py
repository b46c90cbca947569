"""Anglicisms in French drafts: found with the usual French word; names, quotes, hashtags, English
drafts and accepted borrowings left alone. Every sentence here was written for this test."""

from __future__ import annotations

import pytest

from bot.advisor.anglicisms import find_anglicisms
from bot.advisor.critique import run_checks
from bot.advisor.platforms import resolve_platform
from bot.advisor.signals import compute_signals
from bot.config import PROJECT_ROOT

PROMPTS = PROJECT_ROOT / "prompts"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vous pouvez booker votre place en ligne dès lundi.", ["booker"]),
        ("Notre atelier a été cancellé à cause de la tempête.", ["cancellé"]),
        ("On a cédulé la dégustation pour jeudi soir.", ["cédulé"]),
        ("Merci pour tout le feedback reçu cette semaine!", ["feedback"]),
        ("Inscrivez-vous à notre newsletter pour les nouveautés.", ["newsletter"]),
        ("Ça fait du sens d'ouvrir plus tôt l'été.", ["fait du sens"]),
        ("Ne prenez pas pour acquis que vos clients vous suivent.", ["prenez pas pour acquis"]),
        ("Qui est en charge de la vitrine ce mois-ci?", ["est en charge de"]),
        ("Complétez le formulaire pour recevoir une soumission.", ["Complétez le formulaire"]),
        ("Nous publions sur une base hebdomadaire.", ["sur une base hebdomadaire"]),
        ("Notre équipe a vendu 300 paniers jusqu'à date.", ["jusqu'à date"]),
        ("Bon matin à tous! Le café est prêt.", ["Bon matin"]),
    ],
)
def test_anglicisms_are_found_as_written(text: str, expected: list[str]) -> None:
    assert [f.text for f in find_anglicisms(text, PROMPTS)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Réservez votre place en ligne : nous annulons seulement en cas de tempête.",
        "Le week-end dernier, notre coach a présenté le brunch du marché.",  # accepted words
        "Merci à Bike Shop Laval et à Happy Hour Traiteur pour leur appui.",  # names
        "Notre devise : « Make it local » depuis 2012.",  # a quoted English slogan
        "Nos photos du festival sont en ligne #BehindTheScenes #Montreal",  # hashtags
        "La boutique est fermée définitivement le 31 décembre.",  # French sense
        "Un post-partum serein commence par du soutien : voici nos ressources.",  # a prefix
    ],
)
def test_what_is_not_an_anglicism_is_left_alone(text: str) -> None:
    assert find_anglicisms(text, PROMPTS) == []


def test_the_finding_cites_the_language_principle_with_the_french_words() -> None:
    norms = resolve_platform(PROMPTS, "facebook")
    signals = compute_signals(
        "Notre nouveau menu est en ligne! Checkez nos deals du midi et bookez votre table.", norms
    )
    [check] = [c for c in run_checks(signals, norms) if c.name == "anglicisms"]
    assert check.principle == "langue" and check.severity == "low"
    assert "« Checkez » → vérifier" in check.facts["terms"]
    assert "« deals » → aubaine, entente" in check.facts["terms"]
    english = compute_signals("Book your table and check our lunch deals!", norms)
    assert english.anglicisms == []  # an English draft gets the English-only finding instead
