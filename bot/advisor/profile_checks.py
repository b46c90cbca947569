"""Critique checks from a brand profile: tone against the brand's, the audience's languages, and
the words or topics the brand avoids. They join the draft's own checks (bot/advisor/critique.py)."""

from __future__ import annotations

import re

from bot.advisor.critique import Check
from bot.advisor.french_quality import PRINCIPLE as LANGUE
from bot.advisor.french_quality import brand_issues
from bot.advisor.idea_frames import phrases_in
from bot.advisor.signals import DraftSignals
from bot.french import fold, words
from bot.profiles.model import TONE_NAMES, BrandProfile

# General markers of register (not drawn from any draft set): laughter and interjections read as
# playful; administrative formulas read as stiff.
_PLAYFUL = re.compile(
    r"\b(ha(ha)+|hi(hi)+|lol|mdr|ptdr|youpi+|wow+|yay+|woo+hoo+|oups|hihi|yé+|tadam|miam+|"
    r"ben là|pantoute|trop cool|so cool|omg)\b",
    re.IGNORECASE,
)
_STIFF = re.compile(
    r"\b(veuillez|nous vous informons|nous tenons à vous informer|conformément|cordialement|"
    r"madame, monsieur|à cet effet|dans le cadre de|ci-joint|please be advised|kindly|pursuant|"
    r"we hereby|sincerely|we wish to inform)\b",
    re.IGNORECASE,
)
TONE_GAP = 2  # draft and brand this far apart on the 1-5 scale: worth a gentle note


def draft_tone(text: str, s: DraftSignals) -> int:
    """Where the draft sits from 1 (stiff) to 5 (playful), from general register markers."""
    folded = fold(text)
    score = 3
    score += s.emojis >= 1
    score += s.emojis >= 3 or s.emoji_density > 1.0
    score += s.multi_exclamations >= 1 or text.count("!") >= 3
    score += bool(_PLAYFUL.search(folded))
    stiff = len(_STIFF.findall(folded))
    plain = s.emojis == 0 and "!" not in text
    sentences = [x for x in re.split(r"[.!?\n]+", text) if x.strip()]
    long_sentences = plain and sentences and len(words(text)) / len(sentences) >= 22
    score -= min(stiff, 2) + bool(long_sentences)
    return max(1, min(5, score))


def tone_checks(text: str, s: DraftSignals, brand: int) -> list[Check]:
    """A note when a clearly playful draft meets a serious brand, or a stiff one a playful brand."""
    tone = draft_tone(text, s)
    facts = {"brand": TONE_NAMES[brand]["fr"], "brand_en": TONE_NAMES[brand]["en"]}
    if tone >= 4 and tone - brand >= TONE_GAP:
        return [Check("tone_too_playful", "ton", "low", facts)]
    if tone <= 2 and brand - tone >= TONE_GAP:
        return [Check("tone_too_stiff", "ton", "low", facts)]
    return []


def language_checks(s: DraftSignals, languages: str) -> list[Check]:
    """What the audience's languages expect of the draft's language."""
    if s.wordless:
        return []
    if languages == "en" and s.language == "fr":
        return [Check("french_only_for_english", "langue", "medium", {})]
    if languages == "both" and s.language == "fr":
        return [Check("bilingual_expected", "langue", "low", {})]
    return []


def with_profile(
    checks: list[Check], text: str, s: DraftSignals, profile: BrandProfile | None
) -> list[Check]:
    """The draft's checks adjusted to the brand: an English-speaking audience drops the
    French-first check; tone, language, register (tu/vous), punctuation spacing and avoided
    words add theirs."""
    if profile is None:
        return checks
    out = list(checks)
    if profile.languages == "en":
        out = [c for c in out if c.name != "english_only"]
    if profile.languages:
        out += language_checks(s, profile.languages)
    if profile.tone is not None and not s.wordless:
        out += tone_checks(text, s, profile.tone)
    replaced, issues = brand_issues(s, text, profile.register, profile.spacing)
    out = [c for c in out if c.name not in replaced]
    out += [Check(name, LANGUE, sev, facts) for name, sev, facts in issues]
    found = phrases_in(text, profile.avoid or ())
    if found:
        shown = ", ".join(f"« {w} »" for w in found[:5])
        out.append(Check("brand_avoided_words", "ton", "medium", {"words": shown}))
    return out
