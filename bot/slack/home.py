"""Publish a person's App Home in their language, with subscriptions of their channels only."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.slack.services import Services
from bot.slack.views import home_view

log = logging.getLogger(__name__)
MAX_PAGES = 20  # 20 × 1,000 channels: more than any person is in


def viewer_channels(client: WebClient, user: str) -> set[str] | None:
    """The channels `user` is in (users.conversations, every page), or None when Slack says no."""
    channels: set[str] = set()
    cursor = ""
    try:
        for _ in range(MAX_PAGES):
            page = client.users_conversations(
                user=user,
                types="public_channel,private_channel",
                exclude_archived=True,
                limit=1000,
                cursor=cursor or None,
            )
            channels.update(str(c.get("id")) for c in page.get("channels") or [])
            cursor = str((page.get("response_metadata") or {}).get("next_cursor") or "")
            if not cursor:
                break
    except SlackApiError as exc:
        log.warning("channels of a Home viewer unknown: %s", exc.response.get("error"))
        return None
    return channels


def is_member(client: WebClient, user: str, channel: str) -> bool:
    """Whether `user` is in `channel` (False when Slack cannot tell)."""
    return channel in (viewer_channels(client, user) or set())


def dm_url(body: dict[str, Any]) -> str | None:
    """The app_redirect link opening the person's DM with the app (None without an app id)."""
    app_id = str(body.get("api_app_id") or "")
    team = str(body.get("team_id") or (body.get("team") or {}).get("id") or "")
    if not app_id:
        return None
    return f"https://slack.com/app_redirect?app={app_id}" + (f"&team={team}" if team else "")


def publish_home(services: Services, client: WebClient, user: str, body: dict[str, Any]) -> None:
    """views.publish the Home of `user` (subscriptions shown only for channels they are in)."""
    language = services.languages.get(user)
    try:
        subscriptions = services.store.subscriptions()
    except SQLAlchemyError:
        log.warning("App Home without subscriptions: state store down")
        subscriptions = []
    if subscriptions:  # fail closed: nothing listed when Slack cannot say where the viewer is
        mine = viewer_channels(client, user) or set()
        subscriptions = [s for s in subscriptions if s.channel in mine]
    view = home_view(services.settings.slash_command, subscriptions, language, dm_url(body))
    try:
        client.views_publish(user_id=user, view=view)
    except SlackApiError as exc:
        log.warning("App Home not published: %s", exc.response.get("error"))
