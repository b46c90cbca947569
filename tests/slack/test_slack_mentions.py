"""Mentions and thread follow-ups: streamed threaded replies, dedupe, fallbacks, errors."""

from __future__ import annotations

import logging

import pytest

from bot.errors import InputError, StoreUnavailableError
from tests.slack.conftest import SECRETS, Harness
from tests.support.slack_api import wait_for


def test_mention_gets_streamed_threaded_reply_with_sources_and_buttons(harness: Harness) -> None:
    mention = harness.mention("Comment parler de nos promotions?")
    reply = harness.final_reply("C1", mention["ts"])
    api = harness.api
    start = api.calls_to("chat.startStream")
    assert len(start) == 1
    assert start[0].params["thread_ts"] == mention["ts"]
    assert start[0].params["recipient_user_id"] == "U1"
    assert start[0].params["recipient_team_id"] == "T1"
    assert api.calls_to("chat.appendStream"), "the answer should arrive in several pieces"
    assert reply["text"] == "".join(harness.advisor.deltas)
    stop = api.calls_to("chat.stopStream")[0]
    kinds = [b["type"] for b in stop.params["blocks"]]
    assert kinds[-1] == "context_actions"
    sources = next(
        b for b in stop.params["blocks"] if "Sources" in b["elements"][0].get("text", "")
    )
    assert "[1] Pas d’inondation promotionnelle" in sources["elements"][0]["text"]
    [buttons] = stop.params["blocks"][-1]["elements"]
    assert (buttons["type"], buttons["action_id"]) == ("feedback_buttons", "feedback")
    assert harness.advisor.calls[0] == (
        "answer_stream",
        {"question": "Comment parler de nos promotions?", "history": []},
    )
    # progress: 👀 added on the mention before the first text, removed at the end
    order = [c.method for c in api.calls if c.method.startswith(("reactions", "chat.start"))]
    assert order[0] == "reactions.add" and order[1] == "chat.startStream"
    wait_for(lambda: api.calls_to("reactions.remove"))


def test_slack_retry_and_duplicate_message_event_give_one_reply(harness: Harness) -> None:
    message = harness.api.add_user_message("C1", "<@UBOT> Une question?")
    event = {"type": "app_mention", **{k: v for k, v in message.items() if k != "type"}}
    assert harness.event(event, event_id="EvSAME").status_code == 200
    assert harness.event(event, event_id="EvSAME", retry_num=1).status_code == 200
    assert harness.event(event, event_id="EvSAME", retry_num=2).status_code == 200
    harness.final_reply("C1", message["ts"])
    assert harness.advisor.names() == ["answer_stream"]
    assert len(harness.replies_in("C1", message["ts"])) == 1


def test_follow_up_in_joined_thread_keeps_context(harness: Harness) -> None:
    root = harness.mention("Comment parler de nos promotions?")
    harness.final_reply("C1", root["ts"])
    follow = harness.message("Et sur LinkedIn?", thread_ts=root["ts"])
    wait_for(lambda: len(harness.advisor.calls) == 2)
    harness.final_reply("C1", root["ts"])
    _name, args = harness.advisor.calls[1]
    assert args["question"] == "Et sur LinkedIn?"
    assert [(t.role, t.text) for t in args["history"]] == [
        ("user", "Comment parler de nos promotions?"),
        ("assistant", "".join(harness.advisor.deltas)),
    ]
    wait_for(lambda: len(harness.replies_in("C1", root["ts"])) == 2)
    assert follow["ts"] != root["ts"]


def test_messages_outside_joined_threads_and_from_bots_are_ignored(harness: Harness) -> None:
    harness.message("Bonjour tout le monde")  # channel message, no mention, no thread
    harness.message("Réponse d’un autre bot", bot_id="BOTHER", subtype="bot_message")
    harness.message("Texte corrigé", subtype="message_changed")
    harness.message("Message du bot lui-même", user="UBOT")
    harness.message("Dans un fil inconnu", thread_ts="1600000000.000001")
    # a mention afterwards is answered: proves the earlier events were processed (and ignored)
    mention = harness.mention("Et maintenant?")
    harness.final_reply("C1", mention["ts"])
    assert harness.advisor.names() == ["answer_stream"]


