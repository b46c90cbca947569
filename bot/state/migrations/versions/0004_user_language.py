"""The language each person chose in the App Home.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create `user_languages` (kept when a database adopted from `create_all` has it)."""
    if "user_languages" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "user_languages",
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_languages")),
    )


def downgrade() -> None:
    """Drop `user_languages`."""
    op.drop_table("user_languages")
