"""👍/👎 are Slack's standard feedback buttons; a click stores the vote with the reply id."""

from __future__ import annotations

import json

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


def _thumbs_down(
    harness: Harness, user: str, question: str = "Comment parler de nos promotions?"
) -> tuple[str, dict]:
    """A mention answered, then 👎 from `user`: the reply id and the block_actions container."""
    message = harness.mention(question)
    reply = harness.final_reply("C1", message["ts"])
    block = reply["blocks"][-1]
    [element] = block["elements"]
    reply_id = element["positive_button"]["value"].removeprefix("up:")
    action = {
        "type": "feedback_buttons",
        "action_id": FEEDBACK,
        "block_id": block["block_id"],
        "value": f"down:{reply_id}",
        "text": element["negative_button"]["text"],
    }
    harness.message_action(action, user=user)
    return reply_id, element


def test_after_a_thumbs_down_the_person_says_what_was_missing(harness: Harness) -> None:
    from bot.slack.feedback_reasons import FEEDBACK_REASONS, REASON_ACTION

    reply_id, _ = _thumbs_down(harness, "U7")
    [asked] = wait_for(lambda: harness.api.calls_to("response_url"), what="the question")
    assert asked.params["text"].startswith("Merci. Qu'est-ce qui manquait?")
    buttons = asked.params["blocks"][-1]["elements"]
    assert [b["value"] for b in buttons] == [f"{r}:{reply_id}" for r in FEEDBACK_REASONS]
    vague = next(b for b in buttons if b["value"].startswith("vague:"))
    assert vague["action_id"] == f"{REASON_ACTION}_vague"
    harness.message_action({**vague, "type": "button"}, user="U7")
    store = harness.bot.services.store
    [row] = wait_for(lambda: [r for r in store.list_feedback() if r["reason"]], what="reason")
    assert (row["value"], row["reason"], row["user"]) == ("down", "vague", "U7")
    noted = wait_for(lambda: harness.api.calls_to("response_url")[1:], what="thanks")[0]
    assert noted.params["text"] == "Merci, c'est noté : « Trop général »."
    assert noted.params.get("replace_original") is True
    # Someone who did not click 👎 cannot attach a reason to that reply
    harness.message_action({**vague, "type": "button"}, user="U8")
    assert [r["user"] for r in store.list_feedback()] == ["U7"]


def test_something_else_opens_a_modal_whose_words_are_stored(harness: Harness) -> None:
    from bot.slack.feedback_reasons import COMMENT_BLOCK, COMMENT_INPUT, COMMENT_VIEW

    reply_id, _ = _thumbs_down(harness, "U7")
    [asked] = wait_for(lambda: harness.api.calls_to("response_url"), what="the question")
    other = next(
        b for b in asked.params["blocks"][-1]["elements"] if b["value"].startswith("other")
    )
    harness.message_action({**other, "type": "button"}, user="U7")
    [opened] = wait_for(lambda: harness.api.calls_to("views.open"), what="the modal")
    view = opened.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == COMMENT_VIEW and view["private_metadata"] == reply_id
    typed = {
        COMMENT_BLOCK: {
            COMMENT_INPUT: {
                "type": "plain_text_input",
                "value": "  Il manquait   le prix des pubs. ",
            }
        }
    }
    response = harness.interactive(
        {
            "type": "view_submission",
            "user": {"id": "U7"},
            "view": {**view, "id": "V9", "state": {"values": typed}},
        }
    )
    assert response.status_code == 200
    store = harness.bot.services.store
    [row] = wait_for(lambda: [r for r in store.list_feedback() if r["reason"]], what="comment")
    assert (row["reason"], row["comment"]) == ("other", "Il manquait le prix des pubs.")


def test_the_choice_is_acknowledged_in_the_language_of_the_question(harness: Harness) -> None:
    _thumbs_down(harness, "U9", "How should we talk about our promotions?")
    [asked] = wait_for(lambda: harness.api.calls_to("response_url"), what="the question")
    wrong = next(
        b for b in asked.params["blocks"][-1]["elements"] if b["value"].startswith("inexact")
    )
    assert wrong["text"]["text"] == "It's wrong"
    harness.message_action({**wrong, "type": "button"}, user="U9")
    noted = wait_for(lambda: harness.api.calls_to("response_url")[1:], what="thanks")[0]
    assert noted.params["text"] == "Thanks, noted: “It's wrong”."
