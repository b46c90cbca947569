"""A request line before a pasted draft is set apart, and the platform it names is used."""

from __future__ import annotations

import pytest

from bot.advisor.framing import split_framing
from bot.config import PROJECT_ROOT

PROMPTS = PROJECT_ROOT / "prompts"


@pytest.mark.parametrize(
    ("text", "framing", "draft", "platform"),
    [
        (
            "Peux-tu critiquer mon brouillon pour Instagram?\n\nVenez goûter nos croissants!",
            "Peux-tu critiquer mon brouillon pour Instagram?",
            "Venez goûter nos croissants!",
            "instagram",
        ),
        (
            "Voici mon brouillon : Nouvelle collection en boutique dès jeudi, passez nous voir!",
            "Voici mon brouillon :",
            "Nouvelle collection en boutique dès jeudi, passez nous voir!",
            None,
        ),
        (
            "What do you think of this LinkedIn post?\n> We're hiring! Join our team in Gatineau.",
            "What do you think of this LinkedIn post?",
            "We're hiring! Join our team in Gatineau.",
            "linkedin",
        ),
        (
            "Brouillon pour fb:\n```\nSOLDES -50% sur tout!!!\n```",
            "Brouillon pour fb:",
            "SOLDES -50% sur tout!!!",
            "facebook",
        ),
        (
            "Pour Instagram :\nNos muffins sortent du four à 7 h.",
            "Pour Instagram :",
            "Nos muffins sortent du four à 7 h.",
            "instagram",
        ),
        (  # a network named before a colon, the draft on the same line
            "pour fb : Soupe aux pois et pain de ménage ce midi, 12 $ avec le café.",
            "pour fb :",
            "Soupe aux pois et pain de ménage ce midi, 12 $ avec le café.",
            "facebook",
        ),
        (  # a request joined to the draft by an arrow
            "Can you make this better? → Snow tires in stock, book your swap before Friday.",
            "Can you make this better? :",
            "Snow tires in stock, book your swap before Friday.",
            None,
        ),
        (  # a last line pointing at the draft above it
            "Nos courges sont arrivées, venez choisir la vôtre!\n^ pour insta, tu changerais quoi?",
            "^ pour insta, tu changerais quoi?",
            "Nos courges sont arrivées, venez choisir la vôtre!",
            "instagram",
        ),
        (  # a last line, set apart, naming the text above as the writer's own
            "Nouveau: le café glacé à l'érable est de retour!\n\n"
            "C'est ma légende Insta, trop longue?",
            "C'est ma légende Insta, trop longue?",
            "Nouveau: le café glacé à l'érable est de retour!",
            "instagram",
        ),
        (  # a last line, set apart, asking the advisor in the singular
            "Atelier de couture jeudi soir, places limitées.\n\nT'en penses quoi pour Facebook?",
            "T'en penses quoi pour Facebook?",
            "Atelier de couture jeudi soir, places limitées.",
            "facebook",
        ),
    ],
)
def test_framing_is_separated(text: str, framing: str, draft: str, platform: str | None) -> None:
    request = split_framing(text, PROMPTS)
    assert (request.framing, request.draft, request.platform) == (framing, draft, platform)


@pytest.mark.parametrize(
    "text",
    [
        "Voici notre nouvelle collection!\nVenez la voir en boutique.",
        "Pouvez-vous deviner notre nouveau produit?\nIndice : il est rouge.",
        "Suivez-nous sur Instagram pour nos promos!\nÀ samedi!",
        "Avis aux amateurs de café : notre torréfaction du jeudi est prête.",
        "Qu'en penses-tu?",
        # a closing question to the followers stays in the post
        "Notre nouveau pain aux olives sort du four demain.\n\nQu'en pensez-vous?",
        "La saison des sucres commence!\n\nEt toi, c'est quoi ta façon préférée de manger la tire?",
        "Voici comment améliorer votre jardin :\n1. Du compost\n2. De l'eau le matin",
    ],
)
def test_a_draft_that_only_looks_like_a_request_is_kept_whole(text: str) -> None:
    request = split_framing(text, PROMPTS)
    assert request.framing is None and request.platform is None
    assert request.draft == text.strip()
