"""E2E with the real Advisor on the indexed fixture corpus: offline, instant LLM, LLM down."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.advisor import Advisor
from bot.config import PROJECT_ROOT
from bot.slack.app import build_bot
from bot.slack.http import create_web_app
from bot.state import StateStore
from tests.slack.conftest import Harness, ServerThread, make_settings
from tests.support.openai_server import OpenAIServer
from tests.support.slack_api import SlackApiStandIn, wait_for

FIXTURE_KNOWLEDGE = Path(__file__).resolve().parents[1] / "fixtures" / "knowledge"
MARK = "«modèle»"  # in every text the strict stand-in writes
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture corpus (plus the project's idea bank) indexed once; (knowledge dir, data dir)."""
    from bot.retrieval import index_knowledge

    base = tmp_path_factory.mktemp("slack-e2e")
    knowledge = base / "knowledge"
    shutil.copytree(FIXTURE_KNOWLEDGE, knowledge)
    shutil.copy(PROJECT_ROOT / "knowledge" / "idees" / "banque.yaml", knowledge / "idees")
    settings = make_settings(base / "data", "http://unused/", knowledge_dir=knowledge)
    assert index_knowledge(settings, progress=False).chunks > 0
    return knowledge, base / "data"


@pytest.fixture
def real_harness(
    request: pytest.FixtureRequest,
    corpus: tuple[Path, Path],
    slack_api: SlackApiStandIn,
    tmp_path: Path,
) -> Iterator[tuple[Harness, OpenAIServer | None]]:
    behaviour = getattr(request, "param", "offline")
    stub = (
        None
        if behaviour == "offline"
        else OpenAIServer(f"Donnez avant de recevoir [1]. {MARK}").__enter__()
    )
    if behaviour == "error":
        stub.push({"status": 500}, {"status": 500})
    elif behaviour == "hang":
        stub.push({"delay": 5.0, "text": "trop tard"}, {"delay": 5.0, "text": "trop tard"})
    llm: dict[str, Any] = {"llm": "offline"}
    if stub:
        llm = {
            "llm": "openai:gpt-5-mini" if behaviour == "reasoning" else "openai:gpt-4o-mini",
            "llm_provider": "openai",
            "openai_base_url": stub.base_url,
            "openai_api_key": "sk-test-0123456789abcdef",
            "llm_timeout_s": 1.0,
            "llm_max_retries": 0,
        }
    knowledge, data_dir = corpus
    settings = make_settings(data_dir, slack_api.base_url, knowledge_dir=knowledge, **llm)
    state = StateStore(f"sqlite:///{tmp_path / 'state.sqlite3'}")  # shared index, own state
    bot = build_bot(settings, advisor=Advisor(settings), store=state)
    with (
        ServerThread(create_web_app(bot)) as server,
        httpx.Client(timeout=10) as http,
    ):
        yield (
            Harness(slack_api, bot, bot.services.advisor, f"http://127.0.0.1:{server.port}", http),
            stub,
        )
    if stub:
        stub.__exit__(None, None, None)
    blob = json.dumps([c.params for c in slack_api.calls])
    assert "sk-test-0123456789abcdef" not in blob


def test_offline_mention_streams_a_grounded_answer(real_harness: tuple[Harness, None]) -> None:
    harness, _ = real_harness
    mention = harness.mention("Comment parler de nos promotions sans faire fuir nos abonnés?")
    reply = wait_for(lambda: harness.api.calls_to("chat.stopStream"), timeout=60)[0]
    assert harness.api.calls_to("chat.startStream")[0].params["thread_ts"] == mention["ts"]
    text = json.dumps(reply.params["blocks"], ensure_ascii=False)
    assert "Sources" in text and ".md`" in text
    assert "Mode hors ligne" in text


def test_offline_dm_draft_gets_promotion_finding(real_harness: tuple[Harness, None]) -> None:
    harness, _ = real_harness
    draft = (
        "🔥 SOLDES MONSTRES 🔥 -50 % sur TOUT le magasin! Achetez maintenant, offre d'une durée "
        "limitée!!! Rabais, rabais, rabais! #promo #soldes #rabais #achat #magasin"
    )
    harness.message(draft, channel="D1")
    posted = wait_for(lambda: harness.api.calls_to("chat.postMessage"), timeout=60)[0]
    text = json.dumps(posted.params["blocks"], ensure_ascii=False)
    assert posted.params["blocks"][0]["type"] == "header"
    assert "promotion" in text.lower()


def test_offline_slash_command_delivers_five_ideas(real_harness: tuple[Harness, None]) -> None:
    harness, _ = real_harness
    harness.command("")
    delivered = wait_for(lambda: harness.api.calls_to("response_url"), timeout=60)[0].params
    assert sum(1 for b in delivered["blocks"] if b["type"] == "section") == 5


