"""Global Bolt middleware: count requests; skip Slack retries and duplicate events by event_id."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from slack_bolt import BoltResponse

from bot.slack import metrics
from bot.state import StateStore

log = logging.getLogger(__name__)
EVENT_TTL = timedelta(days=2)  # Slack retries within minutes; keep ids well past that


def request_kind(body: dict[str, Any]) -> str:
    """'event:<type>', 'command', 'block_actions', … for metrics."""
    if body.get("type") == "event_callback":
        return f"event:{(body.get('event') or {}).get('type', '?')}"
    if body.get("command"):
        return "command"
    return str(body.get("type") or "other")


def dedupe_middleware(store: StateStore) -> Callable[..., BoltResponse | None]:
    """A middleware that acks duplicates (same event_id) without running any listener."""

    def deduplicate_events(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        metrics.EVENTS.labels(kind=request_kind(body)).inc()
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not store.claim(f"evt:{event_id}", EVENT_TTL):
            metrics.DEDUPE_HITS.inc()
            log.info("duplicate event %s skipped", event_id)
            return BoltResponse(status=200, body="")
        next()
        return None

    return deduplicate_events
