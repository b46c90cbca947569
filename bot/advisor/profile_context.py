"""A brand profile as context: the block the prompts get, retrieval biased toward the profile's
platforms, and the offline answer's pointer to the main platform's guidance."""

from __future__ import annotations

from pathlib import Path

from bot.advisor.answer import neutralise
from bot.advisor.framing import platform_named
from bot.advisor.models import Language, Source
from bot.advisor.platforms import PlatformNorms, load_platforms
from bot.french import fold
from bot.profiles.model import LANGUAGE_LABELS, TONE_NAMES, BrandProfile
from bot.retrieval.models import SearchResult

NO_PROFILE = "(none)"
POOL_EXTRA = 5  # results looked at beyond top-k when re-ranking toward the profile's platform


def profile_block(profile: BrandProfile | None) -> str:
    """The profile as short English-labelled lines for a prompt (user text neutralised)."""
    if profile is None or profile.is_empty():
        return NO_PROFILE
    lines: list[str] = []
    if profile.business_type:
        lines.append(f"Business: {profile.business_type}")
    if profile.offerings:
        lines.append(f"Offerings: {'; '.join(profile.offerings)}")
    if profile.region:
        lines.append(f"Region: {profile.region}")
    if profile.audience:
        lines.append(f"Audience: {profile.audience}")
    if profile.platforms:
        lines.append(f"Platforms: {', '.join(profile.platforms)} (main: {profile.platforms[0]})")
    if profile.tone is not None:
        lines.append(f"Tone: {profile.tone}/5 ({TONE_NAMES[profile.tone]['en']}; 1 = serious, "
                     "5 = playful)")  # fmt: skip
    if profile.languages:
        first = {"fr": "French (Quebec) first", "en": "English", "both": "French and English"}
        lines.append(f"Languages of its audience: {first[profile.languages]}")
    if profile.register:
        lines.append(f"Addresses its readers with « {profile.register} » (keep it in rewrites)")
    if profile.spacing == "france":
        lines.append("Typography: a space before : ; ! ? (France usage)")
    elif profile.spacing == "quebec":
        lines.append("Typography: a space before the colon only, none before ; ! ? (Quebec usage)")
    if profile.avoid:
        lines.append(f"Words or topics it never uses: {'; '.join(profile.avoid)}")
    return neutralise("\n".join(lines))


def critique_platform(profile: BrandProfile | None, prompts_dir: Path) -> str | None:
    """The profile's first platform that has critique norms (None: no profile or none known)."""
    if profile is None or not profile.platforms:
        return None
    norms, _ = load_platforms(prompts_dir)
    return next((p for p in profile.platforms if p in norms and p != "generic"), None)


def _label(platform: str, norms: dict[str, PlatformNorms]) -> str:
    known = norms.get(platform)
    return known.label if known else platform.capitalize()


def is_about(result: SearchResult, platform: str, label: str) -> bool:
    """True when a retrieved passage comes from a document about `platform`."""
    where = fold(f"{result.source} {result.title}")
    return fold(platform) in where or fold(label.split(" ")[0]) in where


def platform_hint(
    profile: BrandProfile | None, question: str, prompts_dir: Path
) -> tuple[str, str] | None:
    """(platform, label) to bias retrieval toward: the profile's main platform, when the
    question names none."""
    if profile is None or not profile.platforms or platform_named(question, prompts_dir):
        return None
    norms, _ = load_platforms(prompts_dir)
    platform = profile.platforms[0]
    return platform, _label(platform, norms)


def bias_toward(
    results: list[SearchResult], extra: list[SearchResult], platform: str, label: str, k: int
) -> list[SearchResult]:
    """The top `k` results with the best passage about `platform` (from `results`, else from
    `extra`) moved to second place (first when it already leads); ranks renumbered."""
    about = next((r for r in [*results, *extra] if is_about(r, platform, label)), None)
    if about is None:
        return results[:k]
    rest = [r for r in results if r is not about]
    position = 0 if results and results[0] is about else 1
    ordered = [*rest[:position], about, *rest[position:]][:k]
    return [r.model_copy(update={"rank": i}) for i, r in enumerate(ordered, start=1)]


def platform_note(
    sources: list[Source], results: list[SearchResult], platform: str, label: str, lang: Language
) -> tuple[str, list[Source]]:
    """The offline answer's line pointing to the main platform's guidance, and the sources with
    that document added when it was not cited ("" when no passage is about the platform)."""
    about = next((r for r in results if is_about(r, platform, label)), None)
    if about is None:
        return "", sources
    cited = next((s for s in sources if s.source == about.source), None)
    if cited is None:
        cited = Source(n=len(sources) + 1, source=about.source, title=about.title)
        sources = [*sources, cited]
    if lang == "en":
        line = f"{label} is your main platform: see “{about.title}” [{cited.n}]."
    else:
        line = f"{label} est votre plateforme principale : voyez « {about.title} » [{cited.n}]."
    return line, sources


def language_label(profile: BrandProfile, lang: Language) -> str:
    """The profile's languages in words (« français et anglais »)."""
    return LANGUAGE_LABELS[profile.languages or "fr"][lang]
