"""Weekly idea posts: an in-process thread that posts each due subscription once per ISO week."""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot.slack.services import Services
from bot.slack.weekly_post import WeeklyPoster
from bot.state import SubscriptionInfo
from bot.state.retention import RetentionJob
from bot.state.store import as_naive_utc

log = logging.getLogger(__name__)


def scheduled_moment(sub: SubscriptionInfo, now: datetime) -> tuple[str, datetime]:
    """The ISO week ('2025-W03') containing `now` in the subscription's zone, and its post time."""
    zone = ZoneInfo(sub.tz)
    local = now.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    day = monday + timedelta(days=sub.weekday)
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}", datetime.combine(day, time(sub.hour, sub.minute), tzinfo=zone)


class WeeklyScheduler:
    """Posts due subscriptions; `run_due(now)` is the whole job, the thread only calls it."""

    def __init__(
        self,
        services: Services,
        client: WebClient,
        interval_s: float = 30.0,
        stale_after: timedelta = timedelta(minutes=10),
        worker_id: str | None = None,
    ) -> None:
        self.services, self.client = services, client
        self.interval_s, self.stale_after = interval_s, stale_after
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.poster = WeeklyPoster(services, client, self.worker_id)
        self.retention = RetentionJob(services.store.engine, services.settings.retention_days)

    def run_due(self, now: datetime) -> list[tuple[str, str]]:
        """Post every subscription due at `now` (aware) and not yet posted this week."""
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        posted: list[tuple[str, str]] = []
        for sub in self.services.store.subscriptions():
            week, moment = scheduled_moment(sub, now)
            if now < moment or as_naive_utc(moment) < sub.created_at:
                continue  # not yet time, or subscribed after this week's slot: start next week
            if sub.paused_reason:
                continue  # Slack refused it for good: waits for `abonner` (see weekly_post.py)
            if not self.services.store.claim_weekly_post(
                sub.id, week, self.worker_id, now, self.stale_after
            ):
                continue  # done, held by another worker, or a retry not yet due
            if self.poster.deliver(sub, week, now):
                posted.append((sub.channel, week))
        self.services.store.purge_expired(now)
        self.retention.run_if_due(now)  # Law 25: hourly, idempotent across replicas
        return posted

    def start(self) -> None:
        """Run in a daemon thread until `stop()`."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._loop, name="kilovolt-scheduler", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        """Ask the thread to end and wait briefly for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_due(self.services.clock())
            except Exception:
                log.exception("scheduler tick failed")
            self._stop.wait(self.interval_s)
