"""Weekly post records: claim a week once, keep its ideas, retry with back-off, finish or fail.

Every change after the claim names the worker holding it (`claimed_by`): a slow worker whose
stale claim was taken over can neither post a second time nor undo the other worker's claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.state.models import WeeklyPost


def _naive_utc(moment: datetime) -> datetime:
    from bot.state.store import as_naive_utc  # store imports this module

    return as_naive_utc(moment)


@dataclass(frozen=True)
class WeeklyClaim:
    """A week held by one worker: the ideas stored for it (None until generated) and attempts."""

    subscription_id: int
    week: str
    worker: str
    ideas: dict[str, Any] | None
    reply_id: str
    attempts: int


class WeeklyPostRecords:
    """The weekly-post operations of StateStore (mixed in; uses its session factory)."""

    _session: sessionmaker[Session]
    team_id: str

    def claim_weekly_post(
        self, subscription_id: int, week: str, worker: str, now: datetime, stale_after: timedelta
    ) -> bool:
        """Claim the post of `week`: a new week, a retry that is due, a failed week of a resumed
        subscription, or a claim left stale by a worker that died mid-post."""
        moment = _naive_utc(now)
        try:
            with self._session.begin() as session:
                session.add(
                    WeeklyPost(
                        team_id=self.team_id,
                        subscription_id=subscription_id,
                        week=week,
                        status="claimed",
                        claimed_by=worker,
                        claimed_at=moment,
                    )
                )
            return True
        except IntegrityError:
            pass
        claimable = or_(
            (WeeklyPost.status == "claimed") & (WeeklyPost.claimed_at < moment - stale_after),
            (WeeklyPost.status == "retry") & (WeeklyPost.next_attempt_at <= moment),
            WeeklyPost.status == "failed",
        )
        with self._session.begin() as session:
            taken = session.execute(
                update(WeeklyPost)
                .where(
                    WeeklyPost.team_id == self.team_id,
                    WeeklyPost.subscription_id == subscription_id,
                    WeeklyPost.week == week,
                    claimable,
                )
                .values(status="claimed", claimed_by=worker, claimed_at=moment)
            ).rowcount
        return bool(taken)

    def weekly_claim(self, subscription_id: int, week: str, worker: str) -> WeeklyClaim | None:
        """The claim `worker` holds on `week`, or None when it holds none (any more)."""
        with self._session() as session:
            row = session.scalars(
                select(WeeklyPost).where(*self._held(subscription_id, week, worker))
            ).first()
            if row is None:
                return None
            return WeeklyClaim(
                subscription_id, week, worker, row.ideas, row.reply_id, int(row.attempts or 0)
            )

    def store_weekly_ideas(
        self, subscription_id: int, week: str, worker: str, reply_id: str, ideas: dict[str, Any]
    ) -> bool:
        """Keep the week's ideas with the claim (a retry posts them again); False if not held."""
        return self._update_held(subscription_id, week, worker, ideas=ideas, reply_id=reply_id[:40])

    def renew_weekly_claim(
        self, subscription_id: int, week: str, worker: str, now: datetime
    ) -> bool:
        """Refresh the claim just before posting; False when another worker took it over."""
        return self._update_held(subscription_id, week, worker, claimed_at=_naive_utc(now))

    def finish_weekly_post(
        self, subscription_id: int, week: str, worker: str, posted_ts: str
    ) -> bool:
        """Mark the week's post as done; False when `worker` does not hold the claim."""
        return self._update_held(
            subscription_id, week, worker, status="done", posted_ts=posted_ts, last_error=""
        )

    def release_weekly_post(
        self, subscription_id: int, week: str, worker: str, retry_at: datetime, error: str
    ) -> bool:
        """After a transient failure: retry from `retry_at` (any worker); False if not held."""
        with self._session.begin() as session:
            return bool(
                session.execute(
                    update(WeeklyPost)
                    .where(*self._held(subscription_id, week, worker))
                    .values(
                        status="retry",
                        attempts=WeeklyPost.attempts + 1,
                        next_attempt_at=_naive_utc(retry_at),
                        last_error=error[:60],
                    )
                ).rowcount
            )

    def fail_weekly_post(self, subscription_id: int, week: str, worker: str, error: str) -> bool:
        """After a permanent failure: the week waits for the subscription to be resumed."""
        return self._update_held(
            subscription_id, week, worker, status="failed", last_error=error[:60]
        )

    def weekly_posts(self) -> list[tuple[int, str, str]]:
        """(subscription id, week, status) of every weekly post row of this workspace."""
        with self._session() as session:
            rows = session.execute(
                select(WeeklyPost.subscription_id, WeeklyPost.week, WeeklyPost.status).where(
                    WeeklyPost.team_id == self.team_id
                )
            )
            return [(int(a), str(b), str(c)) for a, b, c in rows]

    def _held(self, subscription_id: int, week: str, worker: str) -> tuple[Any, ...]:
        return (
            WeeklyPost.team_id == self.team_id,
            WeeklyPost.subscription_id == subscription_id,
            WeeklyPost.week == week,
            WeeklyPost.status == "claimed",
            WeeklyPost.claimed_by == worker,
        )

    def _update_held(self, subscription_id: int, week: str, worker: str, **values: Any) -> bool:
        with self._session.begin() as session:
            result = session.execute(
                update(WeeklyPost)
                .where(*self._held(subscription_id, week, worker))
                .values(**values)
            )
            return bool(result.rowcount)
