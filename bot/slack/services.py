"""What every Slack listener needs, built once by build_bot and passed to each `register`."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from bot.advisor.models import Answer, Critique, IdeaSet, Language, Turn
from bot.config import Settings
from bot.profiles.model import BrandProfile
from bot.profiles.repository import ProfileRepository
from bot.slack.gating import BotIdentity
from bot.slack.languages import UserLanguages
from bot.state import StateStore

log = logging.getLogger(__name__)


class AdvisorLike(Protocol):
    """The advisor interface the Slack layer depends on (bot.advisor.Advisor implements it)."""

    def answer(
        self,
        question: str,
        history: Any = (),
        *,
        profile: BrandProfile | None = None,
        team: str | None = None,
    ) -> Answer: ...
    def answer_stream(
        self,
        question: str,
        history: Any = (),
        *,
        profile: BrandProfile | None = None,
        team: str | None = None,
    ) -> Any: ...
    def critique(
        self,
        draft: str,
        platform: str | None = None,
        language: Language | None = None,
        *,
        profile: BrandProfile | None = None,
    ) -> Critique: ...
    def ideas(
        self,
        theme: str | None = None,
        week: str | None = None,
        language: Language = "fr",
        *,
        profile: BrandProfile | None = None,
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
    # OAuth mode: many workspaces, each request scoped to its own (see `scoped`).
    multi_team: bool = False
    # The workspace a request comes from (also in single-workspace mode, where the rows stay
    # under team ""): its brand profile is looked up by this id (`kilovolt profile --team`).
    team_id: str = ""

    def for_team(self, team_id: str | None, bot: BotIdentity | None = None) -> Services:
        """These services seen from workspace `team_id`: its rows only, its languages, and its
        bot identity when given. In single-workspace mode, the rows of team ""."""
        team = (team_id or "") if self.multi_team else ""
        return dataclasses.replace(
            self,
            store=self.store.for_team(team),
            languages=self.languages.for_team(team, self.store.for_team(team)),
            bot=bot or self.bot,
            team_id=team_id or self.team_id,
        )

    def scoped(self, context: Any) -> Services:
        """The services of the workspace a Bolt request comes from (its `context`): in OAuth
        mode the bot user id differs per workspace, so it comes from the request too."""
        if not self.multi_team:
            team = request_team(context)
            return dataclasses.replace(self, team_id=team) if team else self
        bot = BotIdentity(user_id=str(context.bot_user_id or ""), bot_id=str(context.bot_id or ""))
        return self.for_team(request_team(context), bot)

    def profile(self, channel: str | None = None) -> BrandProfile | None:
        """The brand profile that applies in `channel` of this workspace (the channel's override
        over the workspace's profile); None without one, or when the database cannot be read
        (the reply goes on without it)."""
        if not self.team_id:
            return None
        try:
            return ProfileRepository(self.store.engine).get_effective(self.team_id, channel)
        except Exception:  # a profile is a refinement: never the reason a reply fails
            log.warning("brand profile of %s not read", self.team_id, exc_info=True)
            return None


def request_team(context: Any) -> str:
    """The workspace key of a request: its team id (an org-wide Enterprise Grid install's
    events without a team: the enterprise id)."""
    return str(context.team_id or context.enterprise_id or "")


HistoryTurns = list[Turn]
