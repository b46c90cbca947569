"""The console's modals and DMs with a second person, checked like Slack without a browser:
views.open (trigger once, within 3 s; modal rules), conversations.open, and the submission."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.console.modals import TRIGGER_TTL_S, new_trigger, submission
from bot.console.slack_api import SlackWebApi
from bot.console.workspace import BOT_USER_ID, HUMAN_USER_ID, Workspace
from bot.slack.approval_blocks import changes_modal, request_modal

TOKEN = "xoxb-console-test"
COLLEAGUE = "U0CLIENT01"


@pytest.fixture
def api() -> SlackWebApi:
    return SlackWebApi(Workspace(), TOKEN)


def _open(api: SlackWebApi, view: dict[str, Any], trigger: str) -> dict[str, Any]:
    return api.call("views.open", {"trigger_id": trigger, "view": view}, TOKEN)


def test_a_trigger_opens_one_modal_within_three_seconds(api: SlackWebApi) -> None:
    view = request_modal({"reply": "r1", "channel": "D0KILOVOLT1", "thread": "1.1"}, "fr")
    trigger = new_trigger(api.ws, HUMAN_USER_ID)
    opened = _open(api, view, trigger)
    assert opened["ok"] and opened["view"]["id"] in api.ws.modals
    assert _open(api, view, trigger)["error"] == "invalid_trigger_id"  # used once
    late = new_trigger(api.ws, HUMAN_USER_ID)
    user, _made = api.ws.triggers[late]
    api.ws.triggers[late] = (user, time.monotonic() - TRIGGER_TTL_S - 0.1)
    assert _open(api, view, late)["error"] == "expired_trigger_id"
    assert _open(api, view, "1.2.3")["error"] == "invalid_trigger_id"


def test_a_modal_slack_would_refuse_is_refused(api: SlackWebApi) -> None:
    view = changes_modal("q1", 1, "fr")
    long_title = {**view, "title": {"type": "plain_text", "text": "x" * 25}}
    no_submit = {k: v for k, v in view.items() if k != "submit"}
    for bad in (long_title, no_submit, {**view, "type": "home"}, {**view, "color": "red"}):
        answer = _open(api, bad, new_trigger(api.ws, HUMAN_USER_ID))
        assert answer["error"] == "invalid_arguments", bad
    assert api.call("views.open", {"view": view}, TOKEN)["error"] == "invalid_arguments"


def test_conversations_open_reaches_each_person_not_the_bot(api: SlackWebApi) -> None:
    opened = api.call("conversations.open", {"users": COLLEAGUE}, TOKEN)
    assert opened["channel"]["id"] == "D0CLIENT01"
    mine = api.call("conversations.open", {"users": HUMAN_USER_ID}, TOKEN)
    assert mine["channel"]["id"] == "D0KILOVOLT1"
    assert api.call("conversations.open", {"users": BOT_USER_ID}, TOKEN)["error"] == (
        "cannot_dm_bot"
    )
    assert api.call("conversations.open", {"users": "U0NOBODY1"}, TOKEN)["error"] == (
        "user_not_found"
    )
    assert api.call("conversations.open", {}, TOKEN)["error"] == "users_list_not_supplied"
    posted = api.call("chat.postMessage", {"channel": COLLEAGUE, "text": "Bonjour"}, TOKEN)
    assert posted["channel"] == "D0CLIENT01"
    assert api.ws.users[COLLEAGUE]["real_name"] == "Camille (cliente)"


def test_a_submission_checks_required_fields_and_lengths_like_slack(api: SlackWebApi) -> None:
    view = changes_modal("q1", 1, "fr")
    opened = _open(api, view, new_trigger(api.ws, COLLEAGUE))
    view_id = opened["view"]["id"]
    payload, errors = submission(api.ws, view_id, {"comment": "  "})
    assert payload is None and errors == {"comment": "Ce champ est obligatoire."}
    payload, errors = submission(api.ws, view_id, {"comment": "x" * 1001})
    assert payload is None and "1000" in errors["comment"]
    payload, errors = submission(api.ws, view_id, {"comment": "Plus de conseils."})
    assert errors == {} and payload is not None
    assert payload["type"] == "view_submission" and payload["user"]["id"] == COLLEAGUE
    state = payload["view"]["state"]["values"]["comment"]["comment"]
    assert state == {"type": "plain_text_input", "value": "Plus de conseils."}
    assert payload["view"]["private_metadata"] == "q1:1:fr"


def test_the_users_select_offers_the_workspace_people(api: SlackWebApi) -> None:
    view = request_modal({"reply": "r1"}, "fr")
    opened = _open(api, view, new_trigger(api.ws, HUMAN_USER_ID))
    view_id = opened["view"]["id"]
    payload, errors = submission(api.ws, view_id, {"reviewer": COLLEAGUE, "note": ""})
    assert errors == {} and payload is not None
    values = payload["view"]["state"]["values"]
    assert values["reviewer"]["reviewer"] == {"type": "users_select", "selected_user": COLLEAGUE}
    assert values["note"]["note"] == {"type": "plain_text_input", "value": None}  # optional


def test_a_long_critique_summary_still_fits_slack_s_metadata_limit(api: SlackWebApi) -> None:
    meta = {"reply": "r1", "channel": "D0KILOVOLT1", "thread": "1.1", "summary": "é" * 5000}
    view = request_modal(meta, "fr")
    assert len(view["private_metadata"]) <= 3000
    opened = _open(api, view, new_trigger(api.ws, HUMAN_USER_ID))
    assert opened["ok"], opened
