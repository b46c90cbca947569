"""The Slack Web API methods the bot calls, answered from the console's in-memory workspace."""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse

from bot.console import api_checks
from bot.console.api_checks import SlackError
from bot.console.api_streams import StreamAndAssistantMethods
from bot.console.modals import views_open
from bot.console.people import conversations_open
from bot.console.workspace import (
    APP_ID,
    BOT_ID,
    BOT_USER_ID,
    Message,
    Workspace,
)

log = logging.getLogger("kilovolt.console.api")

_JSON_ARGS = ("blocks", "prompts", "view", "chunks", "metadata", "attachments", "loading_messages")
Result = dict[str, Any]


class SlackWebApi(StreamAndAssistantMethods):
    """Routes `/api/<method>` calls to handlers; checks the bearer token like Slack."""

    def __init__(self, workspace: Workspace, token: str) -> None:
        self.ws = workspace
        self.token = token
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.methods: dict[str, Callable[[dict[str, Any]], Result]] = {
            "auth.test": self.auth_test,
            "chat.postMessage": self.post_message,
            "chat.postEphemeral": self.post_ephemeral,
            "chat.update": self.update,
            "chat.delete": self.delete,
            "chat.startStream": self.start_stream,
            "chat.appendStream": self.append_stream,
            "chat.stopStream": self.stop_stream,
            "reactions.add": self.reactions_add,
            "reactions.remove": self.reactions_remove,
            "conversations.replies": self.replies,
            "conversations.history": self.history,
            "conversations.info": self.conversation_info,
            "users.info": self.users_info,
            "users.conversations": self.users_conversations,
            "views.publish": self.views_publish,
            "views.open": lambda args: views_open(self.ws, args),
            "conversations.open": lambda args: conversations_open(self.ws, args),
            "assistant.threads.setStatus": self.set_status,
            "assistant.threads.setSuggestedPrompts": self.set_suggested_prompts,
            "assistant.threads.setTitle": self.set_title,
        }

    async def endpoint(self, request: Request) -> JSONResponse:
        """Starlette endpoint for `/api/{method}` (GET or POST, form or JSON)."""
        method = request.path_params["method"]
        args = await _read_args(request)
        supplied = args.pop("token", None)
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else supplied
        return JSONResponse(self.call(method, args, token))

    def call(self, method: str, args: dict[str, Any], token: str | None) -> Result:
        """Answer one Web API call as Slack would."""
        self.calls.append((method, args))
        handler = self.methods.get(method)
        if handler is None:
            log.error(
                "UNKNOWN SLACK METHOD called by the bot: %s — answered unknown_method", method
            )
            self.ws.unknown_calls.append(method)
            self.ws.publish({"kind": "warning", "text": f"Méthode Slack inconnue : {method}"})
            return {"ok": False, "error": "unknown_method"}
        if not token:
            return {"ok": False, "error": "not_authed"}
        if token != self.token:
            return {"ok": False, "error": "invalid_auth"}
        missing = api_checks.missing_arguments(method, args)
        if missing:
            log.warning("%s called without %s", method, ", ".join(missing))
            return _error(
                "invalid_arguments", [f"[ERROR] missing required field: {m}" for m in missing]
            )
        try:
            return {"ok": True, **handler(args)}
        except SlackError as exc:
            log.warning("%s -> %s %s", method, exc.code, exc.messages)
            return _error(exc.code, exc.messages)

    # --- helpers ---------------------------------------------------------------------------------
    def _channel(self, ref: Any) -> str:
        channel = self.ws.resolve_channel(str(ref) if ref else None)
        if channel is None:
            raise SlackError("channel_not_found")
        return channel.id

    def _message(self, channel: str, ts: Any) -> Message:
        message = self.ws.find(channel, str(ts))
        if message is None:
            raise SlackError("message_not_found")
        return message

    def _content(self, args: dict[str, Any], *, required: bool = True) -> tuple[str, list[Any]]:
        text = str(args.get("text") or args.get("markdown_text") or "")
        blocks = args.get("blocks") or []
        if args.get("markdown_text") and not args.get("blocks"):
            blocks = [{"type": "markdown", "text": text}]
        if required and not text and not blocks and not args.get("attachments"):
            raise SlackError("no_text")
        if len(text) > api_checks.MAX_TEXT:
            raise SlackError("msg_too_long")
        errors = api_checks.block_errors(blocks)
        if errors:
            raise SlackError("invalid_blocks", errors)
        return text, blocks

    # --- methods ---------------------------------------------------------------------------------
    def auth_test(self, args: dict[str, Any]) -> Result:
        """The one bot token's identity: the first workspace (single-workspace mode)."""
        team = self.ws.default_team
        return {
            "url": f"https://{team.domain}.slack.com/",
            "team": team.name,
            "user": "kilovolt",
            "team_id": team.id,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "is_enterprise_install": False,
        }

    def post_message(self, args: dict[str, Any]) -> Result:
        channel = self._channel(args.get("channel"))
        text, blocks = self._content(args)
        thread_ts = args.get("thread_ts") or None
        if thread_ts and self.ws.find(channel, str(thread_ts)) is None:
            raise SlackError("thread_not_found")
        message = Message(channel, self.ws.new_ts(), BOT_USER_ID, text, blocks, thread_ts)
        self.ws.add(message)
        return {"channel": channel, "ts": message.ts, "message": message.to_api()}

    def post_ephemeral(self, args: dict[str, Any]) -> Result:
        channel = self._channel(args.get("channel"))
        if args.get("user") != self.ws.channels[channel].user:
            raise SlackError("user_not_in_channel")
        text, blocks = self._content(args)
        message = Message(
            channel, self.ws.new_ts(), BOT_USER_ID, text, blocks, args.get("thread_ts") or None
        )
        message.ephemeral = True
        self.ws.add(message)
        return {"message_ts": message.ts}

    def update(self, args: dict[str, Any]) -> Result:
        channel = self._channel(args.get("channel"))
        message = self._message(channel, args.get("ts"))
        if not message.is_bot:
            raise SlackError("cant_update_message")
        text, blocks = self._content(args, required=False)
        if "text" in args or "markdown_text" in args:
            message.text = text
        if "blocks" in args or "markdown_text" in args:
            message.blocks = blocks
        message.streaming = False
        self.ws.changed(message)
        return {"channel": channel, "ts": message.ts, "text": message.text}

    def delete(self, args: dict[str, Any]) -> Result:
        channel = self._channel(args.get("channel"))
        message = self._message(channel, args.get("ts"))
        if not message.is_bot:
            raise SlackError("cant_delete_message")
        self.ws.delete(message)
        return {"channel": channel, "ts": message.ts}

    def reactions_add(self, args: dict[str, Any]) -> Result:
        message = self._message(self._channel(args.get("channel")), args.get("timestamp"))
        users = message.reactions.setdefault(str(args["name"]).strip(":"), [])
        if BOT_USER_ID in users:
            raise SlackError("already_reacted")
        users.append(BOT_USER_ID)
        self.ws.changed(message)
        return {}

    def reactions_remove(self, args: dict[str, Any]) -> Result:
        message = self._message(self._channel(args.get("channel")), args.get("timestamp"))
        name = str(args["name"]).strip(":")
        if BOT_USER_ID not in message.reactions.get(name, []):
            raise SlackError("no_reaction")
        message.reactions[name].remove(BOT_USER_ID)
        if not message.reactions[name]:
            del message.reactions[name]
        self.ws.changed(message)
        return {}

    def replies(self, args: dict[str, Any]) -> Result:
        channel = self._channel(args.get("channel"))
        root = self._message(channel, args.get("ts"))
        thread = self.ws.thread(channel, root.thread_ts or root.ts)
        limit = min(int(args.get("limit") or 1000), 1000)  # Slack's page is 1,000 at most
        start = _cursor_offset(str(args.get("cursor") or ""))
        page, rest = thread[start : start + limit], thread[start + limit :]
        next_cursor = base64.b64encode(f"offset:{start + limit}".encode()).decode() if rest else ""
        return {
            "messages": [m.to_api() for m in page],
            "has_more": bool(rest),
            "response_metadata": {"next_cursor": next_cursor},
        }

    def history(self, args: dict[str, Any]) -> Result:
        channel = self._channel(args.get("channel"))
        top = [
            m
            for m in self.ws.messages[channel]
            if not m.deleted and not m.ephemeral and (not m.thread_ts or m.thread_ts == m.ts)
        ]
        limit = int(args.get("limit") or 100)
        return {"messages": [m.to_api() for m in reversed(top)][:limit], "has_more": False}

    def conversation_info(self, args: dict[str, Any]) -> Result:
        return {"channel": self.ws.channels[self._channel(args.get("channel"))].info()}

    def users_info(self, args: dict[str, Any]) -> Result:
        user = self.ws.users.get(str(args.get("user")))
        if user is None:
            raise SlackError("user_not_found")
        return {"user": user}

    def users_conversations(self, args: dict[str, Any]) -> Result:
        """The channels (not the DM) of the person's workspace: they are in all of them."""
        user = str(args.get("user") or self.ws.default_team.human_user_id)
        if user not in self.ws.users:
            raise SlackError("user_not_found")
        person = self.ws.team_of_user(user)
        team = str(args.get("team_id") or (person.id if person else ""))
        channels = [
            c.info()
            for c in self.ws.channels.values()
            if not c.is_im and (not team or c.team_id == team)
        ]
        return {"channels": channels, "response_metadata": {"next_cursor": ""}}

    def views_publish(self, args: dict[str, Any]) -> Result:
        view = args["view"]
        team = self.ws.team_of_user(str(args.get("user_id")))
        if team is None:
            raise SlackError("user_not_found")
        if not isinstance(view, dict) or view.get("type") != "home":
            raise SlackError("invalid_arguments", ["[ERROR] view.type must be home"])
        errors = api_checks.block_errors(view.get("blocks") or [], limit=100)
        if errors:
            raise SlackError("invalid_blocks", errors)
        self.ws.home_views[team.id] = view
        self.ws.publish({"kind": "home", "team": team.id, "view": view})
        return {"view": {"id": "V0CONSOLEHOME", **view}}


