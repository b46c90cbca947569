"""Suggested prompts: on a DM opened (agent experience) and on `assistant_thread_started` (older
clients and apps still on `assistant_view`), in the user's language."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, Assistant, BoltContext, Say, SetSuggestedPrompts
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.dedupe import first_delivery
from bot.slack.services import Services
from bot.slack.texts import Language, t

log = logging.getLogger(__name__)

SUGGESTED_PROMPTS: dict[Language, list[dict[str, str]]] = {
    "fr": [
        {
            "title": "Parler de nos promotions",
            "message": "Comment parler de nos promotions sans faire fuir nos abonnés?",
        },
        {
            "title": "Critiquer un brouillon",
            "message": "Voici mon brouillon de publication, qu’en pensez-vous? (collez-le ici)",
        },
        {
            "title": "Idées pour la semaine",
            "message": "Quelles idées de contenu pour notre page Facebook cette semaine?",
        },
    ],
    "en": [
        {
            "title": "Talk about our sales",
            "message": "How do we talk about our sales without driving followers away?",
        },
        {
            "title": "Review a draft",
            "message": "Here is my draft post, what do you think? (paste it here)",
        },
        {
            "title": "Ideas for the week",
            "message": "What content ideas for our Facebook page this week?",
        },
    ],
}


def offer_prompts(client: WebClient, channel: str, language: Language) -> None:
    """Set the suggested prompts of a DM in the agent experience.

    Without `thread_ts`: Slack documents that an agent app (`agent_view`) must leave it out, or
    the call silently fails; the prompts then apply to the latest message of the channel.
    """
    try:
        client.assistant_threads_setSuggestedPrompts(
            channel_id=channel,
            prompts=SUGGESTED_PROMPTS[language],
            title=t("prompts_title", language),
        )
    except SlackApiError as exc:
        log.warning("suggested prompts not set: %s", exc.response.get("error"))


def register(app: App, root: Services) -> None:
    """Use Bolt's Assistant middleware for thread starts only (user messages fall through)."""
    assistant = Assistant()

    @assistant.thread_started
    def on_thread_started(
        body: dict[str, Any],
        event: dict[str, Any],
        say: Say,
        set_suggested_prompts: SetSuggestedPrompts,
        context: BoltContext,
    ) -> None:
        services = root.scoped(context)
        if not first_delivery(services.store, body):
            return  # a Slack retry: the greeting is already there
        thread = event.get("assistant_thread") or {}
        services.store.join_thread(
            thread.get("channel_id", ""),
            thread.get("thread_ts", ""),
            "assistant",
            user_id=str(thread.get("user_id") or ""),
        )
        language = services.languages.get(thread.get("user_id"))
        say(t("greeting", language))
        set_suggested_prompts(
            prompts=SUGGESTED_PROMPTS[language], title=t("prompts_title", language)
        )

    @assistant.thread_context_changed
    def on_context_changed() -> None:
        """Nothing to save: the bot does not use the channel the user is viewing."""

    app.use(assistant)
