"""Initial state schema: event dedupe, threads, replies, feedback, subscriptions, weekly posts.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create every table of the bot's state."""
    op.create_table(
        "processed_events",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_processed_events")),
    )
    op.create_index(
        op.f("ix_processed_events_expires_at"), "processed_events", ["expires_at"], unique=False
    )
    op.create_table(
        "joined_threads",
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("thread_ts", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "thread_ts", name=op.f("pk_joined_threads")),
    )
    op.create_table(
        "replies",
        sa.Column("reply_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("reply_id", name=op.f("pk_replies")),
    )
    op.create_index(op.f("ix_replies_created_at"), "replies", ["created_at"], unique=False)
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reply_id", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint("reply_id", "user_id", name="uq_feedback_reply_user"),
    )
    op.create_index(op.f("ix_feedback_reply_id"), "feedback", ["reply_id"], unique=False)
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("channel", name=op.f("uq_subscriptions_channel")),
    )
    op.create_table(
        "weekly_posts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("claimed_by", sa.String(length=80), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.Column("posted_ts", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_posts")),
        sa.UniqueConstraint("subscription_id", "week", name="uq_weekly_posts_subscription_week"),
    )
    op.create_index(
        op.f("ix_weekly_posts_subscription_id"), "weekly_posts", ["subscription_id"], unique=False
    )


def downgrade() -> None:
    """Drop every table of the bot's state."""
    op.drop_index(op.f("ix_weekly_posts_subscription_id"), table_name="weekly_posts")
    op.drop_table("weekly_posts")
    op.drop_table("subscriptions")
    op.drop_index(op.f("ix_feedback_reply_id"), table_name="feedback")
    op.drop_table("feedback")
    op.drop_index(op.f("ix_replies_created_at"), table_name="replies")
    op.drop_table("replies")
    op.drop_table("joined_threads")
    op.drop_index(op.f("ix_processed_events_expires_at"), table_name="processed_events")
    op.drop_table("processed_events")
