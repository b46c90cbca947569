"""Ideas shaped by a brand profile: the week's bank picks rewritten with general idea frames
(prompts/idea_frames.yaml) filled with the business's trade, offerings, season and region.

Nothing here knows a trade: the frames are general (first time, FAQ, myth or fact, behind the
scenes, seasonal advice...), the trade's wording comes from bot/advisor/trade.py, and the concrete
situations come from the profile's offerings, the week's season and the region."""

from __future__ import annotations

import hashlib
import random
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from bot.advisor.ideas import ALL_YEAR, BankIdea
from bot.advisor.models import Idea, Language
from bot.advisor.trade import Trade, parse_trade
from bot.advisor.weeks import BROAD_SEASONS, seasons_of
from bot.config import PROJECT_ROOT
from bot.errors import ConfigError
from bot.french import content_terms, fold
from bot.profiles.model import BrandProfile
from bot.yamlfile import load_yaml

FRAMES_FILE = "idea_frames.yaml"
SERVICE_SEASONS = BROAD_SEASONS | {"rentree", "fetes"}  # long enough for any service
# How a week's most specific season or event reads in a sentence (lower-case, capitalised).
SEASON_PHRASES: dict[str, dict[str, tuple[str, str]]] = {
    "hiver": {"fr": ("cet hiver", "Cet hiver"), "en": ("this winter", "This winter")},
    "printemps": {"fr": ("ce printemps", "Ce printemps"), "en": ("this spring", "This spring")},
    "ete": {"fr": ("cet été", "Cet été"), "en": ("this summer", "This summer")},
    "automne": {"fr": ("cet automne", "Cet automne"), "en": ("this fall", "This fall")},
    "rentree": {
        "fr": ("à la rentrée", "À la rentrée"),
        "en": ("at back-to-school", "Back to school"),
    },
    "fetes": {
        "fr": ("au temps des Fêtes", "Au temps des Fêtes"),
        "en": ("over the holidays", "Over the holidays"),
    },
    "saint-valentin": {
        "fr": ("pour la Saint-Valentin", "Pour la Saint-Valentin"),
        "en": ("for Valentine's Day", "For Valentine's Day"),
    },
    "semaine-de-relache": {
        "fr": ("pendant la relâche", "Pendant la relâche"),
        "en": ("during spring break", "During spring break"),
    },
    "cabane-a-sucre": {
        "fr": ("au temps des sucres", "Au temps des sucres"),
        "en": ("in sugaring season", "In sugaring season"),
    },
    "fete-nationale": {
        "fr": ("pour la Fête nationale", "Pour la Fête nationale"),
        "en": ("for the Fête nationale", "For the Fête nationale"),
    },
    "halloween": {
        "fr": ("à l'Halloween", "À l'Halloween"),
        "en": ("for Halloween", "For Halloween"),
    },
    "action-de-grace": {
        "fr": ("à l'Action de grâce", "À l'Action de grâce"),
        "en": ("at Thanksgiving", "At Thanksgiving"),
    },
}
FORMAT_FOR_VIDEO_PLATFORMS = {"tiktok": "video-courte", "youtube": "video-courte"}


class FrameText(BaseModel):
    """A frame's title and prompt in one language, with {slots}."""

    title: str
    prompt: str


class Frame(BaseModel):
    """A general idea frame: which principles it serves, its tone and format, its texts."""

    id: str
    principles: list[str]
    tone: str
    format: str
    seasonal: bool = False
    fr: FrameText
    offre: FrameText | None = None
    en: FrameText
    en_offering: FrameText | None = None

    def text(self, language: Language, with_offering: bool) -> FrameText:
        """The texts to fill: the offering variant when asked for and available."""
        if language == "en":
            return (self.en_offering if with_offering else None) or self.en
        return (self.offre if with_offering else None) or self.fr

    def has_offering_variant(self, language: Language) -> bool:
        return (self.en_offering if language == "en" else self.offre) is not None


