"""The profile modal submitted: field errors shown at once, else the profile saved (admins and
allowed editors only) and confirmed by DM."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.profiles import ProfileRepository
from bot.slack.listeners.actions.profile import allowed, body_team, body_user
from bot.slack.profile_view import PROFILE_MODAL, modal_language, read_submission, text
from bot.slack.services import Services

log = logging.getLogger(__name__)


def register(app: App, root: Services) -> None:
    """Validate in the ack (Slack shows `errors` under the fields); check the editor, save and
    confirm lazily."""

    def check(ack: Ack, view: dict[str, Any]) -> None:
        submission, errors = read_submission(view)
        if submission is None:
            ack(response_action="errors", errors=errors)
        else:
            ack()

    def save(
        body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        services = root.scoped(context)
        user, team = body_user(body), body_team(body)
        language = modal_language(view)
        if not user or not team:
            return
        if not allowed(client, user, services.settings.profile_editors):
            client.chat_postMessage(channel=user, text=text("not_allowed", language))
            return
        repository = ProfileRepository(services.store.engine)
        try:
            workspace = repository.get(team)
            submission, _ = read_submission(view, workspace.profile if workspace else None)
            if submission is None:
                return  # the modal showed the errors
            repository.set(team, submission.channel, submission.profile, updated_by=user)
        except SQLAlchemyError:
            log.warning("brand profile not saved", exc_info=True)
            client.chat_postMessage(channel=user, text=services_error(language))
            return
        where = (
            text("saved_channel", language, channel=submission.channel)
            if submission.channel
            else ""
        )
        client.chat_postMessage(channel=user, text=text("saved", language, where=where))

    app.view(PROFILE_MODAL)(ack=check, lazy=[save])


def services_error(language: str) -> str:
    """The one line saying the profile could not be saved (the database is unavailable)."""
    if language == "en":
        return "The business profile could not be saved right now. Please try again shortly."
    return (
        "Le profil de l'entreprise n'a pas pu être enregistré pour l'instant. Réessayez sous peu."
    )
