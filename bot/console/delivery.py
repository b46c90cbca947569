"""Deliver the person's actions to the bot as Slack does: signed events, slash commands, clicks."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from typing import Any
from urllib.parse import urlencode

import httpx

from bot.console.modals import new_trigger, submission
from bot.console.typed import command_text, rich_text_block, typed_text
from bot.console.workspace import APP_ID, BOT_USER_ID, HUMAN_NAME, Message, Team, Workspace

log = logging.getLogger("kilovolt.console.delivery")

SLACK_ACK_TIMEOUT_S = 3.0


def slack_signature(secret: str, timestamp: str, body: str) -> str:
    """`v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`, exactly as Slack signs requests."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class Delivery:
    """POSTs Slack-shaped requests to the bot's `/slack/events`; keeps response_url contexts.

    Every request carries the team of the channel it comes from (team_id, team.id, authorizations,
    context_team_id), as Slack does for an app installed in several workspaces."""

    def __init__(self, workspace: Workspace, signing_secret: str, console_url: str) -> None:
        self.ws = workspace
        self.secret = signing_secret
        self.console_url = console_url.rstrip("/")
        self.bot_url: str | None = None
        self.responses: dict[str, dict[str, Any]] = {}
        self.client = httpx.AsyncClient(timeout=SLACK_ACK_TIMEOUT_S)

    async def close(self) -> None:
        await self.client.aclose()

    # --- the person's actions --------------------------------------------------------------------
    def user_message(self, channel: str, raw_text: str, thread_ts: str | None) -> Message:
        """Store what the person typed, as Slack stores it."""
        text = typed_text(raw_text)
        person = self.ws.channels[channel].user
        message = Message(channel, self.ws.new_ts(), person, text, thread_ts=thread_ts)
        message.blocks = [rich_text_block(raw_text)]
        return self.ws.add(message)

    async def deliver_message(self, message: Message) -> None:
        """Send the `message` event (and `app_mention` first in a channel when the bot is named)."""
        where = self.ws.channels[message.channel]
        event = {
            "type": "message",
            "user": message.user,
            "text": message.text,
            "ts": message.ts,
            "event_ts": message.ts,
            "channel": message.channel,
            "team": where.team_id,
            "client_msg_id": secrets.token_hex(8),
            "blocks": message.blocks,
            "channel_type": "im" if where.is_im else "channel",
        }
        if message.thread_ts:
            event["thread_ts"] = message.thread_ts
            parent = self.ws.find(message.channel, message.thread_ts)
            event["parent_user_id"] = parent.user if parent else where.user
        team = self.ws.teams[where.team_id]
        if f"<@{BOT_USER_ID}>" in message.text and not where.is_im:
            mention = {k: v for k, v in event.items() if k != "channel_type"}
            await self.send_event({**mention, "type": "app_mention"}, team)
        await self.send_event(event, team)

    async def slash_command(self, channel: str, command: str, text: str) -> None:
        """POST a slash command form; a non-empty ack body shows as an ephemeral reply."""
        response_url = self.new_response_url({"channel": channel, "kind": "command"})
        team = self.ws.team_of(channel)
        form = {
            "token": "console-verification-token",
            "team_id": team.id,
            "team_domain": team.domain,
            "channel_id": channel,
            "channel_name": self._channel_name(channel),
            "user_id": team.human_user_id,
            "user_name": HUMAN_NAME,
            "command": command,
            "text": command_text(text, team.general_id),
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": new_trigger(self.ws, team.human_user_id),
        }
        reply = await self.post(urlencode(form), "application/x-www-form-urlencoded")
        if reply is not None and reply.content.strip():
            self.respond(response_url.rsplit("/", 1)[1], _ack_payload(reply))

    async def block_action(self, message: Message, element: dict[str, Any], block_id: str) -> None:
        """POST a `block_actions` payload for a click on a button of `message`."""
        container = {
            "type": "message",
            "message_ts": message.ts,
            "channel_id": message.channel,
            "is_ephemeral": message.ephemeral,
        }
        if message.thread_ts:
            container["thread_ts"] = message.thread_ts
        context = {
            "channel": message.channel,
            "kind": "action",
            "ts": message.ts,
            "thread_ts": message.thread_ts,  # replies to a click in a thread stay in the thread
        }
        action = {
            "type": element.get("type", "button"),
            "action_id": element.get("action_id", ""),
            "block_id": block_id,
            "text": element.get("text"),
            "value": element.get("value"),
            "action_ts": f"{time.time():.6f}",
        }
        team = self.ws.team_of(message.channel)
        who = self.ws.channels[message.channel].user  # the person of that DM (or channel)
        name = str(self.ws.users.get(who, {}).get("name") or HUMAN_NAME)
        person = {"id": who, "username": name, "name": name}
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {**person, "team_id": team.id},
            "api_app_id": APP_ID,
            "token": "console-verification-token",
            "container": container,
            "trigger_id": new_trigger(self.ws, who),
            "team": {"id": team.id, "domain": team.domain},
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": message.channel, "name": self._channel_name(message.channel)},
            "state": {"values": {}},
            "response_url": self.new_response_url(context),
            "actions": [{k: v for k, v in action.items() if v is not None}],
        }
        if not message.ephemeral:  # Slack leaves the message out for ephemeral ones
            payload["message"] = message.to_api()
        body = urlencode({"payload": json.dumps(payload, ensure_ascii=False)})
        await self.post(body, "application/x-www-form-urlencoded")

    async def view_submission(self, view_id: str, typed: dict[str, str]) -> None:
        """« Envoyer » in a modal: Slack's own checks, then the payload; the ack's errors show
        under the fields, a plain ack closes the modal."""
        payload, errors = submission(self.ws, view_id, typed)
        team = self.ws.modals.get(view_id, {}).get("team", self.ws.default_team.id)
        if payload is None:
            if errors:
                self.ws.publish({"kind": "modal_errors", "team": team, "view_id": view_id,
                                 "errors": errors})  # fmt: skip
            return
        body = urlencode({"payload": json.dumps(payload, ensure_ascii=False)})
        reply = await self.post(body, "application/x-www-form-urlencoded")
        if reply is None or reply.status_code != 200:
            return
        ack = _ack_payload(reply) if reply.content.strip() else {}
        if ack.get("response_action") == "errors":
            errors = {str(k): str(v) for k, v in (ack.get("errors") or {}).items()}
            self.ws.publish({"kind": "modal_errors", "team": team, "view_id": view_id,
                             "errors": errors})  # fmt: skip
            return
        self.ws.modals.pop(view_id, None)
        self.ws.publish({"kind": "modal_closed", "team": team, "view_id": view_id})

    def new_assistant_thread(self, team: Team | None = None) -> Message:
        """The root Slack creates when the person starts a conversation in the agent view."""
        dm = (team or self.ws.default_team).dm_id
        root = Message(dm, self.ws.new_ts(), BOT_USER_ID, "Nouvelle conversation")
        root.subtype = "assistant_app_thread"
        root.thread_ts = root.ts
        return self.ws.add(root)

    async def assistant_thread_started(self, root: Message) -> None:
        team = self.ws.team_of(root.channel)
        context = {"channel_id": root.channel, "team_id": team.id, "enterprise_id": None}
        thread = {"user_id": team.human_user_id, "context": context, "channel_id": root.channel}
        event = {
            "type": "assistant_thread_started",
            "assistant_thread": {**thread, "thread_ts": root.ts},
            "event_ts": f"{time.time():.6f}",
        }
        await self.send_event(event, team)

    async def home_opened(self, team: Team | None = None) -> None:
        team = team or self.ws.default_team
        event = {
            "type": "app_home_opened",
            "user": team.human_user_id,
            "channel": team.dm_id,
            "tab": "home",
            "event_ts": f"{time.time():.6f}",
        }
        view = self.ws.home_views.get(team.id)
        if view is not None:
            event["view"] = view
        await self.send_event(event, team)

    # --- transport -------------------------------------------------------------------------------
    async def send_event(self, event: dict[str, Any], team: Team | None = None) -> None:
        """POST an `event_callback` envelope from `team` (the first workspace by default)."""
        team = team or self.ws.default_team
        envelope = {
            "token": "console-verification-token",
            "team_id": team.id,
            "context_team_id": team.id,
            "context_enterprise_id": None,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": self.ws.new_event_id(),
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": team.id,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
        }
        await self.post(json.dumps(envelope, ensure_ascii=False), "application/json")

    async def post(self, body: str, content_type: str) -> httpx.Response | None:
        """Sign and POST one request to the bot; problems become a warning on the page."""
        if not self.bot_url or self.ws.bot_status.get("state") != "ready":
            self.ws.publish({"kind": "warning", "text": "Kilovolt n'est pas démarré."})
            return None
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": slack_signature(self.secret, timestamp, body),
        }
        try:
            reply = await self.client.post(self.bot_url, content=body.encode(), headers=headers)
        except httpx.TimeoutException:
            log.error("the bot did not acknowledge within %.0f s", SLACK_ACK_TIMEOUT_S)
            self.ws.publish({"kind": "warning", "text": "Kilovolt n'a pas répondu à temps (3 s)."})
            return None
        except httpx.HTTPError as exc:
            log.error("could not reach the bot: %s", exc)
            self.ws.publish({"kind": "warning", "text": "Impossible de joindre Kilovolt."})
            return None
        if reply.status_code != 200:
            log.error("the bot answered HTTP %s to a Slack request", reply.status_code)
            self.ws.publish(
                {"kind": "warning", "text": f"Kilovolt a répondu HTTP {reply.status_code}."}
            )
        return reply

    def _channel_name(self, channel: str) -> str:
        where = self.ws.channels.get(channel)
        return "directmessage" if where is None or where.is_im else where.name

    # --- response_url ----------------------------------------------------------------------------
    def new_response_url(self, context: dict[str, Any]) -> str:
        key = secrets.token_urlsafe(12)
        self.responses[key] = context
        return f"{self.console_url}/response/{key}"

    def respond(self, key: str, payload: dict[str, Any]) -> bool:
        """Apply a response_url POST: ephemeral or in-channel reply, replace or delete original."""
        context = self.responses.get(key)
        if context is None:
            return False
        channel = context["channel"]
        original = self.ws.find(channel, context["ts"]) if context.get("ts") else None
        if original is not None and payload.get("delete_original"):
            self.ws.delete(original)
            return True
        text, blocks = str(payload.get("text") or ""), payload.get("blocks") or []
        if original is not None and payload.get("replace_original"):
            original.text, original.blocks = text, blocks
            self.ws.changed(original)
            return True
        thread_ts = payload.get("thread_ts") or context.get("thread_ts") or None
        message = Message(channel, self.ws.new_ts(), BOT_USER_ID, text, blocks, thread_ts)
        message.ephemeral = payload.get("response_type") != "in_channel"
        self.ws.add(message)
        return True


def _ack_payload(reply: httpx.Response) -> dict[str, Any]:
    try:
        data = reply.json()
        if isinstance(data, dict):
            return data
    except ValueError:
        pass
    return {"text": reply.text}
