"""Query expansion: colloquial Quebec French and English words → the guidance's own vocabulary.

The glossary (`glossary.yaml` beside this module) maps general marketing words (« spéciaux »,
« booster », "followers") to the French words Kilovolt's guidance uses, so keyword search finds
passages a question describes in other words. It never makes a question in-domain by itself.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot import french
from bot.yamlfile import load_yaml

GLOSSARY_FILE = Path(__file__).with_name("glossary.yaml")


@lru_cache(maxsize=1)
def glossary() -> tuple[dict[str, str], dict[str, str]]:
    """(word → guidance words, phrase → guidance words), folded keys, from the YAML file."""
    data = load_yaml(GLOSSARY_FILE.read_text(encoding="utf-8")) or {}
    words: dict[str, str] = {}
    for concept in data.get("concepts", []):
        for word in concept["words"]:
            for key in french.words(str(word)):
                words[key] = str(concept["means"])
    phrases = {" ".join(french.words(k)): str(v) for k, v in (data.get("phrases") or {}).items()}
    return words, phrases


def expansion(text: str) -> str:
    """The guidance words for the colloquial or English terms of `text` ('' when none apply).

    Words the text already contains are not repeated.
    """
    words, phrases = glossary()
    found = french.words(text)
    present = set(found)
    extras: list[str] = []
    padded = f" {' '.join(found)} "
    for phrase, extra in phrases.items():
        if f" {phrase} " in padded and extra not in extras:
            extras.append(extra)
    for word in found:
        extra = words.get(word)
        if extra and extra not in extras:
            extras.append(extra)
    kept = [w for extra in extras for w in extra.split() if french.fold(w) not in present]
    return " ".join(dict.fromkeys(kept))


def expand_query(text: str) -> str:
    """`text` followed by its expansion (unchanged when nothing applies)."""
    extra = expansion(text)
    return f"{text} {extra}" if extra else text
