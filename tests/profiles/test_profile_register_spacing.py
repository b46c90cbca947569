"""The profile's register (tu / vous) and punctuation spacing (quebec / france): parsed from
French or English words, cleared with an empty value, bad input in one line per language; stored
in the profile's JSON (no new column: a row saved before these fields reads as before), set and
shown by the CLI, chosen in the Slack modal within Slack's limits for options."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bot.cli import app
from bot.config import get_settings
from bot.profiles import BrandProfile, ProfileInvalid, ProfileRepository, parse_profile
from bot.profiles.table import BrandProfileRow
from bot.slack.profile_view import (
    BUSINESS,
    PROFILE_MODAL,
    REGISTER,
    SPACING,
    profile_modal,
    read_submission,
)
from bot.state import StateStore
from tests.support.slack_views import view_errors

TEAM = "T0ACME001"


@pytest.mark.parametrize(
    ("raw", "register", "spacing"),
    [
        ({"register": "Vouvoiement", "spacing": "Québec"}, "vous", "quebec"),
        ({"register": "« tu »", "spacing": "OQLF"}, "tu", "quebec"),
        ({"register": "formal", "spacing": "France"}, "vous", "france"),
        ({"register": "informal", "spacing": ""}, "tu", None),
    ],
)
def test_register_and_spacing_read_french_or_english_words(
    raw: dict[str, str], register: str, spacing: str | None
) -> None:
    profile = parse_profile(raw)
    assert (profile.register, profile.spacing) == (register, spacing)


def test_an_empty_value_clears_and_bad_values_say_what_is_allowed() -> None:
    base = parse_profile({"business_type": "café", "register": "tu", "spacing": "france"})
    cleared = parse_profile({"register": "", "spacing": ""}, base)
    assert cleared.set_fields() == {"business_type": "café"}
    with pytest.raises(ProfileInvalid) as caught:
        parse_profile({"register": "il", "spacing": "belgique"})
    problems = {p.field: p for p in caught.value.problems}
    assert set(problems) == {"register", "spacing"}
    assert "tu or vous" in problems["register"].en and "tu ou vous" in problems["register"].fr
    assert "quebec" in problems["spacing"].en and "OQLF" in problems["spacing"].fr


def test_stored_in_the_profile_json_and_old_rows_still_read(
    repo: ProfileRepository, store: StateStore
) -> None:
    profile = parse_profile({"business_type": "notaire", "register": "vous", "spacing": "france"})
    repo.set(TEAM, "", profile)
    repo.set(TEAM, "C0SALES01", BrandProfile(register="tu"))
    stored = repo.get(TEAM)
    assert stored is not None and stored.profile == profile
    effective = repo.get_effective(TEAM, "C0SALES01")
    assert effective is not None and (effective.register, effective.spacing) == ("tu", "france")
    with Session(store.engine) as session, session.begin():  # a row saved before the fields
        session.execute(
            update(BrandProfileRow)
            .where(BrandProfileRow.team_id == TEAM, BrandProfileRow.channel_id == "")
            .values(data={"business_type": "notaire", "tone": 1})
        )
    old = repo.get(TEAM)
    assert old is not None and old.profile.register is None and old.profile.spacing is None


@pytest.fixture
def url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    monkeypatch.setenv("KILOVOLT_DATABASE_URL", f"sqlite:///{tmp_path / 'state.sqlite3'}")
    get_settings.cache_clear()
    yield str(tmp_path / "state.sqlite3")
    get_settings.cache_clear()


def _cli(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["profile", *args])


def test_the_cli_sets_and_shows_them(url: str) -> None:
    result = _cli("set", "--team", TEAM, "--business", "pizzeria", "--register", "tu",
                  "--spacing", "france", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["profile"] == {
        "business_type": "pizzeria",
        "register": "tu",
        "spacing": "france",
    }
    shown = _cli("show", "--team", TEAM)
    assert "tu (informal (tu))" in shown.stdout and "france (France: a space" in shown.stdout
    bad = _cli("set", "--team", TEAM, "--register", "nous")
    assert bad.exit_code == 2 and "register must be tu or vous" in bad.output
    assert "Traceback" not in bad.output


def _submitted(**fields: str) -> dict[str, Any]:
    values: dict[str, Any] = {BUSINESS: {BUSINESS: {"type": "plain_text_input", "value": "café"}}}
    for block, value in fields.items():
        values[block] = {block: {"selected_option": {"value": value}}}
    return {
        "callback_id": PROFILE_MODAL,
        "private_metadata": json.dumps({"language": "fr"}),
        "state": {"values": values},
    }


def test_the_modal_offers_them_prefilled_and_within_slack_limits() -> None:
    profile = parse_profile({"business_type": "café", "register": "vous", "spacing": "france"})
    for language in ("fr", "en"):
        view = profile_modal(language, profile)  # type: ignore[arg-type]
        assert view_errors("views.open", {"trigger_id": "1.2", "view": view}) == []
        blocks = {b.get("block_id"): b for b in view["blocks"]}
        assert blocks[REGISTER]["element"]["initial_option"]["value"] == "vous"
        assert blocks[SPACING]["element"]["initial_option"]["value"] == "france"
        for block in (blocks[REGISTER], blocks[SPACING]):
            for option in block["element"]["options"]:  # Slack: text ≤ 75, value 1 to 150
                assert 0 < len(option["text"]["text"]) <= 75
                assert 0 < len(option["value"]) <= 150
    empty = {b.get("block_id"): b for b in profile_modal("fr")["blocks"]}
    assert "initial_option" not in empty[REGISTER]["element"]


def test_the_modal_submission_saves_or_clears_them() -> None:
    submission, errors = read_submission(_submitted(register="tu", spacing="quebec"))
    assert errors == {} and submission is not None
    assert (submission.profile.register, submission.profile.spacing) == ("tu", "quebec")
    cleared, _ = read_submission(_submitted(register="none"))
    assert cleared is not None and cleared.profile.register is None
