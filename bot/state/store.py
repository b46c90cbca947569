"""StateStore: the bot's durable state operations, each a short transaction safe across replicas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.exc import IntegrityError

from bot.state.db import create_schema, create_state_engine, session_factory
from bot.state.models import Feedback, JoinedThread, ProcessedEvent, Reply, Subscription, WeeklyPost


def utcnow() -> datetime:
    """The current time as naive UTC (the storage convention)."""
    return datetime.now(UTC).replace(tzinfo=None)


def as_naive_utc(moment: datetime) -> datetime:
    """`moment` converted to naive UTC (aware values are converted, naive ones kept)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class SubscriptionInfo:
    """A subscription as plain data."""

    id: int
    channel: str
    weekday: int
    hour: int
    minute: int
    tz: str
    created_by: str
    created_at: datetime


class StateStore:
    """Durable state of the Slack bot (event dedupe, threads, replies, feedback, weekly posts)."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.engine = engine or create_state_engine(url)
        create_schema(self.engine)
        self._session = session_factory(self.engine)

    @classmethod
    def from_settings(cls, settings: Any) -> StateStore:
        """A store on `settings.resolved_database_url`."""
        return cls(settings.resolved_database_url)

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    def ping(self) -> None:
        """Raise when the database cannot be reached."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    # --- dedupe ---------------------------------------------------------------------------------
    def claim(
        self, key: str, ttl: timedelta = timedelta(hours=24), now: datetime | None = None
    ) -> bool:
        """Atomically claim `key`; False when it was already claimed and has not expired."""
        moment = as_naive_utc(now) if now else utcnow()
        for _attempt in range(2):
            try:
                with self._session.begin() as session:
                    session.add(ProcessedEvent(key=key[:200], expires_at=moment + ttl))
                return True
            except IntegrityError:
                with self._session.begin() as session:
                    gone = session.execute(
                        delete(ProcessedEvent).where(
                            ProcessedEvent.key == key[:200], ProcessedEvent.expires_at < moment
                        )
                    ).rowcount
                if not gone:
                    return False
        return False

    def purge_expired(self, now: datetime | None = None) -> int:
        """Delete expired dedupe keys; returns how many."""
        moment = as_naive_utc(now) if now else utcnow()
        with self._session.begin() as session:
            result = session.execute(
                delete(ProcessedEvent).where(ProcessedEvent.expires_at < moment)
            )
            return int(result.rowcount or 0)

    # --- threads --------------------------------------------------------------------------------
    def join_thread(self, channel: str, thread_ts: str, kind: str = "thread") -> None:
        """Remember that the bot takes part in this thread (idempotent)."""
        try:
            with self._session.begin() as session:
                session.add(
                    JoinedThread(
                        channel=channel, thread_ts=thread_ts, kind=kind, joined_at=utcnow()
                    )
                )
        except IntegrityError:
            pass

    def set_thread_kind(self, channel: str, thread_ts: str, kind: str) -> None:
        """Join the thread if needed and set its kind (e.g. a DM thread's chosen route)."""
        with self._session.begin() as session:
            row = session.get(JoinedThread, (channel, thread_ts))
            if row is None:
                session.add(
                    JoinedThread(
                        channel=channel, thread_ts=thread_ts, kind=kind, joined_at=utcnow()
                    )
                )
            else:
                row.kind = kind

    def thread_kind(self, channel: str, thread_ts: str) -> str | None:
        """The kind of a joined thread ('thread', 'assistant', or a DM thread's chosen route
        'critique' / 'answer'), or None when not joined."""
        with self._session() as session:
            row = session.get(JoinedThread, (channel, thread_ts))
            return row.kind if row else None

    def is_joined(self, channel: str, thread_ts: str) -> bool:
        """Whether the bot has joined this thread."""
        return self.thread_kind(channel, thread_ts) is not None

    # --- replies and feedback -------------------------------------------------------------------
    def save_reply(
        self,
        reply_id: str,
        kind: str,
        *,
        question: str = "",
        mode: str = "",
        sources: list[dict[str, Any]] | None = None,
        payload: dict[str, Any] | None = None,
        channel: str = "",
    ) -> None:
        """Record what a reply was about, so feedback and sharing can refer to it by id."""
        with self._session.begin() as session:
            session.merge(
                Reply(
                    reply_id=reply_id,
                    kind=kind,
                    question=question[:4000],
                    mode=mode,
                    sources=sources or [],
                    payload=payload or {},
                    channel=channel,
                    created_at=utcnow(),
                )
            )

    def get_reply(self, reply_id: str) -> Reply | None:
        """A recorded reply, or None."""
        with self._session() as session:
            return session.get(Reply, reply_id)

    def record_feedback(self, reply_id: str, user_id: str, value: str) -> None:
        """Store a click; a second click by the same user on the same reply replaces the first."""
        reply = self.get_reply(reply_id)
        fields = {
            "value": value,
            "kind": reply.kind if reply else "",
            "question": reply.question if reply else "",
            "mode": reply.mode if reply else "",
            "sources": reply.sources if reply else [],
            "channel": reply.channel if reply else "",
            "created_at": utcnow(),
        }
        try:
            with self._session.begin() as session:
                session.add(Feedback(reply_id=reply_id, user_id=user_id, **fields))
        except IntegrityError:
            with self._session.begin() as session:
                session.execute(
                    update(Feedback)
                    .where(Feedback.reply_id == reply_id, Feedback.user_id == user_id)
                    .values(**fields)
                )

    def list_feedback(self) -> list[dict[str, Any]]:
        """Every feedback row, oldest first, as JSON-ready dicts."""
        with self._session() as session:
            rows = session.scalars(select(Feedback).order_by(Feedback.created_at, Feedback.id))
            return [
                {
                    "reply_id": row.reply_id,
                    "user": row.user_id,
                    "value": row.value,
                    "kind": row.kind,
                    "question": row.question,
                    "mode": row.mode,
                    "sources": row.sources,
                    "channel": row.channel,
                    "created_at": row.created_at.isoformat() + "Z",
                }
                for row in rows
            ]

    # --- subscriptions --------------------------------------------------------------------------
    def subscribe(
        self, channel: str, weekday: int, hour: int, minute: int, tz: str, created_by: str
    ) -> SubscriptionInfo:
        """Create or replace the weekly subscription of `channel`."""
        values = {"weekday": weekday, "hour": hour, "minute": minute, "tz": tz}
        try:
            with self._session.begin() as session:
                session.add(
                    Subscription(
                        channel=channel, created_by=created_by, created_at=utcnow(), **values
                    )
                )
        except IntegrityError:
            with self._session.begin() as session:
                session.execute(
                    update(Subscription).where(Subscription.channel == channel).values(**values)
                )
        return next(s for s in self.subscriptions() if s.channel == channel)

    def unsubscribe(self, channel: str) -> bool:
        """Remove the subscription of `channel`; False when there was none."""
        with self._session.begin() as session:
            result = session.execute(delete(Subscription).where(Subscription.channel == channel))
            return bool(result.rowcount)

    def subscriptions(self) -> list[SubscriptionInfo]:
        """All subscriptions, oldest first."""
        with self._session() as session:
            rows = session.scalars(select(Subscription).order_by(Subscription.id))
            return [
                SubscriptionInfo(
                    r.id, r.channel, r.weekday, r.hour, r.minute, r.tz, r.created_by, r.created_at
                )
                for r in rows
            ]

    # --- weekly posts ---------------------------------------------------------------------------
    def claim_weekly_post(
        self, subscription_id: int, week: str, worker: str, now: datetime, stale_after: timedelta
    ) -> bool:
        """Claim the post of `week` for a subscription; a stale unfinished claim is taken over."""
        moment = as_naive_utc(now)
        try:
            with self._session.begin() as session:
                session.add(
                    WeeklyPost(
                        subscription_id=subscription_id,
                        week=week,
                        status="claimed",
                        claimed_by=worker,
                        claimed_at=moment,
                    )
                )
            return True
        except IntegrityError:
            pass
        with self._session.begin() as session:
            taken = session.execute(
                update(WeeklyPost)
                .where(
                    WeeklyPost.subscription_id == subscription_id,
                    WeeklyPost.week == week,
                    WeeklyPost.status == "claimed",
                    WeeklyPost.claimed_at < moment - stale_after,
                )
                .values(claimed_by=worker, claimed_at=moment)
            ).rowcount
        return bool(taken)

    def finish_weekly_post(self, subscription_id: int, week: str, posted_ts: str) -> None:
        """Mark the week's post as done."""
        with self._session.begin() as session:
            session.execute(
                update(WeeklyPost)
                .where(WeeklyPost.subscription_id == subscription_id, WeeklyPost.week == week)
                .values(status="done", posted_ts=posted_ts)
            )

    def release_weekly_post(self, subscription_id: int, week: str) -> None:
        """Drop an unfinished claim after a failed post so the next tick retries."""
        with self._session.begin() as session:
            session.execute(
                delete(WeeklyPost).where(
                    WeeklyPost.subscription_id == subscription_id,
                    WeeklyPost.week == week,
                    WeeklyPost.status == "claimed",
                )
            )

    def weekly_posts(self) -> list[tuple[int, str, str]]:
        """(subscription id, week, status) of every weekly post row."""
        with self._session() as session:
            rows = session.execute(
                select(WeeklyPost.subscription_id, WeeklyPost.week, WeeklyPost.status)
            )
            return [(int(a), str(b), str(c)) for a, b, c in rows]
