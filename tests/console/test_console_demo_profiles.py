"""The console's demo clients get their brand profiles before the bot starts, never over one set."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli_app
from bot.console import runner
from bot.console.demo_profiles import DEMO_PROFILES, seed_demo_profiles
from bot.console.teams import ARDOISE, DEMO_TEAMS, PIVOINES, PLAIN_TEAM
from bot.profiles import BrandProfile, ProfileRepository
from bot.state.db import create_schema, create_state_engine


def _profiles(url: str) -> dict[str, Any]:
    engine = create_state_engine(url)
    try:
        create_schema(engine)
        repo = ProfileRepository(engine)
        return {team.id: repo.get(team.id) for team in (*DEMO_TEAMS, PLAIN_TEAM)}
    finally:
        engine.dispose()


def test_demo_profiles_differ_where_the_demo_needs_them_to() -> None:
    florist, software = DEMO_PROFILES[PIVOINES.id], DEMO_PROFILES[ARDOISE.id]
    assert florist.platforms == ("instagram", "facebook") and software.platforms == ("linkedin",)
    assert (florist.tone, software.tone) == (5, 1)
    assert (florist.languages, software.languages) == ("fr", "both")
    assert (florist.region, software.region) == ("Sherbrooke", "Montréal")


def test_seeding_writes_missing_profiles_and_keeps_one_already_set(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    engine = create_state_engine(url)
    create_schema(engine)
    own = BrandProfile(business_type="studio de paie", platforms=("x",), tone=3)
    ProfileRepository(engine).set(ARDOISE.id, None, own, updated_by="U0ADMIN")
    engine.dispose()

    assert seed_demo_profiles(url, DEMO_TEAMS) == [PIVOINES.id]
    stored = _profiles(url)
    assert stored[PIVOINES.id].profile == DEMO_PROFILES[PIVOINES.id]
    assert stored[PIVOINES.id].updated_by == "console"
    assert stored[ARDOISE.id].profile == own and stored[ARDOISE.id].updated_by == "U0ADMIN"
    assert seed_demo_profiles(url, DEMO_TEAMS) == []
    assert seed_demo_profiles(url, (PLAIN_TEAM,)) == []
    assert _profiles(url)[PLAIN_TEAM.id] is None


@pytest.mark.parametrize(
    ("option", "expected"), [([], DEMO_TEAMS), (["--workspaces", "1"], (PLAIN_TEAM,))]
)
def test_console_command_seeds_before_serving_unless_single(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: list[str], expected: tuple[Any, ...]
) -> None:
    import bot.commands.console as command

    url = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    settings = SimpleNamespace(resolved_database_url=url, slash_command="/idees")
    served: dict[str, Any] = {}

    async def fake_serve(sock: Any, report: Any, **kw: Any) -> None:
        served.update(kw, profiles=_profiles(url))

    monkeypatch.setattr(command, "load_settings", lambda: settings)
    monkeypatch.setattr(command, "setup_logging", lambda s: None)
    monkeypatch.setattr(command, "_check_index", lambda s: None)
    monkeypatch.setattr(runner, "bind_port", lambda port: None)
    monkeypatch.setattr(runner, "serve", fake_serve)
    monkeypatch.delenv("KILOVOLT_CONSOLE_WORKSPACES", raising=False)
    # In a thread of its own: a browser test's Playwright session may hold this thread's event
    # loop, and the command starts one with asyncio.run.
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(
            CliRunner().invoke, cli_app, ["console", "--port", "0", *option]
        ).result()
    assert result.exit_code == 0, result.output
    assert tuple(served["teams"]) == expected
    seeded = {team for team, stored in served["profiles"].items() if stored is not None}
    assert seeded == ({PIVOINES.id, ARDOISE.id} if len(expected) == 2 else set())
    if len(expected) == 2:
        assert "Fleuriste Les Pivoines (T0PIVOINES1): demo profile written" in result.output
