"""Weekly posts: once per ISO week, never twice (even across restarts); stale claims taken over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.slack.app import build_bot
from bot.slack.scheduler import WeeklyScheduler, scheduled_moment
from bot.state import StateStore
from tests.slack.conftest import make_settings
from tests.slack.doubles import FakeAdvisor
from tests.support.slack_api import SlackApiStandIn

TORONTO = ZoneInfo("America/Toronto")
MONDAY_9 = datetime(2025, 1, 13, 9, 0, tzinfo=TORONTO)  # ISO week 2025-W03


def _scheduler(tmp_path: Path, api: SlackApiStandIn, worker: str = "w1") -> WeeklyScheduler:
    settings = make_settings(tmp_path / "data", api.base_url)
    bot = build_bot(
        settings, advisor=FakeAdvisor(), store=StateStore(settings.resolved_database_url)
    )
    return WeeklyScheduler(bot.services, bot.app.client, worker_id=worker)


def _subscribe(scheduler: WeeklyScheduler, created: datetime) -> None:
    scheduler.services.store.subscribe("C9", 0, 9, 0, "America/Toronto", "U1")
    _backdate(scheduler, created)


def _backdate(scheduler: WeeklyScheduler, created: datetime) -> None:
    store = scheduler.services.store
    from sqlalchemy import update

    from bot.state.models import Subscription

    with store.engine.begin() as conn:  # backdate the subscription to the test's timeline
        conn.execute(
            update(Subscription).values(created_at=created.astimezone(UTC).replace(tzinfo=None))
        )


def test_posts_once_per_week_even_after_restart(tmp_path: Path, slack_api: SlackApiStandIn) -> None:
    scheduler = _scheduler(tmp_path, slack_api)
    _subscribe(scheduler, MONDAY_9 - timedelta(days=3))
    assert scheduler.run_due(MONDAY_9 - timedelta(minutes=1)) == []  # not yet
    assert scheduler.run_due(MONDAY_9) == [("C9", "2025-W03")]
    assert scheduler.run_due(MONDAY_9 + timedelta(minutes=1)) == []
    restarted = _scheduler(tmp_path, slack_api, worker="w2")  # same database, new process
    assert restarted.run_due(MONDAY_9 + timedelta(hours=2)) == []
    posts = slack_api.calls_to("chat.postMessage")
    assert len(posts) == 1 and posts[0].params["channel"] == "C9"
    assert "Bon début de semaine" in posts[0].params["blocks"][0]["text"]["text"]
    assert restarted.run_due(MONDAY_9 + timedelta(days=7)) == [("C9", "2025-W04")]


def test_the_opening_line_fits_the_day(tmp_path: Path, slack_api: SlackApiStandIn) -> None:
    scheduler = _scheduler(tmp_path, slack_api)
    scheduler.services.store.subscribe("C9", 4, 9, 0, "America/Toronto", "U1", language="en")
    scheduler.services.store.subscribe("C8", 5, 9, 0, "America/Toronto", "U1", language="fr")
    _backdate(scheduler, MONDAY_9 - timedelta(days=3))
    scheduler.run_due(MONDAY_9 + timedelta(days=5, hours=1))  # Saturday: both are due
    first_lines = {
        p.params["channel"]: p.params["blocks"][0]["text"]["text"]
        for p in slack_api.calls_to("chat.postMessage")
    }
    assert first_lines["C9"].startswith("Happy Friday!")
    assert first_lines["C8"].startswith("Bonne fin de semaine!")


def test_subscription_made_after_this_weeks_slot_starts_next_week(
    tmp_path: Path, slack_api: SlackApiStandIn
) -> None:
    scheduler = _scheduler(tmp_path, slack_api)
    _subscribe(scheduler, MONDAY_9 + timedelta(days=2))
    assert scheduler.run_due(MONDAY_9 + timedelta(days=3)) == []
    assert scheduler.run_due(MONDAY_9 + timedelta(days=7)) == [("C9", "2025-W04")]


def test_failed_post_is_retried_and_stale_claim_taken_over(
    tmp_path: Path, slack_api: SlackApiStandIn
) -> None:
    scheduler = _scheduler(tmp_path, slack_api)
    _subscribe(scheduler, MONDAY_9 - timedelta(days=3))
    slack_api.fail("chat.postMessage", error="internal_error")  # transient: retried in 10 min
    assert scheduler.run_due(MONDAY_9) == []
    assert scheduler.run_due(MONDAY_9 + timedelta(minutes=11)) == [("C9", "2025-W03")]
    store = scheduler.services.store
    sub = store.subscriptions()[0]
    # a replica that died mid-post leaves a claim: others wait, then take it over once stale
    assert store.claim_weekly_post(sub.id, "2025-W05", "dead", MONDAY_9, timedelta(minutes=10))
    assert not store.claim_weekly_post(
        sub.id, "2025-W05", "w1", MONDAY_9 + timedelta(minutes=5), timedelta(minutes=10)
    )
    assert store.claim_weekly_post(
        sub.id, "2025-W05", "w1", MONDAY_9 + timedelta(minutes=11), timedelta(minutes=10)
    )


@pytest.mark.parametrize(
    ("now", "week"),
    [
        (datetime(2025, 1, 13, 14, 0, tzinfo=UTC), "2025-W03"),
        (datetime(2024, 12, 30, 14, 0, tzinfo=UTC), "2025-W01"),  # ISO week of the new year
        (datetime(2025, 1, 13, 3, 0, tzinfo=UTC), "2025-W02"),  # still Sunday in Toronto
    ],
)
def test_scheduled_moment_uses_the_subscription_time_zone(now: datetime, week: str) -> None:
    from bot.state import SubscriptionInfo

    sub = SubscriptionInfo(1, "C", 0, 9, 0, "America/Toronto", "U", datetime(2020, 1, 1))
    assert scheduled_moment(sub, now)[0] == week
