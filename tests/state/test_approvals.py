"""Approval rows on a real store (SQLite, and PostgreSQL when configured): versions, decisions,
the refusals, privacy (export, forget), retention and a workspace's removal."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

import pytest
from sqlalchemy import select

from bot.state import StateStore, utcnow
from bot.state.approvals import Approvals, RequestInfo
from bot.state.models import ApprovalRequest, Base
from bot.state.privacy import export_user, forget_user
from bot.state.retention import purge_older_than
from bot.state.tenants import forget_team

T = TypeVar("T")
AUTHOR, REVIEWER, OTHER = "U0AUTHOR1", "U0REVIEW1", "U0OTHER01"


def _create(approvals: Approvals, thread: str = "1.1") -> RequestInfo | None:
    return approvals.create(
        author=AUTHOR,
        reviewer=REVIEWER,
        channel="D1",
        thread_ts=thread,
        draft="Brouillon 1",
        summary="Trop promotionnel.",
        reply_id="r1",
        language="fr",
        note="Pour lundi",
    )


def _open(approvals: Approvals, thread: str = "1.1") -> RequestInfo:
    request = _create(approvals, thread)
    assert request is not None
    return request


def test_versions_and_decisions_follow_the_rules(store: StateStore) -> None:
    approvals = Approvals(store)
    request = _open(approvals)
    again = approvals.create(
        author=AUTHOR, reviewer=REVIEWER, channel="D1", thread_ts="1.1", draft="x", summary="",
        reply_id="r2", language="fr",
    )  # fmt: skip
    assert again is None  # one open request per thread
    assert approvals.open_in_thread("D1", "1.1") == request
    assert approvals.decide(request.id, 1, OTHER, "approved") == "not_reviewer"
    assert approvals.decide(request.id, 1, REVIEWER, "changes", "Moins de rabais") == "ok"
    assert approvals.decide(request.id, 1, REVIEWER, "approved") == "decided"
    assert approvals.add_version(request.id, OTHER, "Brouillon pirate", "", "r9") is None
    second = approvals.add_version(request.id, AUTHOR, "Brouillon 2", "Mieux.", "r2")
    assert second is not None and second.number == 2
    assert approvals.decide(request.id, 1, REVIEWER, "approved") == "stale"
    assert approvals.decide(request.id, 2, REVIEWER, "approved") == "ok"
    assert approvals.decide(request.id, 2, REVIEWER, "changes", "Oups") == "closed"
    assert approvals.add_version(request.id, AUTHOR, "Brouillon 3", "", "r3") is None
    assert approvals.decide("nope", 1, REVIEWER, "approved") == "unknown"
    trail = approvals.trail(request.id)
    assert [(d.version, d.decision, d.decided_by, d.comment) for d in trail] == [
        (1, "changes", REVIEWER, "Moins de rabais"),
        (2, "approved", REVIEWER, ""),
    ]
    assert approvals.get(request.id).status == "approved"  # type: ignore[union-attr]
    assert approvals.open_in_thread("D1", "1.1") is None


def test_another_workspace_sees_nothing(store: StateStore) -> None:
    request = _open(Approvals(store))
    other = Approvals(store.for_team("T2"))
    assert other.get(request.id) is None
    assert other.decide(request.id, 1, REVIEWER, "approved") == "unknown"
    assert other.version(request.id, 1) is None


def test_a_cancelled_request_frees_its_thread(store: StateStore) -> None:
    approvals = Approvals(store)
    request = _open(approvals)
    approvals.cancel(request.id)
    assert approvals.open_in_thread("D1", "1.1") is None
    assert approvals.decide(request.id, 1, REVIEWER, "approved") == "closed"
    assert _open(approvals).id != request.id


def _decided(store: StateStore) -> RequestInfo:
    approvals = Approvals(store)
    request = _open(approvals)
    approvals.decide(request.id, 1, REVIEWER, "changes", "Le ton est trop vendeur")
    approvals.add_version(request.id, AUTHOR, "Brouillon 2", "", "r2")
    return request


def test_forgetting_the_author_removes_drafts_and_decisions(store: StateStore) -> None:
    _decided(store)
    exported = export_user(store.engine, AUTHOR)
    assert [v["draft"] for v in exported["approval_versions"]] == ["Brouillon 1", "Brouillon 2"]
    counts = forget_user(store.engine, AUTHOR)
    assert counts["approval_requests"] == 1 and counts["approval_versions"] == 2
    assert counts["approval_decisions"] == 1
    assert not any(export_user(store.engine, AUTHOR).values())
    assert not any(export_user(store.engine, REVIEWER).values())


def test_forgetting_a_waiting_reviewer_frees_the_thread(store: StateStore) -> None:
    """A request nobody can decide any more is cancelled: its author can ask someone else.
    Another workspace's request to a person with the same id is left alone."""
    approvals = Approvals(store)
    waiting = _open(approvals, "3.3")
    url = store.engine.url.render_as_string(hide_password=False)
    elsewhere = Approvals(StateStore(url, engine=store.engine, team_id="T0OTHER01"))
    theirs = _open(elsewhere, "3.3")
    forget_user(store.engine, REVIEWER)
    cancelled = approvals.get(waiting.id)
    assert cancelled is not None and cancelled.status == "cancelled"
    assert approvals.open_in_thread("D1", "3.3") is None
    assert _create(approvals, "3.3") is not None
    kept = elsewhere.get(theirs.id)
    assert kept is not None and kept.status == "open" and kept.reviewer_id == REVIEWER


