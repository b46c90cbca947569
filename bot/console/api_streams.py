"""Web API methods of Slack's AI apps: message streaming and assistant threads (status, prompts)."""

from __future__ import annotations

import logging
import time
from typing import Any

from bot.console import api_checks
from bot.console.api_checks import SlackError
from bot.console.workspace import BOT_USER_ID, STREAM_LIFETIME_S, Message, Workspace

log = logging.getLogger("kilovolt.console.api")
Result = dict[str, Any]


class StreamAndAssistantMethods:
    """chat.startStream/appendStream/stopStream and assistant.threads.*; mixed into SlackWebApi."""

    ws: Workspace

    def _channel(self, ref: Any) -> str:
        raise NotImplementedError

    def _message(self, channel: str, ts: Any) -> Message:
        raise NotImplementedError

    def start_stream(self, args: dict[str, Any]) -> Result:
        channel = self._channel(args.get("channel"))
        if self.ws.find(channel, str(args["thread_ts"])) is None:
            raise SlackError("thread_not_found")
        where = self.ws.channels[channel]
        recipient_team = args.get("recipient_team_id")
        if not where.is_im and not (args.get("recipient_user_id") and recipient_team):
            log.warning("chat.startStream in a channel without recipient_user_id/recipient_team_id")
        elif recipient_team and recipient_team != where.team_id:
            log.warning(
                "chat.startStream with recipient_team_id %s in a channel of %s",
                recipient_team,
                where.team_id,
            )
        message = Message(channel, self.ws.new_ts(), BOT_USER_ID, thread_ts=str(args["thread_ts"]))
        message.streaming, message.stream_started = True, time.monotonic()
        self._append(message, args)
        self.ws.add(message)
        return {"channel": channel, "ts": message.ts}

    def append_stream(self, args: dict[str, Any]) -> Result:
        message = self._streaming(args)
        if not args.get("markdown_text") and not args.get("chunks"):
            raise SlackError("invalid_arguments", ["[ERROR] markdown_text or chunks required"])
        self._append(message, args)
        self.ws.changed(message)
        return {"channel": message.channel, "ts": message.ts}

    def stop_stream(self, args: dict[str, Any]) -> Result:
        message = self._streaming(args)
        self._append(message, args)
        extra = args.get("blocks") or []
        errors = api_checks.block_errors(extra, limit=api_checks.MAX_BLOCKS - 1)
        if errors:
            raise SlackError("invalid_blocks", errors)
        message.blocks = [{"type": "markdown", "text": message.text}, *extra]
        message.streaming = False
        self.ws.changed(message)
        return {"channel": message.channel, "ts": message.ts, "message": message.to_api()}

    def _streaming(self, args: dict[str, Any]) -> Message:
        message = self._message(self._channel(args.get("channel")), args.get("ts"))
        expired = time.monotonic() - message.stream_started > STREAM_LIFETIME_S
        if not message.streaming or expired:
            message.streaming = False
            raise SlackError("message_not_in_streaming_state")
        return message

    def _append(self, message: Message, args: dict[str, Any]) -> None:
        added = str(args.get("markdown_text") or "")
        for chunk in args.get("chunks") or []:
            if isinstance(chunk, dict) and chunk.get("type") == "markdown_text":
                added += str(chunk.get("text", ""))
        if len(added) > api_checks.MAX_STREAM_TEXT:
            raise SlackError("msg_too_long")
        message.text += added
        message.blocks = [{"type": "markdown", "text": message.text}]

    def set_status(self, args: dict[str, Any]) -> Result:
        channel = self._channel(args.get("channel_id"))
        self.ws.set_thread_status(channel, str(args["thread_ts"]), str(args.get("status") or ""))
        return {}

    def set_suggested_prompts(self, args: dict[str, Any]) -> Result:
        channel = self._channel(args.get("channel_id"))
        prompts = args["prompts"]
        if not isinstance(prompts, list) or not 1 <= len(prompts) <= 4:
            raise SlackError("invalid_arguments", ["[ERROR] prompts: 1 to 4 items"])
        entry = {"title": args.get("title") or "", "prompts": prompts}
        self.ws.suggested_prompts[(channel, str(args["thread_ts"]))] = entry
        team = self.ws.team_of(channel).id
        thread_ts = str(args["thread_ts"])
        self.ws.publish(
            {"kind": "prompts", "team": team, "channel": channel, "thread_ts": thread_ts, **entry}
        )
        return {}

    def set_title(self, args: dict[str, Any]) -> Result:
        self._channel(args.get("channel_id"))
        log.info("thread title set: %s", str(args["title"])[:80])
        return {}
