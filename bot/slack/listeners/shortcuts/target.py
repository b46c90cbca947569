"""The message a shortcut was used on, what refuses it, and replying privately to the clicker."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.french import detect_language
from bot.slack.blocks import Block, context, fit
from bot.slack.formatting import clean_user_text
from bot.slack.gating import is_allowed
from bot.slack.services import Services
from bot.slack.startup import slack_error_code
from bot.slack.texts import Language, t

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    """Who used the shortcut, on which message, where, and the language to answer in."""

    channel: str
    user: str
    team: str | None
    ts: str
    thread_ts: str | None
    text: str
    language: Language

    @classmethod
    def from_body(cls, body: dict[str, Any], services: Services) -> Target:
        message = body.get("message") or {}
        user = str((body.get("user") or {}).get("id") or "")
        text = clean_user_text(str(message.get("text") or ""), services.bot.user_id).strip()
        return cls(
            channel=str((body.get("channel") or {}).get("id") or ""),
            user=user,
            team=(body.get("team") or {}).get("id"),
            ts=str(message.get("ts") or body.get("message_ts") or ""),
            thread_ts=message.get("thread_ts"),
            text=text,
            language=detect_language(text) if text else services.languages.get(user),
        )

    @property
    def is_dm(self) -> bool:
        return self.channel.startswith("D")

    def refusal(self, services: Services) -> str | None:
        """Why this message cannot be worked on (in the user's words), or None."""
        settings = services.settings
        if not is_allowed(
            self.team, self.channel, self.is_dm, settings.allowed_teams, settings.allowed_channels
        ):
            return t("refused", self.language)
        if not self.text:
            return t("shortcut_no_text", self.language)
        if len(self.text) > settings.max_input_chars:
            return t(
                "shortcut_too_long",
                self.language,
                length=f"{len(self.text):,}".replace(",", " "),
                limit=f"{settings.max_input_chars:,}".replace(",", " "),
            )
        return None


def accepted_target(
    body: dict[str, Any], root: Services, context: Any, client: WebClient, respond: Respond
) -> tuple[Services, Target] | None:
    """The services of the shortcut's workspace and its message; None when the bot may not act
    on it (the person was told why, privately)."""
    services = root.scoped(context)
    target = Target.from_body(body, services)
    refusal = target.refusal(services)
    if refusal:
        tell_privately(client, target, refusal, respond=respond)
        return None
    return services, target


def tell_privately(
    client: WebClient,
    target: Target,
    text: str,
    blocks: list[Block] | None = None,
    respond: Respond | None = None,
    *,
    note: bool = True,
) -> str | None:
    """Ephemeral to the clicker where the message is; else a DM (with a note saying why when
    `note`); else the shortcut's response_url. Returns where it went, None when nowhere."""
    extra: dict[str, Any] = {"blocks": blocks} if blocks else {}
    in_thread = target.thread_ts if target.thread_ts and target.thread_ts != target.ts else None
    try:
        client.chat_postEphemeral(
            channel=target.channel, user=target.user, text=text, thread_ts=in_thread, **extra
        )
        return "ephemeral"
    except SlackApiError as exc:
        log.info("no ephemeral in %s (%s): DM instead", target.channel, slack_error_code(exc, "?"))
    why = t("shortcut_dm_fallback", target.language, channel=target.channel)
    if note:
        extra = {"blocks": fit([context(why), *blocks])} if blocks else {}
        dm_text = text if blocks else f"{why}\n\n{text}"
    else:
        dm_text = text
    try:
        client.chat_postMessage(channel=target.user, text=dm_text, unfurl_links=False, **extra)
        return "dm"
    except SlackApiError as exc:
        log.warning("no DM to the user either (%s)", slack_error_code(exc, "?"))
    if respond is not None:
        respond(text=text, response_type="ephemeral", replace_original=False, **extra)
        return "response_url"
    return None
