"""The Slack teams the console plays: one plain workspace, or two demo clients of the agency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TEAM_ID = "T0CONSOLE01"
TEAM_DOMAIN = "kilovolt-console"
HUMAN_USER_ID = "U0CONSOLE01"
GENERAL_ID = "C0GENERAL01"
DM_ID = "D0KILOVOLT1"
COLLEAGUE_NAME = "Camille (cliente)"
"""A second person in each workspace (the client who approves drafts), with her own DM."""


@dataclass(frozen=True)
class Team:
    """One workspace: its ids, its name, the person in it, its #général and its DM with the bot."""

    id: str
    name: str
    domain: str
    human_user_id: str = HUMAN_USER_ID
    general_id: str = GENERAL_ID
    dm_id: str = DM_ID
    tagline: str = ""
    colleague_user_id: str = "U0CLIENT01"
    colleague_dm_id: str = "D0CLIENT01"

    def view(self) -> dict[str, Any]:
        """What the page's workspace switcher shows and needs."""
        return {
            "id": self.id,
            "name": self.name,
            "domain": self.domain,
            "tagline": self.tagline,
            "general": self.general_id,
            "dm": self.dm_id,
            "colleague": {
                "id": self.colleague_user_id,
                "dm": self.colleague_dm_id,
                "name": COLLEAGUE_NAME,
            },
        }


PLAIN_TEAM = Team(TEAM_ID, "Console Kilovolt", TEAM_DOMAIN)
PIVOINES = Team(
    "T0PIVOINES1",
    "Fleuriste Les Pivoines",
    "pivoines-sherbrooke",
    tagline="Fleuriste à Sherbrooke · Instagram, Facebook · ton ludique · français",
)
ARDOISE = Team(
    "T0ARDOISE01",
    "Logiciels Ardoise",
    "logiciels-ardoise",
    human_user_id="U0CONSOLE02",
    general_id="C0GENERAL02",
    dm_id="D0KILOVOLT2",
    colleague_user_id="U0CLIENT02",
    colleague_dm_id="D0CLIENT02",
    tagline="Logiciel de paie B2B à Montréal · LinkedIn · ton sérieux · français et anglais",
)
DEMO_TEAMS: tuple[Team, ...] = (PIVOINES, ARDOISE)
MAX_WORKSPACES = len(DEMO_TEAMS)


def person_name(user_id: str) -> str | None:
    """The name the page shows for a colleague's id (None for anyone else)."""
    teams = (PLAIN_TEAM, *DEMO_TEAMS)
    return COLLEAGUE_NAME if any(t.colleague_user_id == user_id for t in teams) else None


def console_teams(count: int) -> tuple[Team, ...]:
    """The plain workspace for 1, else the first `count` demo clients (2 at most)."""
    if count <= 1:
        return (PLAIN_TEAM,)
    return DEMO_TEAMS[: min(count, MAX_WORKSPACES)]
