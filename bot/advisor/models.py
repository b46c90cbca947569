"""Data shapes the advisor returns to the CLI and to Slack (JSON per DESIGN.md's contract)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, computed_field

from bot.advisor.verdict import Verdict, verdict_for
from bot.french import Language
from bot.retrieval.pages import page_label

__all__ = ["Language"]  # re-exported: the language type lives with its detector
Mode = Literal["llm", "offline"]
Severity = Literal["high", "medium", "low"]
# "small_talk": thanks, a greeting or a question about the bot, answered without the guidance
Coverage = Literal["covered", "close", "none", "small_talk"]


class Turn(BaseModel):
    """One earlier message of a conversation (a Slack thread)."""

    role: Literal["user", "assistant"]
    text: str


class Source(BaseModel):
    """A cited guidance document: `n` is the number used as [n] in the text."""

    n: int
    source: str
    title: str
    page_kind: str = ""  # "page" / "slide" when the document is a converted PDF or deck
    pages: list[int] = Field(default_factory=list)  # the pages of the passages drawn on

    def location(self, lang: str = "fr") -> str:
        """« p. 4 », « diapos 2-3 »; empty for a Markdown document."""
        return page_label(self.page_kind, self.pages, lang)


class Answer(BaseModel):
    """`kilovolt ask` result. `covered` is False when the question was not answered (the guidance
    does not cover it, or it was refused); `coverage` says "close" when the answer comes from the
    nearest guidance, which does not address the question exactly."""

    answer: str
    sources: list[Source] = Field(default_factory=list)
    mode: Mode
    language: Language
    covered: bool = True
    coverage: Coverage = "covered"
    notice: str | None = None  # e.g. one line saying the AI model was unavailable


class Finding(BaseModel):
    """One critique finding on a draft, tied to a Kilovolt principle and its guidance source."""

    principle: str  # an id from knowledge/principes.yaml
    severity: Severity
    message: str
    source: str  # guidance document relative to knowledge/


class Overrule(BaseModel):
    """A keyword signal the model judged wrong for this draft, with its one-line reason."""

    signal: str  # the deterministic check's id, e.g. "pure_promotion"
    principle: str
    reason: str


class Critique(BaseModel):
    """`kilovolt critique` result."""

    summary: str
    strengths: list[str] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    overruled: list[Overrule] = Field(default_factory=list)
    signals: dict[str, Any] = Field(default_factory=dict)
    rewrite: str = ""  # LLM mode: a better version; offline: concrete edit directions
    mode: Mode
    language: Language = "fr"
    sources: list[Source] = Field(default_factory=list)
    notice: str | None = None
    platform: str = "generic"  # the platform whose norms applied
    framing: str | None = None  # the user's request line, kept out of the critiqued draft

    @computed_field  # type: ignore[prop-decorator]
    @property
    def verdict(self) -> Verdict:
        """ready / adjust / rework, decided from the findings (bot/advisor/verdict.py)."""
        return verdict_for(self.findings)


class Idea(BaseModel):
    """One content idea for the week."""

    title: str
    format: str
    platform: str
    principle: str
    prompt: str
    tone: str = ""


class IdeaSet(BaseModel):
    """`kilovolt ideas` result: five ideas for an ISO week (YYYY-Www)."""

    week: str
    theme: str | None = None
    ideas: list[Idea]
    sources: list[Source] = Field(default_factory=list)
    mode: Mode = "offline"
    language: Language = "fr"
    notice: str | None = None
