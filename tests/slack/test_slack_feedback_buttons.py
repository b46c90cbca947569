"""👍/👎 are Slack's standard feedback buttons; a click stores the vote with the reply id."""

from __future__ import annotations

from bot.slack.blocks import FEEDBACK
from tests.slack.conftest import Harness
from tests.support.slack_api import wait_for


def test_answer_ends_with_feedback_buttons_and_a_click_is_stored(harness: Harness) -> None:
    message = harness.mention("Comment parler de nos promotions?")
    reply = harness.final_reply("C1", message["ts"])
    block = reply["blocks"][-1]
    assert block["type"] == "context_actions"
    [element] = block["elements"]
    assert element["type"] == "feedback_buttons" and element["action_id"] == FEEDBACK
    positive = element["positive_button"]["value"]
    negative = element["negative_button"]["value"]
    reply_id = positive.removeprefix("up:")
    assert negative == f"down:{reply_id}"
    action = {
        "type": "feedback_buttons",
        "action_id": FEEDBACK,
        "block_id": block["block_id"],
        "value": negative,
        "text": element["negative_button"]["text"],
    }
    container = {"type": "message", "channel_id": "C1", "message_ts": reply["ts"]}
    assert harness.action(action, user="U5", container=container).status_code == 200

    def stored() -> list:
        return harness.bot.services.store.list_feedback()

    [row] = wait_for(stored, what="the vote")
    assert (row["reply_id"], row["value"], row["user"]) == (reply_id, "down", "U5")
