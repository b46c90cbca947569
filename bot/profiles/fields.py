"""Checking what a person typed into a brand profile (CLI options, Slack modal fields)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.french import fold
from bot.profiles.errors import FieldProblem, ProfileInvalid
from bot.profiles.model import (
    FIELDS,
    PLATFORM_ALIASES,
    PLATFORMS,
    TONE_MAX,
    TONE_MIN,
    BrandProfile,
)

MAX_CHARS = {
    "business_type": 80,
    "region": 80,
    "audience": 200,
    "offerings": 60,
    "avoid": 60,
    "platforms": 20,
}
MAX_ITEMS = {"offerings": 12, "avoid": 20, "platforms": len(PLATFORMS)}
LABELS = {
    "business_type": ("business type", "type d'entreprise"),
    "offerings": ("offerings", "produits ou services"),
    "region": ("region", "région"),
    "audience": ("audience", "public"),
    "platforms": ("platforms", "plateformes"),
    "tone": ("tone", "ton"),
    "languages": ("languages", "langues"),
    "avoid": ("words to avoid", "mots à éviter"),
    "register": ("register", "tutoiement ou vouvoiement"),
    "spacing": ("spacing", "espacement de la ponctuation"),
}
TONE_WORDS = {
    "serieux": 1,
    "serious": 1,
    "formel": 1,
    "formal": 1,
    "plutot serieux": 2,
    "rather serious": 2,
    "sobre": 2,
    "equilibre": 3,
    "balanced": 3,
    "neutre": 3,
    "neutral": 3,
    "plutot ludique": 4,
    "rather playful": 4,
    "friendly": 4,
    "chaleureux": 4,
    "ludique": 5,
    "playful": 5,
    "humoristique": 5,
    "drole": 5,
    "funny": 5,
}
LANGUAGE_WORDS = {
    "fr": "fr",
    "francais": "fr",
    "french": "fr",
    "en": "en",
    "anglais": "en",
    "english": "en",
    "both": "both",
    "bilingue": "both",
    "bilingual": "both",
    "les deux": "both",
    "fr+en": "both",
    "fr,en": "both",
    "fr/en": "both",
    "fr en": "both",
    "en,fr": "both",
}
REGISTER_WORDS = {
    "tu": "tu",
    "tutoiement": "tu",
    "tutoyer": "tu",
    "informal": "tu",
    "vous": "vous",
    "vouvoiement": "vous",
    "vouvoyer": "vous",
    "formal": "vous",
}
SPACING_WORDS = {
    "quebec": "quebec",
    "qc": "quebec",
    "oqlf": "quebec",
    "france": "france",
}
_SPLIT = re.compile(r"[,;\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
Raw = str | int | Sequence[str] | None


def _clean(value: str) -> str:
    return " ".join(_CONTROL.sub(" ", value).split())


def _too_long(field: str, limit: int, item: str | None = None) -> FieldProblem:
    en, fr = LABELS[field]
    what_en = f"“{item[:30]}…” in {en}" if item else en
    what_fr = f"« {item[:30]}… » dans {fr}" if item else f"le champ {fr}"
    return FieldProblem(
        field,
        f"{what_en} is too long ({limit} characters at most)",
        f"Trop long : {what_fr} ({limit} caractères au plus).",
    )


def _text(field: str, value: Raw) -> str | None:
    raw = ", ".join(value) if isinstance(value, (list, tuple)) else str(value)
    text = _clean(raw)
    if field == "business_type" and not text:
        raise ProfileInvalid(
            [
                FieldProblem(
                    field,
                    "the business type cannot be empty (e.g. “dental clinic”, “plumber”)",
                    "Le type d'entreprise ne peut pas être vide (ex. « clinique dentaire », "
                    "« plombier »).",
                )
            ]
        )
    if len(text) > MAX_CHARS[field]:
        raise ProfileInvalid([_too_long(field, MAX_CHARS[field])])
    return text or None


def _items(field: str, value: Raw) -> tuple[str, ...] | None:
    parts = value if isinstance(value, (list, tuple)) else _SPLIT.split(str(value))
    out: list[str] = []
    for part in parts:
        item = _clean(str(part))
        if item and fold(item) not in {fold(o) for o in out}:
            out.append(item)
    limit = MAX_ITEMS[field]
    if len(out) > limit:
        en, fr = LABELS[field]
        raise ProfileInvalid(
            [
                FieldProblem(
                    field, f"too many {en} ({limit} at most)", f"Trop de {fr} ({limit} au plus)."
                )
            ]
        )
    for item in out:
        if len(item) > MAX_CHARS[field]:
            raise ProfileInvalid([_too_long(field, MAX_CHARS[field], item)])
    return tuple(out) or None


def _platforms(value: Raw) -> tuple[str, ...] | None:
    names = _items("platforms", value) or ()
    out: list[str] = []
    unknown: list[str] = []
    for name in names:
        key = fold(name).replace(" ", "")
        key = PLATFORM_ALIASES.get(key, key)
        if key not in PLATFORMS:
            unknown.append(name)
        elif key not in out:
            out.append(key)
    if unknown:
        known = ", ".join(PLATFORMS)
        bad = ", ".join(unknown)
        raise ProfileInvalid(
            [
                FieldProblem(
                    "platforms",
                    f"unknown platform {bad} (choose among: {known})",
                    f"Plateforme inconnue : {bad} (choisissez parmi : {known}).",
                )
            ]
        )
    return tuple(out) or None


def parse_tone(value: Raw) -> int | None:
    """1 (serious) to 5 (playful), from a number or a name (« sérieux », "playful"...)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number: int | None = value
    else:
        text = fold(_clean(str(value))).replace("-", " ")
        if not text:
            return None
        number = int(text) if text.isdigit() else TONE_WORDS.get(text)
    if number is None or not TONE_MIN <= number <= TONE_MAX:
        raise ProfileInvalid(
            [
                FieldProblem(
                    "tone",
                    f"tone must be {TONE_MIN} (serious) to {TONE_MAX} (playful), or one of: "
                    "serious, rather serious, balanced, rather playful, playful",
                    f"Le ton va de {TONE_MIN} (sérieux) à {TONE_MAX} (ludique), ou : sérieux, "
                    "plutôt sérieux, équilibré, plutôt ludique, ludique.",
                )
            ]
        )
    return number


