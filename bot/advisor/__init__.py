"""The advisor: answers, draft critiques and weekly ideas from Kilovolt's guidance (no Slack)."""

from bot.advisor.models import Answer, Critique, Finding, Idea, IdeaSet, Source, Turn
from bot.advisor.service import Advisor
from bot.french import detect_language

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
