"""With a real provider's rules, every answer, critique and idea set comes from the model.

The strict OpenAI stand-in rejects what OpenAI rejects (both token parameters, temperature on a
reasoning model, non-strict schemas...) and simulates reasoning tokens eating the budget. Over 22
questions, 10 drafts and 4 idea requests, for a chat model and a reasoning model, no reply may be
the offline fallback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.advisor import Advisor, Answer
from bot.cli import app
from bot.config import Settings, get_settings
from tests.advisor.helpers import llm_settings
from tests.conftest import FIXTURE_KNOWLEDGE
from tests.support.openai_server import OpenAIServer

MARK = "«modèle»"
MODELS = ["gpt-4o-mini", "gpt-5-mini"]
QUESTIONS = [
    "Comment éviter d'inonder nos abonnés de promotions?",
    "Combien de publications promotionnelles par semaine c'est correct?",
    "On fait juste des rabais sur notre page, est-ce un problème?",
    "Est-ce que ça vaut la peine de payer quelqu'un pour gérer nos réseaux sociaux?",
    "Je gère la page Facebook moi-même le soir, est-ce que ça coûte vraiment moins cher?",
    "How do we plan an editorial calendar for our social media?",
    "c koi un bon calendrier de publication pour une PME?",
    "Quelle fréquence de publication viser sur Instagram?",
    "Comment répondre à un commentaire négatif sur notre page?",
    "Un client fâché nous insulte en commentaire, on supprime ou on répond?",
    "How should we handle an angry customer review on Facebook?",
    "Quelles règles pour organiser un concours sur Facebook?",
    "Peut-on demander le numéro de téléphone des participants d'un concours en commentaire?",
    "Comment rendre nos publications accessibles aux personnes aveugles?",
    "Faut-il un texte alternatif sur nos images Instagram?",
    "Les mots-clics en majuscules, ça aide vraiment l'accessibilité?",
    "How do we make our posts accessible to screen reader users?",
    "Comment parler d'une offre spéciale sans avoir l'air d'un vendeur?",
    "Quoi publier entre deux promotions pour garder l'intérêt?",
    "Est-ce qu'un concours avec partage obligatoire est permis?",
    "Combien de temps faut-il prévoir chaque semaine pour nos réseaux sociaux?",
    "Should a small business run its own social accounts or hire an agency?",
]
DRAFTS = [
    "SOLDES!!! -50% sur TOUT, dernière chance! #promo #rabais",
    "Peux-tu critiquer mon brouillon pour Instagram?\nNos croissants sortent du four à 7 h 🥐",
    "Pourquoi notre pain au levain prend 24 heures? Une longue fermentation développe le goût.",
    "CONCOURS : écrivez votre numéro de téléphone en commentaire pour gagner un panier!",
    "Big sale this weekend only, buy now! #sale #deal #promo #shop #local #store",
    "Voici mon brouillon : Nouvelle collection printemps en boutique dès jeudi.",
    "3 trucs pour garder vos fleurs coupées plus longtemps : eau tiède, tige en biais, au frais.",
    "[photo] Notre équipe au grand complet! Merci à nos clients fidèles depuis 10 ans.",
    "Code promo HIVER20 valide jusqu'à dimanche minuit sur notre site.",
    "What do you think of this LinkedIn post?\nWe're hiring a junior designer in Gatineau.",
]
IDEA_REQUESTS = [("fleuriste", "2027-W07", "fr"), (None, "2027-W36", "fr"),
                 ("dental clinic", "2027-W10", "en"), ("boulangerie", None, "fr")]  # fmt: skip


@pytest.fixture(params=MODELS)
def strict(
    request: pytest.FixtureRequest, fixture_index: Settings, tmp_path: Path
) -> Iterator[tuple[Advisor, OpenAIServer]]:
    with OpenAIServer(f"Réponse du modèle {MARK} [1].") as server:
        settings = llm_settings(
            tmp_path,
            server.base_url,
            llm=f"openai:{request.param}",
            data_dir=fixture_index.data_dir,
            knowledge_dir=FIXTURE_KNOWLEDGE,
            llm_timeout_s=10.0,
            llm_deadline_s=20.0,
        )
        yield Advisor(settings), server


def test_every_covered_question_is_answered_by_the_model(
    strict: tuple[Advisor, OpenAIServer],
) -> None:
    advisor, server = strict
    covered = [q for q in QUESTIONS if advisor.covers(q)]
    assert len(covered) >= 20, set(QUESTIONS) - set(covered)
    for question in covered:
        answer = advisor.answer(question)
        assert answer.mode == "llm" and answer.notice is None and MARK in answer.answer, question
        streamed = list(advisor.answer_stream(question))
        final = streamed[-1]
        assert isinstance(final, Answer) and final.mode == "llm" and MARK in final.answer
    assert all("max_tokens" not in body for body in server.requests)


def test_every_draft_is_critiqued_by_the_model(strict: tuple[Advisor, OpenAIServer]) -> None:
    advisor, server = strict
    for draft in DRAFTS:
        critique = advisor.critique(draft)
        assert critique.mode == "llm" and MARK in critique.summary, draft
        assert MARK in critique.rewrite and not critique.notice
    schemas = [body["response_format"]["json_schema"] for body in server.requests]
    assert len(schemas) == len(DRAFTS) and all(s["strict"] for s in schemas)


def test_every_idea_set_comes_from_the_model(strict: tuple[Advisor, OpenAIServer]) -> None:
    advisor, _ = strict
    for theme, week, language in IDEA_REQUESTS:
        ideas = advisor.ideas(theme, week=week, language=language)
        assert ideas.mode == "llm" and ideas.notice is None
        assert len(ideas.ideas) == 5 and any(MARK in i.prompt for i in ideas.ideas)


@pytest.mark.parametrize("model", MODELS)
def test_cli_json_mode_is_llm_against_the_strict_stand_in(
    model: str, fixture_index: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    with OpenAIServer(f"Réponse {MARK} [1].") as server:
        for name, value in {
            "KILOVOLT_DATA_DIR": str(fixture_index.data_dir),
            "KILOVOLT_KNOWLEDGE_DIR": str(FIXTURE_KNOWLEDGE),
            "KILOVOLT_LLM": f"openai:{model}",
            "OPENAI_API_KEY": "sk-test-0123456789abcdef",
            "OPENAI_BASE_URL": server.base_url,
            "KILOVOLT_LLM_PROVIDER": "openai",
        }.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        try:
            outputs = [
                runner.invoke(app, ["ask", QUESTIONS[0], "--json"]),
                runner.invoke(app, ["critique", "-", "--json"], input=DRAFTS[0]),
                runner.invoke(app, ["ideas", "fleuriste", "--week", "2027-W07", "--json"]),
            ]
        finally:
            get_settings.cache_clear()
    for result in outputs:
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["mode"] == "llm"


def test_a_llama_cpp_server_gets_max_tokens_and_json_mode(
    fixture_index: Settings, tmp_path: Path
) -> None:
    with OpenAIServer(f"Réponse {MARK} [1].", rules="llamacpp") as server:
        settings = llm_settings(
            tmp_path,
            server.base_url,
            llm="openai:smollm2",
            llm_provider="auto",
            data_dir=fixture_index.data_dir,
            knowledge_dir=FIXTURE_KNOWLEDGE,
        )
        advisor = Advisor(settings)
        assert advisor.answer(QUESTIONS[0]).mode == "llm"
        assert advisor.critique(DRAFTS[0]).mode == "llm"
        assert advisor.ideas("fleuriste", week="2027-W07").mode == "llm"
        assert all("max_completion_tokens" not in body for body in server.requests)
        formats = [(b.get("response_format") or {}).get("type") for b in server.requests]
        assert formats == [None, "json_schema", "json_object", "json_object"]
