"""One decision on every incoming message event: ignore it, refuse politely, or answer it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

ALLOWED_SUBTYPES = {None, "thread_broadcast", "file_share"}
ThreadReplies = Literal["asker", "everyone"]
"""Who gets an answer in a joined channel thread without mentioning the bot."""


@dataclass(frozen=True)
class Decision:
    """`action` says what to do; `reason` is for logs and tests."""

    action: Literal["ignore", "refuse", "answer"]
    reason: str


@dataclass(frozen=True)
class BotIdentity:
    """Who the bot is (from auth.test)."""

    user_id: str
    bot_id: str


def decide(
    event: Mapping[str, Any],
    *,
    event_type: str,
    team_id: str | None,
    bot: BotIdentity,
    allowed_teams: Sequence[str] = (),
    allowed_channels: Sequence[str] = (),
    thread_asker: Callable[[str, str], str | None] = lambda _c, _t: None,
    thread_replies: ThreadReplies = "asker",
) -> Decision:
    """Whether and how to answer an `app_mention` or `message` event.

    `thread_asker(channel, thread_ts)` is who brought the bot into a thread ("" when unknown),
    None when the bot has not joined it. In a joined channel thread the bot answers only that
    person unless `thread_replies` is "everyone"; anyone who mentions the bot gets an answer."""
    if event.get("subtype") not in ALLOWED_SUBTYPES:
        return Decision("ignore", "subtype")
    if event.get("bot_id") or event.get("bot_profile") or event.get("user") == bot.user_id:
        return Decision("ignore", "bot message")
    if event.get("edited"):
        return Decision("ignore", "edited message")
    channel = str(event.get("channel") or "")
    is_dm = event.get("channel_type") == "im" or channel.startswith("D")
    shared = is_dm and bool(event.get("files"))  # an image alone in a DM gets asked for its text
    if not event.get("user") or not (str(event.get("text") or "").strip() or shared):
        return Decision("ignore", "no user or no text")
    if event_type == "message" and not is_dm:
        if f"<@{bot.user_id}" in str(event.get("text") or ""):
            return Decision("ignore", "mention handled by app_mention")
        thread_ts = event.get("thread_ts")
        asker = thread_asker(channel, str(thread_ts)) if thread_ts else None
        if asker is None:
            return Decision("ignore", "not in a joined thread")
        if thread_replies == "asker" and asker and event.get("user") != asker:
            return Decision("ignore", "not the asker")
    if not is_allowed(team_id, channel, is_dm, allowed_teams, allowed_channels):
        return Decision("refuse", "team or channel not allowed")
    return Decision("answer", "dm" if is_dm else event_type)


def is_allowed(
    team_id: str | None,
    channel: str,
    is_dm: bool,
    allowed_teams: Sequence[str] = (),
    allowed_channels: Sequence[str] = (),
) -> bool:
    """The optional allow-lists: the team must be listed, and the channel unless it is a DM."""
    if allowed_teams and (team_id or "") not in allowed_teams:
        return False
    return not allowed_channels or is_dm or channel in allowed_channels
