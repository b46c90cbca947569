"""Slash command parsing (pure)."""

from __future__ import annotations

import pytest

from bot.slack.command_parser import parse_command


def test_empty_is_this_weeks_ideas() -> None:
    assert parse_command("  ").action == "ideas"
    assert parse_command("").theme is None


@pytest.mark.parametrize("text", ["aide", "AIDE", "help", "?"])
def test_help(text: str) -> None:
    parsed = parse_command(text)
    assert parsed.action == "help" and parsed.problem is None


def test_theme() -> None:
    parsed = parse_command("rentrée scolaire")
    assert (parsed.action, parsed.theme) == ("ideas", "rentrée scolaire")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abonner", (None, 0, 9, 0)),
        ("abonner <#C12|marketing>", ("C12", 0, 9, 0)),
        ("abonner <#C12|marketing> vendredi 16h", ("C12", 4, 16, 0)),
        ("Abonner <#C12> Mercredi à 9 h 30", ("C12", 2, 9, 30)),
        ("abonner jeudi 08:15", (None, 3, 8, 15)),
        ("subscribe <#G7|prive> monday 10", ("G7", 0, 10, 0)),
    ],
)
def test_subscribe(text: str, expected: tuple) -> None:
    parsed = parse_command(text)
    assert parsed.action == "subscribe"
    assert (parsed.channel, parsed.weekday, parsed.hour, parsed.minute) == expected


@pytest.mark.parametrize(
    "text",
    [
        "abonner #general",
        "abonner lundi 25h",
        "abonner bientôt",
        "desabonner maintenant",
        "x" * 201,
        "---",
        "<@U1>",
    ],
)
def test_odd_input_gives_help_with_reason(text: str) -> None:
    parsed = parse_command(text)
    assert parsed.action == "help"
    assert parsed.problem is not None and parsed.problem.fr and parsed.problem.en


def test_unsubscribe() -> None:
    assert parse_command("désabonner").action == "unsubscribe"
    assert parse_command("desabonner <#C3|x>").channel == "C3"
