"""The language each user last wrote in, for surfaces where Slack sends no text (Home, agent view).

Slack only tells a user's locale through users.info (needs the users:read scope, which the app
does not request), so the bot remembers what it detected in the user's own messages instead.
In-process and bounded: after a restart, or for a user who never wrote, it is French.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from bot.slack.texts import Language


class UserLanguages:
    """A bounded, thread-safe map user id → last detected language."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._languages: OrderedDict[str, Language] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, user: str | None, language: Language) -> None:
        """Record the language `user` just wrote in."""
        if not user:
            return
        with self._lock:
            self._languages[user] = language
            self._languages.move_to_end(user)
            while len(self._languages) > self.capacity:
                self._languages.popitem(last=False)

    def get(self, user: str | None) -> Language:
        """The language `user` last wrote in; French when unknown."""
        with self._lock:
            return self._languages.get(user or "", "fr")