def _slots_used(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@lru_cache(maxsize=4)
def load_frames(prompts_dir: Path) -> tuple[Frame, ...]:
    """The idea frames of `prompts_dir` (else the project's own), checked: every slot must be
    one the code fills."""
    path = prompts_dir / FRAMES_FILE
    if not path.is_file():
        path = PROJECT_ROOT / "prompts" / FRAMES_FILE
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        frames = tuple(Frame(**item) for item in data["frames"])
    except (OSError, KeyError, TypeError, ValidationError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot load idea frames from {path}: {exc.__class__.__name__}") from exc
    sample = parse_trade("plombier")
    known = {
        "fr": set(sample.fr_slots()) | {"offre", "Offre", "saison", "Saison", "region", "public"},
        "en": set(sample.en_slots())
        | {"offering", "Offering", "season", "Season", "region", "audience"},
    }
    for frame in frames:
        for language, texts in (
            ("fr", (frame.fr, frame.offre)),
            ("en", (frame.en, frame.en_offering)),
        ):
            for text in texts:
                if text is None:
                    continue
                unknown = _slots_used(text.title + text.prompt) - known[language]
                if unknown:
                    raise ConfigError(f"{path}: frame {frame.id} uses unknown slot(s) {unknown}")
    if not frames:
        raise ConfigError(f"{path} has no frames")
    return frames


@dataclass(frozen=True)
class TradeContext:
    """What the frames are filled with, for one profile, week and language."""

    trade: Trade
    offerings: tuple[str, ...]
    region: str | None
    audience: str | None
    season: str
    language: Language

    def slots(self, offering: str | None) -> dict[str, str]:
        """Every slot's value (the offering variant gets `offering`)."""
        lower, upper = SEASON_PHRASES.get(self.season, SEASON_PHRASES["hiver"])[self.language]
        offer = offering or ""
        if self.language == "en":
            return {
                **self.trade.en_slots(),
                "offering": offer,
                "Offering": offer[:1].upper() + offer[1:],
                "season": lower,
                "Season": upper,
                "region": f"in {self.region}" if self.region else "in your area",
                "audience": "your customers",
            }
        return {
            **self.trade.fr_slots(),
            "offre": offer,
            "Offre": offer[:1].upper() + offer[1:],
            "saison": lower,
            "Saison": upper,
            "region": f"dans votre région ({self.region})" if self.region else "dans votre région",
            "public": "vos clients",
        }

    def audience_line(self) -> str:
        """The profile's audience as a last line of each prompt ("" when not set)."""
        if not self.audience:
            return ""
        return (
            f" Audience: {self.audience}."
            if self.language == "en"
            else (f" Public visé : {self.audience}.")
        )


def trade_terms(profile: BrandProfile) -> list[str]:
    """Words and phrases showing an idea is about this business: its business type, the
    specific words in it (« dentaire » of « clinique dentaire »), and its offerings."""
    phrases: list[str] = []
    if profile.business_type:
        trade = parse_trade(profile.business_type)
        phrases.append(trade.label)
        phrases += [
            w
            for w in re.split(r"[\s'’]+", trade.label)
            if len(w) >= 4 and content_terms(w) <= trade.terms()
        ]
    phrases += list(profile.offerings or ())
    return list(dict.fromkeys(p for p in phrases if p.strip()))


def names_trade(idea: Idea, terms: list[str]) -> bool:
    """True when the idea's title or prompt names the trade or one of its offerings (whole
    words, plurals too)."""
    return bool(phrases_in(f"{idea.title} {idea.prompt}", terms))


def phrases_in(text: str, phrases: Iterable[str]) -> list[str]:
    """The words or phrases of `phrases` found in `text` (whole words, plural too; accents and
    case ignored)."""
    folded = " ".join(fold(text).split())
    found = []
    for term in phrases:
        key = " ".join(fold(term).split())
        if key and re.search(rf"(?<![a-z0-9]){re.escape(key)}[sx]?(?![a-z0-9])", folded):
            found.append(term)
    return found


def _seed(*parts: str) -> int:
    key = "|".join(fold(p) for p in parts).encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big")


def _rank(frames: list[Frame], pick: BankIdea, want_tone: str, seasonal: bool) -> list[Frame]:
    """Frames for `pick`, best first: a season frame for a seasonal pick, then its tone, then
    its principle."""

    def score(frame: Frame) -> tuple[int, int, int]:
        return (
            -(seasonal and frame.seasonal),
            -(frame.tone == want_tone),  # keeps the bank's mix of serious and light
            -(pick.principle in frame.principles),
        )

    return sorted(frames, key=score)


def profile_ideas(
    picks: list[BankIdea],
    profile: BrandProfile,
    week: str,
    language: Language,
    frames: tuple[Frame, ...],
) -> list[Idea]:
    """The picks as this business's ideas: each pick that does not already name the trade is
    rewritten with the frame serving its principle, filled with the profile's own words."""
    if not profile.business_type:
        return [_on_platform(p.to_idea(), profile, i) for i, p in enumerate(picks)]
    seasons = seasons_of(week)
    context = TradeContext(
        trade=parse_trade(profile.business_type),
        offerings=tuple(profile.offerings or ()),
        region=profile.region,
        audience=profile.audience,
        season=seasons[0],
        language=language,
    )
    terms, avoid = trade_terms(profile), tuple(profile.avoid or ())
    rng = random.Random(_seed(week, profile.business_type, language))
    order = list(frames)
    rng.shuffle(order)  # another week, other frames first among equals
    offerings = list(context.offerings)
    rng.shuffle(offerings)
    used: set[str] = set()
    out: list[Idea] = []
    for index, pick in enumerate(picks):
        kept = pick.to_idea()
        if names_trade(kept, terms) and not phrases_in(f"{kept.title} {kept.prompt}", avoid):
            out.append(_on_platform(kept, profile, index))
            continue
        seasonal = fold(pick.season) not in ALL_YEAR
        want = _wanted_tone(out, pick.tone, profile.tone)
        free = [f for f in order if f.id not in used]
        offering = None
        if offerings and index % 2 == 0:  # every other idea on one of its offerings, in turn
            offering = offerings[(index // 2) % len(offerings)]
        for frame in _rank(free, pick, want, seasonal):
            idea = _fill(frame, pick, context, offering)
            if not phrases_in(f"{idea.title} {idea.prompt}", avoid):
                used.add(frame.id)
                out.append(_on_platform(idea, profile, index))
                break
        else:
            out.append(_on_platform(kept, profile, index))
    return _with_local(out, used, order, picks, profile, context)


def _wanted_tone(done: list[Idea], pick_tone: str, profile_tone: int | None) -> str:
    """The pick's tone, nudged by the brand: a serious brand gets at most one light idea, a
    playful one at most two serious ideas."""
    light = sum(i.tone == "leger" for i in done)
    serious = sum(i.tone == "serieux" for i in done)
    if profile_tone is not None and profile_tone <= 2 and light >= 1:
        return "serieux"
    if profile_tone is not None and profile_tone >= 4 and serious >= 2:
        return "leger"
    return pick_tone


def _fill(frame: Frame, pick: BankIdea, context: TradeContext, offering: str | None) -> Idea:
    # An event (Saint-Valentin, Halloween...) is about the trade, not one of its services.
    event = frame.seasonal and context.season not in SERVICE_SEASONS
    with_offering = bool(offering) and not event and frame.has_offering_variant(context.language)
    text = frame.text(context.language, with_offering)
    slots = context.slots(offering if with_offering else None)
    prompt = " ".join(text.prompt.format(**slots).split()) + context.audience_line()
    principle = pick.principle if pick.principle in frame.principles else frame.principles[0]
    return Idea(
        title=" ".join(text.title.format(**slots).split()),
        format=frame.format,
        platform=pick.platform,
        principle=principle,
        prompt=prompt,
        tone=frame.tone,
    )


def _on_platform(idea: Idea, profile: BrandProfile, index: int) -> Idea:
    """The idea on one of the profile's platforms (rotating), its format fitted to video ones."""
    platforms = profile.platforms or ()
    if not platforms or idea.platform in platforms:
        return idea
    platform = platforms[index % len(platforms)]
    fmt = FORMAT_FOR_VIDEO_PLATFORMS.get(platform, idea.format)
    return idea.model_copy(update={"platform": platform, "format": fmt})


def _with_local(
    ideas: list[Idea],
    used: set[str],
    order: list[Frame],
    picks: list[BankIdea],
    profile: BrandProfile,
    context: TradeContext,
) -> list[Idea]:
    """With a region, one idea is about the neighbourhood (the last rewritten one, if needed)."""
    local = next(
        (
            f
            for f in order
            if "tache-d-huile" in f.principles and "{region}" in (f.fr.prompt + f.en.prompt)
        ),
        None,
    )
    if not profile.region or local is None or local.id in used:
        return ideas
    for index in range(len(ideas) - 1, -1, -1):
        if fold(picks[index].season) in ALL_YEAR and ideas[index].title != picks[index].title:
            offering = context.offerings[0] if context.offerings and index % 2 == 0 else None
            idea = _fill(local, picks[index], context, offering)
            if not phrases_in(f"{idea.title} {idea.prompt}", profile.avoid or ()):
                ideas[index] = _on_platform(idea, profile, index)
            break
    return ideas


def with_trade_ideas(
    ideas: list[Idea], adapted: list[Idea], profile: BrandProfile, need: int = 3
) -> list[Idea]:
    """The model's ideas, checked against the profile: ideas with a word to avoid are dropped,
    and when fewer than `need` name the trade or an offering, the offline adaptation's ideas
    take the place of those that don't (the model's own trade ideas first)."""
    avoid = tuple(profile.avoid or ())
    clean = [i for i in ideas if not phrases_in(f"{i.title} {i.prompt}", avoid)]
    terms = trade_terms(profile)
    if not terms:
        return _complete(clean, adapted)
    naming = [i for i in clean if names_trade(i, terms)]
    if len(naming) >= need:
        return _complete(clean, adapted)
    titles = {i.title for i in naming}
    fill = [i for i in adapted if names_trade(i, terms) and i.title not in titles]
    chosen = naming + fill[: max(0, need - len(naming))]
    others = [i for i in clean if i not in chosen]
    return _complete(chosen + others, adapted)


def _complete(ideas: list[Idea], adapted: list[Idea], count: int = 5) -> list[Idea]:
    out = ideas[:count]
    for extra in adapted:
        if len(out) >= count:
            break
        if all(extra.title != i.title for i in out):
            out.append(extra)
    return out