async def _read_args(request: Request) -> dict[str, Any]:
    """Arguments from the query string and a form or JSON body; JSON-valued fields decoded."""
    args: dict[str, Any] = dict(request.query_params)
    if request.method == "POST":
        content_type = request.headers.get("content-type", "")
        if "application/json" in content_type:
            with contextlib.suppress(json.JSONDecodeError, UnicodeDecodeError):
                loaded = json.loads(await request.body() or b"{}")
                if isinstance(loaded, dict):
                    args.update(loaded)
        else:  # form-encoded, parsed here (no python-multipart needed)
            body = (await request.body()).decode("utf-8", "replace")
            args.update(parse_qsl(body, keep_blank_values=True))
    for name in _JSON_ARGS:
        if isinstance(args.get(name), str):
            # Undecodable JSON stays a string; the method's own checks then reject it.
            with contextlib.suppress(json.JSONDecodeError):
                args[name] = json.loads(args[name])
    return args


def _error(code: str, messages: list[str]) -> Result:
    result: Result = {"ok": False, "error": code}
    if messages:
        result["response_metadata"] = {"messages": messages}
    return result


def _cursor_offset(cursor: str) -> int:
    """The offset a `next_cursor` of ours stands for (0 without one); invalid_cursor otherwise."""
    if not cursor:
        return 0
    try:
        name, _, offset = base64.b64decode(cursor, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise SlackError("invalid_cursor") from exc
    if name != "offset" or not offset.isdigit():
        raise SlackError("invalid_cursor")
    return int(offset)
