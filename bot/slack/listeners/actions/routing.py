"""« Critiquer ce texte » / « C'est une question »: the user settles an ambiguous DM's route."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient

from bot.french import detect_language
from bot.slack.acks import ack_now
from bot.slack.blocks import ROUTE_ANSWER, ROUTE_CRITIQUE
from bot.slack.blocks import context as context_block
from bot.slack.conversation import Conversation
from bot.slack.services import Services
from bot.slack.texts import t

log = logging.getLogger(__name__)


def register(app: App, root: Services) -> None:
    """Listen to the two routing buttons (ack at once; the reply is lazy work)."""

    def on_route(
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        services = root.scoped(context)
        route = "critique" if action["action_id"] == ROUTE_CRITIQUE else "answer"
        reply = services.store.get_reply(str(action.get("value") or "")[:40])
        user = context.user_id or ""
        if reply is None or reply.kind != "routing" or not reply.question:
            respond(text=t("route_gone", services.languages.get(user)), replace_original=True)
            return
        language = detect_language(reply.question)
        respond(
            text=t(f"route_chosen_{route}", language),
            blocks=[context_block(t(f"route_chosen_{route}", language))],
            replace_original=True,
        )
        where = reply.payload or {}
        thread_ts = str(where.get("thread_ts") or where.get("ts") or "")
        # The choice holds for the thread: later messages there take the same route.
        services.store.set_thread_kind(reply.channel, thread_ts, route, user_id=reply.user_id)
        event = {
            "channel": reply.channel,
            "channel_type": "im",
            "ts": str(where.get("ts") or thread_ts),
            "thread_ts": thread_ts,
            "user": where.get("user") or user,
            "text": reply.question,
        }
        team = (body.get("team") or {}).get("id")
        Conversation(services, client, event, team).run(route=route)

    for action_id in (ROUTE_CRITIQUE, ROUTE_ANSWER):
        app.action(action_id)(ack=ack_now, lazy=[on_route])
