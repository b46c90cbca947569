"""The « Profil de l'entreprise » modal: blocks Slack accepts, prefilled values, and per-field
errors from the submission parser; who may edit."""

from __future__ import annotations

import json
from typing import Any

from bot.config import Settings
from bot.profiles import parse_profile
from bot.profiles.editors import may_edit
from bot.slack.profile_view import (
    AUDIENCE,
    BUSINESS,
    CHANNEL,
    LANGUAGES,
    MAIN,
    OFFERINGS,
    PLATFORMS_BLOCK,
    PROFILE_MODAL,
    TONE,
    profile_modal,
    read_submission,
)
from tests.support.slack_views import view_errors

PROFILE = parse_profile(
    {
        "business_type": "notaire",
        "offerings": "testaments, achats immobiliers",
        "platforms": "linkedin,facebook",
        "tone": "1",
        "languages": "both",
    }
)


def _submitted(language: str = "fr", **fields: Any) -> dict[str, Any]:
    """A view as Slack sends it back on submission, with `fields` filled in."""
    values: dict[str, dict[str, Any]] = {}
    for block, value in fields.items():
        if block in (BUSINESS, OFFERINGS, AUDIENCE, "region", "avoid"):
            state = {"type": "plain_text_input", "value": value}
        elif block == PLATFORMS_BLOCK:
            state = {"selected_options": [{"value": v} for v in value]}
        elif block == CHANNEL:
            state = {"selected_conversation": value}
        else:
            state = {"selected_option": {"value": value} if value else None}
        values[block] = {block: state}
    return {
        "callback_id": PROFILE_MODAL,
        "private_metadata": json.dumps({"language": language}),
        "state": {"values": values},
    }


def test_the_modal_is_one_slack_accepts_and_is_prefilled() -> None:
    for language in ("fr", "en"):
        view = profile_modal(language, PROFILE)  # type: ignore[arg-type]
        assert view_errors("views.open", {"trigger_id": "1.2", "view": view}) == []
    view = profile_modal("fr", PROFILE)
    assert view["title"]["text"] == "Profil de l'entreprise"
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks[BUSINESS]["element"]["initial_value"] == "notaire"
    assert blocks[BUSINESS]["optional"] is False
    assert blocks[OFFERINGS]["element"]["initial_value"] == "testaments, achats immobiliers"
    chosen = [o["value"] for o in blocks[PLATFORMS_BLOCK]["element"]["initial_options"]]
    assert set(chosen) == {"facebook", "linkedin"}
    assert blocks[MAIN]["element"]["initial_option"]["value"] == "linkedin"
    assert blocks[TONE]["element"]["initial_option"]["value"] == "1"
    assert blocks[LANGUAGES]["element"]["initial_option"]["value"] == "both"
    empty = profile_modal("en")
    assert (
        "initial_value" not in {b.get("block_id"): b for b in empty["blocks"]}[BUSINESS]["element"]
    )


def test_a_valid_submission_gives_the_profile_main_platform_first() -> None:
    view = _submitted(
        business_type="Pizzeria", offerings="pizza napolitaine, livraison",
        platforms=["facebook", "instagram", "tiktok"], main_platform="instagram", tone="4",
        languages="fr",
    )  # fmt: skip
    submission, errors = read_submission(view)
    assert errors == {} and submission is not None and submission.channel == ""
    profile = submission.profile
    assert profile.business_type == "Pizzeria" and profile.tone == 4
    assert profile.platforms == ("instagram", "facebook", "tiktok")
    assert profile.offerings == ("pizza napolitaine", "livraison")


def test_errors_are_per_field_in_the_modal_language() -> None:
    view = _submitted(
        "en", business_type="x" * 90, audience="y" * 300, platforms=["linkedin"],
        main_platform="tiktok", channel="D0DIRECT1",
    )  # fmt: skip
    submission, errors = read_submission(view)
    assert submission is None
    assert set(errors) == {BUSINESS, AUDIENCE, MAIN, CHANNEL}
    assert "too long" in errors[BUSINESS] and "main platform" in errors[MAIN]
    french, errors = read_submission(_submitted(business_type=""))
    assert french is None
    assert "ne peut pas être vide" in errors[BUSINESS]


def test_a_channel_keeps_only_what_differs_from_the_workspace() -> None:
    view = _submitted(
        business_type="notaire", offerings="testaments, achats immobiliers",
        platforms=["linkedin"], tone="1", languages="en", channel="C0SALES01",
    )  # fmt: skip
    submission, errors = read_submission(view, PROFILE)
    assert errors == {} and submission is not None and submission.channel == "C0SALES01"
    assert submission.profile.set_fields() == {"platforms": ["linkedin"], "languages": "en"}


def test_admins_owners_and_listed_editors_may_edit() -> None:
    editors = Settings(
        _env_file=None, KILOVOLT_PROFILE_EDITORS="u0editor1, U0EDITOR2"
    ).profile_editors
    assert editors == ["u0editor1", "U0EDITOR2"]
    assert may_edit({"id": "U0BOSS001", "is_admin": True}, editors)
    assert may_edit({"id": "U0BOSS002", "is_primary_owner": True}, editors)
    assert may_edit({"id": "U0EDITOR1"}, editors)
    assert not may_edit({"id": "U0SOMEONE", "is_admin": False}, editors)
