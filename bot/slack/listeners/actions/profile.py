"""App Home « Profil de l'entreprise » button: opens the profile modal for admins and editors."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.profiles import ProfileRepository
from bot.profiles.editors import may_edit
from bot.slack.acks import ack_now
from bot.slack.profile_view import PROFILE_OPEN, notice_modal, profile_modal, text
from bot.slack.services import Services

log = logging.getLogger(__name__)


def body_team(body: dict[str, Any]) -> str:
    """The workspace a button click or modal submission comes from."""
    team = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")
    return str(team or "")


def body_user(body: dict[str, Any]) -> str:
    """The person who clicked or submitted."""
    return str((body.get("user") or {}).get("id") or "")


def allowed(client: WebClient, user: str, editors: Sequence[str] = ()) -> bool:
    """Whether `user` may edit the profile: a listed editor, or an admin or owner (users.info).
    Unknown when Slack cannot say: no."""
    if may_edit({"id": user}, editors):
        return True
    try:
        info = client.users_info(user=user)
    except SlackApiError as exc:
        log.warning("users.info failed for the profile check: %s", exc.response.get("error"))
        return False
    return may_edit(dict(info.get("user") or {}), editors)


def register(app: App, root: Services) -> None:
    """Listen to the Home's `profile_open` button (ack at once; the work is lazy)."""

    def open_modal(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        services = root.scoped(context)
        user, team = body_user(body), body_team(body)
        language = services.languages.get(user)
        if not user or not allowed(client, user, services.settings.profile_editors):
            view = notice_modal(language, text("not_allowed", language))
        else:
            try:
                stored = ProfileRepository(services.store.engine).get(team)
            except SQLAlchemyError:
                log.warning("brand profile not read", exc_info=True)
                stored = None
            view = profile_modal(language, stored.profile if stored else None)
        try:
            client.views_open(trigger_id=body["trigger_id"], view=view)
        except SlackApiError as exc:  # e.g. expired_trigger_id: the click can simply be redone
            log.warning("profile modal not opened: %s", exc.response.get("error"))

    app.action(PROFILE_OPEN)(ack=ack_now, lazy=[open_modal])
