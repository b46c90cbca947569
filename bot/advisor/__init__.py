"""The advisor: answers, draft critiques and weekly ideas from Kilovolt's guidance (no Slack)."""

from bot.advisor.language import detect_language
from bot.advisor.models import Answer, Critique, Finding, Idea, IdeaSet, Source, Turn
from bot.advisor.service import Advisor

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
