"""Weekly idea posts: an in-process thread that posts each due subscription once per ISO week,
with the token of the subscription's own workspace."""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot.slack.knowledge_uploads import drop_added_documents
from bot.slack.services import Services
from bot.slack.weekly_post import WeeklyPoster
from bot.state import SubscriptionInfo
from bot.state.retention import RetentionJob
from bot.state.store import as_naive_utc

log = logging.getLogger(__name__)
NOT_INSTALLED_RETRY = timedelta(hours=6)


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
        clients: Callable[[str], WebClient | None] | None = None,
    ) -> None:
        self.services, self.client = services, client
        # The client of a workspace (OAuth mode: its installation's token; None if uninstalled).
        self.clients = clients or (lambda _team: client)
        self.interval_s, self.stale_after = interval_s, stale_after
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.poster = WeeklyPoster(services, client, self.worker_id)
        self.retention = RetentionJob(
            services.store.engine,
            services.settings.retention_days,
            on_workspaces_purged=lambda teams: drop_added_documents(services, teams),
        )

    def run_due(self, now: datetime) -> list[tuple[str, str]]:
        """Post every subscription due at `now` (aware) and not yet posted this week."""
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        posted: list[tuple[str, str]] = []
        for sub in self.services.store.all_subscriptions():
            week, moment = scheduled_moment(sub, now)
            if now < moment or as_naive_utc(moment) < sub.created_at:
                continue  # not yet time, or subscribed after this week's slot: start next week
            if sub.paused_reason:
                continue  # Slack refused it for good: waits for `abonner` (see weekly_post.py)
            team = self.services.for_team(sub.team_id)
            if not team.store.claim_weekly_post(
                sub.id, week, self.worker_id, now, self.stale_after
            ):
                continue  # done, held by another worker, or a retry not yet due
            poster = self._poster(team, sub)
            if poster is None:  # uninstalled (or its token refused): try again in a few hours
                log.info(
                    "weekly post of %s skipped: app not installed in its workspace", sub.channel
                )
                team.store.release_weekly_post(
                    sub.id, week, self.worker_id, now + NOT_INSTALLED_RETRY, "not_installed"
                )
                continue
            if poster.deliver(sub, week, now):
                posted.append((sub.channel, week))
        self.services.store.purge_expired(now)
        self.retention.run_if_due(now)  # Law 25: hourly, idempotent across replicas
        return posted

    def _poster(self, team: Services, sub: SubscriptionInfo) -> WeeklyPoster | None:
        """The poster of the subscription's workspace, with that workspace's token (single-
        workspace mode: the one poster); None when the app is not installed there."""
        if not team.multi_team:
            return self.poster
        client = self.clients(sub.team_id)
        return WeeklyPoster(team, client, self.worker_id) if client is not None else None

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
