"""In-memory Slack of the console: its workspaces, channels, users, messages, threads, event bus."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.console.teams import (
    COLLEAGUE_NAME,
    DM_ID,
    GENERAL_ID,
    HUMAN_USER_ID,
    PLAIN_TEAM,
    TEAM_DOMAIN,
    TEAM_ID,
    Team,
)

__all__ = ["DM_ID", "GENERAL_ID", "HUMAN_USER_ID", "TEAM_DOMAIN", "TEAM_ID", "Team"]

APP_ID = "A0KILOVOLT1"
BOT_ID = "B0KILOVOLT1"
BOT_USER_ID = "U0KILOVOLT1"
BOT_NAME = "Kilovolt"
HUMAN_NAME = "vous"
STREAM_LIFETIME_S = 300.0  # Slack ends a stream after about five minutes


@dataclass
class Channel:
    """A conversation: the public channel or the DM with the bot."""

    id: str
    name: str
    is_im: bool = False
    team_id: str = TEAM_ID
    user: str = HUMAN_USER_ID  # the person of the channel's workspace

    def info(self) -> dict[str, Any]:
        """The `channel` object conversations.info returns."""
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "is_channel": not self.is_im,
            "is_im": self.is_im,
            "is_private": self.is_im,
            "is_member": True,
            "created": 1_700_000_000,
            "context_team_id": self.team_id,
            "shared_team_ids": [self.team_id],
        }
        if self.is_im:
            data["user"] = self.user
        return data


@dataclass
class Message:
    """One message; `ephemeral` ones are seen by the person only and never listed by the API."""

    channel: str
    ts: str
    user: str
    text: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    thread_ts: str | None = None
    ephemeral: bool = False
    streaming: bool = False
    stream_started: float = 0.0
    reactions: dict[str, list[str]] = field(default_factory=dict)
    reply_count: int = 0
    deleted: bool = False
    subtype: str | None = None
    team: str = ""  # set from the channel when stored

    @property
    def is_bot(self) -> bool:
        return self.user == BOT_USER_ID

    def to_api(self) -> dict[str, Any]:
        """The message as Slack's Web API returns it."""
        data: dict[str, Any] = {
            "type": "message",
            "ts": self.ts,
            "user": self.user,
            "text": self.text,
        }
        if self.blocks:
            data["blocks"] = self.blocks
        if self.is_bot:
            data.update(bot_id=BOT_ID, app_id=APP_ID)
        if self.thread_ts:
            data["thread_ts"] = self.thread_ts
        if self.subtype:
            data["subtype"] = self.subtype
        if self.reply_count:
            data["reply_count"] = self.reply_count
        if self.reactions:
            data["reactions"] = [
                {"name": name, "users": users, "count": len(users)}
                for name, users in self.reactions.items()
            ]
        data["team"] = self.team or TEAM_ID
        return data


