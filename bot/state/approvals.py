"""The approval loop's state: requests, versions and decisions, each change one short transaction.

Safe across replicas: nothing is kept in memory. A decision and a new version both update the
request row on a condition (still open, still at the version they refer to), and the unique
(request, version) of decisions makes a second click on the same version a no-op.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bot.state.models import ApprovalDecision, ApprovalRequest, ApprovalVersion
from bot.state.store import StateStore, utcnow

log = logging.getLogger(__name__)

Outcome = Literal["ok", "unknown", "not_reviewer", "closed", "stale", "decided"]
"""What became of a decision: recorded, or why not (no such request, someone else clicked, the
request is approved already, a newer version exists, this version was decided already)."""
MAX_DRAFT = 8000
MAX_COMMENT = 1000


@dataclass(frozen=True)
class RequestInfo:
    """An approval request as plain data."""

    id: str
    author_id: str
    reviewer_id: str
    channel: str
    thread_ts: str
    status: str
    current_version: int
    language: str
    note: str


@dataclass(frozen=True)
class VersionInfo:
    """One version of a request's draft."""

    request_id: str
    number: int
    draft: str
    summary: str
    review_channel: str
    review_ts: str


@dataclass(frozen=True)
class DecisionInfo:
    """One decision of the audit trail."""

    version: int
    decision: str
    decided_by: str
    comment: str
    created_at: datetime


def _request(row: ApprovalRequest) -> RequestInfo:
    return RequestInfo(
        row.id,
        row.author_id,
        row.reviewer_id,
        row.channel,
        row.thread_ts,
        row.status,
        row.current_version,
        row.language,
        row.note,
    )


def _version(row: ApprovalVersion) -> VersionInfo:
    return VersionInfo(
        row.request_id, row.number, row.draft, row.summary, row.review_channel, row.review_ts
    )


