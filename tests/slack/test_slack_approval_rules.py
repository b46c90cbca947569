"""Approval loop rules over signed HTTP (scripted advisor): two replicas receiving the same
click record one decision, English authors get English, a reviewer DM Slack refuses."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from bot.slack.app import build_bot
from bot.slack.approval_blocks import APPROVE, CHANGES, CHANGES_VIEW
from bot.slack.http import create_web_app
from bot.state import StateStore
from bot.state.approvals import Approvals
from bot.state.privacy import export_user, forget_user
from tests.slack.approval_flow import (
    AUTHOR,
    AUTHOR_DM,
    REVIEWER,
    button_values,
    click,
    last_view,
    responses,
    send_for_approval,
    submit,
    thread_texts,
)
from tests.slack.conftest import Harness, ServerThread, make_settings
from tests.slack.doubles import FakeAdvisor
from tests.support.slack_api import wait_for

DRAFT = "BROUILLON : nos croissants sont en rabais cette semaine, venez vite!"


@pytest.fixture
def replica_b(harness: Harness, tmp_path: Path) -> Iterator[Harness]:
    """A second replica: its own Bolt app and server, the same database and Slack."""
    settings = make_settings(tmp_path / "data-b", harness.api.base_url)
    url = harness.bot.services.store.engine.url.render_as_string(hide_password=False)
    store = StateStore(url)
    bot = build_bot(settings, advisor=FakeAdvisor(), store=store)
    with ServerThread(create_web_app(bot)) as server, httpx.Client(timeout=10) as http:
        yield Harness(
            harness.api, bot, bot.services.advisor, f"http://127.0.0.1:{server.port}", http
        )
    store.close()


def _both(targets: tuple[Harness, Harness], action: Callable[[Harness], httpx.Response]) -> None:
    """Send `action` to both replicas at the same moment; both ack."""
    start = threading.Barrier(len(targets))
    results: list[int] = []

    def run(target: Harness) -> None:
        start.wait(5)
        results.append(action(target).status_code)

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert results == [200, 200]


def _lines(harness: Harness, thread_ts: str, word: str) -> list[str]:
    return [t for t in thread_texts(harness, AUTHOR_DM, thread_ts) if word in t]


def test_the_same_approval_on_two_replicas_is_recorded_once(
    harness: Harness, replica_b: Harness
) -> None:
    draft, v1 = send_for_approval(harness, DRAFT)
    value = button_values(v1)[APPROVE]
    _both((harness, replica_b), lambda h: click(h, v1, APPROVE, value, REVIEWER))
    wait_for(lambda: responses(harness), what="the second click's answer")
    request_id = value.split(":")[0]
    trail = Approvals(harness.bot.services.store).trail(request_id)
    assert [(d.version, d.decision) for d in trail] == [(1, "approved")]
    approved = wait_for(lambda: _lines(harness, draft["ts"], "Approuvé"), what="the decision")
    assert len(approved) == 1  # the winner's line; the other replica only answered the click
    assert "déjà" in responses(harness)[-1]


def test_the_same_changes_submitted_twice_are_recorded_once(
    harness: Harness, replica_b: Harness
) -> None:
    draft, v1 = send_for_approval(harness, DRAFT)
    assert click(harness, v1, CHANGES, button_values(v1)[CHANGES], REVIEWER).status_code == 200
    modal = last_view(harness, CHANGES_VIEW)
    comment = {"comment": {"value": "Moins de rabais, plus de conseils."}}
    _both((harness, replica_b), lambda h: submit(h, modal, REVIEWER, comment))
    refused = wait_for(
        lambda: [m for m in harness.api.bot_messages(f"D{REVIEWER}") if "déjà" in m["text"]],
        what="the refusal of the second submission",
    )
    assert len(refused) == 1
    trail = Approvals(harness.bot.services.store).trail(modal["private_metadata"].split(":")[0])
    assert [(d.version, d.decision, d.comment) for d in trail] == [
        (1, "changes", "Moins de rabais, plus de conseils.")
    ]
    lines = wait_for(lambda: _lines(harness, draft["ts"], "Changements"), what="the decision")
    assert len(lines) == 1


def test_an_english_author_gets_english_all_along(harness: Harness) -> None:
    draft, v1 = send_for_approval(
        harness, "BROUILLON: our croissants are on sale this week, come fast!"
    )
    view = harness.api.views[-1]
    assert view["title"]["text"] == "Approval" and view["submit"]["text"] == "Send"
    shown = json.dumps(v1["blocks"])
    assert "Approval request" in shown and "version 1" in shown
    assert [
        e["text"]["text"] for b in v1["blocks"] if b["type"] == "actions" for e in b["elements"]
    ] == ["Approve", "Request changes"]
    wait_for(lambda: any("Sent to" in t for t in thread_texts(harness, AUTHOR_DM, draft["ts"])))
    assert click(harness, v1, APPROVE, button_values(v1)[APPROVE], REVIEWER).status_code == 200
    line = wait_for(
        lambda: [t for t in thread_texts(harness, AUTHOR_DM, draft["ts"]) if "Approved" in t]
    )[0]
    assert " on " in line and "(version 1)" in line


def test_a_reviewer_slack_cannot_reach_cancels_the_request_and_says_so(harness: Harness) -> None:
    harness.api.fail("conversations.open", error="user_not_visible")
    message = harness.message(DRAFT, channel=AUTHOR_DM, user=AUTHOR)
    from bot.slack.approval_blocks import REQUEST_VIEW
    from bot.slack.approval_button import APPROVAL_START

    critique = wait_for(
        lambda: [
            m
            for m in harness.replies_in(AUTHOR_DM, message["ts"])
            if APPROVAL_START in button_values(m)
        ]
    )[0]
    click(harness, critique, APPROVAL_START, button_values(critique)[APPROVAL_START], AUTHOR)
    modal = last_view(harness, REQUEST_VIEW)
    submit(harness, modal, AUTHOR, {"reviewer": {"selected_user": REVIEWER}})
    wait_for(
        lambda: any("pas pu écrire" in t for t in thread_texts(harness, AUTHOR_DM, message["ts"]))
    )
    store = harness.bot.services.store
    assert Approvals(store).open_in_thread(AUTHOR_DM, message["ts"]) is None  # may start again


def test_the_loop_is_exported_and_forgotten_with_the_author(harness: Harness) -> None:
    draft, v1 = send_for_approval(harness, DRAFT)
    assert click(harness, v1, APPROVE, button_values(v1)[APPROVE], REVIEWER).status_code == 200
    wait_for(lambda: _lines(harness, draft["ts"], "Approuvé"), what="the decision")
    engine = harness.bot.services.store.engine
    mine = export_user(engine, AUTHOR)
    assert [v["draft"] for v in mine["approval_versions"]] == [DRAFT]
    assert [d["decision"] for d in export_user(engine, REVIEWER)["approval_decisions"]] == [
        "approved"
    ]
    counts = forget_user(engine, AUTHOR)
    assert counts["approval_requests"] == counts["approval_versions"] == 1
    assert not any(export_user(engine, AUTHOR).values())
    assert not any(export_user(engine, REVIEWER).values())