def _languages(value: Raw) -> str | None:
    text = fold(_clean(str(value))).replace(" et ", " ").replace(" and ", " ")
    if not text:
        return None
    found = LANGUAGE_WORDS.get(text) or LANGUAGE_WORDS.get(text.replace(" ", ""))
    if found is None:
        raise ProfileInvalid(
            [
                FieldProblem(
                    "languages",
                    "languages must be fr, en or both",
                    "Les langues sont fr, en ou both (français, anglais ou les deux).",
                )
            ]
        )
    return found


def _choice(field: str, value: Raw, table: dict[str, str]) -> str | None:
    """One of a few values, from its name in French or English ("" clears the field)."""
    text = fold(_clean(str(value))).strip(" «»\"'")
    if not text:
        return None
    found = table.get(text)
    if found is None:
        problem = {
            "register": (
                "register must be tu or vous (informal or formal)",
                "Le registre est tu ou vous (tutoiement ou vouvoiement).",
            ),
            "spacing": (
                "spacing must be quebec (a space before the colon only, OQLF) or france "
                "(a space before : ; ! ?)",
                "L'espacement est quebec (espace avant le deux-points seulement, OQLF) ou "
                "france (espace avant : ; ! ?).",
            ),
        }[field]
        raise ProfileInvalid([FieldProblem(field, *problem)])
    return found


def _field(name: str, value: Raw) -> object:
    if name in ("business_type", "region", "audience"):
        return _text(name, value)
    if name in ("offerings", "avoid"):
        return _items(name, value)
    if name == "platforms":
        return _platforms(value)
    if name == "tone":
        return parse_tone(value)
    if name == "register":
        return _choice(name, value, REGISTER_WORDS)
    if name == "spacing":
        return _choice(name, value, SPACING_WORDS)
    return _languages(value)


def parse_fields(raw: Mapping[str, Raw]) -> dict[str, object]:
    """Each given field checked: {field: value or None (cleared)}; every problem at once.

    A field absent from `raw` (or None) is not touched; an empty value clears it, except the
    business type, which cannot be empty."""
    values: dict[str, object] = {}
    problems: list[FieldProblem] = []
    for name in FIELDS:
        if name not in raw or raw[name] is None:
            continue
        try:
            values[name] = _field(name, raw[name])
        except ProfileInvalid as exc:
            problems.extend(exc.problems)
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        problems.append(
            FieldProblem(
                unknown[0], f"unknown field {unknown[0]}", f"Champ inconnu : {unknown[0]}."
            )
        )
    if problems:
        raise ProfileInvalid(problems)
    return values


def parse_profile(raw: Mapping[str, Raw], base: BrandProfile | None = None) -> BrandProfile:
    """`base` with the fields of `raw` applied (checked); raises ProfileInvalid."""
    values = (base.set_fields() if base else {}) | parse_fields(raw)
    return BrandProfile(**{k: v for k, v in values.items() if v is not None})


def require_business(profile: BrandProfile) -> None:
    """A workspace profile needs its business type (a channel override may leave it out)."""
    if not profile.business_type:
        raise ProfileInvalid(
            [
                FieldProblem(
                    "business_type",
                    "a workspace profile needs a business type (--business)",
                    "Le profil de l'espace de travail a besoin d'un type d'entreprise.",
                )
            ]
        )
