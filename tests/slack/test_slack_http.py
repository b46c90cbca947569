"""HTTP surface: url_verification, Slack signature checks, health and metrics endpoints."""

from __future__ import annotations

import json
import time

from tests.slack.conftest import Harness


def test_url_verification_echoes_the_challenge(harness: Harness) -> None:
    body = json.dumps({"token": "legacy", "challenge": "abc123xyz", "type": "url_verification"})
    response = harness.post(body, "application/json")
    assert response.status_code == 200
    assert "abc123xyz" in response.text


def test_bad_signature_is_rejected(harness: Harness) -> None:
    body = json.dumps({"token": "legacy", "challenge": "c", "type": "url_verification"})
    response = harness.post(body, "application/json", secret="not-the-signing-secret")
    assert response.status_code == 401


def test_six_minute_old_timestamp_is_rejected(harness: Harness) -> None:
    body = json.dumps({"token": "legacy", "challenge": "c", "type": "url_verification"})
    response = harness.post(body, "application/json", timestamp=int(time.time()) - 6 * 60)
    assert response.status_code == 401


def test_healthz_reports_this_replica_and_deps_separately(harness: Harness) -> None:
    response = harness.http.get(f"{harness.url}/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "failing": [], "slack": "ok"}
    deps = harness.http.get(f"{harness.url}/healthz/deps")
    assert deps.status_code == 200
    assert deps.json() == {"status": "ok", "failing": [], "database": "ok", "index": "ok"}


def test_metrics_count_events_and_replies(harness: Harness) -> None:
    harness.mention("Comment parler de nos promotions?")
    harness.final_reply("C1", harness.api.messages[0]["ts"])
    text = harness.http.get(f"{harness.url}/metrics").text
    assert 'kilovolt_slack_events_total{kind="event:app_mention"}' in text
    assert 'kilovolt_slack_replies_total{kind="answer"}' in text
    assert "kilovolt_slack_dedupe_hits_total" in text
    assert "kilovolt_slack_first_content_seconds_bucket" in text