@pytest.mark.parametrize("real_harness", ["ok"], indirect=True)
def test_instant_llm_answer_is_streamed(real_harness: tuple[Harness, OpenAIServer]) -> None:
    harness, stub = real_harness
    harness.mention("Comment parler de nos promotions sans faire fuir nos abonnés?")
    stop = wait_for(lambda: harness.api.calls_to("chat.stopStream"), timeout=60)[0]
    assert stub.requests and stub.requests[0]["stream"] is True
    streamed = "".join(
        c["text"]
        for call in harness.api.calls_to("chat.startStream", "chat.appendStream")
        for c in call.params["chunks"]
    )
    assert "Donnez avant de recevoir" in streamed
    assert "Rédigé par l’IA" in json.dumps(stop.params["blocks"], ensure_ascii=False)


@pytest.mark.parametrize("real_harness", ["ok", "reasoning"], indirect=True)
def test_mentions_and_dm_drafts_come_from_the_model_under_openai_rules(
    real_harness: tuple[Harness, OpenAIServer],
) -> None:
    """Five mentions and five DM drafts, chat and reasoning model: none falls back offline."""
    harness, stub = real_harness
    questions = [
        "Comment parler de nos promotions sans faire fuir nos abonnés?",
        "Combien de temps faut-il prévoir chaque semaine pour nos réseaux sociaux?",
        "Comment répondre à un commentaire négatif sur notre page?",
        "Quelles règles pour organiser un concours sur Facebook?",
        "How do we make our posts accessible to screen reader users?",
    ]
    drafts = [
        "SOLDES!!! -50% sur TOUT ce week-end, dernière chance! #promo #rabais #solde #deal",
        "Peux-tu critiquer mon brouillon pour Instagram?\nNos croissants sortent à 7 h 🥐",
        "CONCOURS 🎁 Écrivez votre numéro de téléphone en commentaire pour gagner un panier!",
        "Voici mon brouillon : Nouvelle collection printemps en boutique dès jeudi, venez voir! 🌷",
        "Big sale this weekend only, buy now!!! #sale #deal #promo #shop #local #store",
    ]
    for question in questions:
        harness.mention(question)
    for number, draft in enumerate(drafts):
        harness.message(draft, channel=f"D{number}")
    stops = wait_for(
        lambda: (s := harness.api.calls_to("chat.stopStream")) and len(s) == 5 and s, timeout=120
    )
    posts = wait_for(
        lambda: (p := harness.api.calls_to("chat.postMessage")) and len(p) == 5 and p, timeout=120
    )
    for call in [*stops, *posts]:
        blocks = json.dumps(call.params["blocks"], ensure_ascii=False)
        assert "indisponible" not in blocks and "unavailable" not in blocks.lower()
        assert "Mode hors ligne" not in blocks and "Offline mode" not in blocks
    streamed = [c["text"] for call in harness.api.calls_to("chat.startStream", "chat.appendStream")
                for c in call.params["chunks"]]  # fmt: skip
    assert "".join(streamed).count(MARK) == 5
    assert all(MARK in json.dumps(p.params["blocks"], ensure_ascii=False) for p in posts)
    assert all("max_tokens" not in body for body in stub.requests)


@pytest.mark.parametrize("real_harness", ["error", "hang"], indirect=True)
def test_llm_500_or_timeout_falls_back_with_notice(
    real_harness: tuple[Harness, OpenAIServer],
) -> None:
    harness, stub = real_harness
    harness.mention("Comment parler de nos promotions sans faire fuir nos abonnés?")
    stop = wait_for(lambda: harness.api.calls_to("chat.stopStream"), timeout=60)[0]
    assert stub.requests
    assert "indisponible" in json.dumps(stop.params["blocks"], ensure_ascii=False)


def test_healthz_deps_reports_the_real_advisor_ready_from_cache(
    real_harness: tuple[Harness, None],
) -> None:
    harness, _ = real_harness
    advisor = harness.bot.services.advisor
    first = harness.http.get(f"{harness.url}/healthz/deps", timeout=60)
    assert first.status_code == 200
    assert first.json() == {
        "status": "ok",
        "failing": [],
        "database": "ok",
        "prompts": "ok",
        "index": "ok",
    }
    checked_at = advisor.readiness_probe.checked_at
    assert checked_at is not None
    assert harness.http.get(f"{harness.url}/healthz/deps").status_code == 200
    assert advisor.readiness_probe.checked_at == checked_at  # answered from the cache


def test_without_an_index_deps_are_503_but_the_replica_stays_ready(
    slack_api: SlackApiStandIn, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path / "empty-data", slack_api.base_url)
    bot = build_bot(settings, advisor=Advisor(settings))
    with ServerThread(create_web_app(bot)) as server:
        response = httpx.get(f"http://127.0.0.1:{server.port}/healthz/deps", timeout=60)
        ready = httpx.get(f"http://127.0.0.1:{server.port}/healthz", timeout=60)
    bot.services.store.close()
    assert ready.status_code == 200  # users still get the polite "knowledge base down" reply
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["failing"] == ["index"]
    assert "kilovolt index" in body["index"] and body["prompts"] == "ok"
