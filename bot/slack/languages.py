"""The language of each user on surfaces where Slack sends no text (Home, DM opened, agent view).

A language the user chose in the App Home is stored (the state store's `user_languages` table)
and wins. Otherwise the bot uses what it detected in the user's own messages: in-process and
bounded (Slack tells a locale only through users.info, a scope the app does not request). After a
restart, or for a user who never wrote nor chose, it is French.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections import OrderedDict
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from bot.slack.texts import Language

LANGUAGES: tuple[Language, ...] = ("fr", "en")
log = logging.getLogger(__name__)


class LanguageStore(Protocol):
    """Where chosen languages are kept (bot.state.StateStore implements it)."""

    def set_user_language(self, user_id: str, language: str) -> None: ...
    def user_language(self, user_id: str) -> str | None: ...


class UserLanguages:
    """A bounded, thread-safe map user id → language: the stored choice, else the last detected."""

    def __init__(self, capacity: int = 10_000, store: LanguageStore | None = None) -> None:
        self.capacity = capacity
        self.store = store
        self.team = ""  # the workspace: user ids are unique per workspace only
        self._languages: OrderedDict[tuple[str, str], Language] = OrderedDict()
        self._lock = threading.Lock()

    def for_team(self, team: str, store: LanguageStore | None) -> UserLanguages:
        """The same memory seen from workspace `team`, reading choices from `store` (scoped)."""
        scoped = copy.copy(self)
        scoped.team, scoped.store = team, store if self.store is not None else None
        return scoped

    def remember(self, user: str | None, language: Language) -> None:
        """Record the language `user` just wrote in."""
        if not user:
            return
        key = (self.team, user)
        with self._lock:
            self._languages[key] = language
            self._languages.move_to_end(key)
            while len(self._languages) > self.capacity:
                self._languages.popitem(last=False)

    def choose(self, user: str, language: Language) -> None:
        """Store the language `user` chose (raises when the store is down: the caller says so)."""
        if self.store is not None:
            self.store.set_user_language(user, language)
        self.remember(user, language)

    def chosen(self, user: str | None) -> Language | None:
        """The language `user` chose, or None (never chose, or the store is unreachable)."""
        if not user or self.store is None:
            return None
        try:
            stored = self.store.user_language(user)
        except SQLAlchemyError:
            log.warning("chosen language unavailable (state store down)")
            return None
        return stored if stored in LANGUAGES else None  # type: ignore[return-value]

    def get(self, user: str | None) -> Language:
        """The language `user` chose, else the one they last wrote in; French when unknown."""
        chosen = self.chosen(user)
        if chosen is not None:
            return chosen
        with self._lock:
            return self._languages.get((self.team, user or ""), "fr")
