"""SQLAlchemy tables for the bot's durable state (SQLite and PostgreSQL; times are naive UTC).

Every row carries the Slack workspace it belongs to (`team_id`; "" in single-workspace mode):
keys and uniques include it, because Slack ids are unique per workspace, not globally.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import (
    JSON,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
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

    team_id: Mapped[str] = mapped_column(
        String(40), default="", server_default="", primary_key=True
    )
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(), index=True)


class JoinedThread(Base):
    """A thread the bot has answered in: later messages there continue the conversation."""

    __tablename__ = "joined_threads"

    team_id: Mapped[str] = mapped_column(
        String(40), default="", server_default="", primary_key=True
    )
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
    # The Slack workspace (team id; "" in single-workspace mode).
    team_id: Mapped[str] = mapped_column(String(40), default="", server_default="")


class Feedback(Base):
    """A 👍/👎 click on a reply; one row per (reply, user), the latest click wins."""

    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("team_id", "reply_id", "user_id", name="uq_feedback_team_reply_user"),
    )

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
    # The Slack workspace (team id; "" in single-workspace mode).
    team_id: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # After a 👎, what was missing (FEEDBACK_REASONS in bot/slack/feedback_reasons.py) and the
    # person's own words, when given.
    reason: Mapped[str] = mapped_column(String(20), default="", server_default="")
    comment: Mapped[str] = mapped_column(Text, default="", server_default="")


class Subscription(Base):
    """A weekly post of content ideas in a channel (one per channel of a workspace)."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("team_id", "channel", name="uq_subscriptions_team_channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(40))
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
    # The Slack workspace (team id; "" in single-workspace mode).
    team_id: Mapped[str] = mapped_column(String(40), default="", server_default="")


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
    # The Slack workspace (team id; "" in single-workspace mode).
    team_id: Mapped[str] = mapped_column(String(40), default="", server_default="")


class UserLanguage(Base):
    """The language a person chose for the bot in the App Home (fr | en)."""

    __tablename__ = "user_languages"

    team_id: Mapped[str] = mapped_column(
        String(40), default="", server_default="", primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    language: Mapped[str] = mapped_column(String(5))
    updated_at: Mapped[datetime] = mapped_column(DateTime())


class WorkspaceDeparture(Base):
    """A workspace that uninstalled the app: its rows go when the retention period has passed
    since `departed_at` (or at once with KILOVOLT_FORGET_ON_UNINSTALL); reinstalling clears it."""

    __tablename__ = "workspace_departures"

    team_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    departed_at: Mapped[datetime] = mapped_column(DateTime())


# slack_sdk's OAuth tables (installations, bots, OAuth states), built by slack_sdk itself so they
# match what its SQLAlchemy stores read and write; created by migration 0005.
SLACK_INSTALLATIONS = SQLAlchemyInstallationStore.build_installations_table(
    Base.metadata, SQLAlchemyInstallationStore.default_installations_table_name
)
SLACK_BOTS = SQLAlchemyInstallationStore.build_bots_table(
    Base.metadata, SQLAlchemyInstallationStore.default_bots_table_name
)
SLACK_OAUTH_STATES = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    Base.metadata, SQLAlchemyOAuthStateStore.default_table_name
)


class BrandProfileRow(Base):
    """A workspace's brand profile (channel "" ) or a channel's override: its set fields as JSON
    (bot/profiles/ reads and checks them), who changed it last and when."""

    __tablename__ = "brand_profiles"

    team_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(40), primary_key=True, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime())
    updated_by: Mapped[str] = mapped_column(String(40), default="", server_default="")


class ApprovalRequest(Base):
    """A draft sent for a client's approval from a DM critique: one reviewer, versions sent by
    the author in the critique's thread, decisions by the reviewer (bot/state/approvals.py)."""

    __tablename__ = "approval_requests"
    # Every DM critique in a thread looks for the thread's open request; at most one is open per
    # thread, even when two replicas handle two clicks at once (a partial unique index).
    __table_args__ = (
        Index("ix_approval_requests_thread", "team_id", "channel", "thread_ts"),
        Index(
            "uq_approval_requests_open_thread",
            "team_id",
            "channel",
            "thread_ts",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(40), default="", server_default="")
    author_id: Mapped[str] = mapped_column(String(40), index=True)
    reviewer_id: Mapped[str] = mapped_column(String(40), index=True)
    channel: Mapped[str] = mapped_column(String(40))  # the author's DM with the bot
    thread_ts: Mapped[str] = mapped_column(String(40))  # the critique's thread
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | approved
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    language: Mapped[str] = mapped_column(String(5), default="fr", server_default="fr")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime())
    updated_at: Mapped[datetime] = mapped_column(DateTime(), index=True)


class ApprovalVersion(Base):
    """One version of a request's draft, with its critique summary and the reviewer's message."""

    __tablename__ = "approval_versions"
    __table_args__ = (
        UniqueConstraint("request_id", "number", name="uq_approval_versions_request_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(40), default="", server_default="")
    request_id: Mapped[str] = mapped_column(String(40), index=True)
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[str] = mapped_column(String(40))  # the draft is the author's text
    draft: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    reply_id: Mapped[str] = mapped_column(String(40), default="", server_default="")
    review_channel: Mapped[str] = mapped_column(String(40), default="", server_default="")
    review_ts: Mapped[str] = mapped_column(String(40), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime())


class ApprovalDecision(Base):
    """The reviewer's decision on one version (approved | changes): at most one per version, so
    two replicas receiving the same click record it once."""

    __tablename__ = "approval_decisions"
    __table_args__ = (
        UniqueConstraint("request_id", "version", name="uq_approval_decisions_request_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(40), default="", server_default="")
    request_id: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[str] = mapped_column(String(40))
    author_id: Mapped[str] = mapped_column(String(40))  # whose draft was decided on
    comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime())
