"""Weekly content ideas from the idea bank: theme and season aware, varied, stable per week."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, create_model

from bot.advisor.models import Idea, Language, Source
from bot.advisor.principles import Principle
from bot.advisor.weeks import SEASON_LABELS, seasons_of
from bot.config import PROJECT_ROOT
from bot.errors import ConfigError
from bot.french import content_terms, fold
from bot.llm.bounds import items
from bot.yamlfile import load_yaml

BANK_PATH = Path("idees") / "banque.yaml"
ALL_YEAR = {"toute-annee", "toute-l-annee", "any", "", "none"}
IDEAS_PER_WEEK = 5


class BankIdea(BaseModel):
    """One entry of knowledge/idees/banque.yaml."""

    id: str
    title: str
    prompt: str
    principle: str
    format: str
    platform: str
    tone: str = ""
    themes: list[str] = Field(default_factory=list)
    season: str = "toute-annee"

    def to_idea(self) -> Idea:
        """The public shape (contract of `kilovolt ideas`)."""
        return Idea(
            title=self.title,
            format=self.format,
            platform=self.platform,
            principle=self.principle,
            prompt=" ".join(self.prompt.split()),
            tone=self.tone,
        )


@lru_cache(maxsize=4)
def load_bank(knowledge_dir: Path) -> tuple[BankIdea, ...]:
    """Every idea of the bank (cached per knowledge dir; else the project's own bank)."""
    path = knowledge_dir / BANK_PATH
    if not path.is_file():
        path = PROJECT_ROOT / "knowledge" / BANK_PATH
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        ideas = tuple(BankIdea(**item) for item in data["ideas"])
    except (OSError, KeyError, TypeError, ValidationError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot load the idea bank {path}: {exc.__class__.__name__}") from exc
    if len(ideas) < IDEAS_PER_WEEK:
        raise ConfigError(f"the idea bank {path} needs at least {IDEAS_PER_WEEK} ideas")
    return ideas


def theme_score(idea: BankIdea, theme: str) -> int:
    """How well `idea` matches a theme or trade (accent-insensitive; themes weigh most)."""
    wanted = content_terms(theme.replace("-", " "))
    if not wanted:
        return 0
    tags = content_terms(
        " ".join(idea.themes).replace("-", " ") + " " + idea.season.replace("-", " ")
    )
    text = content_terms(f"{idea.title} {idea.prompt} {idea.format} {idea.platform}")
    exact = fold(theme).strip().replace(" ", "-") in {fold(t) for t in idea.themes}
    return 5 * exact + 3 * len(wanted & tags) + len(wanted & text)


def _seed(week: str, theme: str | None) -> int:
    key = f"{week}|{fold(theme or '').strip()}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big")


def _diverse(ordered: list[BankIdea], count: int) -> list[BankIdea]:
    """Take ideas in order, preferring new principles/platforms and a serious/light mix."""
    picked: list[BankIdea] = []
    for strict in (True, False):
        for idea in ordered:
            if len(picked) == count:
                return picked
            if idea in picked:
                continue
            tones = [p.tone for p in picked]
            if strict and (
                any(p.principle == idea.principle for p in picked)
                or sum(p.platform == idea.platform for p in picked) >= 2
                or tones.count(idea.tone) >= 3
            ):
                continue
            picked.append(idea)
    return picked


def pick_ideas(
    bank: tuple[BankIdea, ...], week: str, theme: str | None, count: int = IDEAS_PER_WEEK
) -> list[BankIdea]:
    """`count` ideas for (week, theme): same inputs, same ideas; another week, another mix."""
    rng = random.Random(_seed(week, theme))
    active = set(seasons_of(week))
    in_season = [i for i in bank if fold(i.season) in active]
    all_year = [i for i in bank if fold(i.season) in ALL_YEAR]
    rng.shuffle(in_season)
    rng.shuffle(all_year)
    order = seasons_of(week)  # specific events first, the broad season last
    in_season.sort(key=lambda i: order.index(fold(i.season)))
    head: list[BankIdea] = []
    if theme and theme.strip():
        scored = [(theme_score(i, theme), i) for i in bank]
        matched = [i for s, i in scored if s > 0 and (i in in_season or i in all_year)]
        rng.shuffle(matched)
        matched.sort(key=lambda i: -min(theme_score(i, theme), 6))  # stable: best first
        head = matched[: count - 1] if len(matched) >= count else matched
    seasonal = [i for i in in_season if i not in head][:2]
    ordered = [*head, *seasonal, *[i for i in all_year if i not in head]]
    return _diverse(ordered, count)


def season_label(week: str) -> str:
    """Readable seasons/events of a week, e.g. 'été, rentrée'."""
    return ", ".join(SEASON_LABELS.get(s, s) for s in seasons_of(week))


def idea_sources(
    ideas: list[Idea], principles: dict[str, Principle], lang: Language
) -> list[Source]:
    """The idea bank plus each principle's guidance document, numbered."""
    out = [
        Source(
            n=1,
            source=BANK_PATH.as_posix(),
            title="Banque d'idées Kilovolt" if lang == "fr" else "Kilovolt idea bank",
        )
    ]
    for idea in ideas:
        principle = principles.get(idea.principle)
        if principle and all(s.source != principle.source for s in out):
            out.append(Source(n=len(out) + 1, source=principle.source, title=principle.label(lang)))
    return out


class ModelIdea(BaseModel):
    """One idea as the model returns it (every field required: strict structured output)."""

    title: str = Field(description="short title")
    format: str = Field(description="e.g. carrousel, vidéo courte, publication photo, sondage")
    platform: str
    principle: str = Field(description="one of the principle ids given")
    prompt: str = Field(description="two or three sentences the team can act on today")
    tone: str = Field(description="serieux or leger")

    def to_idea(self) -> Idea:
        """The public shape."""
        return Idea(**self.model_dump())


class ModelIdeas(BaseModel):
    """The structured ideas the model must return (LLM mode)."""

    ideas: list[ModelIdea] = Field(description="exactly five ideas", json_schema_extra=items(5))


def ideas_schema(principle_ids: list[str]) -> type[ModelIdeas]:
    """ModelIdeas whose `principle` is an enum of the known ids (strict output can't stray)."""
    idea = create_model(
        "ModelIdea",
        __base__=ModelIdea,
        principle=(Literal[tuple(principle_ids)], Field(description="a principle id")),
    )
    return create_model(
        "ModelIdeas",
        __base__=ModelIdeas,
        ideas=(list[idea], Field(description="exactly five ideas", json_schema_extra=items(5))),
    )


def candidates_block(candidates: Sequence[BankIdea | Idea]) -> str:
    """Bank picks (or their adaptation to a brand profile) as numbered lines for the prompt."""
    return "\n".join(
        f"[{i}] {c.title} | {c.format} | {c.platform} | {c.principle} | {c.tone} | "
        f"{' '.join(c.prompt.split())}"
        for i, c in enumerate(candidates, start=1)
    )


def merge_ideas(
    model: ModelIdeas, fallback: list[Idea], principles: dict[str, Principle]
) -> list[Idea]:
    """The model's ideas with valid principle ids, completed from the bank picks up to five."""
    ideas = [i.to_idea() for i in model.ideas if i.principle in principles and i.title.strip()]
    ideas = ideas[:IDEAS_PER_WEEK]
    for extra in fallback:
        if len(ideas) >= IDEAS_PER_WEEK:
            break
        if all(extra.title != i.title for i in ideas):
            ideas.append(extra)
    return ideas
