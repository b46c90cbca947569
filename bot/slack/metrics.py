"""Prometheus metrics of the Slack bot (process-wide, exposed on GET /metrics)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

EVENTS = Counter("kilovolt_slack_events", "Slack requests received, by kind", ["kind"])
DEDUPE_HITS = Counter("kilovolt_slack_dedupe_hits", "Slack retries and duplicates skipped")
REPLIES = Counter("kilovolt_slack_replies", "Replies delivered, by kind", ["kind"])
REPLY_ERRORS = Counter("kilovolt_slack_reply_errors", "Replies that ended in an error message")
# Failed chat-model requests are counted where they happen: kilovolt_llm_errors (bot/llm/chat.py).
FALLBACKS = Counter(
    "kilovolt_llm_fallbacks", "Replies produced without the language model (fallback notice shown)"
)
STREAM_FALLBACKS = Counter(
    "kilovolt_slack_stream_fallbacks", "Streams that fell back to chat.postMessage/chat.update"
)
_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60)
FIRST_CONTENT_SECONDS = Histogram(
    "kilovolt_slack_first_content_seconds",
    "Event received → first reply text shown",
    buckets=_BUCKETS,
)
REPLY_SECONDS = Histogram(
    "kilovolt_slack_reply_seconds",
    "Event received → reply complete, by kind",
    ["kind"],
    buckets=_BUCKETS,
)
WEEKLY_POSTS = Counter("kilovolt_slack_weekly_posts", "Weekly idea posts delivered")
WEEKLY_RETRIES = Counter(
    "kilovolt_slack_weekly_retries", "Weekly posts that failed transiently (retried with back-off)"
)
WEEKLY_PAUSED = Counter(
    "kilovolt_slack_weekly_paused",
    "Subscriptions paused by a permanent Slack error, by error code",
    ["error"],
)
IGNORED_MESSAGES = Counter(
    "kilovolt_slack_ignored_messages", "Message events not answered, by reason", ["reason"]
)
STATE_ERRORS = Counter(
    "kilovolt_state_errors",
    "Slack requests hit by a state database failure (the user was told), by step",
    ["step"],
)
DEPENDENCY_UP = Gauge(
    "kilovolt_dependency_up",
    "1 when an advisor dependency (index, Chroma, prompts, ...) passes its check, else 0",
    ["part"],
)
