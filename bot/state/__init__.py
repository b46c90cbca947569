"""Durable state of the Slack bot (SQLAlchemy): event dedupe, threads, feedback, weekly posts."""

from bot.state.store import StateStore, SubscriptionInfo, utcnow

__all__ = ["StateStore", "SubscriptionInfo", "utcnow"]
