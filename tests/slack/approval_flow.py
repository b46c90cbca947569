"""Slack-shaped approval payloads (block_actions on a message, view_submission) and ack timing."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.slack.conftest import Harness
from tests.support.slack_api import wait_for

AUTHOR, REVIEWER, OTHER = "U0AUTHOR1", "U0REVIEW1", "U0OTHER01"
AUTHOR_DM, REVIEWER_DM = f"D{AUTHOR}", f"D{REVIEWER}"  # the stand-in's DM ids (conversations.open)


@dataclass
class AckLog:
    """Each ack's latency (printed by the tests; never asserted as a wall time)."""

    seconds: dict[str, float] = field(default_factory=dict)

    def report(self) -> str:
        return ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in self.seconds.items())


def acked_before(
    harness: Harness, log: AckLog, name: str, held_method: str, send: Any
) -> httpx.Response:
    """Send a request while the Slack method its handler calls is held: the ack must come back
    before that call is answered (an ack that waited for the handler's Slack calls would hang
    until the hold's 10 s and the check below would fail)."""
    api = harness.api
    before = len(api.calls_to(held_method))
    gate = api.hold(held_method)
    started = time.monotonic()
    try:
        response = send()
        log.seconds[name] = time.monotonic() - started
        assert response.status_code == 200, response.text
        assert len(api.calls_to(held_method)) == before, f"{name}: {held_method} ran before ack"
    finally:
        gate.set()
        del api.holds[held_method]
    wait_for(lambda: len(api.calls_to(held_method)) > before, what=f"{held_method} after {name}")
    return response


def click(
    harness: Harness,
    message: dict[str, Any],
    action_id: str,
    value: str,
    user: str,
) -> httpx.Response:
    """A button click on a bot message, as Slack posts it (message, container, response_url)."""
    action = {"type": "button", "action_id": action_id, "value": value, "block_id": "b"}
    container = {
        "type": "message",
        "message_ts": message["ts"],
        "channel_id": message["channel"],
        "is_ephemeral": False,
    }
    if message.get("thread_ts"):
        container["thread_ts"] = message["thread_ts"]
    return harness.interactive(
        {
            "type": "block_actions",
            "user": {"id": user},
            "channel": {"id": message["channel"]},
            "container": container,
            "message": {
                k: message[k] for k in ("ts", "text", "thread_ts", "blocks") if k in message
            },
            "response_url": harness.api.response_url(f"act{next(harness.ids)}"),
            "trigger_id": f"{next(harness.ids)}.2.3",
            "actions": [action],
        }
    )


def submit(
    harness: Harness, view: dict[str, Any], user: str, values: dict[str, dict[str, Any]]
) -> httpx.Response:
    """A view_submission of `view` with these input values ({block_id: element state}); Slack
    shows an ack's errors only under input blocks of the view, so other keys fail here."""
    state = {block: {block: value} for block, value in values.items()}
    submitted = {**view, "id": f"V{next(harness.ids)}", "state": {"values": state}}
    response = harness.interactive(
        {"type": "view_submission", "user": {"id": user}, "view": submitted}
    )
    inputs = {b.get("block_id") for b in view.get("blocks") or [] if b.get("type") == "input"}
    assert set(errors_of(response)) <= inputs, response.text
    return response


def errors_of(response: httpx.Response) -> dict[str, str]:
    """The modal errors of an ack (response_action errors), {} for a plain ack."""
    if not response.text:
        return {}
    body = json.loads(response.text)
    assert body.get("response_action") == "errors"
    return body["errors"]


def last_view(harness: Harness, callback_id: str) -> dict[str, Any]:
    """The last modal the bot opened with this callback id."""
    return wait_for(
        lambda: next(
            (v for v in reversed(harness.api.views) if v.get("callback_id") == callback_id), None
        ),
        what=f"modal {callback_id}",
    )


def button_values(message: dict[str, Any]) -> dict[str, str]:
    """{action_id: value} of a message's buttons."""
    return {
        e["action_id"]: e.get("value", "")
        for b in message.get("blocks") or []
        if b.get("type") == "actions"
        for e in b["elements"]
    }


def thread_texts(harness: Harness, channel: str, thread_ts: str) -> list[str]:
    return [m["text"] for m in harness.replies_in(channel, thread_ts)]


def responses(harness: Harness) -> list[str]:
    """The texts the bot sent to response_urls (ephemeral refusals)."""
    return [str(c.params.get("text") or "") for c in harness.api.calls_to("response_url")]


def send_for_approval(
    harness: Harness, draft: str, reviewer: str = REVIEWER
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A DM draft critiqued, then sent to `reviewer`: (the author's draft message, the reviewer's
    message of version 1)."""
    from bot.slack.approval_blocks import REQUEST_VIEW
    from bot.slack.approval_button import APPROVAL_START

    message = harness.message(draft, channel=AUTHOR_DM, user=AUTHOR)
    critique = wait_for(
        lambda: next(
            (
                m
                for m in harness.replies_in(AUTHOR_DM, message["ts"])
                if APPROVAL_START in button_values(m)
            ),
            None,
        ),
        what="the critique",
    )
    reply_id = button_values(critique)[APPROVAL_START]
    assert click(harness, critique, APPROVAL_START, reply_id, AUTHOR).status_code == 200
    modal = last_view(harness, REQUEST_VIEW)
    chosen = {"reviewer": {"selected_user": reviewer}}
    assert errors_of(submit(harness, modal, AUTHOR, chosen)) == {}
    sent = wait_for(lambda: harness.api.bot_messages(f"D{reviewer}"), what="the reviewer's DM")
    return message, sent[-1]
