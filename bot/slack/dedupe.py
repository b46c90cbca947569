"""Slack retries and duplicate deliveries: counted on the ack path, claimed after the ack.

The ack path does no I/O (Slack wants an answer within 3 s, and a database write there queues
behind the replies being written): a duplicate is recognised on the worker thread instead, by an
atomic claim. Messages are claimed by channel and ts (`dispatch.py`), which covers Slack's retries
and the `app_mention` + `message` pair of one mention; other events with side effects call
`first_delivery`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

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


def count_requests(body: dict[str, Any], next: Callable[[], None]) -> None:
    """Global middleware: count every request by kind (no I/O before the ack)."""
    metrics.EVENTS.labels(kind=request_kind(body)).inc()
    next()


def claim_once(store: StateStore, key: str) -> bool:
    """True the first time `key` is claimed; False (counted and logged) for a duplicate."""
    if store.claim(key, EVENT_TTL):
        return True
    metrics.DEDUPE_HITS.inc()
    log.info("duplicate delivery skipped (%s)", key.split(":", 1)[0])
    return False


def first_delivery(store: StateStore, body: dict[str, Any]) -> bool:
    """True unless this `event_id` was already handled (call it after the ack)."""
    event_id = body.get("event_id")
    return not event_id or claim_once(store, f"evt:{event_id}")