def test_stream_unavailable_falls_back_to_post_then_update(harness: Harness) -> None:
    harness.api.unknown.add("chat.startStream")
    mention = harness.mention("Une question?")
    reply = harness.final_reply("C1", mention["ts"])
    assert harness.api.calls_to("chat.postMessage")
    update = harness.api.calls_to("chat.update")[-1]
    assert update.params["ts"] == reply["ts"]
    assert update.params["blocks"][-1]["type"] == "context_actions"
    assert "*la valeur*" in update.params["blocks"][0]["text"]["text"]  # Markdown bold → mrkdwn


def test_expired_stream_is_finished_with_chat_update(harness: Harness) -> None:
    harness.api.fail("chat.stopStream", error="message_not_in_streaming_state")
    mention = harness.mention("Une question?")
    update = wait_for(lambda: harness.api.calls_to("chat.update"))[-1]
    assert update.params["blocks"][-1]["type"] == "context_actions"
    assert harness.replies_in("C1", mention["ts"])[0]["ts"] == update.params["ts"]


def test_rate_limited_call_is_retried(harness: Harness) -> None:
    harness.api.fail("chat.startStream", status=429, retry_after=1)
    mention = harness.mention("Une question?")
    harness.final_reply("C1", mention["ts"])
    starts = harness.api.calls_to("chat.startStream")
    assert [c.result.get("ok") for c in starts] == [False, True]
    assert not harness.api.calls_to("chat.postMessage")  # nothing lost, no fallback needed


def test_llm_fallback_notice_is_shown(harness: Harness) -> None:
    harness.advisor.notice = (
        "Le modèle d’IA est indisponible : réponse tirée directement des guides."
    )
    mention = harness.mention("Une question?")
    harness.final_reply("C1", mention["ts"])
    stop = harness.api.calls_to("chat.stopStream")[0]
    assert "Le modèle d’IA est indisponible" in stop.params["blocks"][0]["elements"][0]["text"]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            RuntimeError("boom with xoxb-1111-2222-testtokenvalue"),
            "Désolé, je n’ai pas pu répondre",
        ),
        (StoreUnavailableError("chroma down", "Chroma indisponible"), "La base de connaissances"),
        (
            InputError("too long", "Votre message est trop long (max 8000)."),
            "Votre message est trop long",
        ),
    ],
)
def test_advisor_failure_gives_one_short_french_line(
    harness: Harness, caplog: pytest.LogCaptureFixture, error: Exception, expected: str
) -> None:
    harness.advisor.error = error
    caplog.set_level(logging.INFO)
    mention = harness.mention("Une question?")
    posted = wait_for(lambda: harness.replies_in("C1", mention["ts"]))
    assert posted[0]["text"].startswith(expected)
    assert "Traceback" not in posted[0]["text"] and "boom" not in posted[0]["text"]
    for secret in SECRETS:
        assert secret not in caplog.text


def test_english_question_gets_english_error(harness: Harness) -> None:
    harness.advisor.error = RuntimeError("LLM timeout")
    mention = harness.mention("How should we talk about our sales without losing followers?")
    posted = wait_for(lambda: harness.replies_in("C1", mention["ts"]))
    assert posted[0]["text"].startswith("Sorry, I couldn’t answer")


def test_mass_mentions_in_answers_are_defanged(harness: Harness) -> None:
    harness.advisor.deltas = ["Prévenez <!channel> et @here ", "puis <!everyone>."]
    mention = harness.mention("Une question?")
    reply = harness.final_reply("C1", mention["ts"])
    assert "<!channel>" not in reply["text"] and "<!everyone>" not in reply["text"]
    assert "@here" not in reply["text"]


@pytest.mark.parametrize("settings_overrides", [{"allowed_channels": ["COK"]}])
def test_channel_not_allowed_gets_polite_refusal(harness: Harness) -> None:
    harness.mention("Une question?", channel="CNOPE")
    refusal = wait_for(lambda: harness.api.calls_to("chat.postEphemeral"))
    assert "pas activé" in refusal[0].params["text"]
    assert harness.advisor.calls == []
