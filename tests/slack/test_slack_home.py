"""The App Home you can act from: DM link, examples, language, subscriptions by membership."""

from __future__ import annotations

import json
from typing import Any

from bot.slack.languages import UserLanguages
from bot.slack.subscribe_modal import SUBSCRIBE_MODAL
from bot.slack.views import HOME_LANGUAGE, HOME_SUBSCRIBE, HOME_TRY, HOME_UNSUBSCRIBE
from tests.slack.conftest import Harness
from tests.support.slack_api import wait_for


def _open_home(harness: Harness, user: str = "U1") -> dict[str, Any]:
    before = len(harness.api.calls_to("views.publish"))
    harness.event({"type": "app_home_opened", "user": user, "tab": "home", "channel": "DU1"})
    calls = wait_for(lambda: harness.api.calls_to("views.publish")[before:], what="the Home")
    assert calls[-1].result["ok"], calls[-1].result
    return calls[-1].params["view"]


def _elements(view: dict[str, Any]) -> list[dict[str, Any]]:
    found = [b["accessory"] for b in view["blocks"] if "accessory" in b]
    return found + [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]


def _subscribe(harness: Harness, channel: str) -> None:
    harness.bot.services.store.subscribe(channel, 0, 9, 0, "America/Toronto", "U9")


def test_home_has_buttons_and_lists_only_the_viewer_channels(harness: Harness) -> None:
    for channel in ("C1", "C2"):
        _subscribe(harness, channel)
    harness.api.members = {"C1": {"U1"}, "C2": {"U2"}}
    view = _open_home(harness)
    text = json.dumps(view, ensure_ascii=False)
    assert "<#C1>" in text and "<#C2>" not in text
    actions = {e["action_id"] for e in _elements(view)}
    assert {"home_open_dm", HOME_TRY, HOME_SUBSCRIBE, HOME_UNSUBSCRIBE, HOME_LANGUAGE} <= actions
    [dm] = [e for e in _elements(view) if e["action_id"] == "home_open_dm"]
    assert dm["url"] == "https://slack.com/app_redirect?app=A1&team=T1"
    assert "<#C2>" in json.dumps(_open_home(harness, "U2"))


def test_a_home_link_click_is_acked(harness: Harness) -> None:
    button = {"type": "button", "action_id": "home_open_dm", "block_id": "b", "value": "dm"}
    assert harness.action(button).status_code == 200


def test_trying_an_example_posts_it_in_the_dm_and_answers_it(harness: Harness) -> None:
    view = _open_home(harness)
    [first, *_] = [e for e in _elements(view) if e["action_id"] == HOME_TRY]
    assert harness.action({**first, "block_id": "b"}).status_code == 200
    intro = wait_for(lambda: harness.api.bot_messages("DU1"), what="the example in the DM")[0]
    assert "Comment parler de nos promotions" in intro["text"]
    reply = harness.final_reply("DU1", intro["ts"])
    assert reply["blocks"][-1]["type"] == "context_actions"
    asked = [kw["question"] for name, kw in harness.advisor.calls if name == "answer_stream"]
    assert asked == ["Comment parler de nos promotions sans faire fuir nos abonnés?"]


def test_language_is_changed_stored_and_the_home_follows(harness: Harness) -> None:
    assert "Ce que je fais" in json.dumps(_open_home(harness), ensure_ascii=False)
    before = len(harness.api.calls_to("views.publish"))
    select = {"type": "static_select", "action_id": HOME_LANGUAGE, "block_id": "b"}
    harness.action({**select, "selected_option": {"value": "en"}})
    calls = wait_for(lambda: harness.api.calls_to("views.publish")[before:], what="new Home")
    assert "What I do" in json.dumps(calls[-1].params["view"])
    assert UserLanguages(store=harness.bot.services.store).get("U1") == "en"  # survives a restart
    assert UserLanguages(store=harness.bot.services.store).get("U2") == "fr"


def _submission(channel: str, day: str, hour: str) -> dict[str, Any]:
    values = {
        "channel": {"channel": {"type": "conversations_select", "selected_conversation": channel}},
        "day": {"day": {"type": "static_select", "selected_option": {"value": day}}},
        "hour": {"hour": {"type": "static_select", "selected_option": {"value": hour}}},
    }
    view = {"id": "V9", "type": "modal", "callback_id": SUBSCRIBE_MODAL, "private_metadata": "fr"}
    return {"type": "view_submission", "view": {**view, "state": {"values": values}}}


def test_subscribe_modal_opens_and_errors_show_in_the_modal(harness: Harness) -> None:
    button = {"type": "button", "action_id": HOME_SUBSCRIBE, "block_id": "b", "value": "open"}
    assert harness.action(button).status_code == 200
    opened = wait_for(lambda: harness.api.calls_to("views.open"), what="the modal")[0]
    assert opened.result["ok"], opened.result
    assert opened.params["view"]["callback_id"] == SUBSCRIBE_MODAL
    refused = harness.interactive(_submission("D123", "9", "x"))
    assert refused.status_code == 200
    errors = refused.json()
    assert errors["response_action"] == "errors"
    assert set(errors["errors"]) == {"channel", "day", "hour"}
    assert "canal" in errors["errors"]["channel"]
    assert harness.bot.services.store.subscriptions() == []


def test_a_valid_submission_subscribes_and_confirms(harness: Harness) -> None:
    harness.api.members = {"C7": {"U1"}}
    accepted = harness.interactive(_submission("C7", "2", "14"))
    assert accepted.status_code == 200 and not accepted.content.strip()
    sub = wait_for(lambda: harness.bot.services.store.subscriptions(), what="the subscription")[0]
    assert (sub.channel, sub.weekday, sub.hour, sub.created_by) == ("C7", 2, 14, "U1")
    confirm = wait_for(lambda: harness.api.bot_messages("DU1"), what="the confirmation")[0]
    assert "mercredi à 14 h 00" in confirm["text"]
    view = wait_for(lambda: harness.api.calls_to("views.publish"))[-1].params["view"]
    assert "<#C7>" in json.dumps(view)


def test_unsubscribe_needs_membership(harness: Harness) -> None:
    for channel in ("C1", "C2"):
        _subscribe(harness, channel)
    harness.api.members = {"C1": {"U1"}, "C2": {"U2"}}
    button = {"type": "button", "action_id": HOME_UNSUBSCRIBE, "block_id": "b"}
    harness.action({**button, "value": "C2"})  # forged: U1 is not in C2
    refusal = wait_for(lambda: harness.api.bot_messages("DU1"), what="the refusal")[0]
    assert "<#C2>" in refusal["text"]
    harness.action({**button, "value": "C1"})
    wait_for(lambda: [s.channel for s in harness.bot.services.store.subscriptions()] == ["C2"])


def test_a_dm_opened_gets_suggested_prompts_without_thread_ts(harness: Harness) -> None:
    harness.bot.services.languages.choose("U1", "en")
    harness.event({"type": "app_home_opened", "user": "U1", "tab": "messages", "channel": "D5"})
    call = wait_for(lambda: harness.api.calls_to("assistant.threads.setSuggestedPrompts"))[0]
    assert call.result["ok"] and call.params["channel_id"] == "D5"
    assert "thread_ts" not in call.params  # an agent_view app must leave it out (Slack docs)
    assert call.params["prompts"][0]["title"] == "Talk about our sales"
    assert not harness.api.calls_to("views.publish")
