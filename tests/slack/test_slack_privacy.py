"""Law 25 wiring: what a person asks in Slack is stored under their user id (export finds it)."""

from __future__ import annotations

from bot.state.privacy import export_user
from tests.slack.conftest import Harness


def test_a_mention_is_stored_under_the_asker_and_exported(harness: Harness) -> None:
    message = harness.mention("Comment engager notre communauté ?", user="U0ALICE01")
    harness.final_reply("C1", message["ts"])
    data = export_user(harness.bot.services.store.engine, "U0ALICE01")
    assert [r["question"] for r in data["replies"]] == ["Comment engager notre communauté ?"]
    assert [(t["channel"], t["thread_ts"]) for t in data["joined_threads"]] == [
        ("C1", message["ts"])
    ]
    assert not any(export_user(harness.bot.services.store.engine, "U0BOB0002").values())
