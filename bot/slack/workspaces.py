"""Each workspace's Web API client outside a Slack request (the weekly post), from its installation.

The token comes from Bolt's authorize (the installation store), which refreshes a rotating token
that is about to expire, exactly as for a request from that workspace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltContext
from slack_bolt.authorization.authorize import Authorize
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine, desc, select

from bot.state.models import SLACK_INSTALLATIONS

log = logging.getLogger(__name__)


def installation_enterprise(engine: Engine, team_id: str) -> tuple[bool, str | None]:
    """Whether `team_id` has an installation, and its Enterprise Grid org (None outside Grid)."""
    table = SLACK_INSTALLATIONS
    query = (
        select(table.c.enterprise_id)
        .where(table.c.team_id == team_id)
        .order_by(desc(table.c.installed_at))
        .limit(1)
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return (row is not None, row[0] if row is not None else None)


class TeamClients:
    """`client_for(team_id)`: a WebClient with that workspace's bot token, or None when the app
    is not installed there (any more)."""

    def __init__(
        self, authorize: Authorize, engine: Engine, make_client: Callable[[str | None], WebClient]
    ) -> None:
        self.authorize, self.engine, self.make_client = authorize, engine, make_client

    def client_for(self, team_id: str) -> WebClient | None:
        installed, enterprise_id = installation_enterprise(self.engine, team_id)
        if not installed:
            return None
        context = BoltContext({"client": self.make_client(None)})
        try:
            result = self.authorize(
                context=context, enterprise_id=enterprise_id, team_id=team_id, user_id=None
            )
        except SlackApiError as exc:
            log.warning("workspace token refused (%s)", exc.response.get("error"))
            return None
        if result is None or not result.bot_token:
            return None
        return self.make_client(result.bot_token)
