"""DM routing from the whole message: greetings set aside, framing lines, audience vs advisor."""

from __future__ import annotations

import pytest

from bot.advisor.routing import route_message, routing_evidence, strip_greeting
from bot.config import PROJECT_ROOT

PROMPTS = PROJECT_ROOT / "prompts"


@pytest.mark.parametrize(
    "text",
    [
        "Allô 👋 comment on annonce une hausse de prix sans perdre nos clients?",
        "Merci ☀️ et pour TikTok, ça vaut la peine pour un notaire?",
        "Vu https://exemple.org/portee, est-ce vrai que les vidéos courtes marchent mieux?",
        "On hésite entre deux mots-clics, #MangerLocal ou #Terroir, lequel choisir?",
        "should we post the same thing on facebook and linkedin?",
        "merci!",
        "c tu correct de mettre nos prix dans chaque publication?",
    ],
)
def test_questions_to_the_advisor_are_answered(text: str) -> None:
    assert route_message(text, PROMPTS) == "answer", routing_evidence(text).cues


@pytest.mark.parametrize(
    "text",
    [
        "Passez nous voir jeudi, on fête nos 10 ans avec du gâteau pour tout le monde!",
        "La boutique sera fermée vendredi pour l'inventaire. Merci de votre compréhension.",
        "Le saviez-vous? Un filtre à air propre réduit la consommation de votre fournaise.",
        "Et vous, quel est votre sentier préféré dans le parc? 🌲",
        "We're hiring a part-time barista. Weekend shifts, great team, free coffee.",
        "Peux-tu regarder mon texte pour Instagram?\nNouveau menu du midi dès lundi 🍲",
        "Avant de publier, c'est correct?\n« Nos tulipes de Sainte-Anne sont arrivées. »",
        "5 trucs pour un balcon fleuri :\n1. du bon terreau\n2. arroser le matin\n3. tailler",
    ],
)
def test_posts_for_an_audience_are_critiqued(text: str) -> None:
    assert route_message(text, PROMPTS) == "critique", routing_evidence(text).cues


def test_greetings_and_thanks_are_set_aside() -> None:
    assert strip_greeting("Salut 👋 comment ça marche?") == "comment ça marche?"
    assert strip_greeting("Merci beaucoup! Et pour LinkedIn?") == "Et pour LinkedIn?"
    assert strip_greeting("Bonjour") == ""


def test_an_even_message_is_left_to_the_user() -> None:
    # Nothing speaks to an audience and nothing asks: the user chooses with the two buttons.
    assert route_message("Les couleurs de notre logo", PROMPTS) in {"ask", "critique"}
    evidence = routing_evidence("Notre slogan : est-ce trop long?")
    assert evidence.question >= 1


@pytest.mark.parametrize(
    "text",
    [
        # a short line set apart above a block that reads as a post
        "Ça passe?\n\nNos beignes à l'érable sont de retour samedi! Premier arrivé, premier servi.",
        "Good to go?\n\nWinter hours start Monday: 9 to 5, closed Sundays. Stay warm! ❄️",
        "pour linkedin\nNotre équipe a terminé sa formation en sécurité. Bravo à tous!",
        "Mon texte Facebook :\n\nLa glace est enfin prise sur l'étang. Patins fournis.",
        # a question to a crowd, a command about the readers' own things
        "On ouvre la cabane dimanche! Qui vient?",
        "Qui vient au marché samedi? 🍓",
        "Share your best camping tip below!",
        # a formal « vous » question after statements: the post asks its readers
        "Le levain demande 24 h. On le fait depuis dix ans. Vous l'aimez grillé ou nature?",
        # a lone « vous » question about something other than communication, from nobody
        "Quelle chanson de Noël vous met de bonne humeur?",
        # a question about the post set apart above it
        "C'est-tu correct pour Instagram?\n\nLe marché de Noël ouvre vendredi au parc. Apportez "
        "vos tasses, le chocolat chaud est offert.",
        # a post in quotation marks, then a question about it
        "« Nos tartes aux pommes sortent du four chaque matin à 7 h, venez sentir ça. » "
        "ça marche pour Facebook?",
    ],
)
def test_whole_message_shapes_of_a_post(text: str) -> None:
    assert route_message(text, PROMPTS) == "critique", routing_evidence(text, PROMPTS).cues


@pytest.mark.parametrize(
    "text",
    [
        "Merci! Tu m'as dit de publier le matin, mais pourquoi le matin?",
        "Thanks! You said two hashtags max, is that the same on LinkedIn? We had 8 last time.",
        "Qui gère les réseaux sociaux dans une PME, normalement?",
        "Question rapide :\nest-ce que je devrais publier le dimanche?",
        "Nous sommes une fromagerie. Nos clients sont âgés. Vous conseillez quel réseau?",
        # the writer asking what to do, mid-message and without a question mark
        "un client nous a traités de voleurs sur Google hier, qu'est-ce qu'on fait là",
        # a lone « vous » question on the advisor's subject, or from the writer: to the advisor
        "Combien de publications par semaine vous recommandez?",
        "Vous en pensez quoi, de mon idée de concours?",
        # a short slogan quoted inside a question
        "Est-ce que « Venez nous voir! » suffit comme appel à l'action?",
    ],
)
def test_whole_message_shapes_of_a_question(text: str) -> None:
    assert route_message(text, PROMPTS) == "answer", routing_evidence(text, PROMPTS).cues
