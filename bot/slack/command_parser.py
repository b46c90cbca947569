"""Pure parsing of the slash command's text: ideas, help, subscribe, unsubscribe."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.french import fold

Action = Literal["ideas", "help", "subscribe", "unsubscribe"]

MAX_THEME_CHARS = 200
DEFAULT_WEEKDAY, DEFAULT_HOUR, DEFAULT_MINUTE = 0, 9, 0

_DAYS = {
    **{
        d: i
        for i, d in enumerate(
            ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        )
    },
    **{
        d: i
        for i, d in enumerate(
            ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        )
    },
}
_HELP = {"aide", "help", "?", "-h", "--help", "options"}
_SUBSCRIBE = {"abonner", "abonnement", "abonne", "subscribe"}
_UNSUBSCRIBE = {"desabonner", "desabonnement", "desabonne", "unsubscribe"}
_FILLER = {"a", "le", "chaque", "les", "at", "on", "every"}
_ENGLISH = {
    "help", "subscribe", "unsubscribe", "at", "on", "every",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip
_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$")
_TIME = re.compile(r"^(\d{1,2})(?:\s*(?:h|:)\s*(\d{2})?)?$")


@dataclass(frozen=True)
class Problem:
    """What was wrong with the command, in both languages."""

    fr: str
    en: str


@dataclass(frozen=True)
class SlashCommand:
    """The parsed command; `problem` set means: show the help with that line."""

    action: Action
    theme: str | None = None
    channel: str | None = None
    weekday: int = DEFAULT_WEEKDAY
    hour: int = DEFAULT_HOUR
    minute: int = DEFAULT_MINUTE
    problem: Problem | None = None
    english: bool = False
    """True when the user typed English keywords (help, subscribe, Monday, ...)."""


def _help(fr: str, en: str, english: bool = False) -> SlashCommand:
    return SlashCommand("help", problem=Problem(fr, en), english=english)


def _is_english(words: list[str]) -> bool:
    return any(fold(word).rstrip(",.") in _ENGLISH for word in words)


def parse_command(text: str) -> SlashCommand:
    """Parse the text typed after the slash command."""
    text = " ".join((text or "").split())
    if not text:
        return SlashCommand("ideas")
    words = text.split(" ")
    head = fold(words[0])
    if head in _HELP:
        return SlashCommand("help", english=head == "help")
    if head in _SUBSCRIBE:
        return _parse_subscribe(words[1:], english=head == "subscribe")
    if head in _UNSUBSCRIBE:
        return _parse_unsubscribe(words[1:], english=head == "unsubscribe")
    if len(text) > MAX_THEME_CHARS:
        return _help(
            f"Le thème est trop long (maximum {MAX_THEME_CHARS} caractères).",
            f"The theme is too long (at most {MAX_THEME_CHARS} characters).",
        )
    if not any(c.isalnum() for c in text) or text.startswith(("<", "-")):
        return _help("Je n’ai pas compris cette commande.", "I didn’t understand this command.")
    return SlashCommand("ideas", theme=text)


def _channel(word: str) -> str | None:
    match = _CHANNEL.match(word)
    return match.group(1) if match else None


def _parse_subscribe(words: list[str], english: bool) -> SlashCommand:
    english = english or _is_english(words)
    channel, weekday, hour, minute = None, DEFAULT_WEEKDAY, DEFAULT_HOUR, DEFAULT_MINUTE
    for word in _merge_time_words(words):
        folded = fold(word).rstrip(",.")
        if (found := _channel(word)) is not None:
            channel = found
        elif word.startswith("#"):
            return _help(
                "Choisissez le canal dans la liste qui apparaît après « # » "
                "pour que je le reconnaisse.",
                "Pick the channel from the list that appears after “#” so I can recognise it.",
                english,
            )
        elif folded in _DAYS:
            weekday = _DAYS[folded]
        elif (time := _TIME.match(folded)) is not None:
            hour, minute = int(time.group(1)), int(time.group(2) or 0)
            if hour > 23 or minute > 59:
                return _help(f"Heure invalide : {word}.", f"Invalid time: {word}.", english)
        elif folded in _FILLER:
            continue
        else:
            return _help(
                f"Je n’ai pas compris « {word[:40]} ». Exemple : abonner #canal lundi 9h",
                f"I didn’t understand “{word[:40]}”. Example: subscribe #channel Monday 9:00",
                english,
            )
    return SlashCommand(
        "subscribe", channel=channel, weekday=weekday, hour=hour, minute=minute, english=english
    )


def _merge_time_words(words: list[str]) -> list[str]:
    """Join '9 h' / '9 h 30' into one word."""
    merged: list[str] = []
    for word in words:
        if merged and fold(word) in {"h", ":"} and merged[-1].isdigit():
            merged[-1] += "h"
        elif merged and word.isdigit() and len(word) == 2 and merged[-1].endswith("h"):
            merged[-1] += word
        else:
            merged.append(word)
    return merged


def _parse_unsubscribe(words: list[str], english: bool) -> SlashCommand:
    channel = None
    for word in words:
        if (found := _channel(word)) is not None:
            channel = found
        else:
            return _help(
                "Précisez seulement le canal : desabonner #canal",
                "Only name the channel: unsubscribe #channel",
                english,
            )
    return SlashCommand("unsubscribe", channel=channel, english=english)
