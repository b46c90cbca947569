"""Language detection on short Slack text, Quebec colloquial French and English."""

from __future__ import annotations

import pytest

from bot.advisor import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How do I post on Instagram?", "en"),
        ("give me ideas", "en"),
        ("Big SALE this weekend only! 50% off everything", "en"),
        ("comment je fais pour publier", "fr"),
        ("salut pis ben chu pas sûr", "fr"),
        ("on sait pas quoi poster", "fr"),
        ("tsé le rabais", "fr"),
        ("combien de hashtags sur linkedin", "fr"),
        ("ok", "fr"),
        ("🔥🔥", "fr"),
        ("", "fr"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_english_contractions_count_as_english() -> None:
    assert detect_language("what's kilovolt's philosophy on social media") == "en"
    assert detect_language("c'est quoi la philosophie de kilovolt") == "fr"
