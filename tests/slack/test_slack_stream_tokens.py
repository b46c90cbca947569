"""Streaming: a Slack token split across chunks is held back whole, so the defang still sees it."""

from __future__ import annotations

import pytest

from bot.slack.formatting import MAX_OPEN_TOKEN, hold_open_token
from tests.slack.conftest import Harness

SPLITS = [
    ["Bonjour <!subteam^S123|@a ", "b> et la suite. ", "Fin."],
    ["Attention <!he", "re> svp. ", "Fin."],
    ["Alerte <!chan", "nel|channel> ici. ", "Fin."],
    ["Voir <", "!everyone> maintenant. ", "Fin."],
    ["Groupe <!here|tout le ", "monde> ici. ", "Fin."],
    ["x" * 120 + "<!he", "re> collé. ", "Fin."],  # no space: a forced cut inside the token
]


def _streamed(harness: Harness) -> str:
    methods = ("chat.startStream", "chat.appendStream", "chat.stopStream")
    parts = []
    for call in harness.api.calls_to(*methods):
        parts.append(str(call.params.get("markdown_text") or ""))
        parts += [str(c.get("text") or "") for c in call.params.get("chunks") or []]
    return "".join(parts)


@pytest.mark.parametrize("deltas", SPLITS)
def test_split_tokens_are_defanged(harness: Harness, deltas: list[str]) -> None:
    harness.advisor.deltas = deltas
    message = harness.mention("Une question?")
    harness.final_reply("C1", message["ts"])
    streamed = _streamed(harness)
    assert "Fin." in streamed
    for token in ("<!subteam", "<!here", "<!channel", "<!everyone"):
        assert token not in streamed
    visible = harness.replies_in("C1", message["ts"])[-1]["text"]
    assert "<!" not in visible


def test_an_unclosed_angle_bracket_does_not_stall_the_stream(harness: Harness) -> None:
    harness.advisor.deltas = ["Si a <", "b alors ", "c " * 200, "Fin."]
    message = harness.mention("Une question?")
    harness.final_reply("C1", message["ts"])
    assert "Fin." in _streamed(harness)


@pytest.mark.parametrize(
    ("text", "now", "held"),
    [
        ("a <!subteam^S1|@a ", "a ", "<!subteam^S1|@a "),
        ("a <@U123|marie ", "a ", "<@U123|marie "),
        ("a <", "a ", "<"),
        ("a <!here> b ", "a <!here> b ", ""),
        ("a < b ", "a < b ", ""),  # a comparison, not a token
    ],
)
def test_hold_open_token(text: str, now: str, held: str) -> None:
    assert hold_open_token(text) == (now, held)


def test_an_endless_open_token_is_broken_not_held() -> None:
    text = "a <!" + "x" * MAX_OPEN_TOKEN
    now, held = hold_open_token(text)
    assert held == "" and "<!" not in now and now.replace("\u200b", "") == text
