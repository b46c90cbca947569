"""Quebec-French quality issues of a draft (principle `langue`): tu/vous register, typography and
the French part of a bilingual post; with a brand profile, its register and spacing convention.

Issues are (check name, severity, facts); bot/advisor/critique.py and profile_checks.py turn them
into checks, messages live in prompts/critique_checks.yaml."""

from __future__ import annotations

from typing import Any, Literal

from bot.advisor.bilingual import french_shorter
from bot.advisor.signals import DraftSignals
from bot.advisor.typography import Spacing, find_typography, listed, shown_fixes

Issue = tuple[str, Literal["high", "medium", "low"], dict[str, Any]]
PRINCIPLE = "langue"
HALF = 0.5  # a French part under half the English one weighs as much as a missing translation
REGISTER_NAMES = {
    "tu": {"fr": "le tutoiement", "en": "informal “tu”"},
    "vous": {"fr": "le vouvoiement", "en": "formal “vous”"},
}
_USES = {
    "tu": {"fr": "tutoie le lecteur", "en": "addresses readers as “tu”"},
    "vous": {"fr": "vouvoie le lecteur", "en": "addresses readers as “vous”"},
}
_CONVENTIONS = {
    "quebec": {"fr": "québécoise (OQLF)", "en": "Quebec (OQLF)"},
    "france": {"fr": "de France", "en": "French (France)"},
}


def _quoted(items: list[str], limit: int = 4) -> str:
    return ", ".join(f"« {w} »" for w in items[:limit])


def _has_french(s: DraftSignals) -> bool:
    return not s.wordless and (s.language == "fr" or s.bilingual)


def french_issues(s: DraftSignals, spacing: Spacing = "quebec") -> list[Issue]:
    """The draft's own issues: register mixed, typography (Quebec spacing), bilingual balance."""
    out: list[Issue] = []
    if s.register_tu and s.register_vous:
        facts = {"tu": _quoted(s.register_tu), "vous": _quoted(s.register_vous)}
        out.append(("register_mixed", "low", facts))
    if s.typography:
        out.append(typography_issue(s.typography, spacing))
    bilingual = bilingual_issue(s)
    if bilingual:
        out.append(bilingual)
    return out


def typography_issue(fixes: list[str], spacing: Spacing) -> Issue:
    """The typography finding's facts: the first fixes and the spacing convention followed."""
    convention = _CONVENTIONS[spacing]
    facts = {
        "fixes": listed(fixes),
        "convention": convention["fr"],
        "convention_en": convention["en"],
    }
    return ("typography", "low", facts)


def bilingual_issue(s: DraftSignals) -> Issue | None:
    """A point to check on a bilingual draft: English first, a shorter or less complete French."""
    if not s.bilingual:
        return None
    fr: list[str] = []
    en: list[str] = []
    if s.english_first:
        fr.append("l'anglais vient en premier")
        en.append("the English comes first")
    if french_shorter(s.french_words, s.english_words):
        fr.append(
            f"la partie française est plus courte ({s.french_words} mots contre {s.english_words})"
        )
        en.append(f"the French part is shorter ({s.french_words} words against {s.english_words})")
    if s.french_missing:
        fr.append(f"l'anglais donne des détails absents du français ({_quoted(s.french_missing)})")
        en.append(f"the English gives details the French lacks ({_quoted(s.french_missing)})")
    if not fr:
        return None
    severity: Literal["medium", "low"] = (
        "medium" if s.french_words < HALF * s.english_words else "low"
    )
    return (
        "bilingual_french_first",
        severity,
        {"points": "; ".join(fr), "points_en": "; ".join(en)},
    )


def brand_issues(
    s: DraftSignals, text: str, register: str | None, spacing: str | None
) -> tuple[set[str], list[Issue]]:
    """With a brand profile: (check names it replaces, its issues). A set register turns a mix
    into « keep the brand's », and flags a draft wholly in the other register; a France spacing
    convention reads the typography again."""
    if not _has_french(s):
        return set(), []
    replaced: set[str] = set()
    out: list[Issue] = []
    if register in REGISTER_NAMES:
        names = REGISTER_NAMES[register]
        brand = {"brand": names["fr"], "brand_en": names["en"]}
        other = "vous" if register == "tu" else "tu"
        off = s.register_vous if register == "tu" else s.register_tu
        if s.register_tu and s.register_vous:
            replaced.add("register_mixed")
            facts = {"tu": _quoted(s.register_tu), "vous": _quoted(s.register_vous), **brand}
            out.append(("register_mixed_brand", "low", facts))
        elif off:
            uses = {"uses": _USES[other]["fr"], "uses_en": _USES[other]["en"]}
            out.append(("register_brand", "medium", {"found": _quoted(off), **brand, **uses}))
    if spacing == "france":
        replaced.add("typography")
        fixes = shown_fixes(find_typography(text, "france"))
        if fixes:
            out.append(typography_issue(fixes, "france"))
    return replaced, out
