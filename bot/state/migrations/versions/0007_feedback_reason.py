"""What was missing: the reason (and an optional comment) given after a 👎.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add `reason` and `comment` to feedback (kept when `create_all` already made them)."""
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("feedback")}
    if "reason" not in columns:
        op.add_column(
            "feedback", sa.Column("reason", sa.String(length=20), server_default="", nullable=False)
        )
    if "comment" not in columns:
        op.add_column(
            "feedback", sa.Column("comment", sa.Text(), server_default="", nullable=False)
        )


def downgrade() -> None:
    """Drop the two columns."""
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("comment")
        batch.drop_column("reason")
