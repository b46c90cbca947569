"""StateStore: the bot's durable state operations, each a short transaction safe across replicas."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.exc import IntegrityError

from bot.state.db import create_schema, create_state_engine, session_factory
from bot.state.models import (
    Feedback,
    JoinedThread,
    ProcessedEvent,
    Reply,
    Subscription,
    UserLanguage,
)
from bot.state.weekly import WeeklyPostRecords


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
    language: str = ""  # "" = unknown (French)
    paused_reason: str = ""  # the Slack error that paused the weekly post; "" = active
    team_id: str = ""  # the workspace ("" in single-workspace mode)


class StateStore(WeeklyPostRecords):
    """Durable state of the Slack bot (event dedupe, threads, replies, feedback, weekly posts).

    A store reads and writes the rows of one workspace, `team_id` ("" in single-workspace mode):
    `for_team` gives the same database seen from another workspace. No method reads, changes or
    deletes another workspace's rows, except `all_subscriptions` (the weekly scheduler's list)."""

    team_id: str = ""

    def __init__(self, url: str, engine: Engine | None = None, team_id: str = "") -> None:
        self.engine = engine or create_state_engine(url)
        create_schema(self.engine)
        self._session = session_factory(self.engine)
        self.team_id = team_id

    def for_team(self, team_id: str | None) -> StateStore:
        """This store (same engine and sessions) scoped to `team_id` ("" when None)."""
        scoped = copy.copy(self)
        scoped.team_id = (team_id or "")[:40]
        return scoped

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
                    session.add(
                        ProcessedEvent(team_id=self.team_id, key=key[:200], expires_at=moment + ttl)
                    )
                return True
            except IntegrityError:
                with self._session.begin() as session:
                    gone = session.execute(
                        delete(ProcessedEvent).where(
                            ProcessedEvent.team_id == self.team_id,
                            ProcessedEvent.key == key[:200],
                            ProcessedEvent.expires_at < moment,
                        )
                    ).rowcount
                if not gone:
                    return False
        return False

    def purge_expired(self, now: datetime | None = None) -> int:
        """Delete expired dedupe keys of every workspace (they hold no content); how many."""
        moment = as_naive_utc(now) if now else utcnow()
        with self._session.begin() as session:
            result = session.execute(
                delete(ProcessedEvent).where(ProcessedEvent.expires_at < moment)
            )
            return int(result.rowcount or 0)

    # --- threads --------------------------------------------------------------------------------
    def join_thread(
        self, channel: str, thread_ts: str, kind: str = "thread", user_id: str = ""
    ) -> None:
        """Remember that the bot takes part in this thread, brought by `user_id` (idempotent)."""
        try:
            with self._session.begin() as session:
                session.add(_joined(self.team_id, channel, thread_ts, kind, user_id))
        except IntegrityError:
            pass

    def set_thread_kind(self, channel: str, thread_ts: str, kind: str, user_id: str = "") -> None:
        """Join the thread if needed and set its kind (e.g. a DM thread's chosen route)."""
        with self._session.begin() as session:
            row = session.get(JoinedThread, (self.team_id, channel, thread_ts))
            if row is None:
                session.add(_joined(self.team_id, channel, thread_ts, kind, user_id))
            else:
                row.kind = kind

    def thread_kind(self, channel: str, thread_ts: str) -> str | None:
        """The kind of a joined thread ('thread', 'assistant', or a DM thread's chosen route
        'critique' / 'answer'), or None when not joined."""
        with self._session() as session:
            row = session.get(JoinedThread, (self.team_id, channel, thread_ts))
            return row.kind if row else None

    def is_joined(self, channel: str, thread_ts: str) -> bool:
        """Whether the bot has joined this thread."""
        return self.thread_kind(channel, thread_ts) is not None

    def thread_asker(self, channel: str, thread_ts: str) -> str | None:
        """Who brought the bot into a joined thread ("" when unknown); None when not joined."""
        with self._session() as session:
            row = session.get(JoinedThread, (self.team_id, channel, thread_ts))
            return (row.user_id or "") if row else None

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
        user_id: str = "",
    ) -> None:
        """Record a reply (what it was about, who asked) for feedback and sharing to refer to.

        Reply ids are random (new_reply_id): one taken by another workspace is never replaced."""
        with self._session.begin() as session:
            existing = session.get(Reply, reply_id)
            if existing is not None and existing.team_id != self.team_id:
                raise ValueError("reply id already used by another workspace")
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
                    user_id=user_id[:40],
                    team_id=self.team_id,
                )
            )

    def get_reply(self, reply_id: str) -> Reply | None:
        """A recorded reply of this workspace, or None."""
        with self._session() as session:
            row = session.get(Reply, reply_id)
            return row if row is not None and row.team_id == self.team_id else None

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
            "reason": "",  # a new click asks again what was missing
            "comment": "",
        }
        try:
            with self._session.begin() as session:
                session.add(
                    Feedback(team_id=self.team_id, reply_id=reply_id, user_id=user_id, **fields)
                )
        except IntegrityError:
            with self._session.begin() as session:
                session.execute(
                    update(Feedback)
                    .where(
                        Feedback.team_id == self.team_id,
                        Feedback.reply_id == reply_id,
                        Feedback.user_id == user_id,
                    )
                    .values(**fields)
                )

    def record_feedback_reason(
        self, reply_id: str, user_id: str, reason: str, comment: str = ""
    ) -> bool:
        """What was missing, on this person's 👎 of `reply_id`; False when there is no such 👎."""
        with self._session.begin() as session:
            done = session.execute(
                update(Feedback)
                .where(
                    Feedback.team_id == self.team_id,
                    Feedback.reply_id == reply_id,
                    Feedback.user_id == user_id,
                    Feedback.value == "down",
                )
                .values(reason=reason[:20], comment=comment)
            )
            return bool(done.rowcount)

    def list_feedback(self) -> list[dict[str, Any]]:
        """Every feedback row of this workspace, oldest first, as JSON-ready dicts."""
        with self._session() as session:
            rows = session.scalars(
                select(Feedback)
                .where(Feedback.team_id == self.team_id)
                .order_by(Feedback.created_at, Feedback.id)
            )
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
                    "reason": row.reason,
                    "comment": row.comment,
                    "created_at": row.created_at.isoformat() + "Z",
                }
                for row in rows
            ]

    # --- languages chosen in the App Home --------------------------------------------------------
    def set_user_language(self, user_id: str, language: str) -> None:
        """Record the language `user_id` chose (replacing an earlier choice)."""
        with self._session.begin() as session:
            session.merge(
                UserLanguage(
                    team_id=self.team_id, user_id=user_id, language=language, updated_at=utcnow()
                )
            )

    def user_language(self, user_id: str) -> str | None:
        """The language `user_id` chose, or None when they never chose."""
        with self._session() as session:
            row = session.get(UserLanguage, (self.team_id, user_id))
            return row.language if row else None

    # --- subscriptions --------------------------------------------------------------------------
    def subscribe(
        self,
        channel: str,
        weekday: int,
        hour: int,
        minute: int,
        tz: str,
        created_by: str,
        language: str = "",
    ) -> SubscriptionInfo:
        """Create or replace the weekly subscription of `channel` (which resumes a paused one)."""
        values: dict[str, Any] = {"weekday": weekday, "hour": hour, "minute": minute, "tz": tz}
        values.update(paused_reason="", paused_at=None)
        if language:
            values["language"] = language
        try:
            with self._session.begin() as session:
                session.add(
                    Subscription(
                        team_id=self.team_id,
                        channel=channel,
                        created_by=created_by,
                        created_at=utcnow(),
                        **values,
                    )
                )
        except IntegrityError:
            with self._session.begin() as session:
                session.execute(
                    update(Subscription)
                    .where(Subscription.team_id == self.team_id, Subscription.channel == channel)
                    .values(**values)
                )
        return next(s for s in self.subscriptions() if s.channel == channel)

    def unsubscribe(self, channel: str) -> bool:
        """Remove the subscription of `channel`; False when there was none."""
        with self._session.begin() as session:
            result = session.execute(
                delete(Subscription).where(
                    Subscription.team_id == self.team_id, Subscription.channel == channel
                )
            )
            return bool(result.rowcount)

    def subscriptions(self) -> list[SubscriptionInfo]:
        """This workspace's subscriptions, oldest first."""
        return self._subscriptions(Subscription.team_id == self.team_id)

    def all_subscriptions(self) -> list[SubscriptionInfo]:
        """Every workspace's subscriptions, oldest first (for the weekly scheduler, which posts
        each with its own workspace's token)."""
        return self._subscriptions()

    def _subscriptions(self, *where: Any) -> list[SubscriptionInfo]:
        with self._session() as session:
            rows = session.scalars(select(Subscription).where(*where).order_by(Subscription.id))
            return [
                SubscriptionInfo(
                    r.id,
                    r.channel,
                    r.weekday,
                    r.hour,
                    r.minute,
                    r.tz,
                    r.created_by,
                    r.created_at,
                    r.language or "",
                    r.paused_reason or "",
                    r.team_id or "",
                )
                for r in rows
            ]

    def pause_subscription(self, subscription_id: int, reason: str, now: datetime) -> bool:
        """Pause an active subscription after a permanent error; False when already paused."""
        with self._session.begin() as session:
            result = session.execute(
                update(Subscription)
                .where(
                    Subscription.team_id == self.team_id,
                    Subscription.id == subscription_id,
                    Subscription.paused_reason == "",
                )
                .values(paused_reason=reason[:40] or "error", paused_at=as_naive_utc(now))
            )
            return bool(result.rowcount)


def _joined(team_id: str, channel: str, thread_ts: str, kind: str, user_id: str) -> JoinedThread:
    """A joined-thread row of workspace `team_id`, joined now by `user_id`."""
    return JoinedThread(
        team_id=team_id,
        channel=channel,
        thread_ts=thread_ts,
        kind=kind,
        joined_at=utcnow(),
        user_id=user_id[:40],
    )
