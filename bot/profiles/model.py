"""The brand profile: what a workspace (or one of its channels) sells, to whom, where and how."""

from __future__ import annotations

import warnings
from typing import Literal

from pydantic import BaseModel, ConfigDict

Languages = Literal["fr", "en", "both"]
Register = Literal["tu", "vous"]
Spacing = Literal["quebec", "france"]
PLATFORMS: tuple[str, ...] = (
    "facebook",
    "instagram",
    "linkedin",
    "tiktok",
    "x",
    "youtube",
    "pinterest",
    "threads",
)
"""Networks a profile may name, in this order of precedence when none is marked as main."""
PLATFORM_ALIASES = {
    "fb": "facebook",
    "ig": "instagram",
    "insta": "instagram",
    "twitter": "x",
    "tik-tok": "tiktok",
    "yt": "youtube",
}
TONE_MIN, TONE_MAX = 1, 5
FIELDS: tuple[str, ...] = (
    "business_type",
    "offerings",
    "region",
    "audience",
    "platforms",
    "tone",
    "languages",
    "avoid",
    "register",
    "spacing",
)


# `register` is also the name of ABCMeta.register, reached on the class only: instances read the
# field. Pydantic warns about the shadowing; the warning is silenced for this field name alone.
warnings.filterwarnings("ignore", message='Field name "register" in "BrandProfile"')


class BrandProfile(BaseModel):
    """A workspace's brand profile, or a channel's override of some of its fields.

    Every field is optional: None means "not set" (an override leaves it to the workspace).
    Build one from user input with `bot.profiles.fields.parse_profile`, which checks it."""

    model_config = ConfigDict(frozen=True)

    business_type: str | None = None  # e.g. « clinique dentaire », "plumber"
    offerings: tuple[str, ...] | None = None  # what it sells: products, services
    region: str | None = None  # city or region, e.g. « Gatineau »
    audience: str | None = None  # e.g. « familles du quartier », "B2B buyers"
    platforms: tuple[str, ...] | None = None  # the first one is the main platform
    tone: int | None = None  # 1 = serious … 5 = playful
    languages: Languages | None = None  # fr, en, or both
    avoid: tuple[str, ...] | None = None  # words or topics the brand never uses
    register: Register | None = None  # how posts address the reader: « tu » or « vous »
    spacing: Spacing | None = None  # spaces before « : ; ! ? »; None = Quebec (OQLF) usage

    @property
    def main_platform(self) -> str | None:
        """The platform critiques use when none is named (the first one listed)."""
        return self.platforms[0] if self.platforms else None

    def is_empty(self) -> bool:
        """True when no field is set."""
        return all(getattr(self, name) is None for name in FIELDS)

    def set_fields(self) -> dict[str, object]:
        """The fields that are set, as JSON-ready values (lists for tuples)."""
        out: dict[str, object] = {}
        for name in FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = list(value) if isinstance(value, tuple) else value
        return out


def merge_profiles(base: BrandProfile | None, override: BrandProfile | None) -> BrandProfile | None:
    """The effective profile: the override's set fields win over the base's (None when both are
    missing or empty)."""
    if base is None and override is None:
        return None
    values = (base.set_fields() if base else {}) | (override.set_fields() if override else {})
    merged = BrandProfile(**values)
    return None if merged.is_empty() else merged


TONE_NAMES: dict[int, dict[str, str]] = {
    1: {"fr": "sérieux", "en": "serious"},
    2: {"fr": "plutôt sérieux", "en": "rather serious"},
    3: {"fr": "équilibré", "en": "balanced"},
    4: {"fr": "plutôt ludique", "en": "rather playful"},
    5: {"fr": "ludique", "en": "playful"},
}
REGISTER_LABELS: dict[str, dict[str, str]] = {
    "tu": {"fr": "tutoiement (tu)", "en": "informal (tu)"},
    "vous": {"fr": "vouvoiement (vous)", "en": "formal (vous)"},
}
SPACING_LABELS: dict[str, dict[str, str]] = {
    "quebec": {
        "fr": "québécoise (OQLF) : espace avant le deux-points seulement",
        "en": "Quebec (OQLF): a space before the colon only",
    },
    "france": {
        "fr": "de France : espace avant : ; ! ?",
        "en": "France: a space before : ; ! ?",
    },
}
LANGUAGE_LABELS: dict[str, dict[str, str]] = {
    "fr": {"fr": "français", "en": "French"},
    "en": {"fr": "anglais", "en": "English"},
    "both": {"fr": "français et anglais", "en": "French and English"},
}
