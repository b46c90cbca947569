"""The profile modal's listeners on the real Bolt app over HTTP (the Slack stand-in): the Home
button opens the prefilled modal for an allowed editor, a submission with errors is refused in the
ack, a valid one is saved and confirmed; anyone else gets a notice. And the admin check."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.profiles import ProfileRepository, parse_profile
from bot.slack.listeners.actions.profile import allowed
from bot.slack.profile_view import BUSINESS, PLATFORMS_BLOCK, PROFILE_MODAL, PROFILE_OPEN, TONE
from tests.slack.conftest import (  # noqa: F401  (fixtures)
    Harness,
    advisor,
    harness,
    slack_api,
)
from tests.support.slack_api import wait_for

TEAM = "T1"  # the harness's workspace


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"profile_editors": ["U1"]}  # U1 is a listed editor; others must be admins or owners


@pytest.fixture
def wired(harness: Harness) -> Harness:  # noqa: F811
    return harness


def _repo(wired: Harness) -> ProfileRepository:
    return ProfileRepository(wired.bot.services.store.engine)


def _submission(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for block, value in fields.items():
        if block == BUSINESS:
            values[block] = {block: {"type": "plain_text_input", "value": value}}
        elif block == PLATFORMS_BLOCK:
            values[block] = {block: {"selected_options": [{"value": v} for v in value]}}
        else:
            values[block] = {block: {"selected_option": {"value": value}}}
    view = {"id": "V9", "type": "modal", "callback_id": PROFILE_MODAL, "state": {"values": values},
            "private_metadata": json.dumps({"language": "fr"})}  # fmt: skip
    return {"type": "view_submission", "view": view}


def test_an_editor_opens_the_prefilled_modal_and_saves(wired: Harness) -> None:
    _repo(wired).set(TEAM, "", parse_profile({"business_type": "notaire"}))
    button = {"type": "button", "action_id": PROFILE_OPEN, "block_id": "b", "value": "open"}
    assert wired.action(button).status_code == 200
    opened = wait_for(lambda: wired.api.calls_to("views.open"), what="the modal")[0]
    assert opened.result["ok"], opened.result
    view = opened.params["view"]
    assert view["callback_id"] == PROFILE_MODAL and "notaire" in json.dumps(view)
    refused = wired.interactive(_submission(business_type="", tone="9"))
    assert refused.json()["response_action"] == "errors"
    assert set(refused.json()["errors"]) == {BUSINESS, TONE}
    accepted = wired.interactive(
        _submission(business_type="pizzeria", platforms=["instagram"], tone="4")
    )
    assert accepted.status_code == 200 and not accepted.content.strip()
    saved = wait_for(
        lambda: (s := _repo(wired).get(TEAM)) and s.profile.business_type == "pizzeria" and s,
        what="the saved profile",
    )
    assert saved.updated_by == "U1" and saved.profile.platforms == ("instagram",)
    confirm = wait_for(lambda: wired.api.bot_messages("DU1"), what="the confirmation")[0]
    assert "Le profil de l'entreprise est enregistré" in confirm["text"]


def test_someone_else_gets_a_notice_and_cannot_save(wired: Harness) -> None:
    button = {"type": "button", "action_id": PROFILE_OPEN, "block_id": "b", "value": "open"}
    wired.action(button, user="U2")  # neither a listed editor nor an admin (users.info)
    opened = wait_for(lambda: wired.api.calls_to("views.open"), what="the notice")[0]
    assert "callback_id" not in opened.params["view"]
    assert "Seuls les administrateurs" in json.dumps(opened.params["view"], ensure_ascii=False)
    payload = {**_submission(business_type="pizzeria"), "user": {"id": "U2"}}
    assert wired.interactive(payload).status_code == 200
    refusal = wait_for(lambda: wired.api.bot_messages("DU2"), what="the refusal")[0]
    assert "Seuls les administrateurs" in refusal["text"]
    assert _repo(wired).get(TEAM) is None


@pytest.mark.parametrize(
    ("role", "expected"), [("admin", True), ("owner", True), ("member", False), ("nobody", False)]
)
def test_admins_and_owners_may_edit(wired: Harness, role: str, expected: bool) -> None:
    """users.info on the Slack stand-in decides; an id Slack does not know is refused."""
    user = {"admin": "U0ADMIN01", "owner": "U0OWNER01", "member": "U0MEMBER1"}.get(role, "X0NOBODY")
    wired.api.admins.add("U0ADMIN01")
    wired.api.owners.add("U0OWNER01")
    assert allowed(wired.bot.app.client, user) is expected
    assert allowed(wired.bot.app.client, "U0MEMBER1", editors=["u0member1"])  # a listed editor


def test_an_admin_opens_the_modal_from_the_home(wired: Harness) -> None:
    wired.api.admins.add("U7")
    button = {"type": "button", "action_id": PROFILE_OPEN, "block_id": "b", "value": "open"}
    wired.action(button, user="U7")
    opened = wait_for(lambda: wired.api.calls_to("views.open"), what="the modal")[0]
    assert opened.params["view"]["callback_id"] == PROFILE_MODAL


def test_without_the_users_read_scope_nobody_but_listed_editors_may_edit(wired: Harness) -> None:
    """Slack answers users.info with missing_scope when the app lacks users:read: fail closed."""
    wired.api.admins.add("U0ADMIN01")
    wired.api.scopes.discard("users:read")
    assert not allowed(wired.bot.app.client, "U0ADMIN01")
    assert allowed(wired.bot.app.client, "U1", editors=["U1"])
