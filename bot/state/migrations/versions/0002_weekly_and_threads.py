"""Weekly posts that survive errors: paused subscriptions, ideas stored once, back-off in the row.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def new_columns() -> dict[str, list[sa.Column]]:
    """The columns this revision adds, by table (fresh objects: a Column belongs to one table)."""
    return {
        "subscriptions": [
            sa.Column("language", sa.String(length=5), server_default="", nullable=False),
            sa.Column("paused_reason", sa.String(length=40), server_default="", nullable=False),
            sa.Column("paused_at", sa.DateTime(), nullable=True),
        ],
        "weekly_posts": [
            sa.Column("ideas", sa.JSON(), nullable=True),
            sa.Column("reply_id", sa.String(length=40), server_default="", nullable=False),
            sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
            sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
            sa.Column("last_error", sa.String(length=60), server_default="", nullable=False),
        ],
    }


def _existing(table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    """Add the columns; ones already there (a database adopted from `create_all`) are kept."""
    for table, columns in new_columns().items():
        present = _existing(table)
        for column in columns:
            if column.name not in present:
                op.add_column(table, column)


def downgrade() -> None:
    """Drop the columns added by this revision."""
    for table, columns in new_columns().items():
        with op.batch_alter_table(table) as batch:
            for column in reversed(columns):
                batch.drop_column(column.name)
