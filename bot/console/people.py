"""conversations.open in the console: the bot's DM with one person of the workspace."""

from __future__ import annotations

from typing import Any

from bot.console.api_checks import SlackError
from bot.console.workspace import Workspace


def conversations_open(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """Slack's answer for `users` (one person): her DM with the bot; Slack's errors otherwise
    (several users would be a group DM, which the console does not play)."""
    users = [u.strip() for u in str(args.get("users") or "").split(",") if u.strip()]
    if not users:
        raise SlackError("users_list_not_supplied")
    if len(users) > 1:
        raise SlackError("not_implemented", ["[ERROR] the console plays one-to-one DMs only"])
    user = ws.users.get(users[0])
    if user is None:
        raise SlackError("user_not_found")
    if user.get("is_bot"):
        raise SlackError("cannot_dm_bot")
    if user.get("deleted"):
        raise SlackError("user_disabled")
    dm = ws.dm_of(users[0])
    if dm is None:
        raise SlackError("channel_not_found")
    return {"channel": {"id": dm.id}}
