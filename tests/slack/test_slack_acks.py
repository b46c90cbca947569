"""Acks never wait behind answers: commands and clicks are acked while every worker is busy."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from bot.slack.acks import ACK_WORKERS
from tests.slack.conftest import Harness
from tests.support.slack_api import wait_for

WORKERS = 2
MENTIONS = ACK_WORKERS + 2 * WORKERS  # more than every thread of the app put together


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"slack_workers": WORKERS}


def _stall_workers(harness: Harness, mentions: int) -> threading.Event:
    """Send `mentions` mentions whose answers block on the advisor until the gate opens."""
    gate = threading.Event()
    harness.advisor.gate = gate
    for n in range(mentions):
        harness.mention(f"Question lente {n}?")
    wait_for(lambda: len(harness.advisor.calls) >= WORKERS, timeout=20, what="busy workers")
    assert len(harness.advisor.calls) <= WORKERS  # answers run on the bounded work pool only
    return gate


def test_command_and_clicks_are_acked_while_answers_fill_the_pool(harness: Harness) -> None:
    gate = _stall_workers(harness, mentions=MENTIONS)
    try:
        assert harness.command("").status_code == 200
        assert harness.command("aide").status_code == 200
        assert harness.click("feedback_up", "r-unknown").status_code == 200
        assert harness.click("share_ideas", "r-unknown").status_code == 200
    finally:
        gate.set()
    # the work behind the acks still runs once the pool frees up
    wait_for(lambda: len(harness.api.calls_to("response_url")) >= 3, timeout=30)
    _wait_answers(harness, MENTIONS)


def _wait_answers(harness: Harness, count: int) -> None:
    wait_for(lambda: len(harness.api.calls_to("chat.stopStream")) >= count, timeout=60)


def test_events_are_acked_while_answers_fill_the_pool(harness: Harness) -> None:
    gate = _stall_workers(harness, mentions=MENTIONS)
    try:
        message = harness.api.add_user_message("C1", "<@UBOT> encore une?")
        event = {"type": "app_mention", **{k: v for k, v in message.items() if k != "type"}}
        assert harness.event(event).status_code == 200
    finally:
        gate.set()
    _wait_answers(harness, MENTIONS + 1)


def test_executor_routes_by_ack_state_and_flags_slow_ack_functions(caplog, monkeypatch) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from slack_bolt import Ack, BoltContext

    from bot.slack import acks

    monkeypatch.setattr(acks, "SLOW_ACK_S", 0.0)
    work = ThreadPoolExecutor(1, thread_name_prefix="w")
    ack_pool = ThreadPoolExecutor(1, thread_name_prefix="a")
    executor = acks.RoutingExecutor(work, ack_pool)
    context = BoltContext({"ack": Ack()})
    acks.track_ack(context, lambda: None)
    name = lambda: threading.current_thread().name  # noqa: E731
    assert executor.submit(name).result().startswith("a")  # not acked yet: the ack pool
    context.ack()
    assert executor.submit(name).result().startswith("w")  # acked: work
    assert "move its work to lazy" in caplog.text
    executor.shutdown()
