"""The cached readiness probe: one real check per interval, a fresh one when asked for age 0."""

from __future__ import annotations

from bot.advisor.readiness import CachedProbe


def test_probe_answers_from_cache_until_the_result_is_too_old() -> None:
    now = [100.0]
    runs: list[float] = []

    def check() -> dict[str, str]:
        runs.append(now[0])
        return {"index": f"run {len(runs)}"}

    probe = CachedProbe(check, clock=lambda: now[0])
    assert probe(15.0) == {"index": "run 1"}
    now[0] += 14.0
    assert probe(15.0) == {"index": "run 1"}  # still fresh: no second check
    now[0] += 1.0
    assert probe(15.0) == {"index": "run 2"}
    assert probe(0.0) == {"index": "run 3"}  # age 0 always checks again
    assert runs == [100.0, 115.0, 115.0]
    assert probe.checked_at == 115.0


def test_callers_cannot_alter_the_cached_result() -> None:
    probe = CachedProbe(lambda: {"index": "ok"})
    probe(60.0)["index"] = "changed"
    assert probe(60.0) == {"index": "ok"}
