"""Text helpers for the advisor: sentences and token counts (words and folding: `bot.french`)."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"“(\[]?[A-ZÀ-ÖØ-Þ0-9])")


def sentences(text: str) -> list[str]:
    """Split prose into sentences; list items and lines are kept as their own sentences."""
    out: list[str] = []
    for raw_line in text.splitlines():
        line = raw_line.strip().lstrip("-*•>").strip()
        if not line or line.startswith("#") or line.startswith("|"):
            continue
        out.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return out


def approx_tokens(text: str) -> int:
    """Rough token count (about four characters per token for French and English)."""
    return (len(text) + 3) // 4
