"""DMs and the agent view: draft → critique blocks, question → answer, suggested prompts."""

from __future__ import annotations

import json

from prometheus_client import REGISTRY

from tests.slack.conftest import Harness
from tests.support.slack_api import wait_for

DRAFT = "BROUILLON 🔥 SOLDES MONSTRES! -50 % sur tout! Achetez maintenant!!! #promo #rabais"


def test_dm_draft_gets_critique_blocks(harness: Harness) -> None:
    message = harness.message(DRAFT, channel="D1")
    posted = wait_for(lambda: harness.api.calls_to("chat.postMessage"))[0]
    assert posted.params["thread_ts"] == message["ts"]
    blocks = posted.params["blocks"]
    text = json.dumps(blocks, ensure_ascii=False)
    assert blocks[0]["type"] == "header" and "Critique" in blocks[0]["text"]["text"]
    assert "🔴 À corriger" in text and "Ne pas inonder les réseaux de promotion" in text
    assert "🟡 À considérer" in text and "Donner avant de recevoir" in text
    assert "Pistes de correction" in text  # offline mode: edit directions
    assert "Mode hors ligne" in text
    assert blocks[-1]["elements"][0]["action_id"] == "feedback"
    assert harness.advisor.calls[0][0] == "critique"


def test_dm_question_is_answered_and_follow_up_keeps_context(harness: Harness) -> None:
    first = harness.message("Quel ton adopter sur LinkedIn?", channel="D1")
    harness.final_reply("D1", first["ts"])
    harness.message("Et pour Instagram?", channel="D1", thread_ts=first["ts"])
    wait_for(lambda: len(harness.advisor.calls) == 2)
    history = harness.advisor.calls[1][1]["history"]
    assert [t.role for t in history] == ["user", "assistant"]
    assert history[0].text == "Quel ton adopter sur LinkedIn?"


def test_assistant_thread_gets_suggested_prompts_and_status(harness: Harness) -> None:
    thread = {"user_id": "U1", "channel_id": "D9", "thread_ts": "1700000500.000100", "context": {}}
    harness.event({"type": "assistant_thread_started", "assistant_thread": thread})
    prompts = wait_for(lambda: harness.api.calls_to("assistant.threads.setSuggestedPrompts"))[0]
    assert len(prompts.params["prompts"]) == 3
    harness.message(
        "Comment répondre à un avis négatif?", channel="D9", thread_ts=thread["thread_ts"]
    )
    status = wait_for(lambda: harness.api.calls_to("assistant.threads.setStatus"))[0]
    assert status.params["thread_ts"] == thread["thread_ts"]
    wait_for(lambda: harness.api.calls_to("chat.stopStream"))


def test_retried_assistant_thread_start_greets_once(harness: Harness) -> None:
    """The ack does no I/O; the retry is recognised after it, on the worker thread."""
    skipped = REGISTRY.get_sample_value("kilovolt_slack_dedupe_hits_total") or 0.0
    thread = {"user_id": "U1", "channel_id": "D8", "thread_ts": "1700000600.000100", "context": {}}
    started = {"type": "assistant_thread_started", "assistant_thread": thread}
    assert harness.event(started, event_id="EvSTART").status_code == 200
    wait_for(lambda: harness.api.calls_to("assistant.threads.setSuggestedPrompts"))
    assert harness.event(started, event_id="EvSTART", retry_num=1).status_code == 200
    wait_for(lambda: REGISTRY.get_sample_value("kilovolt_slack_dedupe_hits_total") == skipped + 1)
    assert len(harness.api.calls_to("assistant.threads.setSuggestedPrompts")) == 1
    assert len(harness.api.calls_to("chat.postMessage")) == 1


def test_unsure_dm_asks_with_two_buttons_and_the_choice_holds_for_the_thread(
    harness: Harness,
) -> None:
    first = harness.message("PEUT-ÊTRE Venez nous voir samedi", channel="D3")
    question = wait_for(lambda: harness.api.calls_to("chat.postMessage"))[0]
    assert question.params["thread_ts"] == first["ts"] and harness.advisor.calls == []
    buttons = question.params["blocks"][-1]["elements"]
    assert [b["action_id"] for b in buttons] == ["route_critique", "route_answer"]
    assert [b["text"]["text"] for b in buttons] == ["Critiquer ce texte", "C’est une question"]
    assert harness.click("route_critique", buttons[0]["value"], channel="D3").status_code == 200
    wait_for(lambda: harness.advisor.calls)
    assert harness.advisor.calls[0][0] == "critique"
    chosen = wait_for(lambda: harness.api.calls_to("response_url"))[0]
    assert "je critique ce texte" in json.dumps(chosen.params, ensure_ascii=False)
    # A later message in that thread, even one that reads like a question, is critiqued too.
    harness.message("Et celui-ci, PEUT-ÊTRE?", channel="D3", thread_ts=first["ts"])
    wait_for(lambda: len(harness.advisor.calls) == 2)
    assert [name for name, _ in harness.advisor.calls] == ["critique", "critique"]


def test_a_forged_routing_button_is_answered_politely(harness: Harness) -> None:
    assert harness.click("route_answer", "no-such-reply", channel="D3").status_code == 200
    gone = wait_for(lambda: harness.api.calls_to("response_url"))[0]
    assert "renvoyez-le" in json.dumps(gone.params, ensure_ascii=False)
    assert harness.advisor.calls == []
