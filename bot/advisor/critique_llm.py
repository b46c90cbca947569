"""LLM critique: structured output schema, prompt facts, and merging with deterministic findings."""

from __future__ import annotations

import json

from pydantic import BaseModel, Field

from bot.advisor.critique import sort_findings, sources_for
from bot.advisor.models import Critique, Finding, Language, Severity
from bot.advisor.principles import Principle

_RANK = {"high": 3, "medium": 2, "low": 1}


class ModelFinding(BaseModel):
    """One finding as the model returns it."""

    principle: str = Field(description="a principle id from the list given")
    severity: Severity
    message: str


class ModelCritique(BaseModel):
    """The structured critique the model must return."""

    summary: str = Field(description="one-sentence verdict")
    strengths: list[str] = Field(default_factory=list)
    findings: list[ModelFinding] = Field(default_factory=list)
    rewrite: str = Field(description="a better version of the whole post, ready to publish")


def principles_block(principles: dict[str, Principle], language: Language) -> str:
    """The principle ids and labels, one per line, for the prompt."""
    return "\n".join(f"  - {p.id}: {p.label(language)}" for p in principles.values())


def signals_block(signals: dict) -> str:
    """The signals as compact JSON facts."""
    return json.dumps(signals, ensure_ascii=False, separators=(", ", ": "))


def merge_critique(
    offline: Critique, model: ModelCritique, principles: dict[str, Principle], language: Language
) -> Critique:
    """The model's critique, keeping every deterministic finding at no lower severity.

    Findings on unknown principle ids are dropped; when both sides flag a principle, the model's
    wording is kept with the higher severity.
    """
    merged: dict[str, Finding] = {f.principle: f for f in offline.findings}
    for item in model.findings:
        if item.principle not in principles or not item.message.strip():
            continue
        known = merged.get(item.principle)
        severity = item.severity
        if known and _RANK[known.severity] > _RANK[severity]:
            severity = known.severity
        merged[item.principle] = Finding(
            principle=item.principle,
            severity=severity,
            message=item.message.strip(),
            source=principles[item.principle].source,
        )
    findings = sort_findings(list(merged.values()))
    return Critique(
        summary=model.summary.strip() or offline.summary,
        strengths=[s for s in model.strengths if s.strip()] or offline.strengths,
        findings=findings,
        signals=offline.signals,
        rewrite=model.rewrite.strip() or offline.rewrite,
        mode="llm",
        language=language,
        sources=sources_for(findings, principles, language),
    )
