"""Small talk (thanks, greetings, questions about the bot) gets a short reply, not guidance."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.advisor.small_talk import small_talk
from bot.config import PROJECT_ROOT
from bot.errors import ConfigError
from tests.advisor.helpers import MemoryRetriever, offline_settings


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Merci beaucoup 🙏", "thanks"),
        ("<@U0KILO> merci pour ton aide!", "thanks"),
        ("super, merci!", "thanks"),
        ("Thanks a lot!", "thanks"),
        ("parfait 👍", "thanks"),
        ("Bon matin!", "greeting"),
        ("Salut la gang 👋", "greeting"),
        ("Hello there", "greeting"),
        ("Qui êtes-vous au juste?", "about"),
        ("bonjour! tu fais quoi?", "about"),
        ("What can you do for us?", "about"),
        ("aide", "about"),
        ("Es-tu une vraie personne?", "about"),
        ("Belle soirée à vous là!", "farewell"),
        ("Take care, talk soon", "farewell"),
        ("Allo! Ça va bien?", "how_are_you"),
        ("haha t'es pas pire pantoute", None),  # « pantoute » is not in the list: not sure
        ("t'es vraiment utile 👍", "compliment"),
        ("ok c'est noté", "thanks"),
    ],
)
def test_small_talk_is_recognised(text: str, kind: str | None) -> None:
    assert small_talk(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Merci! Et pour LinkedIn, on publie combien de fois?",
        "Salut, comment répondre à un avis à une étoile?",
        "comment ça marche, un concours sur Instagram?",
        "Aide-moi à écrire une publication pour la rentrée",
        "Thanks for the tips — should we also post on TikTok?",
        "qui est responsable des réponses aux commentaires d'habitude?",
        "Bonne fin de semaine à tous nos clients! On se revoit mardi.",
        "Merci à nos 1000 abonnés! 🎉",
        "Bonjour! Le café ouvre à 7 h demain.",
        "ok pis pour les Reels?",
        "",
    ],
)
def test_questions_are_not_small_talk(text: str) -> None:
    assert small_talk(text) is None


@pytest.fixture
def advisor(tmp_path: Path) -> Advisor:
    return Advisor(offline_settings(tmp_path), retriever=MemoryRetriever())


def test_thanks_gets_a_short_reply_without_guidance(advisor: Advisor) -> None:
    answer = advisor.answer("Merci, c'est super clair!")
    assert answer.coverage == "small_talk" and not answer.covered and not answer.sources
    assert answer.answer.startswith("Avec plaisir")
    english = advisor.answer("thanks so much!")
    assert english.language == "en" and english.answer.startswith("You're welcome")


def test_who_are_you_describes_the_three_surfaces(advisor: Advisor) -> None:
    answer = advisor.answer("T'es qui, toi?")
    assert "conseiller" in answer.answer and "/idees" in answer.answer
    streamed = list(advisor.answer_stream("What can you do?"))
    final = streamed[-1]
    assert final.coverage == "small_talk" and "/idees" in final.answer
    assert not advisor.covers("merci!")  # the evaluation counts it as not answered


def test_a_broken_small_talk_file_stops_the_advisor_at_start_up(tmp_path: Path) -> None:
    prompts = tmp_path / "prompts"
    shutil.copytree(PROJECT_ROOT / "prompts", prompts)
    (prompts / "small_talk.yaml").write_text("replies:\n  thanks: {fr: Merci}\n", "utf-8")
    with pytest.raises(ConfigError, match=r"small_talk\.yaml"):
        Advisor(offline_settings(tmp_path, prompts_dir=prompts), retriever=MemoryRetriever())
