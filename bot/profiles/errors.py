"""Profile validation errors: one bilingual message per field, gathered before anything is saved."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import InputError


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one field, in English (CLI, logs) and in French (Slack)."""

    field: str
    en: str
    fr: str

    def text(self, language: str) -> str:
        """The message in `language` ('fr' or 'en')."""
        return self.en if language == "en" else self.fr


class ProfileInvalid(InputError):
    """A profile (or a team or channel id) the user gave cannot be saved; `problems` by field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(p.en for p in problems),
            " ".join(p.fr for p in problems),
        )
