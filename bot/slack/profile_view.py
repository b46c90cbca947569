"""The « Profil de l'entreprise » modal: its blocks (prefilled) and the checks of what was sent."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from bot.profiles import BrandProfile, ProfileInvalid, parse_profile
from bot.profiles.errors import FieldProblem
from bot.profiles.fields import MAX_CHARS, require_business
from bot.profiles.model import PLATFORMS, REGISTER_LABELS, SPACING_LABELS, TONE_NAMES
from bot.slack.blocks import Block
from bot.slack.texts import Language

PROFILE_MODAL = "profile_modal"
PROFILE_OPEN = "profile_open"
"""The App Home button's action id (the lead wires the button into the Home view)."""
BUSINESS, OFFERINGS, REGION, AUDIENCE = "business_type", "offerings", "region", "audience"
PLATFORMS_BLOCK, MAIN, TONE, LANGUAGES, AVOID, CHANNEL = (
    "platforms",
    "main_platform",
    "tone",
    "languages",
    "avoid",
    "channel",
)
REGISTER, SPACING = "register", "spacing"
NO_REGISTER = "none"  # the option that clears the register (Slack options need a value)
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{1,39}$")
PLATFORM_LABELS = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "tiktok": "TikTok",
    "x": "X (Twitter)",
    "youtube": "YouTube",
    "pinterest": "Pinterest",
    "threads": "Threads",
}
TEXTS: dict[str, dict[Language, str]] = {
    "title": {"fr": "Profil de l'entreprise", "en": "Business profile"},
    "submit": {"fr": "Enregistrer", "en": "Save"},
    "close": {"fr": "Annuler", "en": "Cancel"},
    "intro": {
        "fr": "Ce profil adapte mes critiques, mes idées et mes réponses à votre entreprise. "
        "Il vaut pour tout l'espace de travail, sauf si vous choisissez un canal plus bas.",
        "en": "This profile fits my critiques, ideas and answers to your business. It applies "
        "to the whole workspace, unless you pick a channel below.",
    },
    BUSINESS: {"fr": "Type d'entreprise", "en": "Type of business"},
    "business_hint": {
        "fr": "Ex. clinique dentaire, plombier, pizzeria, cabinet de notaires",
        "en": "E.g. dental clinic, plumber, pizzeria, notary office",
    },
    OFFERINGS: {"fr": "Produits ou services offerts", "en": "Products or services"},
    "offerings_hint": {
        "fr": "Séparés par des virgules : nettoyage, urgences, blanchiment",
        "en": "Comma-separated: cleaning, emergencies, whitening",
    },
    REGION: {"fr": "Ville ou région", "en": "City or region"},
    AUDIENCE: {"fr": "Public visé", "en": "Audience"},
    PLATFORMS_BLOCK: {"fr": "Plateformes utilisées", "en": "Platforms you use"},
    MAIN: {"fr": "Plateforme principale", "en": "Main platform"},
    TONE: {"fr": "Ton", "en": "Tone"},
    LANGUAGES: {"fr": "Langues de votre public", "en": "Your audience's languages"},
    "lang_fr": {"fr": "Français", "en": "French"},
    "lang_en": {"fr": "Anglais", "en": "English"},
    "lang_both": {"fr": "Français et anglais", "en": "French and English"},
    AVOID: {"fr": "Mots ou sujets à éviter", "en": "Words or topics to avoid"},
    REGISTER: {"fr": "Tutoiement ou vouvoiement", "en": "Informal or formal “you”"},
    "register_none": {"fr": "Pas de préférence", "en": "No preference"},
    "register_hint": {
        "fr": "Je signale un brouillon qui mélange les deux, ou qui n'emploie pas celui-ci.",
        "en": "I flag a draft that mixes both, or that doesn't use this one.",
    },
    SPACING: {"fr": "Espaces avant la ponctuation", "en": "Spaces before punctuation"},
    "spacing_hint": {
        "fr": "Sans choix, j'applique l'usage québécois de l'OQLF.",
        "en": "Unless you choose, I follow the Quebec usage of the OQLF.",
    },
    "avoid_hint": {"fr": "Séparés par des virgules", "en": "Comma-separated"},
    CHANNEL: {
        "fr": "Seulement pour ce canal (facultatif)",
        "en": "Only for this channel (optional)",
    },
    "channel_hint": {
        "fr": "Les champs qui diffèrent du profil de l'espace de travail s'appliqueront à ce "
        "canal seulement.",
        "en": "Fields that differ from the workspace profile will apply to this channel only.",
    },
    "bad_channel": {
        "fr": "Choisissez un canal public ou privé (pas un message direct).",
        "en": "Pick a public or private channel (not a direct message).",
    },
    "main_not_listed": {
        "fr": "Cochez aussi la plateforme principale dans les plateformes utilisées.",
        "en": "Also tick the main platform among the platforms you use.",
    },
    "saved": {
        "fr": "Le profil de l'entreprise est enregistré{where}. Mes critiques, idées et "
        "réponses en tiendront compte.",
        "en": "The business profile is saved{where}. My critiques, ideas and answers will use it.",
    },
    "saved_channel": {"fr": " pour <#{channel}>", "en": " for <#{channel}>"},
    "not_allowed": {
        "fr": "Seuls les administrateurs de l'espace de travail (ou les personnes autorisées) "
        "peuvent modifier le profil de l'entreprise.",
        "en": "Only workspace admins (or allowed people) can edit the business profile.",
    },
    "ok": {"fr": "OK", "en": "OK"},
}