class Approvals:
    """The approval rows of the store's workspace (`store.team_id`)."""

    def __init__(self, store: StateStore) -> None:
        self.team_id = store.team_id
        self._session = store._session

    def create(
        self,
        *,
        author: str,
        reviewer: str,
        channel: str,
        thread_ts: str,
        draft: str,
        summary: str,
        reply_id: str,
        language: str,
        note: str = "",
    ) -> RequestInfo | None:
        """A new open request with version 1; None when the thread has an open one already."""
        if self.open_in_thread(channel, thread_ts) is not None:
            return None
        now, request_id = utcnow(), uuid.uuid4().hex[:16]
        try:
            with self._session.begin() as session:
                row = ApprovalRequest(
                    id=request_id,
                    team_id=self.team_id,
                    author_id=author[:40],
                    reviewer_id=reviewer[:40],
                    channel=channel,
                    thread_ts=thread_ts,
                    status="open",
                    current_version=1,
                    language=language,
                    note=note[:MAX_COMMENT],
                    created_at=now,
                    updated_at=now,
                )
                session.add(row)
                session.add(self._new_version(request_id, 1, author, draft, summary, reply_id))
        except IntegrityError:  # another replica opened the thread's request meanwhile
            log.info("approval request already open in %s/%s", channel, thread_ts)
            return None
        return _request(row)

    def _new_version(
        self, request_id: str, number: int, author: str, draft: str, summary: str, reply_id: str
    ) -> ApprovalVersion:
        return ApprovalVersion(
            team_id=self.team_id,
            request_id=request_id,
            number=number,
            author_id=author[:40],
            draft=draft[:MAX_DRAFT],
            summary=summary[:3000],
            reply_id=reply_id[:40],
            created_at=utcnow(),
        )

    def get(self, request_id: str) -> RequestInfo | None:
        """A request of this workspace, or None."""
        with self._session() as session:
            row = session.get(ApprovalRequest, request_id[:40])
            return _request(row) if row is not None and row.team_id == self.team_id else None

    def open_in_thread(self, channel: str, thread_ts: str) -> RequestInfo | None:
        """The open request started from this thread, if any."""
        with self._session() as session:
            row = session.scalars(
                select(ApprovalRequest).where(
                    ApprovalRequest.team_id == self.team_id,
                    ApprovalRequest.channel == channel,
                    ApprovalRequest.thread_ts == thread_ts,
                    ApprovalRequest.status == "open",
                )
            ).first()
            return _request(row) if row is not None else None

    def version(self, request_id: str, number: int) -> VersionInfo | None:
        """Version `number` of a request of this workspace, or None."""
        with self._session() as session:
            row = session.scalars(
                select(ApprovalVersion).where(
                    ApprovalVersion.team_id == self.team_id,
                    ApprovalVersion.request_id == request_id,
                    ApprovalVersion.number == number,
                )
            ).first()
            return _version(row) if row is not None else None

    def add_version(
        self, request_id: str, author: str, draft: str, summary: str, reply_id: str
    ) -> VersionInfo | None:
        """The author's next version; None when the request is closed, not theirs, or another
        version was added at the same moment."""
        current = self.get(request_id)
        if current is None or current.status != "open" or current.author_id != author:
            return None
        number = current.current_version + 1
        try:
            with self._session.begin() as session:
                moved = session.execute(
                    update(ApprovalRequest)
                    .where(
                        ApprovalRequest.id == request_id,
                        ApprovalRequest.team_id == self.team_id,
                        ApprovalRequest.status == "open",
                        ApprovalRequest.current_version == number - 1,
                    )
                    .values(current_version=number, updated_at=utcnow())
                ).rowcount
                if not moved:
                    return None
                row = self._new_version(request_id, number, author, draft, summary, reply_id)
                session.add(row)
        except IntegrityError:
            return None
        return _version(row)

    def cancel(self, request_id: str) -> None:
        """Close an open request that never reached its reviewer (the thread may start another)."""
        with self._session.begin() as session:
            session.execute(
                update(ApprovalRequest)
                .where(
                    ApprovalRequest.id == request_id,
                    ApprovalRequest.team_id == self.team_id,
                    ApprovalRequest.status == "open",
                )
                .values(status="cancelled", updated_at=utcnow())
            )

    def set_review_message(self, request_id: str, number: int, channel: str, ts: str) -> None:
        """Where the reviewer's message of this version is (to update its buttons later)."""
        with self._session.begin() as session:
            session.execute(
                update(ApprovalVersion)
                .where(
                    ApprovalVersion.team_id == self.team_id,
                    ApprovalVersion.request_id == request_id,
                    ApprovalVersion.number == number,
                )
                .values(review_channel=channel[:40], review_ts=ts[:40])
            )

    def check(self, request_id: str, number: int, user: str) -> Outcome:
        """Whether `user` may decide on version `number` now (nothing written)."""
        request = self.get(request_id)
        if request is None:
            return "unknown"
        if request.reviewer_id != user:
            return "not_reviewer"
        if request.status != "open":
            return "closed"
        if request.current_version != number:
            return "stale"
        if self._decided(request_id, number):
            return "decided"
        return "ok"

    def _decided(self, request_id: str, number: int) -> bool:
        with self._session() as session:
            found = session.scalars(
                select(ApprovalDecision.id).where(
                    ApprovalDecision.team_id == self.team_id,
                    ApprovalDecision.request_id == request_id,
                    ApprovalDecision.version == number,
                )
            ).first()
            return found is not None

    def decide(
        self, request_id: str, number: int, user: str, decision: str, comment: str = ""
    ) -> Outcome:
        """Record `user`'s decision ("approved" closes the request, "changes" keeps it open)."""
        first = self.check(request_id, number, user)
        if first != "ok":
            return first
        status = "approved" if decision == "approved" else "open"
        try:
            with self._session.begin() as session:
                moved = session.execute(
                    update(ApprovalRequest)
                    .where(
                        ApprovalRequest.id == request_id,
                        ApprovalRequest.team_id == self.team_id,
                        ApprovalRequest.reviewer_id == user,
                        ApprovalRequest.status == "open",
                        ApprovalRequest.current_version == number,
                    )
                    .values(status=status, updated_at=utcnow())
                ).rowcount
                if not moved:  # approved or moved on between the check and now
                    raise _Lost
                author = session.get(ApprovalRequest, request_id).author_id  # type: ignore[union-attr]
                session.add(
                    ApprovalDecision(
                        team_id=self.team_id,
                        request_id=request_id,
                        version=number,
                        decision=decision,
                        decided_by=user[:40],
                        author_id=author,
                        comment=comment[:MAX_COMMENT],
                        created_at=utcnow(),
                    )
                )
        except IntegrityError:  # the same click handled by another replica
            return "decided"
        except _Lost:
            again = self.check(request_id, number, user)
            return again if again != "ok" else "decided"
        return "ok"

    def trail(self, request_id: str) -> list[DecisionInfo]:
        """The request's decisions, oldest first."""
        with self._session() as session:
            rows = session.scalars(
                select(ApprovalDecision)
                .where(
                    ApprovalDecision.team_id == self.team_id,
                    ApprovalDecision.request_id == request_id,
                )
                .order_by(ApprovalDecision.id)
            )
            return [
                DecisionInfo(r.version, r.decision, r.decided_by, r.comment, r.created_at)
                for r in rows
            ]


class _Lost(Exception):
    """The conditional update found the request changed: roll the decision back."""
