"""The slash command: ack at once (help inline), then ideas or subscriptions in a lazy step."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.errors import InputError
from bot.french import detect_language
from bot.slack import metrics
from bot.slack.blocks import fallback_text, ideas_blocks
from bot.slack.command_parser import SlashCommand, parse_command
from bot.slack.conversation import new_reply_id, user_error_text
from bot.slack.gating import is_allowed
from bot.slack.services import Services
from bot.slack.texts import DAY_NAMES, Language, t
from bot.slack.views import help_blocks, help_text

log = logging.getLogger(__name__)


def command_language(text: str, parsed: SlashCommand) -> Language:
    """English when the user typed English keywords or an English theme; else French."""
    if parsed.english:
        return "en"
    if parsed.action == "ideas" and parsed.theme:
        return detect_language(parsed.theme)
    if parsed.action == "help" and len(text.split()) >= 2:
        return detect_language(text)
    return "fr"


def register(app: App, root: Services) -> None:
    """Listen to the configured slash command."""
    name = root.settings.slash_command

    def permitted(body: dict[str, Any], parsed: SlashCommand) -> bool:
        services = root
        channels = {str(body.get("channel_id") or ""), parsed.channel or ""} - {""}
        return all(
            is_allowed(
                body.get("team_id"),
                channel,
                channel.startswith("D"),
                services.settings.allowed_teams,
                services.settings.allowed_channels,
            )
            for channel in channels or {""}
        )

    def ack_command(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        services = root.scoped(context)
        text = str(body.get("text") or "")
        parsed = parse_command(text)
        if not permitted(body, parsed):
            ack(text=t("refused", command_language(text, parsed)))
        elif parsed.action == "help":
            lang = command_language(text, parsed)
            services.languages.remember(str(body.get("user_id") or ""), lang)
            problem = getattr(parsed.problem, lang, None) if parsed.problem else None
            ack(text=help_text(name, lang, problem), blocks=help_blocks(name, lang, problem))
        else:
            ack()

    def run_command(body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        services = root.scoped(context)
        text = str(body.get("text") or "")
        parsed = parse_command(text)
        if not permitted(body, parsed):  # refused in the ack already
            return
        metrics.EVENTS.labels(kind=f"command_{parsed.action}").inc()
        user = str(body.get("user_id") or "")
        if text.strip():
            lang = command_language(text, parsed)
            services.languages.remember(user, lang)
        else:  # bare command: the language the user last wrote in (French when unknown)
            lang = services.languages.get(user)
        handler = _ACTIONS.get(parsed.action)
        if handler is not None:
            handler(services, parsed, body, respond, lang)

    app.command(name)(ack=ack_command, lazy=[run_command])


def _ideas(
    services: Services,
    parsed: SlashCommand,
    body: dict[str, Any],
    respond: Respond,
    lang: Language,
) -> None:
    try:
        profile = services.profile(str(body.get("channel_id") or "") or None)
        ideas = services.advisor.ideas(theme=parsed.theme, language=lang, profile=profile)
    except Exception as exc:
        metrics.REPLY_ERRORS.inc()
        if isinstance(exc, InputError):
            log.info("ideas refused: %s", exc.message)
        else:
            log.exception("ideas failed")
        respond(text=user_error_text(exc, lang), response_type="ephemeral")
        return
    reply_id = new_reply_id()
    services.store.save_reply(
        reply_id,
        "ideas",
        question=parsed.theme or "",
        mode=ideas.mode,
        sources=[s.model_dump() for s in ideas.sources],
        payload=ideas.model_dump(mode="json"),
        channel=str(body.get("channel_id") or ""),
        user_id=str(body.get("user_id") or ""),
    )
    blocks = ideas_blocks(ideas, reply_id, services.settings.knowledge_dir, share=True)
    respond(
        text=fallback_text(t("ideas_title", lang, week=ideas.week)),
        blocks=blocks,
        response_type="ephemeral",
    )
    metrics.REPLIES.labels(kind="ideas").inc()


def _subscription_channel(
    parsed: SlashCommand, body: dict[str, Any], respond: Respond, lang: Language
) -> str | None:
    """The channel a (un)subscription targets; None, after telling the user, in a DM."""
    channel = parsed.channel or str(body.get("channel_id") or "")
    if not channel or channel.startswith("D"):
        respond(text=t("dm_only_command", lang), response_type="ephemeral")
        return None
    return channel


def _subscribe(
    services: Services,
    parsed: SlashCommand,
    body: dict[str, Any],
    respond: Respond,
    lang: Language,
) -> None:
    channel = _subscription_channel(parsed, body, respond, lang)
    if channel is None:
        return
    tz = services.settings.timezone
    user = str(body.get("user_id") or "")
    services.store.subscribe(
        channel, parsed.weekday, parsed.hour, parsed.minute, tz, user, language=lang
    )
    when = f"{parsed.hour}:{parsed.minute:02d}"
    if lang == "fr":
        when = f"{parsed.hour} h {parsed.minute:02d}"
    day = DAY_NAMES[lang][parsed.weekday]
    text = t("subscribed", lang, channel=channel, day=day, time=when, tz=tz)
    respond(text=text, response_type="ephemeral")


def _unsubscribe(
    services: Services,
    parsed: SlashCommand,
    body: dict[str, Any],
    respond: Respond,
    lang: Language,
) -> None:
    channel = _subscription_channel(parsed, body, respond, lang)
    if channel is None:
        return
    removed = services.store.unsubscribe(channel)
    respond(
        text=t("unsubscribed" if removed else "not_subscribed", lang, channel=channel),
        response_type="ephemeral",
    )


_ACTIONS: dict[str, Callable[[Services, SlashCommand, dict[str, Any], Respond, Language], None]] = {
    "ideas": _ideas,
    "subscribe": _subscribe,
    "unsubscribe": _unsubscribe,
}
