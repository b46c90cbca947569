"""Readiness (/healthz, the k8s readiness probe) is this replica's own state; dependencies such as
Chroma are reported on /healthz/deps and in /metrics, so an outage there keeps replicas serving."""

from __future__ import annotations

import shutil

from tests.slack.conftest import Harness
from tests.support.slack_api import wait_for

CHROMA_DOWN = {"index": "error: Chroma unreachable at http://127.0.0.1:9"}


def test_chroma_down_keeps_the_replica_ready_and_users_get_the_polite_reply(
    harness: Harness,
) -> None:
    harness.advisor.parts = CHROMA_DOWN
    ready = harness.http.get(f"{harness.url}/healthz")
    assert ready.status_code == 200 and ready.json()["status"] == "ok"
    deps = harness.http.get(f"{harness.url}/healthz/deps")
    assert deps.status_code == 503
    assert deps.json()["failing"] == ["index"] and "Chroma" in deps.json()["index"]
    metrics = harness.http.get(f"{harness.url}/metrics").text
    assert 'kilovolt_dependency_up{part="index"} 0.0' in metrics
    assert harness.http.get(f"{harness.url}/livez").status_code == 200


def test_dependency_gauge_is_one_when_healthy(harness: Harness) -> None:
    metrics = harness.http.get(f"{harness.url}/metrics").text
    assert 'kilovolt_dependency_up{part="index"} 1.0' in metrics


def test_state_database_down_is_a_dependency_failure_not_unreadiness(harness: Harness) -> None:
    # The database is shared by every replica: failing readiness on it would take them all out
    # of the Service, and users would get nothing instead of the one-line outage reply.
    harness.bot.services.store.engine.dispose()
    shutil.rmtree(harness.bot.services.settings.data_dir)
    response = wait_for(
        lambda: (r := harness.http.get(f"{harness.url}/healthz/deps")).status_code == 503 and r
    )
    assert "database" in response.json()["failing"]
    assert harness.http.get(f"{harness.url}/healthz").status_code == 200
    assert harness.http.get(f"{harness.url}/livez").status_code == 200
