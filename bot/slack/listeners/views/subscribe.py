"""The subscribe modal submitted: errors shown in the modal at once, else the weekly post saved."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.slack.home import publish_home
from bot.slack.services import Services
from bot.slack.subscribe_modal import SUBSCRIBE_MODAL, read_submission
from bot.slack.texts import DAY_NAMES, t

log = logging.getLogger(__name__)


def register(app: App, root: Services) -> None:
    """Validate in the ack (Slack shows `errors` under the fields); save and confirm lazily."""

    def check(ack: Ack, view: dict[str, Any]) -> None:
        choice, errors = read_submission(view)
        if choice is None:
            ack(response_action="errors", errors=errors)
        else:
            ack()

    def save(
        body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        services = root.scoped(context)
        choice, _ = read_submission(view)
        user = context.user_id or ""
        if choice is None or not user:
            return  # the modal showed the errors
        language = services.languages.get(user)
        tz = services.settings.timezone
        services.store.subscribe(
            choice.channel, choice.weekday, choice.hour, 0, tz, user, language=language
        )
        when = f"{choice.hour}:00" if language == "en" else f"{choice.hour} h 00"
        day = DAY_NAMES[language][choice.weekday]
        text = t("subscribed", language, channel=choice.channel, day=day, time=when, tz=tz)
        client.chat_postMessage(channel=user, text=text)
        publish_home(services, client, user, body)

    app.view(SUBSCRIBE_MODAL)(ack=check, lazy=[save])
