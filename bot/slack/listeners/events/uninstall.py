"""`app_uninstalled` and `tokens_revoked` (OAuth mode): the installation goes, then the data.

Bolt's own listeners delete the installation from the store. The workspace's rows are deleted at
once with KILOVOLT_FORGET_ON_UNINSTALL, else when the retention period has passed since the
uninstall (bot/state/tenants.py); installing again before then keeps them.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext

from bot.slack.knowledge_uploads import drop_added_documents
from bot.slack.services import Services, request_team
from bot.state.tenants import forget_team, record_departure

log = logging.getLogger(__name__)


def workspace_left(services: Services, team: str) -> None:
    """Delete the workspace's rows now, or record when it left (per the setting)."""
    if not team:
        return
    engine = services.store.engine
    if services.settings.forget_on_uninstall:
        counts = forget_team(engine, team)
        log.info("app uninstalled from a workspace: %d rows deleted", sum(counts.values()))
        drop_added_documents(services, [team])
    else:
        record_departure(engine, team, services.clock())
        log.info(
            "app uninstalled from a workspace: its rows go in %d days",
            services.settings.retention_days,
        )


def register(app: App, root: Services) -> None:
    """Listen to the two events when the app is installed through OAuth."""
    if not root.multi_team:
        return
    remove_installation = app.default_app_uninstalled_event_listener()
    remove_tokens = app.default_tokens_revoked_event_listener()

    @app.event("app_uninstalled")
    def on_uninstalled(context: BoltContext) -> None:
        remove_installation(context=context)
        workspace_left(root, request_team(context))

    @app.event("tokens_revoked")
    def on_tokens_revoked(event: dict[str, Any], context: BoltContext) -> None:
        remove_tokens(event=event, context=context)
        if (event.get("tokens") or {}).get("bot"):  # the bot can no longer act there
            workspace_left(root, request_team(context))
