"""The brand profile model: checks with clear French and English messages, and the merge rule."""

from __future__ import annotations

import pytest

from bot.profiles import BrandProfile, ProfileInvalid, merge_profiles, parse_profile
from bot.profiles.fields import parse_tone, require_business


def test_a_full_profile_is_parsed_and_normalised() -> None:
    profile = parse_profile(
        {
            "business_type": "  Clinique   dentaire ",
            "offerings": "nettoyage; blanchiment,\nurgences, Nettoyage",
            "region": "Gatineau",
            "audience": "familles du quartier",
            "platforms": "Insta, fb, instagram",
            "tone": "plutôt sérieux",
            "languages": "les deux",
            "avoid": "pas cher, gratuit",
        }
    )
    assert profile.business_type == "Clinique dentaire"
    assert profile.offerings == ("nettoyage", "blanchiment", "urgences")  # duplicates dropped
    assert profile.platforms == ("instagram", "facebook") and profile.main_platform == "instagram"
    assert profile.tone == 2 and profile.languages == "both"
    assert profile.avoid == ("pas cher", "gratuit")


@pytest.mark.parametrize(
    ("raw", "tone"),
    [("1", 1), ("5", 5), ("Sérieux", 1), ("playful", 5), ("équilibré", 3), (4, 4)],
)
def test_tone_takes_a_number_or_a_name(raw: str | int, tone: int) -> None:
    assert parse_tone(raw) == tone


@pytest.mark.parametrize(
    ("raw", "field", "fr_part", "en_part"),
    [
        (
            {"platforms": "instagram, myspace"},
            "platforms",
            "Plateforme inconnue",
            "unknown platform",
        ),
        ({"business_type": "   "}, "business_type", "ne peut pas être vide", "cannot be empty"),
        ({"business_type": "x" * 81}, "business_type", "Trop long", "too long"),
        ({"audience": "y" * 201}, "audience", "Trop long", "too long"),
        ({"offerings": ",".join(f"s{i}" for i in range(13))}, "offerings", "Trop de", "too many"),
        ({"avoid": "z" * 61}, "avoid", "Trop long", "too long"),
        ({"tone": "9"}, "tone", "Le ton va de 1", "tone must be 1"),
        ({"tone": "grincheux"}, "tone", "Le ton va de 1", "tone must be 1"),
        ({"languages": "allemand"}, "languages", "fr, en ou both", "fr, en or both"),
    ],
)
def test_bad_input_gets_a_clear_message_in_both_languages(
    raw: dict[str, str], field: str, fr_part: str, en_part: str
) -> None:
    with pytest.raises(ProfileInvalid) as caught:
        parse_profile(raw)
    problem = caught.value.problems[0]
    assert problem.field == field
    assert fr_part in problem.text("fr") and en_part in problem.text("en")
    assert en_part in caught.value.message and fr_part in caught.value.for_language("fr")


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ProfileInvalid) as caught:
        parse_profile({"platforms": "myspace", "tone": "0", "languages": "?"})
    assert [p.field for p in caught.value.problems] == ["platforms", "tone", "languages"]


def test_given_fields_update_a_base_and_empty_values_clear_them() -> None:
    base = parse_profile({"business_type": "plombier", "region": "Laval", "tone": "3"})
    updated = parse_profile({"region": "", "tone": "5"}, base)
    assert updated.business_type == "plombier" and updated.region is None and updated.tone == 5


def test_a_workspace_profile_needs_a_business_type() -> None:
    with pytest.raises(ProfileInvalid, match="needs a business type"):
        require_business(parse_profile({"platforms": "linkedin"}))


def test_the_channel_override_set_fields_win() -> None:
    workspace = parse_profile(
        {"business_type": "notaire", "platforms": "facebook", "tone": "1", "languages": "fr"}
    )
    override = parse_profile({"platforms": "linkedin", "languages": "both"})
    merged = merge_profiles(workspace, override)
    assert merged is not None
    assert merged.business_type == "notaire" and merged.tone == 1  # kept from the workspace
    assert merged.platforms == ("linkedin",) and merged.languages == "both"  # the override's
    assert merge_profiles(workspace, None) == workspace
    assert merge_profiles(None, override) == override
    assert merge_profiles(None, None) is None and merge_profiles(BrandProfile(), None) is None
