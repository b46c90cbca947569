"""Anglicisms and calques in a French draft, each with the usual French word
(prompts/anglicismes.yaml).

Matched on folded text (lower case, no accents) as whole words, outside what is not the writer's
French: hashtags, links, @mentions, quoted passages (« … », “ … ”, "…"), and capitalised words
inside a sentence (brand and business names). An English draft is not checked: its language is a
different finding (`langue`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.errors import ConfigError
from bot.french import fold
from bot.yamlfile import load_yaml

_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")
_NOT_PROSE = re.compile(r"https?://\S+|\bwww\.\S+|(?<![\w&])[#@][\w-]+")
_WORD_EDGE_BEFORE = r"(?<![\w-])"
_WORD_EDGE_AFTER = r"(?![\w-])"


@dataclass(frozen=True)
class Anglicism:
    """One listed anglicism: how to find it, and the French word to suggest."""

    pattern: re.Pattern[str]
    french: str


@dataclass(frozen=True)
class Found:
    """An anglicism found in a draft, as written, and the suggestion."""

    text: str
    french: str


@lru_cache(maxsize=4)
def load_anglicisms(prompts_dir: Path) -> tuple[Anglicism, ...]:
    """The list in `prompts_dir/anglicismes.yaml`, compiled."""
    path = prompts_dir / "anglicismes.yaml"
    try:
        entries = load_yaml(path.read_text(encoding="utf-8"))["anglicisms"]
        out = []
        for entry in entries:
            if "pattern" in entry:
                pattern = str(entry["pattern"])
            else:
                forms = sorted((fold(str(f)) for f in entry["forms"]), key=len, reverse=True)
                pattern = _WORD_EDGE_BEFORE + "(?:" + "|".join(map(re.escape, forms)) + ")"
                pattern += _WORD_EDGE_AFTER
            out.append(Anglicism(re.compile(pattern), str(entry["fr"])))
    except (OSError, KeyError, TypeError, re.error, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot load anglicisms from {path}: {type(exc).__name__}") from exc
    return tuple(out)


def _prose(text: str) -> str:
    """The writer's own French: quotes, links, hashtags and mentions blanked (same length)."""
    blank = lambda m: " " * len(m.group())  # noqa: E731
    return _NOT_PROSE.sub(blank, _QUOTED.sub(blank, text))


def _proper_noun(original: str, start: int) -> bool:
    """A capitalised word that does not open a sentence: a name, not the writer's vocabulary."""
    if not original[start : start + 1].isupper():
        return False
    before = original[:start].rstrip()
    return bool(before) and before[-1] not in ".!?:…\n-•*" and not before.endswith(("—", "–"))


def find_anglicisms(text: str, prompts_dir: Path) -> list[Found]:
    """The listed anglicisms in `text`, in reading order, each once."""
    prose = _prose(text)
    folded = fold(prose)
    if len(folded) != len(prose):  # folding changed the length: positions would not line up
        folded = "".join((fold(ch) or " ")[:1] for ch in prose)
    spans: list[tuple[int, int, str]] = []
    for entry in load_anglicisms(prompts_dir):
        for match in entry.pattern.finditer(folded):
            if not _proper_noun(text, match.start()):
                spans.append((match.start(), match.end(), entry.french))
    seen: set[str] = set()
    out: list[Found] = []
    end = -1
    for start, stop, french in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < end:  # inside a longer match (« à date » in « jusqu'à date »)
            continue
        end = stop
        written = text[start:stop]
        if fold(written) not in seen:
            seen.add(fold(written))
            out.append(Found(written, french))
    return out
