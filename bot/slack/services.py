"""What every Slack listener needs, built once by build_bot and passed to each `register`."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from bot.advisor.models import Answer, Critique, IdeaSet, Language, Turn
from bot.config import Settings
from bot.slack.gating import BotIdentity
from bot.slack.languages import UserLanguages
from bot.state import StateStore


class AdvisorLike(Protocol):
    """The advisor interface the Slack layer depends on (bot.advisor.Advisor implements it)."""

    def answer(self, question: str, history: Any = ()) -> Answer: ...
    def answer_stream(self, question: str, history: Any = ()) -> Any: ...
    def critique(
        self, draft: str, platform: str | None = None, language: Language | None = None
    ) -> Critique: ...
    def ideas(
        self, theme: str | None = None, week: str | None = None, language: Language = "fr"
    ) -> IdeaSet: ...
    def route(self, text: str) -> str: ...
    def readiness(self, max_age_s: float = 15.0) -> dict[str, str]: ...


def system_clock() -> datetime:
    """Aware UTC now."""
    return datetime.now(UTC)


@dataclass
class Services:
    """Settings, advisor, state store, bot identity and clocks shared by the listeners."""

    settings: Settings
    advisor: AdvisorLike
    store: StateStore
    bot: BotIdentity
    clock: Callable[[], datetime] = system_clock
    monotonic: Callable[[], float] = time.monotonic
    stream_flush_chars: int = 200
    stream_flush_seconds: float = 0.5
    history_limit: int = 12
    languages: UserLanguages = field(default_factory=UserLanguages)


HistoryTurns = list[Turn]
