"""Brand profiles per workspace, with per-channel overrides: model, checks and storage."""

from bot.profiles.errors import FieldProblem, ProfileInvalid
from bot.profiles.fields import parse_fields, parse_profile, require_business
from bot.profiles.model import PLATFORMS, BrandProfile, merge_profiles
from bot.profiles.repository import ProfileRepository, StoredProfile, forget_team

__all__ = [
    "PLATFORMS",
    "BrandProfile",
    "FieldProblem",
    "ProfileInvalid",
    "ProfileRepository",
    "StoredProfile",
    "forget_team",
    "merge_profiles",
    "parse_fields",
    "parse_profile",
    "require_business",
]
