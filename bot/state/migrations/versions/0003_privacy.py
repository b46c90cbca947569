"""Privacy (Law 25): who asked each reply and who brought the bot into each thread.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _existing(table: str) -> tuple[set[str], set[str]]:
    inspector = sa.inspect(op.get_bind())
    columns = {column["name"] for column in inspector.get_columns(table)}
    return columns, {index["name"] for index in inspector.get_indexes(table)}


def upgrade() -> None:
    """Add `user_id` to replies (indexed, for export and forget) and to joined threads; what a
    database adopted from `create_all` already has is kept."""
    for table in ("replies", "joined_threads"):
        columns, indexes = _existing(table)
        if "user_id" not in columns:
            op.add_column(
                table,
                sa.Column("user_id", sa.String(length=40), server_default="", nullable=False),
            )
        if table == "replies" and "ix_replies_user_id" not in indexes:
            op.create_index(op.f("ix_replies_user_id"), "replies", ["user_id"], unique=False)


def downgrade() -> None:
    """Drop the two `user_id` columns."""
    with op.batch_alter_table("joined_threads") as batch:
        batch.drop_column("user_id")
    op.drop_index(op.f("ix_replies_user_id"), table_name="replies")
    with op.batch_alter_table("replies") as batch:
        batch.drop_column("user_id")
