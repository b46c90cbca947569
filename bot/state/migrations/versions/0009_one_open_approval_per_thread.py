"""At most one open approval request per thread: a partial unique index.

Two replicas handling two « Envoyer pour approbation » clicks in one thread at the same moment
could each find no open request and create one. Duplicates left by such a race are closed first
(the newest open request of a thread stays open, older ones become `cancelled`).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "uq_approval_requests_open_thread"
OPEN = sa.text("status = 'open'")
_CLOSE_DUPLICATES = sa.text(
    """
    UPDATE approval_requests SET status = 'cancelled'
    WHERE status = 'open' AND id NOT IN (
        SELECT id FROM (
            SELECT id, ROW_NUMBER() OVER (
                PARTITION BY team_id, channel, thread_ts ORDER BY created_at DESC, id DESC
            ) AS rank FROM approval_requests WHERE status = 'open'
        ) AS ranked WHERE rank = 1
    )
    """
)


def upgrade() -> None:
    """Close duplicate open requests, then create the index (kept when `create_all` made it)."""
    bind = op.get_bind()
    indexes = {i["name"] for i in sa.inspect(bind).get_indexes("approval_requests")}
    if INDEX in indexes:
        return
    bind.execute(_CLOSE_DUPLICATES)
    op.create_index(
        INDEX,
        "approval_requests",
        ["team_id", "channel", "thread_ts"],
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def downgrade() -> None:
    """Drop the index (closed duplicates stay closed)."""
    op.drop_index(INDEX, table_name="approval_requests")
