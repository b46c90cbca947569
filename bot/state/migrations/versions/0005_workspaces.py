"""Workspaces: Slack OAuth installations and the team key on every stored row.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEAM_TABLES = (
    "processed_events",
    "joined_threads",
    "replies",
    "feedback",
    "subscriptions",
    "weekly_posts",
    "user_languages",
)
"""Tables that get `team_id` ("" for the rows of single-workspace mode)."""

KEYS = {  # table → (old primary key columns, new primary key columns)
    "processed_events": (["key"], ["team_id", "key"]),
    "joined_threads": (["channel", "thread_ts"], ["team_id", "channel", "thread_ts"]),
    "user_languages": (["user_id"], ["team_id", "user_id"]),
}
UNIQUES = {  # table → (old unique name, old columns, new unique name, new columns)
    "feedback": (
        "uq_feedback_reply_user",
        ["reply_id", "user_id"],
        "uq_feedback_team_reply_user",
        ["team_id", "reply_id", "user_id"],
    ),
    "subscriptions": (
        "uq_subscriptions_channel",
        ["channel"],
        "uq_subscriptions_team_channel",
        ["team_id", "channel"],
    ),
}


def _installations_table() -> None:
    """slack_sdk's installation store table (SQLAlchemyInstallationStore, slack_installations)."""
    op.create_table(
        "slack_installations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("enterprise_name", sa.String(length=200), nullable=True),
        sa.Column("enterprise_url", sa.String(length=200), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("bot_token", sa.String(length=200), nullable=True),
        sa.Column("bot_id", sa.String(length=32), nullable=True),
        sa.Column("bot_user_id", sa.String(length=32), nullable=True),
        sa.Column("bot_scopes", sa.String(length=1000), nullable=True),
        sa.Column("bot_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("bot_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("user_token", sa.String(length=200), nullable=True),
        sa.Column("user_scopes", sa.String(length=1000), nullable=True),
        sa.Column("user_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("user_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("incoming_webhook_url", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_channel", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_channel_id", sa.String(length=200), nullable=True),
        sa.Column("incoming_webhook_configuration_url", sa.String(length=200), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("token_type", sa.String(length=32), nullable=True),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_installations")),
    )
    op.create_index(
        "slack_installations_idx",
        "slack_installations",
        ["client_id", "enterprise_id", "team_id", "user_id", "installed_at"],
        unique=False,
    )


def _bots_table() -> None:
    """slack_sdk's bot table (SQLAlchemyInstallationStore, slack_bots)."""
    op.create_table(
        "slack_bots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("enterprise_name", sa.String(length=200), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("bot_token", sa.String(length=200), nullable=True),
        sa.Column("bot_id", sa.String(length=32), nullable=True),
        sa.Column("bot_user_id", sa.String(length=32), nullable=True),
        sa.Column("bot_scopes", sa.String(length=1000), nullable=True),
        sa.Column("bot_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("bot_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_bots")),
    )
    op.create_index(
        "slack_bots_idx",
        "slack_bots",
        ["client_id", "enterprise_id", "team_id", "installed_at"],
        unique=False,
    )


def _oauth_states_table() -> None:
    """slack_sdk's OAuth state store table (SQLAlchemyOAuthStateStore, slack_oauth_states)."""
    op.create_table(
        "slack_oauth_states",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("state", sa.String(length=200), nullable=False),
        sa.Column("expire_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_oauth_states")),
    )


def _departures_table() -> None:
    """Workspaces that uninstalled the app, waiting for their data's retention to end."""
    op.create_table(
        "workspace_departures",
        sa.Column("team_id", sa.String(length=40), nullable=False),
        sa.Column("departed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_workspace_departures")),
    )


def _unique_names(inspector: sa.Inspector, table: str) -> set[str]:
    return {str(u["name"]) for u in inspector.get_unique_constraints(table) if u.get("name")}


def _add_team_keys(inspector: sa.Inspector) -> None:
    """`team_id` on every state table, then the keys and uniques that include it."""
    for table in TEAM_TABLES:
        columns = {column["name"] for column in inspector.get_columns(table)}
        primary = list(inspector.get_pk_constraint(table).get("constrained_columns") or [])
        uniques = _unique_names(inspector, table)
        with op.batch_alter_table(table) as batch:
            if "team_id" not in columns:
                batch.add_column(
                    sa.Column("team_id", sa.String(length=40), server_default="", nullable=False)
                )
            if table in KEYS and primary != KEYS[table][1]:
                batch.drop_constraint(f"pk_{table}", type_="primary")
                batch.create_primary_key(f"pk_{table}", KEYS[table][1])
            if table in UNIQUES:
                old, _old_columns, new, new_columns = UNIQUES[table]
                if old in uniques:
                    batch.drop_constraint(old, type_="unique")
                if new not in uniques:
                    batch.create_unique_constraint(new, new_columns)


def upgrade() -> None:
    """Create slack_sdk's OAuth tables and `workspace_departures`, and key every state table by
    team (what a database adopted from `create_all` already has is kept)."""
    inspector = sa.inspect(op.get_bind())
    tables = set(inspector.get_table_names())
    for name, create in (
        ("slack_installations", _installations_table),
        ("slack_bots", _bots_table),
        ("slack_oauth_states", _oauth_states_table),
        ("workspace_departures", _departures_table),
    ):
        if name not in tables:
            create()
    _add_team_keys(inspector)


def downgrade() -> None:
    """Back to one workspace: the team keys go (rows of several teams would collide: the
    downgrade fails rather than merge them), then the OAuth and departure tables."""
    for table in reversed(TEAM_TABLES):
        with op.batch_alter_table(table) as batch:
            if table in UNIQUES:
                old, old_columns, new, _new_columns = UNIQUES[table]
                batch.drop_constraint(new, type_="unique")
                batch.create_unique_constraint(old, old_columns)
            if table in KEYS:
                batch.drop_constraint(f"pk_{table}", type_="primary")
                batch.create_primary_key(f"pk_{table}", KEYS[table][0])
            batch.drop_column("team_id")
    op.drop_table("workspace_departures")
    op.drop_table("slack_oauth_states")
    op.drop_index("slack_bots_idx", table_name="slack_bots")
    op.drop_table("slack_bots")
    op.drop_index("slack_installations_idx", table_name="slack_installations")
    op.drop_table("slack_installations")
