"""English where the user's language is known: slash command, App Home, agent view."""

from __future__ import annotations

import json

from bot.slack.command_parser import parse_command
from tests.slack.conftest import Harness
from tests.support.slack_api import wait_for


def _responses(harness: Harness) -> list[dict]:
    return [c.params for c in harness.api.calls_to("response_url")]


def test_parser_flags_english_keywords() -> None:
    assert parse_command("help").english and not parse_command("aide").english
    assert parse_command("subscribe <#C1|x> Monday 10:00").english
    assert parse_command("abonner <#C1|x> monday 10h").english  # an English day says enough
    assert not parse_command("abonner <#C1|x> lundi 10h").english
    assert parse_command("unsubscribe").english
    bad = parse_command("subscribe #general")
    assert bad.action == "help" and bad.english


def test_help_in_english_and_french(harness: Harness) -> None:
    english = harness.command("help").json()["text"]
    assert "weekly content ideas" in english and "subscribe [#channel]" in english
    french = harness.command("aide").json()["text"]
    assert "des idées de contenu" in french and "abonner [#canal]" in french
    problem = harness.command("subscribe #general").json()["text"]
    assert problem.startswith("⚠️ Pick the channel")


def test_subscription_confirmations_follow_the_user(harness: Harness) -> None:
    harness.command("subscribe <#C777|marketing> Wednesday 2:30")
    text = wait_for(lambda: _responses(harness))[0]["text"]
    assert text.startswith("Done: I’ll post content ideas in <#C777>")
    assert "every Wednesday at 2:30" in text
    harness.command("unsubscribe <#C777|marketing>")
    text = wait_for(lambda: len(_responses(harness)) == 2 and _responses(harness))[1]["text"]
    assert text.startswith("Unsubscribed")
    harness.command("desabonner <#C777|marketing>")
    text = wait_for(lambda: len(_responses(harness)) == 3 and _responses(harness))[2]["text"]
    assert text == "Il n’y a pas d’abonnement dans <#C777>."


def test_unsubscribe_in_a_dm_without_channel_explains(harness: Harness) -> None:
    harness.command("unsubscribe", channel="D5")
    text = wait_for(lambda: _responses(harness))[0]["text"]
    assert "Use this command in a channel" in text


def test_english_theme_gets_english_ideas_and_then_bare_command_too(harness: Harness) -> None:
    for number, text in enumerate(["", "back to school", ""], start=1):
        harness.command(text, user="U3")
        wait_for(lambda n=number: len(_responses(harness)) == n)
    assert [args["language"] for _name, args in harness.advisor.calls] == ["fr", "en", "en"]


def _home(harness: Harness, user: str) -> str:
    before = len(harness.api.calls_to("views.publish"))
    harness.event({"type": "app_home_opened", "user": user, "tab": "home", "channel": "D1"})
    wait_for(lambda: len(harness.api.calls_to("views.publish")) > before)
    view = harness.api.calls_to("views.publish")[-1].params["view"]
    return json.dumps(view, ensure_ascii=False)


def test_home_and_agent_view_in_english_once_the_user_wrote_english(harness: Harness) -> None:
    assert "Ce que je fais" in _home(harness, "U8")  # unknown user: French
    thread = {"user_id": "U8", "channel_id": "D8", "thread_ts": "1700000600.000100", "context": {}}
    harness.event({"type": "assistant_thread_started", "assistant_thread": thread})
    greeting = wait_for(lambda: harness.api.calls_to("chat.postMessage"))[0].params["text"]
    assert greeting.startswith("Bonjour!")

    first = harness.message("How do we answer a negative review?", channel="D8", user="U8")
    harness.final_reply("D8", first["ts"])
    home = _home(harness, "U8")
    assert "What I do" in home and "Ce que je fais" not in home
    thread = {**thread, "thread_ts": "1700000700.000100"}
    harness.event({"type": "assistant_thread_started", "assistant_thread": thread})
    prompts = wait_for(lambda: harness.api.calls_to("assistant.threads.setSuggestedPrompts")[1:])
    assert prompts[0].params["title"] == "A few ideas to get started:"
    greetings = [
        c.params["text"]
        for c in harness.api.calls_to("chat.postMessage")
        if c.params.get("thread_ts") == thread["thread_ts"]
    ]
    assert greetings and greetings[0].startswith("Hi!")
