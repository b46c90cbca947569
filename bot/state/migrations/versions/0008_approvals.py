"""Client approval loop: requests, their versions and the reviewer's decisions (the audit trail).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _team() -> sa.Column:
    return sa.Column("team_id", sa.String(length=40), server_default="", nullable=False)


def upgrade() -> None:
    """Create the three tables (kept when a database adopted from `create_all` has them)."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "approval_requests" not in existing:
        op.create_table(
            "approval_requests",
            sa.Column("id", sa.String(length=40), nullable=False),
            _team(),
            sa.Column("author_id", sa.String(length=40), nullable=False),
            sa.Column("reviewer_id", sa.String(length=40), nullable=False),
            sa.Column("channel", sa.String(length=40), nullable=False),
            sa.Column("thread_ts", sa.String(length=40), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("current_version", sa.Integer(), nullable=False),
            sa.Column("language", sa.String(length=5), server_default="fr", nullable=False),
            sa.Column("note", sa.Text(), server_default="", nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_requests")),
        )
        for column in ("author_id", "reviewer_id", "updated_at"):
            op.create_index(op.f(f"ix_approval_requests_{column}"), "approval_requests", [column])
        op.create_index(
            op.f("ix_approval_requests_thread"),
            "approval_requests",
            ["team_id", "channel", "thread_ts"],
        )
    if "approval_versions" not in existing:
        op.create_table(
            "approval_versions",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            _team(),
            sa.Column("request_id", sa.String(length=40), nullable=False),
            sa.Column("number", sa.Integer(), nullable=False),
            sa.Column("author_id", sa.String(length=40), nullable=False),
            sa.Column("draft", sa.Text(), nullable=False),
            sa.Column("summary", sa.Text(), server_default="", nullable=False),
            sa.Column("reply_id", sa.String(length=40), server_default="", nullable=False),
            sa.Column("review_channel", sa.String(length=40), server_default="", nullable=False),
            sa.Column("review_ts", sa.String(length=40), server_default="", nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_versions")),
            sa.UniqueConstraint("request_id", "number", name="uq_approval_versions_request_number"),
        )
        op.create_index(
            op.f("ix_approval_versions_request_id"), "approval_versions", ["request_id"]
        )
    if "approval_decisions" not in existing:
        op.create_table(
            "approval_decisions",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            _team(),
            sa.Column("request_id", sa.String(length=40), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("decision", sa.String(length=20), nullable=False),
            sa.Column("decided_by", sa.String(length=40), nullable=False),
            sa.Column("author_id", sa.String(length=40), nullable=False),
            sa.Column("comment", sa.Text(), server_default="", nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_decisions")),
            sa.UniqueConstraint(
                "request_id", "version", name="uq_approval_decisions_request_version"
            ),
        )
        op.create_index(
            op.f("ix_approval_decisions_request_id"), "approval_decisions", ["request_id"]
        )


def downgrade() -> None:
    """Drop the three tables (the audit trail goes with them)."""
    for table in ("approval_decisions", "approval_versions", "approval_requests"):
        op.drop_table(table)
