"""The demo clients' brand profiles, written into the bot's state database before it starts."""

from __future__ import annotations

from collections.abc import Sequence

from bot.console.teams import ARDOISE, PIVOINES, Team
from bot.profiles import BrandProfile, ProfileRepository
from bot.state.db import create_schema, create_state_engine

SEEDED_BY = "console"
DEMO_PROFILES: dict[str, BrandProfile] = {
    PIVOINES.id: BrandProfile(
        business_type="fleuriste",
        offerings=("bouquets", "fleurs de saison", "plantes d'intérieur", "livraison locale"),
        region="Sherbrooke",
        audience="gens de Sherbrooke et des Cantons-de-l'Est qui veulent faire plaisir",
        platforms=("instagram", "facebook"),
        tone=5,
        languages="fr",
    ),
    ARDOISE.id: BrandProfile(
        business_type="logiciel de paie B2B",
        offerings=("logiciel de paie", "conformité fiscale", "intégrations RH"),
        region="Montréal",
        audience="directions financières et RH des PME québécoises",
        platforms=("linkedin",),
        tone=1,
        languages="both",
    ),
}


def seed_demo_profiles(database_url: str, teams: Sequence[Team]) -> list[str]:
    """Give each demo team without a profile its demo one; the ids of the teams seeded.

    A profile someone already set for one of these teams is left as it is."""
    wanted = [team.id for team in teams if team.id in DEMO_PROFILES]
    if not wanted:
        return []
    engine = create_state_engine(database_url)
    try:
        create_schema(engine)
        profiles = ProfileRepository(engine)
        seeded = []
        for team_id in wanted:
            if profiles.get(team_id) is None:
                profiles.set(team_id, None, DEMO_PROFILES[team_id], updated_by=SEEDED_BY)
                seeded.append(team_id)
        return seeded
    finally:
        engine.dispose()
