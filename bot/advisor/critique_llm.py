"""Model-led critique: the schema the model fills, the evidence it gets, and how its verdict merges.

Hard facts (personal data asked in public, contest without rules, hashtag count, ALL CAPS, missing
image description, a draft without words...) are findings the model cannot drop. Keyword and
structural signals (promotion from the share of the text that sells, value, conversation, length,
language...) are evidence: the model confirms them in its own findings or overrules them with a
one-line reason the user sees."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

from bot.advisor.critique import (
    Check,
    findings_from_checks,
    is_fact,
    sort_findings,
    sources_for,
)
from bot.advisor.models import Critique, Finding, Language, Overrule, Severity
from bot.advisor.platforms import PlatformNorms
from bot.advisor.principles import Principle
from bot.llm.bounds import items

MAX_FINDINGS = 8


class ModelFinding(BaseModel):
    """One finding as the model returns it."""

    principle: str = Field(description="a principle id from the list given")
    severity: Severity
    message: str = Field(description="one or two concrete sentences")


class ModelOverrule(BaseModel):
    """A keyword signal the model judges wrong for this draft."""

    signal: str = Field(description="the id of a keyword signal from the list given")
    reason: str = Field(description="one short sentence, shown to the user")


class ModelCritique(BaseModel):
    """The structured critique the model must return (every field required: strict schema)."""

    summary: str = Field(description="one-sentence verdict")
    strengths: list[str] = Field(description="what already works", json_schema_extra=items(4))
    findings: list[ModelFinding] = Field(
        description="your judgement, facts excluded", json_schema_extra=items(MAX_FINDINGS)
    )
    overruled: list[ModelOverrule] = Field(
        description="keyword signals you judge wrong", json_schema_extra=items(MAX_FINDINGS)
    )
    rewrite: str = Field(description="a better version of the whole post, ready to publish")


def critique_schema(principle_ids: list[str], signal_ids: list[str]) -> type[ModelCritique]:
    """ModelCritique whose ids are enums of this request's principles and keyword signals, so a
    strict structured output cannot name anything else."""
    finding = create_model(
        "ModelFinding",
        __base__=ModelFinding,
        principle=(Literal[tuple(principle_ids)], Field(description="a principle id")),
    )
    overrule = create_model(
        "ModelOverrule",
        __base__=ModelOverrule,
        signal=(Literal[tuple(signal_ids or ["none"])], Field(description="a keyword signal id")),
    )
    return create_model(
        "ModelCritique",
        __base__=ModelCritique,
        findings=(
            list[finding],
            Field(
                description="your judgement, facts excluded",
                json_schema_extra=items(MAX_FINDINGS),
            ),
        ),
        overruled=(
            list[overrule],
            Field(
                description="keyword signals you judge wrong",
                json_schema_extra=items(max(1, len(signal_ids))),
            ),
        ),
    )


def principles_block(principles: dict[str, Principle], language: Language) -> str:
    """The principle ids and labels, one per line, for the prompt."""
    return "\n".join(f"  - {p.id}: {p.label(language)}" for p in principles.values())


def signals_block(signals: dict[str, Any]) -> str:
    """The measured signals as compact JSON facts."""
    return json.dumps(signals, ensure_ascii=False, separators=(", ", ": "))


def checks_block(
    checks: list[Check], texts: dict[str, Any], language: Language, *, facts: bool
) -> str:
    """Fact or keyword-signal checks as '- id (principle, severity): message' lines."""
    lines = [
        f"- {c.name} ({c.principle}, {c.severity}): "
        + texts["checks"][c.name]["message"][language].format(**c.facts)
        for c in checks
        if is_fact(c) == facts
    ]
    return "\n".join(lines) or "(none)"


def norms_block(norms: PlatformNorms) -> str:
    """The platform's norms in one line for the rewrite."""
    links = "clickable" if norms.links_clickable else "not clickable (say 'link in bio')"
    return (
        f"{norms.label}: {norms.chars[0]}-{norms.chars[1]} characters reads best (hard limit "
        f"{norms.limit}), at most {norms.hashtags} hashtags, links in the text {links}"
    )


def merge_critique(
    offline: Critique,
    checks: list[Check],
    model: ModelCritique,
    texts: dict[str, Any],
    principles: dict[str, Principle],
    language: Language,
) -> Critique:
    """The model's critique around the facts it cannot drop.

    - every fact check stays a finding (deterministic wording, at its severity);
    - a keyword signal the model overruled (with a reason) is dropped and listed in `overruled`;
    - a keyword signal the model neither confirmed nor overruled keeps its deterministic finding;
    - the model's own findings (known principles only) carry its wording and severity."""
    signal_names = {c.name: c for c in checks if not is_fact(c)}
    overrules: dict[str, Overrule] = {}
    for item in model.overruled:
        check = signal_names.get(item.signal.strip())
        if check and item.reason.strip():
            overrules[check.name] = Overrule(
                signal=check.name, principle=check.principle, reason=item.reason.strip()
            )
    own = [
        Finding(
            principle=f.principle,
            severity=f.severity,
            message=f.message.strip(),
            source=principles[f.principle].source,
        )
        for f in model.findings
        if f.principle in principles and f.message.strip()
    ]
    confirmed = {f.principle for f in own}
    kept = [
        c
        for c in checks
        if is_fact(c) or (c.name not in overrules and c.principle not in confirmed)
    ]
    findings = sort_findings(
        [*findings_from_checks(kept, texts, principles, language), *_dedupe(own)]
    )
    return Critique(
        summary=model.summary.strip() or offline.summary,
        strengths=[s.strip() for s in model.strengths if s.strip()] or offline.strengths,
        findings=findings,
        overruled=list(overrules.values()),
        signals=offline.signals,
        rewrite=model.rewrite.strip() or offline.rewrite,
        mode="llm",
        language=language,
        sources=sources_for(findings, principles, language),
        platform=offline.platform,
        framing=offline.framing,
    )


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One model finding per principle (the first, at the highest severity given)."""
    rank = {"high": 3, "medium": 2, "low": 1}
    out: dict[str, Finding] = {}
    for finding in findings:
        known = out.get(finding.principle)
        if known is None:
            out[finding.principle] = finding
        elif rank[finding.severity] > rank[known.severity]:
            out[finding.principle] = known.model_copy(update={"severity": finding.severity})
    return list(out.values())