def text(key: str, language: Language, **values: str) -> str:
    """A sentence of this modal in `language`."""
    return TEXTS[key][language].format(**values)


@dataclass(frozen=True)
class ProfileSubmission:
    """What the modal saves: the profile, and the channel it is for ("" = the workspace)."""

    channel: str
    profile: BrandProfile


def _plain(value: str) -> Block:
    return {"type": "plain_text", "text": value}


def _option(label: str, value: str) -> Block:
    return {"text": _plain(label), "value": value}


def _input(
    block_id: str, label: str, element: Block, optional: bool = True, hint: str | None = None
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": _plain(label),
        "element": {**element, "action_id": block_id},
    }
    if hint:
        block["hint"] = _plain(hint)
    return block


def _text_input(initial: str | None, limit: int, multiline: bool = False) -> Block:
    element: Block = {"type": "plain_text_input", "max_length": limit, "multiline": multiline}
    if initial:
        element["initial_value"] = initial[:limit]
    return element


def _tone_options(language: Language) -> list[Block]:
    return [_option(f"{n} — {names[language]}", str(n)) for n, names in sorted(TONE_NAMES.items())]


def _choice_select(
    labels: dict[str, dict[str, str]], chosen: str | None, language: Language, none: str = ""
) -> Block:
    """A static select of `labels` (plus a « no preference » option when `none` is given)."""
    options = [_option(names[language], value) for value, names in labels.items()]
    if none:
        options.append(_option(text(none, language), NO_REGISTER))
    select: Block = {"type": "static_select", "options": options}
    if chosen in labels:
        select["initial_option"] = next(o for o in options if o["value"] == chosen)
    return select


def profile_modal(language: Language, profile: BrandProfile | None = None) -> dict[str, Any]:
    """The modal, prefilled with `profile` (the workspace's, usually)."""
    p = profile or BrandProfile()
    platforms = [_option(label, name) for name, label in PLATFORM_LABELS.items()]
    chosen = [o for o in platforms if o["value"] in (p.platforms or ())]
    multi: Block = {"type": "multi_static_select", "options": platforms}
    if chosen:
        multi["initial_options"] = chosen
    main: Block = {"type": "static_select", "options": platforms}
    if p.main_platform in PLATFORM_LABELS:
        main["initial_option"] = next(o for o in platforms if o["value"] == p.main_platform)
    tones = _tone_options(language)
    tone: Block = {"type": "static_select", "options": tones}
    if p.tone is not None:
        tone["initial_option"] = tones[p.tone - 1]
    langs = [_option(text(f"lang_{v}", language), v) for v in ("fr", "en", "both")]
    radio: Block = {"type": "radio_buttons", "options": langs}
    if p.languages:
        radio["initial_option"] = next(o for o in langs if o["value"] == p.languages)
    channel: Block = {
        "type": "conversations_select",
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    return {
        "type": "modal",
        "callback_id": PROFILE_MODAL,
        "private_metadata": json.dumps({"language": language}),
        "title": _plain(text("title", language)),
        "submit": _plain(text("submit", language)),
        "close": _plain(text("close", language)),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text("intro", language)}},
            _input(
                BUSINESS,
                text(BUSINESS, language),
                _text_input(p.business_type, MAX_CHARS["business_type"]),
                optional=False,
                hint=text("business_hint", language),
            ),
            _input(
                OFFERINGS,
                text(OFFERINGS, language),
                _text_input(", ".join(p.offerings or ()), 800, multiline=True),
                hint=text("offerings_hint", language),
            ),
            _input(REGION, text(REGION, language), _text_input(p.region, MAX_CHARS["region"])),
            _input(
                AUDIENCE, text(AUDIENCE, language), _text_input(p.audience, MAX_CHARS["audience"])
            ),
            _input(PLATFORMS_BLOCK, text(PLATFORMS_BLOCK, language), multi),
            _input(MAIN, text(MAIN, language), main),
            _input(TONE, text(TONE, language), tone),
            _input(LANGUAGES, text(LANGUAGES, language), radio),
            _input(
                AVOID,
                text(AVOID, language),
                _text_input(", ".join(p.avoid or ()), 800, multiline=True),
                hint=text("avoid_hint", language),
            ),
            _input(
                REGISTER,
                text(REGISTER, language),
                _choice_select(REGISTER_LABELS, p.register, language, none="register_none"),
                hint=text("register_hint", language),
            ),
            _input(
                SPACING,
                text(SPACING, language),
                _choice_select(SPACING_LABELS, p.spacing, language),
                hint=text("spacing_hint", language),
            ),
            _input(CHANNEL, text(CHANNEL, language), channel, hint=text("channel_hint", language)),
        ],
    }