def test_forgetting_the_reviewer_anonymises_their_decisions(store: StateStore) -> None:
    request = _decided(store)
    assert export_user(store.engine, REVIEWER)["approval_decisions"][0]["comment"] == (
        "Le ton est trop vendeur"
    )
    forget_user(store.engine, REVIEWER)
    assert not any(export_user(store.engine, REVIEWER).values())
    approvals = Approvals(store)
    [decision] = approvals.trail(request.id)
    assert (decision.decision, decision.decided_by, decision.comment) == ("changes", "", "")
    assert approvals.get(request.id).reviewer_id == ""  # type: ignore[union-attr]
    assert len(export_user(store.engine, AUTHOR)["approval_versions"]) == 2  # the author's own


def test_retention_ages_the_approval_rows(store: StateStore) -> None:
    _decided(store)
    assert not any(purge_older_than(store.engine, 30, utcnow()).values())
    later = utcnow() + timedelta(days=31)
    counts = purge_older_than(store.engine, 30, later)
    assert (counts["approval_requests"], counts["approval_versions"]) == (1, 2)
    assert counts["approval_decisions"] == 1
    with store.engine.connect() as conn:
        for name in ("approval_requests", "approval_versions", "approval_decisions"):
            assert conn.execute(select(Base.metadata.tables[name])).first() is None


def test_an_uninstalled_workspace_loses_its_approvals(store: StateStore) -> None:
    team = store.for_team("T9")
    _decided(team)
    _decided(store)  # single-workspace rows stay
    counts = forget_team(store.engine, "T9")
    assert (counts["approval_requests"], counts["approval_versions"]) == (1, 2)
    assert counts["approval_decisions"] == 1
    assert Approvals(store).open_in_thread("D1", "1.1") is not None


def _race(store: StateStore, clicks: list[Callable[[Approvals], T]]) -> list[T]:
    """Each click on its own replica (its own engine, like another pod), all released at once."""
    url = store.engine.url.render_as_string(hide_password=False)
    replicas = [StateStore(url) for _ in clicks]
    start = threading.Barrier(len(replicas))
    outcomes: list[T] = []

    def run(replica: StateStore, click: Callable[[Approvals], T]) -> None:
        start.wait(10)
        outcomes.append(click(Approvals(replica)))

    threads = [
        threading.Thread(target=run, args=pair) for pair in zip(replicas, clicks, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for replica in replicas:
        replica.close()
    return outcomes


def test_concurrent_decisions_on_one_version_record_one(store: StateStore) -> None:
    """Replicas deciding at the same moment (threads, one engine per replica): one wins."""
    request = _open(Approvals(store))
    kinds = ["approved", "changes", "approved", "changes"]
    outcomes = _race(
        store,
        [lambda a, kind=kind: a.decide(request.id, 1, REVIEWER, kind, "x") for kind in kinds],
    )
    assert sorted(outcomes).count("ok") == 1, outcomes
    assert len(Approvals(store).trail(request.id)) == 1


def test_two_replicas_opening_one_thread_at_once_open_one_request(
    store: StateStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both clicks pass the "no open request yet" check at the same moment (forced here): the
    partial unique index lets one insert win; the others get None, as for a thread already open."""
    monkeypatch.setattr(Approvals, "open_in_thread", lambda self, channel, thread_ts: None)
    outcomes = _race(store, [lambda a: _create(a, "9.9")] * 4)
    assert len(outcomes) == 4 and sum(o is not None for o in outcomes) == 1, outcomes
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(ApprovalRequest.status).where(ApprovalRequest.thread_ts == "9.9")
        ).all()
    assert [r.status for r in rows] == ["open"]
    monkeypatch.undo()
    request = Approvals(store).open_in_thread("D1", "9.9")
    assert request is not None
    Approvals(store).cancel(request.id)
    assert _create(Approvals(store), "9.9") is not None  # a closed request frees the thread
