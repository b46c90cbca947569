"""The console renders Slack's feedback buttons, checks them like Slack, sends the one clicked."""

from __future__ import annotations

from bot.console import api_checks
from bot.console.render import block_html
from bot.console.server import _find_element
from bot.slack.blocks import feedback_block


def test_feedback_buttons_are_rendered_as_two_clickable_buttons() -> None:
    html = block_html(feedback_block("r1", "fr"))
    assert "non affiché" not in html
    assert html.count("<button") == 2
    assert 'data-action-id="feedback"' in html and 'data-value="down:r1"' in html
    assert "👍 Utile" in html and "👎 Pas utile" in html


def test_a_click_carries_the_chosen_button_value() -> None:
    blocks = [feedback_block("r1", "en")]
    element, block_id = _find_element(blocks, "feedback", "feedback:r1", "down:r1") or ({}, "")
    assert block_id == "feedback:r1"
    assert (element["type"], element["value"]) == ("feedback_buttons", "down:r1")
    assert element["text"]["text"] == "👎 Not helpful"


def test_context_actions_are_checked_like_slack() -> None:
    assert api_checks.block_errors([feedback_block("r1", "fr")]) == []
    bad = feedback_block("r1", "fr")
    del bad["elements"][0]["negative_button"]["value"]
    assert api_checks.block_errors([bad])
    button = {"type": "button", "action_id": "x", "text": {"type": "plain_text", "text": "x"}}
    assert api_checks.block_errors([{"type": "context_actions", "elements": [button]}])
    assert api_checks.block_errors([{"type": "context_actions", "elements": []}])
