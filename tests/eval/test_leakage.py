"""No lexicon or glossary phrase of two words or more may stand verbatim in an evaluation file."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT
from bot.french import fold

EVAL_DIR = PROJECT_ROOT / "tests" / "eval"


def _phrases() -> dict[str, str]:
    """Every phrase of two words or more in the lexicon and the glossary → where it is."""
    found: dict[str, str] = {}
    lexicon = yaml.safe_load((PROJECT_ROOT / "prompts" / "lexicon.yaml").read_text("utf-8"))
    for category, terms in lexicon.items():
        for term in terms:
            found[fold(str(term))] = f"prompts/lexicon.yaml {category}"
    glossary_path = PROJECT_ROOT / "bot" / "retrieval" / "glossary.yaml"
    glossary = yaml.safe_load(glossary_path.read_text("utf-8"))
    for concept in glossary.get("concepts", []):
        for word in concept["words"]:
            found[fold(str(word))] = "bot/retrieval/glossary.yaml concepts"
    for key in glossary.get("phrases") or {}:
        found[fold(str(key))] = "bot/retrieval/glossary.yaml phrases"
    return {phrase: where for phrase, where in found.items() if len(phrase.split()) >= 2}


def _evaluation_text() -> dict[Path, str]:
    return {path: fold(path.read_text("utf-8")) for path in sorted(EVAL_DIR.rglob("*.jsonl"))}


def test_no_lexicon_phrase_stands_in_an_evaluation_file() -> None:
    """A phrase that an evaluation item also uses would score that item by wording, not by what
    the engine understands: whatever its origin, it cannot stay in the lexicon or the glossary."""
    texts = _evaluation_text()
    found = []
    for phrase, where in sorted(_phrases().items()):
        # a plural ending counts too (« prix réduits » holds the phrase « prix reduit »)
        pattern = re.compile(rf"(?<![a-z0-9]){re.escape(phrase)}(?:s|x|es)?(?![a-z0-9])")
        files = [p.relative_to(EVAL_DIR).as_posix() for p, t in texts.items() if pattern.search(t)]
        if files:
            found.append(f"{phrase!r} ({where}) stands in {', '.join(files)}")
    assert not found, "lexicon phrases found in evaluation files:\n" + "\n".join(found)


def test_unit_tests_do_not_reuse_evaluation_items() -> None:
    """A sentence of 8+ words from a held-out or blind draft must not appear in a unit test
    (the tuning set, tests/eval/drafts.jsonl, may)."""
    drafts = [
        fold(line)
        for path in EVAL_DIR.glob("*/drafts.jsonl")
        for line in path.read_text("utf-8").splitlines()
    ]
    sentences = {
        s.strip() for line in drafts for s in re.split(r"[.!?\"]", line) if len(s.split()) >= 8
    }
    offenders = []
    for path in (PROJECT_ROOT / "tests").rglob("test_*.py"):
        text = fold(path.read_text("utf-8"))
        offenders += [f"{path.name}: {s[:60]}" for s in sentences if s in text]
    assert not offenders, offenders
