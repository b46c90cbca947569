"""Brand profiles per workspace, with per-channel overrides: model, checks and storage.

The exports load on first use (PEP 562): the advisor reads `bot.profiles.model` without
importing the SQLAlchemy repository.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lazy_exports import lazy_getattr

if TYPE_CHECKING:
    from bot.profiles.errors import FieldProblem, ProfileInvalid
    from bot.profiles.fields import parse_fields, parse_profile, require_business
    from bot.profiles.model import PLATFORMS, BrandProfile, merge_profiles
    from bot.profiles.repository import ProfileRepository, StoredProfile, forget_team

_EXPORTS = {
    "FieldProblem": "bot.profiles.errors",
    "ProfileInvalid": "bot.profiles.errors",
    "parse_fields": "bot.profiles.fields",
    "parse_profile": "bot.profiles.fields",
    "require_business": "bot.profiles.fields",
    "PLATFORMS": "bot.profiles.model",
    "BrandProfile": "bot.profiles.model",
    "merge_profiles": "bot.profiles.model",
    "ProfileRepository": "bot.profiles.repository",
    "StoredProfile": "bot.profiles.repository",
    "forget_team": "bot.profiles.repository",
}

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

__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())