class Workspace:
    """The console's Slack: one or more teams, each with one person, #général and the DM with the
    bot (the same bot user everywhere: one token); publishes every change tagged with its team."""

    def __init__(self, teams: Sequence[Team] = (PLAIN_TEAM,)) -> None:
        self.teams: dict[str, Team] = {team.id: team for team in teams}
        self.default_team = teams[0]
        self.channels: dict[str, Channel] = {}
        self.users: dict[str, dict[str, Any]] = {
            BOT_USER_ID: _user(BOT_USER_ID, "kilovolt", BOT_NAME, self.default_team.id, is_bot=True)
        }
        for team in teams:
            self.channels[team.general_id] = Channel(
                team.general_id, "général", team_id=team.id, user=team.human_user_id
            )
            self.channels[team.dm_id] = Channel(
                team.dm_id, BOT_NAME, is_im=True, team_id=team.id, user=team.human_user_id
            )
            self.users[team.human_user_id] = _user(
                team.human_user_id, HUMAN_NAME, "Vous", team.id, is_bot=False
            )
            # The colleague (a client who approves drafts) and her own DM with the bot.
            self.channels[team.colleague_dm_id] = Channel(
                team.colleague_dm_id, BOT_NAME, is_im=True, team_id=team.id,
                user=team.colleague_user_id,
            )  # fmt: skip
            self.users[team.colleague_user_id] = _user(
                team.colleague_user_id, "camille", COLLEAGUE_NAME, team.id, is_bot=False
            )
        self.messages: dict[str, list[Message]] = {cid: [] for cid in self.channels}
        self.thread_status: dict[tuple[str, str], str] = {}
        self.suggested_prompts: dict[tuple[str, str], dict[str, Any]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        self.bot_status: dict[str, Any] = {"state": "starting", "detail": ""}
        self.unknown_calls: list[str] = []
        self.triggers: dict[str, tuple[str, float]] = {}  # trigger_id → (person, monotonic time)
        self.modals: dict[str, dict[str, Any]] = {}  # view id → the open modal (bot/console/modals)
        self._subscribers: set[asyncio.Queue[dict[str, Any]]] = set()
        self._ts_counter = itertools.count(1)
        self._event_counter = itertools.count(1)

    @property
    def home_view(self) -> dict[str, Any] | None:
        """The App Home last published in the first workspace."""
        return self.home_views.get(self.default_team.id)

    def team_of(self, channel: str) -> Team:
        """The workspace a channel belongs to (the first one for an unknown id)."""
        found = self.channels.get(channel)
        return self.teams[found.team_id] if found else self.default_team

    def team_of_user(self, user_id: str) -> Team | None:
        """The workspace of a person (None for the bot or an unknown id)."""
        people = ((t, (t.human_user_id, t.colleague_user_id)) for t in self.teams.values())
        return next((t for t, ids in people if user_id in ids), None)

    def dm_of(self, user_id: str) -> Channel | None:
        """A person's DM with the bot (None for the bot or an unknown id)."""
        return next((c for c in self.channels.values() if c.is_im and c.user == user_id), None)

    # --- ids -------------------------------------------------------------------------------------
    def new_ts(self) -> str:
        """A unique, increasing Slack timestamp ("seconds.micro")."""
        seq = next(self._ts_counter)
        return f"{int(time.time())}.{seq:06d}"

    def new_event_id(self) -> str:
        return f"Ev0CONSOLE{next(self._event_counter):06d}"

    # --- lookup ----------------------------------------------------------------------------------
    def resolve_channel(self, ref: str | None) -> Channel | None:
        """A channel by id, `#name`, name, or the person's/bot's user id (their DM)."""
        if not ref:
            return None
        ref = ref.lstrip("#")
        if ref in self.channels:
            return self.channels[ref]
        if ref == BOT_USER_ID:
            return self.channels[self.default_team.dm_id]
        dm = self.dm_of(ref)
        if dm is not None:
            return dm
        return next((c for c in self.channels.values() if c.name == ref), None)

    def find(self, channel: str, ts: str) -> Message | None:
        return next(
            (m for m in self.messages.get(channel, []) if m.ts == ts and not m.deleted), None
        )

    def thread(self, channel: str, thread_ts: str) -> list[Message]:
        """The parent and its replies, oldest first (ephemeral messages excluded)."""
        return [
            m
            for m in self.messages.get(channel, [])
            if not m.deleted and not m.ephemeral and (m.ts == thread_ts or m.thread_ts == thread_ts)
        ]

    # --- changes ---------------------------------------------------------------------------------
    def add(self, message: Message) -> Message:
        """Store a new message, bump its parent's reply count, clear the thread status."""
        message.team = self.channels[message.channel].team_id
        self.messages[message.channel].append(message)
        if message.thread_ts and message.thread_ts != message.ts and not message.ephemeral:
            parent = self.find(message.channel, message.thread_ts)
            if parent is not None:
                parent.reply_count += 1
                self.changed(parent)
        if message.is_bot and message.thread_ts:
            self.set_thread_status(message.channel, message.thread_ts, "")
        self.changed(message)
        return message

    def changed(self, message: Message) -> None:
        self.publish({"kind": "message", "team": message.team, "message": message})

    def delete(self, message: Message) -> None:
        message.deleted = True
        if message.thread_ts and message.thread_ts != message.ts:
            parent = self.find(message.channel, message.thread_ts)
            if parent is not None and parent.reply_count:
                parent.reply_count -= 1
                self.changed(parent)
        self.changed(message)

    def set_thread_status(self, channel: str, thread_ts: str, status: str) -> None:
        key = (channel, thread_ts)
        if self.thread_status.get(key, "") == status:
            return
        self.thread_status[key] = status
        self.publish(
            {
                "kind": "status",
                "team": self.team_of(channel).id,
                "channel": channel,
                "thread_ts": thread_ts,
                "status": status,
            }
        )

    def set_bot_status(self, state: str, detail: str = "", log_tail: str = "") -> None:
        self.bot_status = {"state": state, "detail": detail, "log": log_tail}
        self.publish({"kind": "bot", **self.bot_status})

    # --- event bus -------------------------------------------------------------------------------
    def subscribe(self) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        self._subscribers.discard(queue)

    def publish(self, event: dict[str, Any]) -> None:
        for queue in list(self._subscribers):
            queue.put_nowait(event)


def _user(user_id: str, name: str, real_name: str, team_id: str, *, is_bot: bool) -> dict[str, Any]:
    profile = {"real_name": real_name, "display_name": real_name}
    data: dict[str, Any] = {
        "id": user_id,
        "team_id": team_id,
        "name": name,
        "real_name": real_name,
        "is_bot": is_bot,
        "deleted": False,
        "tz": "America/Toronto",
        "locale": "fr-CA",
        "profile": profile,
    }
    if is_bot:
        profile["bot_id"] = BOT_ID
    return data
