"""Message shortcuts: « Critiquer avec Kilovolt » privately, « Demander à Kilovolt » in thread."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.slack.listeners.shortcuts.ask import ASK_SHORTCUT
from bot.slack.listeners.shortcuts.critique import CRITIQUE_SHORTCUT
from tests.slack.conftest import Harness
from tests.support.slack_api import wait_for

DRAFT = "🔥 SOLDES MONSTRES! -50 % sur tout! Achetez maintenant!!! #promo #rabais"


def shortcut(
    harness: Harness,
    callback_id: str,
    message: dict[str, Any],
    user: str = "U2",
    channel: str = "C1",
) -> httpx.Response:
    """Send a signed `message_action` payload, as Slack does when a user picks the shortcut."""
    payload = {
        "type": "message_action",
        "token": "legacy",
        "callback_id": callback_id,
        "trigger_id": "1.2.3",
        "action_ts": "1700000000.1",
        "team": {"id": "T1", "domain": "kilovolt"},
        "user": {"id": user, "name": "marie"},
        "channel": {"id": channel, "name": "marketing"},
        "message_ts": message["ts"],
        "message": {k: v for k, v in message.items() if k != "channel"},
        "response_url": harness.api.response_url(f"sc{next(harness.ids)}"),
    }
    body = urlencode({"payload": json.dumps(payload)})
    return harness.post(body, "application/x-www-form-urlencoded")


def text_of(call: Any) -> str:
    return json.dumps(call.params, ensure_ascii=False)


def test_critique_shortcut_sends_the_critique_privately_to_the_clicker(harness: Harness) -> None:
    message = harness.api.add_user_message("C1", DRAFT, user="U1")
    assert shortcut(harness, "kilovolt_critique", message, user="U2").status_code == 200
    posted = wait_for(lambda: harness.api.calls_to("chat.postEphemeral"))[0]
    assert posted.params["channel"] == "C1" and posted.params["user"] == "U2"
    assert "thread_ts" not in posted.params  # a top-level message: ephemeral in the channel
    assert posted.params["blocks"][0]["type"] == "header"
    assert "Trop *promotionnel*" in text_of(posted)
    assert harness.advisor.calls == [
        ("critique", {"draft": DRAFT, "platform": None, "language": "fr"})
    ]
    assert harness.api.calls_to("chat.postMessage") == []  # nothing public


def test_critique_shortcut_falls_back_to_a_dm_when_the_bot_is_not_in_the_channel(
    harness: Harness,
) -> None:
    harness.api.closed["C7"] = "not_in_channel"
    message = harness.api.add_user_message("C7", DRAFT, user="U1")
    shortcut(harness, "kilovolt_critique", message, user="U2", channel="C7")
    dm = wait_for(lambda: harness.api.calls_to("chat.postMessage"))[0]
    assert dm.params["channel"] == "U2"
    assert "Je ne peux pas écrire dans <#C7>" in text_of(dm)
    assert "Trop *promotionnel*" in text_of(dm)


@pytest.mark.parametrize("callback_id", ["kilovolt_critique", "kilovolt_ask"])
def test_a_file_only_message_gets_a_clear_private_reply(harness: Harness, callback_id: str) -> None:
    message = harness.api.add_user_message("C1", "", user="U1")
    message["files"] = [{"id": "F1", "name": "affiche.png"}]
    shortcut(harness, callback_id, message)
    told = wait_for(lambda: harness.api.calls_to("chat.postEphemeral"))[0]
    assert "pas de texte" in text_of(told)
    assert harness.advisor.calls == []


@pytest.mark.parametrize("callback_id", ["kilovolt_critique", "kilovolt_ask"])
def test_a_too_long_message_gets_a_clear_private_reply(harness: Harness, callback_id: str) -> None:
    message = harness.api.add_user_message("C1", "Bonjour à tous. " * 1000, user="U1")
    shortcut(harness, callback_id, message)
    told = wait_for(lambda: harness.api.calls_to("chat.postEphemeral"))[0]
    assert "trop long" in text_of(told) and "8 000" in text_of(told)
    assert harness.advisor.calls == []


def test_ask_shortcut_answers_the_message_in_its_thread(harness: Harness) -> None:
    message = harness.api.add_user_message("C1", "Quel ton adopter sur LinkedIn?", user="U1")
    assert shortcut(harness, "kilovolt_ask", message, user="U2").status_code == 200
    reply = harness.final_reply("C1", message["ts"])
    assert "la valeur" in reply["text"]
    assert harness.advisor.calls[0] == (
        "answer_stream",
        {"question": "Quel ton adopter sur LinkedIn?", "history": []},
    )


def test_ask_shortcut_in_a_channel_the_bot_cannot_post_in_tells_the_clicker(
    harness: Harness,
) -> None:
    harness.api.closed["G5"] = "channel_not_found"
    message = harness.api.add_user_message("G5", "Quel ton adopter sur LinkedIn?", user="U1")
    shortcut(harness, "kilovolt_ask", message, user="U2", channel="G5")
    [dm] = wait_for(lambda: harness.api.bot_messages("DU2"))  # the app's DM with U2
    assert "invitez-moi" in dm["text"] and harness.api.bot_messages("G5") == []


def test_shortcuts_speak_english_to_english_messages(harness: Harness) -> None:
    message = harness.api.add_user_message("C1", "", user="U1")
    harness.bot.services.languages.remember("U2", "en")
    shortcut(harness, "kilovolt_critique", message)
    told = wait_for(lambda: harness.api.calls_to("chat.postEphemeral"))[0]
    assert "no text" in text_of(told)


def test_the_manifest_declares_both_message_shortcuts() -> None:
    manifest = yaml.safe_load(
        (PROJECT_ROOT / "deploy" / "slack-manifest.yaml").read_text(encoding="utf-8")
    )
    shortcuts = {s["callback_id"]: s for s in manifest["features"]["shortcuts"]}
    assert set(shortcuts) == {CRITIQUE_SHORTCUT, ASK_SHORTCUT}
    assert shortcuts[CRITIQUE_SHORTCUT]["name"] == "Critiquer avec Kilovolt"
    assert shortcuts[ASK_SHORTCUT]["name"] == "Demander à Kilovolt"
    for shortcut_ in shortcuts.values():
        assert shortcut_["type"] == "message"
        assert len(shortcut_["name"]) <= 24 and len(shortcut_["description"]) <= 150
