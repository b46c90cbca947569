"""ISO weeks ('YYYY-Www'): parsing, the current week, and the seasons and events a week falls in."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.errors import InputError

_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)

# (season id used by the idea bank, first (month, day), last (month, day)), inclusive.
SEASON_WINDOWS: tuple[tuple[str, tuple[int, int], tuple[int, int]], ...] = (
    ("hiver", (12, 21), (3, 19)),
    ("printemps", (3, 20), (6, 20)),
    ("ete", (6, 21), (9, 21)),
    ("automne", (9, 22), (12, 20)),
    ("rentree", (8, 15), (9, 15)),
    ("fetes", (12, 1), (1, 6)),
    ("saint-valentin", (2, 1), (2, 14)),
    ("semaine-de-relache", (2, 20), (3, 10)),
    ("cabane-a-sucre", (3, 1), (4, 25)),
    ("fete-nationale", (6, 1), (6, 24)),
    ("halloween", (10, 10), (10, 31)),
    ("action-de-grace", (9, 28), (10, 14)),
)
SEASON_LABELS = {
    "hiver": "hiver",
    "printemps": "printemps",
    "ete": "été",
    "automne": "automne",
    "rentree": "rentrée",
    "fetes": "temps des Fêtes",
    "saint-valentin": "Saint-Valentin",
    "semaine-de-relache": "semaine de relâche",
    "cabane-a-sucre": "temps des sucres",
    "fete-nationale": "Fête nationale",
    "halloween": "Halloween",
    "action-de-grace": "Action de grâce",
}


def parse_week(week: str) -> tuple[int, int]:
    """(year, week number) from 'YYYY-Www'; a clear InputError otherwise."""
    match = _WEEK.match(week or "")
    if match:
        year, number = int(match.group(1)), int(match.group(2))
        try:
            date.fromisocalendar(year, number, 1)
            return year, number
        except ValueError:
            pass
    raise InputError(
        f"invalid week '{week}': use YYYY-Www, e.g. 2025-W36",
        f"Semaine invalide « {week} » : utilisez AAAA-Sss, par exemple 2025-W36.",
    )


def current_week(timezone: str = "America/Toronto", now: datetime | None = None) -> str:
    """The ISO week of `now` (default: the current time) in `timezone`, as 'YYYY-Www'."""
    moment = now or datetime.now(ZoneInfo(timezone))
    year, number, _ = moment.isocalendar()
    return f"{year}-W{number:02d}"


def week_days(week: str) -> list[date]:
    """Monday to Sunday of `week`."""
    year, number = parse_week(week)
    monday = date.fromisocalendar(year, number, 1)
    return [monday + timedelta(days=i) for i in range(7)]


def _in_window(day: date, start: tuple[int, int], end: tuple[int, int]) -> bool:
    key = (day.month, day.day)
    return start <= key <= end if start <= end else key >= start or key <= end


BROAD_SEASONS = frozenset({"hiver", "printemps", "ete", "automne"})


def seasons_of(week: str) -> list[str]:
    """Event ids touching any day of `week`, then the season of its Thursday (bank vocabulary)."""
    days = week_days(week)
    events = [
        name
        for name, start, end in SEASON_WINDOWS
        if name not in BROAD_SEASONS and any(_in_window(day, start, end) for day in days)
    ]
    season = next(
        name
        for name, start, end in SEASON_WINDOWS
        if name in BROAD_SEASONS and _in_window(days[3], start, end)
    )
    return [*events, season]
