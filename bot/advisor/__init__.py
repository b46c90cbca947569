"""The advisor: answers, draft critiques and weekly ideas from Kilovolt's guidance (no Slack).

The exports load on first use (PEP 562), so importing one advisor submodule stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lazy_exports import lazy_getattr

if TYPE_CHECKING:
    from bot.advisor.models import Answer, Critique, Finding, Idea, IdeaSet, Source, Turn
    from bot.advisor.service import Advisor
    from bot.french import detect_language

_EXPORTS = {
    "Advisor": "bot.advisor.service",
    "Answer": "bot.advisor.models",
    "Critique": "bot.advisor.models",
    "Finding": "bot.advisor.models",
    "Idea": "bot.advisor.models",
    "IdeaSet": "bot.advisor.models",
    "Source": "bot.advisor.models",
    "Turn": "bot.advisor.models",
    "detect_language": "bot.french",
}

__all__ = [
    "Advisor",
    "Answer",
    "Critique",
    "Finding",
    "Idea",
    "IdeaSet",
    "Source",
    "Turn",
    "detect_language",
]

__getattr__ = lazy_getattr(__name__, _EXPORTS, globals())
