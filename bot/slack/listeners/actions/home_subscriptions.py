"""App Home weekly posts: open the subscribe modal, unsubscribe a channel the viewer is in."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.acks import ack_now
from bot.slack.home import is_member, publish_home
from bot.slack.services import Services
from bot.slack.subscribe_modal import subscribe_modal
from bot.slack.texts import t
from bot.slack.views import HOME_SUBSCRIBE, HOME_UNSUBSCRIBE

log = logging.getLogger(__name__)


def register(app: App, root: Services) -> None:
    """Listen to « Abonner un canal » and « Se désabonner » (ack at once; the work is lazy)."""

    def open_modal(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        services = root.scoped(context)
        language = services.languages.get(context.user_id or "")
        view = subscribe_modal(language, services.settings.timezone)
        try:
            client.views_open(trigger_id=body["trigger_id"], view=view)
        except SlackApiError as exc:  # e.g. expired_trigger_id: the click can simply be redone
            log.warning("subscribe modal not opened: %s", exc.response.get("error"))

    def unsubscribe(
        body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        services = root.scoped(context)
        user = context.user_id or ""
        channel = str(action.get("value") or "")[:40]
        if not is_member(client, user, channel):  # a forged value, or the viewer left it
            language = services.languages.get(user)
            client.chat_postMessage(
                channel=user, text=t("home_not_member", language, channel=channel)
            )
            return
        services.store.unsubscribe(channel)
        publish_home(services, client, user, body)

    app.action(HOME_SUBSCRIBE)(ack=ack_now, lazy=[open_modal])
    app.action(HOME_UNSUBSCRIBE)(ack=ack_now, lazy=[unsubscribe])
