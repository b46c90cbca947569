"""Consistency checks for the evaluation sets and the idea bank (data files, no model needed)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
EVAL_DIR = ROOT / "tests" / "eval"

QUESTION_STYLES = {
    "direct",
    "paraphrase",
    "vague",
    "typo",
    "sans-accents",
    "quebecois",
    "english",
}
DRAFT_KINDS = {"promotional", "value-first", "mixed"}
DRAFT_PLATFORMS = {"instagram", "facebook", "linkedin", "tiktok", None}
IDEA_FORMATS = {
    "texte",
    "photo",
    "carrousel",
    "video-courte",
    "video",
    "story",
    "sondage",
    "direct",
    "article",
    "infolettre",
}
IDEA_PLATFORMS = {"facebook", "instagram", "linkedin", "tiktok", "toutes"}
IDEA_TONES = {"serieux", "leger"}
IDEA_SEASONS = {
    "toute-annee",
    "hiver",
    "printemps",
    "ete",
    "automne",
    "rentree",
    "fetes",
    "saint-valentin",
    "semaine-de-relache",
    "fete-nationale",
    "action-de-grace",
    "halloween",
    "cabane-a-sucre",
}
IDEA_FIELDS = {
    "id",
    "title",
    "prompt",
    "principle",
    "format",
    "platform",
    "tone",
    "themes",
    "season",
}
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _jsonl(name: str) -> list[dict[str, Any]]:
    lines = (EVAL_DIR / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _principles() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((KNOWLEDGE / "principes.yaml").read_text(encoding="utf-8"))
    return {p["id"]: p for p in data["principles"]}


def _guidance_docs() -> set[str]:
    return {
        p.relative_to(KNOWLEDGE).as_posix()
        for folder in ("doctrine", "pratique")
        for p in (KNOWLEDGE / folder).glob("*.md")
    }


def _ideas() -> list[dict[str, Any]]:
    data = yaml.safe_load((KNOWLEDGE / "idees" / "banque.yaml").read_text(encoding="utf-8"))
    return data["ideas"]


def test_questions_are_well_formed() -> None:
    questions = _jsonl("questions.jsonl")
    assert len(questions) >= 60
    ids = [q["id"] for q in questions]
    assert len(ids) == len(set(ids)), "duplicate question ids"
    for q in questions:
        assert set(q) == {"id", "question", "expected", "style"}, q["id"]
        assert q["question"].strip(), q["id"]
        assert q["style"] in QUESTION_STYLES, q["id"]
        assert 1 <= len(q["expected"]) <= 3, q["id"]
    styles = Counter(q["style"] for q in questions)
    assert all(styles[s] >= 7 for s in QUESTION_STYLES), styles


def test_question_sources_exist_and_every_document_is_asked_about() -> None:
    docs = _guidance_docs()
    questions = _jsonl("questions.jsonl")
    missing = sorted({p for q in questions for p in q["expected"]} - docs)
    assert not missing, f"expected sources absent from knowledge/: {missing}"
    asked = {p for q in questions for p in q["expected"]}
    assert not docs - asked, f"documents no question targets: {sorted(docs - asked)}"


def test_drafts_are_well_formed() -> None:
    drafts = _jsonl("drafts.jsonl")
    principles = _principles()
    assert len(drafts) >= 28
    ids = [d["id"] for d in drafts]
    assert len(ids) == len(set(ids)), "duplicate draft ids"
    for d in drafts:
        assert set(d) == {"id", "draft", "platform", "lang", "kind", "expected", "not_expected"}
        assert d["draft"].strip(), d["id"]
        assert d["platform"] in DRAFT_PLATFORMS, d["id"]
        assert d["lang"] in {"fr", "en"}, d["id"]
        assert d["kind"] in DRAFT_KINDS, d["id"]
        unknown = (set(d["expected"]) | set(d["not_expected"])) - set(principles)
        assert not unknown, f"{d['id']}: unknown principles {unknown}"
        assert not set(d["expected"]) & set(d["not_expected"]), d["id"]
        if d["kind"] == "promotional":
            assert "promotion" in d["expected"], d["id"]
        if d["kind"] == "value-first":
            assert "promotion" in d["not_expected"], d["id"]
    kinds = Counter(d["kind"] for d in drafts)
    assert kinds["promotional"] >= 8 and kinds["value-first"] >= 8 and kinds["mixed"] >= 6, kinds
    assert sum(d["lang"] == "en" for d in drafts) >= 6


def test_idea_bank_is_well_formed() -> None:
    ideas = _ideas()
    principles = _principles()
    assert len(ideas) >= 72
    ids = [i["id"] for i in ideas]
    assert len(ids) == len(set(ids)), "duplicate idea ids"
    for idea in ideas:
        assert set(idea) == IDEA_FIELDS, idea.get("id")
        assert KEBAB.match(idea["id"]), idea["id"]
        assert idea["title"].strip() and idea["prompt"].strip(), idea["id"]
        assert idea["principle"] in principles, idea["id"]
        assert idea["format"] in IDEA_FORMATS, idea["id"]
        assert idea["platform"] in IDEA_PLATFORMS, idea["id"]
        assert idea["tone"] in IDEA_TONES, idea["id"]
        assert idea["season"] in IDEA_SEASONS, idea["id"]
        assert idea["themes"] and all(KEBAB.match(t) for t in idea["themes"]), idea["id"]


def test_idea_bank_covers_principles_formats_platforms_and_seasons() -> None:
    ideas = _ideas()
    doctrine = {pid for pid, p in _principles().items() if p["doctrine"]}
    per_principle = Counter(i["principle"] for i in ideas)
    thin = {pid: per_principle[pid] for pid in doctrine if per_principle[pid] < 3}
    assert not thin, f"doctrine principles with fewer than 3 ideas: {thin}"
    assert {i["format"] for i in ideas} == IDEA_FORMATS
    assert {i["platform"] for i in ideas} == IDEA_PLATFORMS
    assert {i["season"] for i in ideas} == IDEA_SEASONS
    light = sum(i["tone"] == "leger" for i in ideas) / len(ideas)
    assert 0.35 <= light <= 0.65, f"light share {light:.2f}"


@pytest.mark.parametrize(
    "trade",
    [
        "boulangerie",
        "restaurant",
        "quincaillerie",
        "comptable",
        "salon-de-coiffure",
        "studio-de-yoga",
        "gym",
        "boutique",
        "agence",
        "construction",
        "fleuriste",
        "garage",
        "librairie",
    ],
)
def test_idea_bank_serves_each_trade_at_least_twice(trade: str) -> None:
    assert sum(trade in i["themes"] for i in _ideas()) >= 2
