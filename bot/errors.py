"""Errors a user can cause: each carries one clear line saying what is wrong and what to do."""

from __future__ import annotations


class KilovoltError(Exception):
    """Base for errors shown to users as one clean line (never a traceback).

    `message` is English (CLI, logs); `message_fr` is what a Slack user reads in French.
    """

    def __init__(self, message: str, message_fr: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_fr = message_fr or message

    def for_language(self, language: str) -> str:
        """The message in the user's language ('fr' or 'en')."""
        return self.message if language == "en" else self.message_fr


class ConfigError(KilovoltError):
    """A setting is missing or invalid."""


class KnowledgeError(KilovoltError):
    """The knowledge directory or one of its files cannot be used."""


class IndexMissingError(KilovoltError):
    """No usable index exists for the configured embedding model (run `kilovolt index`)."""


class StoreUnavailableError(KilovoltError):
    """The vector store (Chroma) cannot be reached or written."""


class InputError(KilovoltError):
    """The user's text cannot be processed as given (empty, too long, ...)."""
