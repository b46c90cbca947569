"""Share button: at most 50 blocks, and one public post per reply however many clicks."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest

from bot.advisor.models import Idea, IdeaSet
from tests.slack.conftest import Harness
from tests.support.slack_api import wait_for


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"slack_workers": 1}  # one worker: work runs in arrival order (a marker syncs the test)


def _save_ideas(harness: Harness, reply_id: str, count: int) -> None:
    ideas = [
        Idea(title=f"Idée {n}", format="Reel", platform="Instagram", principle="p", prompt="Go.")
        for n in range(count)
    ]
    idea_set = IdeaSet(week="2025-W03", ideas=ideas, language="fr")
    harness.bot.services.store.save_reply(
        reply_id, "ideas", payload=idea_set.model_dump(mode="json"), channel="C1"
    )


def _responses(harness: Harness) -> list[dict[str, Any]]:
    return [c.params for c in harness.api.calls_to("response_url")]


def _settle(harness: Harness) -> None:
    """Wait until the work queued so far is done (a feedback click answers after it)."""
    before = len(_responses(harness))
    harness.click("feedback_up", "r-marker")
    wait_for(
        lambda: any("Merci" in str(r.get("text")) for r in _responses(harness)[before:]),
        timeout=20,
    )


def test_shared_ideas_fit_in_fifty_blocks(harness: Harness) -> None:
    _save_ideas(harness, "r-many", 60)
    assert harness.click("share_ideas", "r-many", user="U7").status_code == 200
    shared = wait_for(lambda: [r for r in _responses(harness) if r.get("blocks")])[0]
    assert shared["response_type"] == "in_channel"
    assert len(shared["blocks"]) <= 50
    assert "<@U7>" in json.dumps(shared["blocks"])


def test_double_click_shares_once(harness: Harness) -> None:
    _save_ideas(harness, "r-twice", 5)
    assert harness.click("share_ideas", "r-twice").status_code == 200
    assert harness.click("share_ideas", "r-twice").status_code == 200
    _settle(harness)
    public = [r for r in _responses(harness) if r.get("response_type") == "in_channel"]
    assert len(public) == 1


def test_concurrent_clicks_share_once(harness: Harness) -> None:
    _save_ideas(harness, "r-race", 5)
    threads = [
        threading.Thread(target=harness.click, args=("share_ideas", "r-race")) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _settle(harness)
    public = [r for r in _responses(harness) if r.get("response_type") == "in_channel"]
    assert len(public) == 1