def notice_modal(language: Language, message: str) -> dict[str, Any]:
    """A modal that only says something (e.g. the person may not edit the profile)."""
    return {
        "type": "modal",
        "title": _plain(text("title", language)),
        "close": _plain(text("ok", language)),
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": message}}],
    }


def modal_language(view: dict[str, Any]) -> Language:
    """The language the modal was built in (French unless it says English)."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        meta = {}
    return "en" if isinstance(meta, dict) and meta.get("language") == "en" else "fr"


def _state(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    values = ((view.get("state") or {}).get("values") or {}).get(block_id) or {}
    return values.get(block_id) or {}


def _value(view: dict[str, Any], block_id: str) -> str:
    return str(_state(view, block_id).get("value") or "")


def _selected(view: dict[str, Any], block_id: str) -> str:
    return str((_state(view, block_id).get("selected_option") or {}).get("value") or "")


def read_submission(
    view: dict[str, Any], workspace: BrandProfile | None = None
) -> tuple[ProfileSubmission | None, dict[str, str]]:
    """(what to save, {}) when valid, else (None, errors by block id in the modal's language).

    For a channel, only the fields that differ from `workspace` are kept (its override)."""
    language = modal_language(view)
    platforms = [
        str(o.get("value") or "")
        for o in _state(view, PLATFORMS_BLOCK).get("selected_options") or []
    ]
    main = _selected(view, MAIN)
    errors: dict[str, str] = {}
    if main and main not in platforms:
        if platforms:
            errors[MAIN] = text("main_not_listed", language)
        else:
            platforms = [main]
    if main in platforms:
        platforms = [main, *[p for p in platforms if p != main]]
    channel = str(_state(view, CHANNEL).get("selected_conversation") or "")
    if channel and not CHANNEL_ID.fullmatch(channel):
        errors[CHANNEL] = text("bad_channel", language)
    raw = {
        "business_type": _value(view, BUSINESS),
        "offerings": _value(view, OFFERINGS),
        "region": _value(view, REGION),
        "audience": _value(view, AUDIENCE),
        "platforms": ",".join(platforms),
        "tone": _selected(view, TONE),
        "languages": _selected(view, LANGUAGES),
        "avoid": _value(view, AVOID),
        "register": _selected(view, REGISTER).replace(NO_REGISTER, ""),
        "spacing": _selected(view, SPACING),
    }
    try:
        profile = parse_profile(raw)
        if not channel:
            require_business(profile)
    except ProfileInvalid as exc:
        errors.update(_field_errors(exc.problems, language))
        return None, errors
    if errors:
        return None, errors
    if channel:
        profile = override_of(profile, workspace)
    return ProfileSubmission(channel=channel, profile=profile), {}


def _field_errors(problems: list[FieldProblem], language: Language) -> dict[str, str]:
    out: dict[str, str] = {}
    for problem in problems:
        block = problem.field if problem.field in TEXTS else BUSINESS
        out[block] = (
            f"{out[block]} {problem.text(language)}" if block in out else problem.text(language)
        )
    return out


def override_of(profile: BrandProfile, workspace: BrandProfile | None) -> BrandProfile:
    """The fields of `profile` that differ from the workspace's (a channel's override)."""
    if workspace is None:
        return profile
    base = workspace.set_fields()
    kept = {k: v for k, v in profile.set_fields().items() if base.get(k) != v}
    return BrandProfile(**kept)


def platform_names() -> tuple[str, ...]:
    """The platforms the modal offers (every platform a profile may name)."""
    return tuple(name for name in PLATFORMS if name in PLATFORM_LABELS)
