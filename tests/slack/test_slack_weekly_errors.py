"""Weekly posts under Slack errors: permanent ones pause and tell the subscriber, transient ones
back off and post the kept ideas again; a slow worker never posts twice."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from bot.slack.app import build_bot
from bot.slack.scheduler import WeeklyScheduler
from bot.state import StateStore
from bot.state.models import Subscription
from tests.slack.conftest import make_settings
from tests.slack.doubles import FakeAdvisor
from tests.support.slack_api import SlackApiStandIn, wait_for

MONDAY_9 = datetime(2025, 1, 13, 9, 0, tzinfo=ZoneInfo("America/Toronto"))  # ISO week 2025-W03
WEEK = "2025-W03"


def _scheduler(tmp_path: Path, api: SlackApiStandIn, worker: str) -> WeeklyScheduler:
    settings = make_settings(tmp_path / "data", api.base_url)
    bot = build_bot(
        settings, advisor=FakeAdvisor(), store=StateStore(settings.resolved_database_url)
    )
    return WeeklyScheduler(bot.services, bot.app.client, worker_id=worker)


def _subscribe(scheduler: WeeklyScheduler, language: str = "") -> int:
    store = scheduler.services.store
    sub = store.subscribe("C9", 0, 9, 0, "America/Toronto", "U1", language=language)
    created = (MONDAY_9 - timedelta(days=3)).astimezone(UTC).replace(tzinfo=None)
    with store.engine.begin() as conn:  # backdate the subscription to the test's timeline
        conn.execute(update(Subscription).values(created_at=created))
    return sub.id


def _ideas_calls(scheduler: WeeklyScheduler) -> int:
    advisor = scheduler.services.advisor
    assert isinstance(advisor, FakeAdvisor)
    return advisor.names().count("ideas")


def _posts_to(api: SlackApiStandIn, channel: str) -> list:
    return [c for c in api.calls_to("chat.postMessage") if c.params["channel"] == channel]


@pytest.mark.parametrize(
    ("error", "says"),
    [
        ("channel_not_found", "je ne trouve plus le canal"),
        ("not_in_channel", "invitez-moi"),
        ("is_archived", "désarchivez-le"),
        ("account_inactive", "l’application a été désactivée"),
    ],
)
def test_permanent_error_pauses_and_tells_the_subscriber_in_french(
    tmp_path: Path, slack_api: SlackApiStandIn, error: str, says: str
) -> None:
    scheduler = _scheduler(tmp_path, slack_api, "w1")
    _subscribe(scheduler)
    slack_api.fail("chat.postMessage", error=error)
    assert scheduler.run_due(MONDAY_9) == []
    [sub] = scheduler.services.store.subscriptions()
    assert sub.paused_reason == error
    [dm] = _posts_to(slack_api, "U1")
    assert "J’ai mis en pause la publication hebdomadaire d’idées dans <#C9>" in dm.params["text"]
    assert says in dm.params["text"] and "`/idees abonner lundi 9h00`" in dm.params["text"]
    for later in (timedelta(minutes=11), timedelta(hours=3), timedelta(days=7)):
        assert scheduler.run_due(MONDAY_9 + later) == []
    assert len(_posts_to(slack_api, "C9")) == 1, "a paused subscription is not tried again"
    assert len(_posts_to(slack_api, "U1")) == 1, "the subscriber is told once"
    assert _ideas_calls(scheduler) == 1


def test_resumed_subscription_posts_the_kept_ideas_without_a_new_model_call(
    tmp_path: Path, slack_api: SlackApiStandIn
) -> None:
    scheduler = _scheduler(tmp_path, slack_api, "w1")
    _subscribe(scheduler)
    slack_api.fail("chat.postMessage", error="not_in_channel")
    assert scheduler.run_due(MONDAY_9) == []
    scheduler.services.store.subscribe("C9", 0, 9, 0, "America/Toronto", "U1")  # `abonner`
    assert scheduler.run_due(MONDAY_9 + timedelta(hours=1)) == [("C9", WEEK)]
    first, second = _posts_to(slack_api, "C9")
    assert first.params["blocks"] == second.params["blocks"]  # same ideas, same reply id
    assert _ideas_calls(scheduler) == 1


def test_english_subscriber_is_told_in_english(tmp_path: Path, slack_api: SlackApiStandIn) -> None:
    scheduler = _scheduler(tmp_path, slack_api, "w1")
    _subscribe(scheduler, language="en")
    slack_api.fail("chat.postMessage", error="is_archived")
    scheduler.run_due(MONDAY_9)
    [dm] = _posts_to(slack_api, "U1")
    assert dm.params["text"].startswith("I paused the weekly content ideas in <#C9>")
    assert "`/idees subscribe Monday 9:00`" in dm.params["text"]


def test_transient_errors_back_off_and_repost_the_kept_ideas_from_any_replica(
    tmp_path: Path, slack_api: SlackApiStandIn
) -> None:
    first = _scheduler(tmp_path, slack_api, "w1")
    _subscribe(first)
    slack_api.fail("chat.postMessage", error="internal_error", times=2)
    assert first.run_due(MONDAY_9) == []
    second = _scheduler(tmp_path, slack_api, "w2")  # another replica, same database
    assert second.run_due(MONDAY_9 + timedelta(minutes=9)) == []  # back-off is shared
    assert len(_posts_to(slack_api, "C9")) == 1
    assert second.run_due(MONDAY_9 + timedelta(minutes=10)) == []  # fails again: 20 min more
    assert first.run_due(MONDAY_9 + timedelta(minutes=29)) == []
    assert len(_posts_to(slack_api, "C9")) == 2
    assert first.run_due(MONDAY_9 + timedelta(minutes=30)) == [("C9", WEEK)]
    posts = _posts_to(slack_api, "C9")
    assert len(posts) == 3 and posts[0].params["blocks"] == posts[2].params["blocks"]
    assert (_ideas_calls(first), _ideas_calls(second)) == (1, 0), "ideas are generated once"
    assert first.services.store.subscriptions()[0].paused_reason == ""
    assert not _posts_to(slack_api, "U1")


def test_slow_worker_whose_claim_was_taken_over_does_not_post_twice(
    tmp_path: Path, slack_api: SlackApiStandIn
) -> None:
    slow, fast = _scheduler(tmp_path, slack_api, "slow"), _scheduler(tmp_path, slack_api, "fast")
    _subscribe(slow)
    advisor = slow.services.advisor
    assert isinstance(advisor, FakeAdvisor)
    advisor.gate = threading.Event()  # the slow worker's model call hangs
    worker = threading.Thread(target=slow.run_due, args=(MONDAY_9,))
    worker.start()
    wait_for(lambda: advisor.calls, what="the slow worker's model call")
    assert fast.run_due(MONDAY_9 + timedelta(minutes=11)) == [("C9", WEEK)]  # stale: taken over
    advisor.gate.set()
    worker.join(timeout=10)
    assert len(_posts_to(slack_api, "C9")) == 1
    store = slow.services.store
    assert store.weekly_posts() == [(1, WEEK, "done")]
    assert store.weekly_claim(1, WEEK, "fast") is None  # finished; nothing left to undo
