"""SQLAlchemy tables for the bot's durable state (SQLite and PostgreSQL; times are naive UTC)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with explicit constraint names (stable for Alembic migrations)."""

    metadata = MetaData(naming_convention=NAMING)


class ProcessedEvent(Base):
    """A Slack event (or message key) already handled; the primary key makes the claim atomic."""

    __tablename__ = "processed_events"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(), index=True)


class JoinedThread(Base):
    """A thread the bot has answered in: later messages there continue the conversation."""

    __tablename__ = "joined_threads"

    channel: Mapped[str] = mapped_column(String(40), primary_key=True)
    thread_ts: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="thread")
    joined_at: Mapped[datetime] = mapped_column(DateTime())
    # Who brought the bot into the thread (Slack user id; "" when unknown): for privacy export.
    user_id: Mapped[str] = mapped_column(String(40), default="", server_default="")


class Reply(Base):
    """One reply the bot sent (answer, critique, ideas): what feedback and sharing refer to."""

    __tablename__ = "replies"

    reply_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    question: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[str] = mapped_column(String(20), default="")
    sources: Mapped[list] = mapped_column(JSON, default=list)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    channel: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(), index=True)
    # Who asked (Slack user id; "" for weekly posts): for privacy export and forget.
    user_id: Mapped[str] = mapped_column(String(40), default="", server_default="", index=True)


class Feedback(Base):
    """A 👍/👎 click on a reply; one row per (reply, user), the latest click wins."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("reply_id", "user_id", name="uq_feedback_reply_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reply_id: Mapped[str] = mapped_column(String(40), index=True)
    user_id: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20), default="")
    question: Mapped[str] = mapped_column(Text, default="")
    mode: Mapped[str] = mapped_column(String(20), default="")
    sources: Mapped[list] = mapped_column(JSON, default=list)
    channel: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime())


class Subscription(Base):
    """A weekly post of content ideas in a channel (one per channel)."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(40), unique=True)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    hour: Mapped[int] = mapped_column(Integer)
    minute: Mapped[int] = mapped_column(Integer, default=0)
    tz: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime())
    # The subscriber's language ("fr" | "en"; "" = unknown, French) for the post and the DMs.
    language: Mapped[str] = mapped_column(String(5), default="", server_default="")
    # Set when Slack refused the post for good (the error code, e.g. "is_archived"); "" = active.
    # Cleared by subscribing the channel again.
    paused_reason: Mapped[str] = mapped_column(String(40), default="", server_default="")
    paused_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)


class WeeklyPost(Base):
    """The claim (then record) of one subscription's post for one ISO week: never posted twice."""

    __tablename__ = "weekly_posts"
    __table_args__ = (
        UniqueConstraint("subscription_id", "week", name="uq_weekly_posts_subscription_week"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscription_id: Mapped[int] = mapped_column(Integer, index=True)
    week: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))  # claimed | retry | failed | done
    claimed_by: Mapped[str] = mapped_column(String(80), default="")
    claimed_at: Mapped[datetime] = mapped_column(DateTime())
    posted_ts: Mapped[str] = mapped_column(String(40), default="")
    # The week's ideas, generated once: a retry posts them again without asking the model.
    ideas: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    reply_id: Mapped[str] = mapped_column(String(40), default="", server_default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    last_error: Mapped[str] = mapped_column(String(60), default="", server_default="")


class UserLanguage(Base):
    """The language a person chose for the bot in the App Home (fr | en)."""

    __tablename__ = "user_languages"

    user_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    language: Mapped[str] = mapped_column(String(5))
    updated_at: Mapped[datetime] = mapped_column(DateTime())
