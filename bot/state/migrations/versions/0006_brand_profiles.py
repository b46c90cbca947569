"""Brand profiles per workspace (channel "" = the workspace default) and per-channel overrides.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create `brand_profiles` (kept when a database adopted from `create_all` has it)."""
    if "brand_profiles" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "brand_profiles",
        sa.Column("team_id", sa.String(length=40), nullable=False),
        sa.Column("channel_id", sa.String(length=40), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=40), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("team_id", "channel_id", name=op.f("pk_brand_profiles")),
    )


def downgrade() -> None:
    """Drop `brand_profiles`."""
    op.drop_table("brand_profiles")
