"""Weekly idea posts: an in-process thread that posts each due subscription once per ISO week."""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import metrics
from bot.slack.blocks import fallback_text, fit, ideas_blocks, section
from bot.slack.conversation import new_reply_id
from bot.slack.services import Services
from bot.slack.texts import t
from bot.state import SubscriptionInfo
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
        self._retry_after: dict[tuple[int, str], datetime] = {}

    def run_due(self, now: datetime) -> list[tuple[str, str]]:
        """Post every subscription due at `now` (aware) and not yet posted this week."""
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        posted: list[tuple[str, str]] = []
        for sub in self.services.store.subscriptions():
            week, moment = scheduled_moment(sub, now)
            if now < moment or as_naive_utc(moment) < sub.created_at:
                continue  # not yet time, or subscribed after this week's slot: start next week
            if self._retry_after.get((sub.id, week), now) > now:
                continue
            if not self.services.store.claim_weekly_post(
                sub.id, week, self.worker_id, now, self.stale_after
            ):
                continue
            try:
                ts = self._post(sub, week)
            except Exception:
                log.exception("weekly post failed for %s (%s); will retry", sub.channel, week)
                self.services.store.release_weekly_post(sub.id, week)
                self._retry_after[(sub.id, week)] = now + timedelta(minutes=10)
                continue
            self.services.store.finish_weekly_post(sub.id, week, ts)
            metrics.WEEKLY_POSTS.inc()
            posted.append((sub.channel, week))
        self.services.store.purge_expired(now)
        return posted

    def _post(self, sub: SubscriptionInfo, week: str) -> str:
        ideas = self.services.advisor.ideas(week=week, language="fr")
        reply_id = new_reply_id()
        self.services.store.save_reply(
            reply_id,
            "ideas",
            mode=ideas.mode,
            sources=[s.model_dump() for s in ideas.sources],
            payload=ideas.model_dump(mode="json"),
            channel=sub.channel,
        )
        intro = t("weekly_intro", "fr")
        blocks = fit(
            [
                section(intro),
                *ideas_blocks(ideas, reply_id, self.services.settings.knowledge_dir, False),
            ]
        )
        try:
            response = self.client.chat_postMessage(
                channel=sub.channel, text=fallback_text(intro), blocks=blocks, unfurl_links=False
            )
        except SlackApiError as exc:
            raise RuntimeError(f"chat.postMessage failed: {exc.response.get('error')}") from None
        return str(response.get("ts") or "")

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
