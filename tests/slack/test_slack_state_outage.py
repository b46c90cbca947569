"""State database outage: the user gets one line in their language, the event is logged and
counted (kilovolt_state_errors), never answered with silence or a traceback."""

from __future__ import annotations

import logging
import shutil

import pytest
from prometheus_client import REGISTRY

from tests.slack.conftest import Harness
from tests.support.slack_api import wait_for


def take_database_down(harness: Harness) -> None:
    """The SQLite volume disappears: every new connection fails (OperationalError)."""
    store = harness.bot.services.store
    store.engine.dispose()
    shutil.rmtree(harness.bot.services.settings.data_dir)


def _state_errors(step: str) -> float:
    return REGISTRY.get_sample_value("kilovolt_state_errors_total", {"step": step}) or 0.0


def test_mention_with_the_database_down_gets_one_french_line(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    before = _state_errors("claim")
    take_database_down(harness)
    mention = harness.mention("Comment parler de nos promotions?")
    [notice] = wait_for(lambda: harness.replies_in("C1", mention["ts"]))
    assert notice["text"].startswith("Je n’arrive pas à joindre ma base de données")
    assert "\n" not in notice["text"] and "Traceback" not in notice["text"]
    assert "sqlite" not in notice["text"].lower()
    assert _state_errors("claim") == before + 1
    assert "state database unavailable during claim (OperationalError)" in caplog.text
    assert harness.advisor.calls == []


def test_english_dm_with_the_database_down_gets_english(harness: Harness) -> None:
    take_database_down(harness)
    message = harness.message("How do we talk about our sales without losing followers?", "D1")
    [notice] = wait_for(lambda: harness.replies_in("D1", message["ts"]))
    assert notice["text"].startswith("I can’t reach my database right now")


def test_follow_up_with_the_database_down_reads_the_thread_from_slack(harness: Harness) -> None:
    root = harness.mention("Comment parler de nos promotions?", user="U1")
    harness.final_reply("C1", root["ts"])
    before = _state_errors("thread lookup")
    ignored = REGISTRY.get_sample_value(
        "kilovolt_slack_ignored_messages_total", {"reason": "not the asker"}
    )
    take_database_down(harness)
    harness.message("Bonne question!", user="U2", thread_ts=root["ts"])  # a colleague: ignored
    follow = harness.message("Et sur LinkedIn?", user="U1", thread_ts=root["ts"])
    wait_for(lambda: len(harness.replies_in("C1", root["ts"])) == 2, what="the notice")
    notice = harness.replies_in("C1", root["ts"])[-1]
    assert notice["text"].startswith("Je n’arrive pas à joindre ma base de données")
    wait_for(
        lambda: (
            REGISTRY.get_sample_value(
                "kilovolt_slack_ignored_messages_total", {"reason": "not the asker"}
            )
            != ignored
        ),
        what="the colleague's message ignored",
    )
    assert _state_errors("thread lookup") == before + 1
    assert follow["ts"] != root["ts"] and len(harness.advisor.calls) == 1
