"""The reply pipeline shared by mentions, DMs and thread follow-ups: progress, advisor, delivery."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.advisor.models import Answer, Critique
from bot.advisor.small_talk import small_talk
from bot.errors import IndexMissingError, InputError, StoreUnavailableError
from bot.french import detect_language
from bot.slack import metrics
from bot.slack.blocks import (
    answer_blocks,
    critique_blocks,
    fallback_text,
    route_question_blocks,
    stream_tail_blocks,
)
from bot.slack.formatting import clean_user_text
from bot.slack.history import thread_history
from bot.slack.platforms import platform_choices, requested_platform
from bot.slack.services import Services
from bot.slack.state_outage import record_outage
from bot.slack.streaming import ReplyStream
from bot.slack.texts import Language, t

log = logging.getLogger(__name__)


def new_reply_id() -> str:
    """A short unique id carried by feedback buttons."""
    return uuid.uuid4().hex[:12]


def user_error_text(exc: Exception, language: Language) -> str:
    """The one line a user reads for a failure; details stay in the logs."""
    if isinstance(exc, InputError):
        return exc.for_language(language)
    if isinstance(exc, IndexMissingError | StoreUnavailableError):
        return t("store_down", language)
    return t("error", language)


class Conversation:
    """Answer one user message in its thread (streamed answer, or critique for DM drafts)."""

    def __init__(
        self, services: Services, client: WebClient, event: Mapping[str, Any], team_id: str | None
    ):
        self.services, self.client, self.event, self.team_id = services, client, event, team_id
        self.channel = str(event["channel"])
        self.ts = str(event["ts"])
        self.thread_ts = str(event.get("thread_ts") or event["ts"])
        self.is_dm = event.get("channel_type") == "im" or self.channel.startswith("D")
        self.user = str(event.get("user") or "")
        self.started = services.monotonic()
        self.text = clean_user_text(str(event.get("text") or ""), services.bot.user_id)
        self.language: Language = detect_language(self.text) if self.text else "fr"
        if self.text:
            services.languages.remember(str(event.get("user") or ""), self.language)
        self.kind = services.store.thread_kind(self.channel, self.thread_ts)
        self.critique: Critique | None = None  # the critique posted, if any (approval versions)
        self.reply_id = ""

    def run(self, route: str | None = None) -> None:
        """Show progress, produce the reply, and always clear the progress marker.

        In a DM the route is the thread's chosen one, else the advisor's reading of the message;
        when it is unsure, the user picks with two buttons (see `ask_route`)."""
        if not self.text:
            self.client.chat_postMessage(
                channel=self.channel, thread_ts=self.thread_ts, text=t("empty", self.language)
            )
            return
        if route is None and self.is_dm:
            chosen = self.kind if self.kind in ("critique", "answer") else None
            if chosen == "critique" and small_talk(self.text):  # « merci! » is not a new draft
                chosen = "answer"
            route = chosen or self.services.advisor.route(self.text)
        if route == "ask":
            self.ask_route()
            return
        # Join first: a follow-up sent while this reply is being written is answered too.
        self.services.store.join_thread(
            self.channel, self.thread_ts, self.kind or "thread", user_id=self.user
        )
        self._progress(on=True)
        try:
            if route == "critique":
                self._critique()
            else:
                self._answer()
        finally:
            self._progress(on=False)

    def ask_route(self) -> None:
        """Ask whether the DM is a draft or a question; the buttons carry a saved copy of it."""
        reply_id = new_reply_id()
        where = {"ts": self.ts, "thread_ts": self.thread_ts, "user": self.event.get("user")}
        self.services.store.save_reply(
            reply_id,
            "routing",
            question=self.text,
            channel=self.channel,
            payload=where,
            user_id=self.user,
        )
        self.client.chat_postMessage(
            channel=self.channel,
            thread_ts=self.thread_ts,
            text=t("route_question", self.language),
            blocks=route_question_blocks(reply_id, self.language),
        )

    def _answer(self) -> None:
        history = []
        if self.thread_ts != self.ts:
            history = thread_history(
                self.client,
                self.channel,
                self.thread_ts,
                self.ts,
                self.services.bot,
                self.services.history_limit,
            )
        stream = ReplyStream(
            self.client,
            channel=self.channel,
            thread_ts=self.thread_ts,
            team_id=self.team_id,
            user_id=str(self.event.get("user") or "") or None,
            flush_chars=self.services.stream_flush_chars,
            flush_seconds=self.services.stream_flush_seconds,
            monotonic=self.services.monotonic,
            on_first_content=self._first_content,
        )
        reply_id = new_reply_id()
        try:
            final: Answer | None = None
            profile = self.services.profile(self.channel)
            team = self.services.store.team_id  # its own added documents, never another's
            stream_of = self.services.advisor.answer_stream
            for item in stream_of(self.text, history, profile=profile, team=team):
                if isinstance(item, Answer):
                    final = item
                elif item:
                    stream.write(str(item))
            if final is None:
                raise RuntimeError("advisor stream ended without a final answer")
        except Exception as exc:  # every failure becomes one short line in the thread
            self._log_failure(exc)
            stream.fail(user_error_text(exc, self.language))
            return
        self._save(
            reply_id,
            "answer",
            final.mode,
            [s.model_dump() for s in final.sources],
            final.notice,
            coverage=final.coverage,
        )
        stream.finish(
            final.answer, stream_tail_blocks(final, reply_id), answer_blocks(final, reply_id)
        )
        self._done("answer")

    def _critique(self) -> None:
        reply_id = new_reply_id()
        try:
            platform = requested_platform(self.text, self.services.settings.prompts_dir)
            critique = self.services.advisor.critique(
                self.text,
                platform=platform,
                language=self.language,
                profile=self.services.profile(self.channel),
            )
        except Exception as exc:
            self._log_failure(exc)
            self.client.chat_postMessage(
                channel=self.channel,
                thread_ts=self.thread_ts,
                text=user_error_text(exc, self.language),
            )
            return
        settings = self.services.settings
        blocks = critique_blocks(
            critique,
            reply_id,
            settings.knowledge_dir,
            platform_choices(settings.prompts_dir),
            approval=self.is_dm,
        )
        self._save(  # before posting: a click on the buttons must find the reply
            reply_id,
            "critique",
            critique.mode,
            [s.model_dump() for s in critique.sources],
            critique.notice,
        )
        self.client.chat_postMessage(
            channel=self.channel,
            thread_ts=self.thread_ts,
            text=fallback_text(critique.summary) if critique.summary else "…",
            blocks=blocks,
        )
        self.critique, self.reply_id = critique, reply_id
        self._first_content()
        self._done("critique")

    @property
    def surface(self) -> str:
        """Where the message came from, for `kilovolt report`: dm, mention or thread."""
        if self.is_dm:
            return "dm"
        return "thread" if self.ts != self.thread_ts else "mention"

    def _save(
        self,
        reply_id: str,
        kind: str,
        mode: str,
        sources: list[dict[str, Any]],
        notice: str | None,
        coverage: str = "",
    ) -> None:
        payload = {"surface": self.surface} | ({"coverage": coverage} if coverage else {})
        if notice:
            metrics.FALLBACKS.inc()
        try:  # the reply is written: a database gone meanwhile only costs its feedback record
            self.services.store.save_reply(
                reply_id,
                kind,
                question=self.text,
                mode=mode,
                sources=sources,
                payload=payload,
                channel=self.channel,
                user_id=self.user,
            )
        except SQLAlchemyError as exc:
            record_outage("reply record", exc)

    def _first_content(self) -> None:
        metrics.FIRST_CONTENT_SECONDS.observe(self.services.monotonic() - self.started)

    def _done(self, kind: str) -> None:
        metrics.REPLIES.labels(kind=kind).inc()
        metrics.REPLY_SECONDS.labels(kind=kind).observe(self.services.monotonic() - self.started)

    def _log_failure(self, exc: Exception) -> None:
        metrics.REPLY_ERRORS.inc()
        if isinstance(exc, InputError):
            log.info("user input refused: %s", exc.message)
        else:
            log.exception("reply failed in %s", self.channel)

    def _progress(self, on: bool) -> None:
        """👀 on the user's message while working (the assistant thread status in agent threads)."""
        try:
            if self.kind == "assistant":
                if on:
                    self.client.assistant_threads_setStatus(
                        channel_id=self.channel,
                        thread_ts=self.thread_ts,
                        status=t("thinking", self.language),
                    )
            elif on:
                self.client.reactions_add(channel=self.channel, timestamp=self.ts, name="eyes")
            else:
                self.client.reactions_remove(channel=self.channel, timestamp=self.ts, name="eyes")
        except SlackApiError as exc:
            log.debug("progress marker failed: %s", exc.response.get("error"))
