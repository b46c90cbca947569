"""ReplyStream: stream with chat.startStream/appendStream/stopStream, else post then update."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.chat_stream import ChatStream

from bot.slack import metrics
from bot.slack.blocks import Block, fallback_text, fit, sections
from bot.slack.formatting import defang, hold_open_token, markdown_to_mrkdwn, truncate
from bot.slack.startup import slack_error_code

log = logging.getLogger(__name__)
MAX_STREAM_CHARS = 11_000  # Slack caps streamed markdown_text at 12,000
UPDATE_INTERVAL_S = 1.0  # chat.update is rate limited; coalesce intermediate updates


class ReplyStream:
    """Deliver text as it arrives; `finish` closes with blocks. Falls back when streaming fails."""

    def __init__(
        self,
        client: WebClient,
        *,
        channel: str,
        thread_ts: str,
        team_id: str | None,
        user_id: str | None,
        flush_chars: int = 200,
        flush_seconds: float = 0.5,
        monotonic: Callable[[], float] = time.monotonic,
        on_first_content: Callable[[], None] | None = None,
    ) -> None:
        self.client, self.channel, self.thread_ts = client, channel, thread_ts
        self.team_id, self.user_id = team_id, user_id
        self.flush_chars, self.flush_seconds, self.monotonic = flush_chars, flush_seconds, monotonic
        self.on_first_content = on_first_content
        self.mode = "stream"  # stream | update
        self.ts: str | None = None
        self.sent = ""  # text already visible
        self.pending = ""
        self.overflow = ""
        self._stream: ChatStream | None = None
        self._last_flush = monotonic()
        self._last_update = 0.0

    # --- writing --------------------------------------------------------------------------------
    def write(self, delta: str) -> None:
        """Add text; flushes at a word boundary when enough has gathered (the first one at once)."""
        self.pending += delta
        due = (
            not self.sent
            or len(self.pending) >= self.flush_chars
            or self.monotonic() - self._last_flush >= self.flush_seconds
        )
        if not due:
            return
        cut = max(self.pending.rfind(" "), self.pending.rfind("\n")) + 1
        if cut == 0 and len(self.pending) > 100:
            cut = len(self.pending)
        if cut:
            chunk, held = hold_open_token(self.pending[:cut])
            self.pending = held + self.pending[cut:]
            self._send(chunk)

    def _send(self, chunk: str) -> None:
        chunk = defang(chunk)
        if not chunk:
            return
        if self.overflow or len(self.sent) + len(chunk) > MAX_STREAM_CHARS:
            self.overflow += chunk
            return
        self._last_flush = self.monotonic()
        first = not self.sent
        if self.mode == "stream":
            try:
                self._append_stream(chunk)
            except (SlackApiError, SlackRequestError) as exc:
                self._switch_to_update(exc)
                self.sent += chunk
                self._update_text(force=True)
        else:
            self.sent += chunk
            self._update_text(force=False)
        if first and self.sent and self.on_first_content:
            self.on_first_content()

    def _append_stream(self, chunk: str) -> None:
        if self._stream is None:
            self._stream = self.client.chat_stream(
                channel=self.channel,
                thread_ts=self.thread_ts,
                recipient_team_id=self.team_id,
                recipient_user_id=self.user_id,
                buffer_size=1,
            )
        self._stream.append(markdown_text=chunk)
        self.ts = self._stream.ts
        self.sent += chunk

    def _switch_to_update(self, exc: Exception) -> None:
        reason = (
            slack_error_code(exc, "no error code")
            if isinstance(exc, SlackApiError)
            else type(exc).__name__
        )
        log.info("streaming unavailable (%s); falling back to post and update", reason)
        metrics.STREAM_FALLBACKS.inc()
        self.mode = "update"
        if self._stream is not None and self._stream.ts:
            self.ts = self._stream.ts

    def _update_text(self, force: bool) -> None:
        text = truncate(markdown_to_mrkdwn(self.sent), 39_000) or "…"
        if self.ts is None:
            response = self.client.chat_postMessage(
                channel=self.channel, thread_ts=self.thread_ts, text=text, unfurl_links=False
            )
            self.ts = str(response["ts"])
            self._last_update = self.monotonic()
        elif force or self.monotonic() - self._last_update >= UPDATE_INTERVAL_S:
            self.client.chat_update(channel=self.channel, ts=self.ts, text=text)
            self._last_update = self.monotonic()

    # --- closing --------------------------------------------------------------------------------
    def finish(self, final_markdown: str, tail: list[Block], full: list[Block]) -> str:
        """Close the reply: tail blocks after streamed text, or full blocks when not streamed."""
        if self.pending:
            chunk, self.pending = self.pending, ""
            self._send(chunk)
        streamed_all = _same(self.sent + self.overflow, final_markdown)
        if self.mode == "stream" and self._stream is not None and not self.overflow:
            try:
                self._stream.stop(blocks=tail)
                if not streamed_all:
                    self._replace(final_markdown, full)
                return str(self.ts)
            except (SlackApiError, SlackRequestError) as exc:
                self._switch_to_update(exc)
        elif self.mode == "stream" and self._stream is not None:
            self._stop_quietly()
            if streamed_all:
                return self._post(self.overflow, fit([*sections(self.overflow), *tail]))
            return self._replace(final_markdown, full)
        return self._replace(final_markdown, full)

    def fail(self, message: str) -> str:
        """End the reply with a short error line (the streamed part, if any, stays)."""
        if self.mode == "stream" and self._stream is not None:
            try:
                self._stream.stop(markdown_text=f"\n\n_{message}_")
                return str(self.ts)
            except (SlackApiError, SlackRequestError) as exc:
                self._switch_to_update(exc)
        if self.ts:
            text = truncate(markdown_to_mrkdwn(self.sent), 39_000) + f"\n\n_{message}_"
            self.client.chat_update(channel=self.channel, ts=self.ts, text=text)
            return self.ts
        return self._post(message, None)

    def _stop_quietly(self) -> None:
        try:
            assert self._stream is not None
            self._stream.stop()
        except (SlackApiError, SlackRequestError):
            log.info("stream could not be stopped cleanly", exc_info=True)

    def _replace(self, markdown: str, full: list[Block]) -> str:
        if self.ts:
            self.client.chat_update(
                channel=self.channel, ts=self.ts, text=fallback_text(markdown), blocks=full
            )
            return self.ts
        return self._post(markdown, full)

    def _post(self, markdown: str, blocks: list[Block] | None) -> str:
        extra: dict[str, Any] = {"blocks": blocks} if blocks else {}
        response = self.client.chat_postMessage(
            channel=self.channel,
            thread_ts=self.thread_ts,
            text=fallback_text(markdown),
            unfurl_links=False,
            **extra,
        )
        self.ts = self.ts or str(response["ts"])
        return str(response["ts"])


def _same(streamed: str, final: str) -> bool:
    return " ".join(defang(streamed).split()) == " ".join(defang(final).split())
