"""App Home buttons: open the DM (a link; acked only), try an example, change the language."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.slack.acks import ack_now
from bot.slack.conversation import Conversation
from bot.slack.home import publish_home
from bot.slack.languages import LANGUAGES
from bot.slack.services import Services
from bot.slack.texts import Language, t
from bot.slack.views import HOME_LANGUAGE, HOME_OPEN_DM, HOME_TRY, examples

log = logging.getLogger(__name__)


def _user(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id") or "")


def _example(value: str) -> tuple[Language, str] | None:
    """(language, question) of a « try » button's `fr:1` value; None for a forged one."""
    code, _, index = value.partition(":")
    language: Language = "en" if code == "en" else "fr"
    questions = examples(language)
    if code not in LANGUAGES or not index.isdigit() or int(index) >= len(questions):
        return None
    return language, questions[int(index)]


def register(app: App, root: Services) -> None:
    """Listen to the Home's buttons and language select (ack at once; the work is lazy)."""

    def try_example(
        body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        services = root.scoped(context)
        user, example = _user(body), _example(str(action.get("value") or ""))
        if example is None or not user:
            log.info("unknown example %r ignored", action.get("value"))
            return
        language, question = example
        try:  # a user id as channel: Slack posts in the app's DM with that person
            posted = client.chat_postMessage(
                channel=user, text=t("home_try_intro", language, question=question)
            )
        except SlackApiError as exc:
            log.warning("example not posted: %s", exc.response.get("error"))
            return
        ts = str(posted["ts"])
        event = {"channel": posted["channel"], "channel_type": "im", "ts": ts, "thread_ts": ts}
        event |= {"user": user, "text": question}
        team = (body.get("team") or {}).get("id")
        Conversation(services, client, event, team).run(route="answer")

    def change_language(
        body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        services = root.scoped(context)
        user = _user(body)
        chosen = str((action.get("selected_option") or {}).get("value") or "")
        if chosen not in LANGUAGES or not user:
            return
        try:
            services.languages.choose(user, "en" if chosen == "en" else "fr")
        except SQLAlchemyError:
            log.warning("language choice not stored: state store down")
        publish_home(services, client, user, body)

    app.action(HOME_OPEN_DM)(ack_now)  # a link button: Slack opens the DM, the app only acks
    app.action(HOME_TRY)(ack=ack_now, lazy=[try_example])
    app.action(HOME_LANGUAGE)(ack=ack_now, lazy=[change_language])
