"""A readiness probe answered from a cache for a while, so health checks stay cheap."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class CachedProbe:
    """Runs `check` at most once per `max_age_s` (thread-safe); each part → 'ok' or a reason."""

    def __init__(
        self, check: Callable[[], dict[str, str]], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._check = check
        self._clock = clock
        self._lock = threading.Lock()
        self.checked_at: float | None = None
        self._result: dict[str, str] = {}

    def __call__(self, max_age_s: float) -> dict[str, str]:
        """The last result when younger than `max_age_s`, else a fresh one."""
        with self._lock:
            now = self._clock()
            if self.checked_at is None or now - self.checked_at >= max_age_s:
                self._result = self._check()
                self.checked_at = now
            return dict(self._result)
