"""Markdown → mrkdwn, defanging, user markup cleanup, splitting."""

from __future__ import annotations

import pytest

from bot.slack.formatting import clean_user_text, defang, markdown_to_mrkdwn, split_text


@pytest.mark.parametrize(
    ("markdown", "mrkdwn"),
    [
        ("**gras** et *italique*", "*gras* et _italique_"),
        ("__gras__", "*gras*"),
        ("## Titre", "*Titre*"),
        ("- un\n- deux", "• un\n• deux"),
        ("[le guide](https://kilovolt.ca/guide)", "<https://kilovolt.ca/guide|le guide>"),
        ("~~barré~~", "~barré~"),
        ("a < b & c", "a &lt; b &amp; c"),
        ("`**code**` reste", "`**code**` reste"),
    ],
)
def test_markdown_to_mrkdwn(markdown: str, mrkdwn: str) -> None:
    assert markdown_to_mrkdwn(markdown) == mrkdwn


@pytest.mark.parametrize(
    "token", ["<!channel>", "<!here>", "<!everyone>", "@channel", "@here", "<!here|here>"]
)
def test_mass_mentions_are_defanged(token: str) -> None:
    out = defang(f"Attention {token} svp")
    assert token not in out
    assert "\u200b" in out


def test_user_group_mentions_are_defanged() -> None:
    assert "<!subteam" not in defang("Salut <!subteam^S123|@marketing>")


def test_clean_user_text_removes_slack_markup() -> None:
    text = (
        "<@UBOT> salut <@U2|marie>, voir <#C1|general> et <https://x.ca|ce lien> "
        "&amp; <mailto:a@b.ca|a@b.ca>"
    )
    assert (
        clean_user_text(text, "UBOT")
        == "salut @marie, voir #general et ce lien (https://x.ca) & a@b.ca"
    )


def test_split_text_respects_limit_and_keeps_everything() -> None:
    text = "\n\n".join(f"Paragraphe {i} " + "mot " * 200 for i in range(10))
    pieces = split_text(text, 3000)
    assert all(len(p) <= 3000 for p in pieces)
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())
