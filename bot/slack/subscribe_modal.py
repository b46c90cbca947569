"""The App Home's subscribe modal: channel, day and hour, and the checks of what was submitted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.slack.blocks import Block
from bot.slack.texts import DAY_NAMES, Language, t

SUBSCRIBE_MODAL = "home_subscribe_modal"
CHANNEL, DAY, HOUR = "channel", "day", "hour"
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{1,39}$")
"""A public (C…) or private (G… for older ones) channel: never a DM (D…)."""
DEFAULT_DAY, DEFAULT_HOUR = 0, 9


@dataclass(frozen=True)
class Choice:
    """What the person chose in the modal."""

    channel: str
    weekday: int
    hour: int


def _option(text: str, value: str) -> Block:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


def _hour_label(hour: int, language: Language) -> str:
    return f"{hour}:00" if language == "en" else f"{hour} h"


def _input(block_id: str, label: str, element: Block) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {**element, "action_id": block_id},
    }


def subscribe_modal(language: Language, tz: str) -> dict[str, Any]:
    """The modal opened by « Abonner un canal » (Monday 9 h chosen by default)."""
    days = [_option(name.capitalize(), str(i)) for i, name in enumerate(DAY_NAMES[language])]
    hours = [_option(_hour_label(h, language), str(h)) for h in range(24)]
    channel: Block = {
        "type": "conversations_select",
        "placeholder": {"type": "plain_text", "text": t("modal_channel_placeholder", language)},
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    day: Block = {"type": "static_select", "options": days, "initial_option": days[DEFAULT_DAY]}
    hour: Block = {"type": "static_select", "options": hours, "initial_option": hours[DEFAULT_HOUR]}
    return {
        "type": "modal",
        "callback_id": SUBSCRIBE_MODAL,
        "private_metadata": language,
        "title": {"type": "plain_text", "text": t("modal_title", language)},
        "submit": {"type": "plain_text", "text": t("modal_submit", language)},
        "close": {"type": "plain_text", "text": t("modal_close", language)},
        "blocks": [
            _input(CHANNEL, t("modal_channel", language), channel),
            _input(DAY, t("modal_day", language), day),
            _input(HOUR, t("modal_hour", language, tz=tz), hour),
        ],
    }


def _state(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    values = ((view.get("state") or {}).get("values") or {}).get(block_id) or {}
    return values.get(block_id) or {}


def _number(view: dict[str, Any], block_id: str, top: int) -> int | None:
    raw = str((_state(view, block_id).get("selected_option") or {}).get("value") or "")
    return int(raw) if raw.isdigit() and int(raw) < top else None


def read_submission(view: dict[str, Any]) -> tuple[Choice | None, dict[str, str]]:
    """(the choice, {}) when valid, else (None, errors by block id) in the modal's language."""
    language: Language = "en" if view.get("private_metadata") == "en" else "fr"
    channel = str(_state(view, CHANNEL).get("selected_conversation") or "")
    weekday, hour = _number(view, DAY, 7), _number(view, HOUR, 24)
    errors: dict[str, str] = {}
    if not CHANNEL_ID.fullmatch(channel):
        errors[CHANNEL] = t("modal_bad_channel", language)
    if weekday is None:
        errors[DAY] = t("modal_bad_day", language)
    if hour is None:
        errors[HOUR] = t("modal_bad_hour", language)
    if errors or weekday is None or hour is None:
        return None, errors
    return Choice(channel, weekday, hour), {}
