"""The same draft critiqued under two brand profiles: platform, tone, language and words to
avoid differ, offline and with a model (the strict loopback OpenAI stand-in)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.advisor.models import Critique
from bot.profiles import BrandProfile, parse_profile
from tests.advisor.helpers import FixedCoverage, MemoryRetriever, llm_settings, offline_settings
from tests.support.openai_server import OpenAIServer

# A playful French draft: emojis, laughter, exclamation marks.
PLAYFUL = (
    "Haha! Grosse nouvelle chez nous 🎉🎉 On a enfin refait la salle d'attente, avec du café "
    "et des plantes partout!! 😂 Venez voir ça et dites-nous ce que vous en pensez : "
    "qui passe cette semaine?"
)
# A stiff English notice.
STIFF = (
    "Please be advised that our office will be closed on Monday, December 8, for staff "
    "training. Kindly contact us by email for any inquiries regarding your file. Sincerely, "
    "the management."
)
NOTARY = parse_profile(
    {
        "business_type": "étude de notaires",
        "platforms": "linkedin,facebook",
        "tone": "sérieux",
        "languages": "fr",
        "avoid": "salle d'attente",
    }
)
BREWERY = parse_profile(
    {"business_type": "microbrasserie", "platforms": "instagram", "tone": "5", "languages": "en"}
)


@pytest.fixture
def advisor(tmp_path: Path) -> Advisor:
    return Advisor(
        offline_settings(tmp_path), retriever=MemoryRetriever(), coverage=FixedCoverage()
    )


def _by_principle(critique: Critique) -> dict[str, str]:
    return {f.principle: f.message for f in critique.findings}


def test_without_a_profile_the_critique_is_unchanged(advisor: Advisor) -> None:
    assert advisor.critique(PLAYFUL, profile=None) == advisor.critique(PLAYFUL)
    assert advisor.critique(PLAYFUL).platform == "generic"


def test_same_playful_draft_two_profiles_offline(advisor: Advisor) -> None:
    notary, brewery = (
        advisor.critique(PLAYFUL, profile=NOTARY),
        advisor.critique(PLAYFUL, profile=BREWERY),
    )
    # Platform: the profile's main one when the draft names none.
    assert notary.platform == "linkedin" and brewery.platform == "instagram"
    # Tone: very playful for a serious notary (noted gently), fine for a playful brewery.
    notary_tone = _by_principle(notary)["ton"]
    assert "très ludique" in notary_tone and "sérieux" in notary_tone
    assert "très ludique" not in _by_principle(brewery).get("ton", "")
    # Words to avoid: a fact, only for the brand that lists them.
    assert "« salle d'attente »" in notary_tone
    # Language: a French-only post for an English-speaking audience.
    assert "langue" not in _by_principle(notary)
    assert "public lit surtout l'anglais" in _by_principle(brewery)["langue"]
    assert "Retirez ou remplacez" in notary.rewrite  # offline edit directions follow


def test_same_stiff_english_draft_two_profiles_offline(advisor: Advisor) -> None:
    notary, brewery = (
        advisor.critique(STIFF, profile=NOTARY),
        advisor.critique(STIFF, profile=BREWERY),
    )
    # English-only for a French-first audience is a `langue` finding; not for an English one.
    assert "French comes first" in _by_principle(notary)["langue"]
    assert "langue" not in _by_principle(brewery)
    # Stiff: fine for the notary, gently noted for the playful brewery.
    assert "stiff" in _by_principle(brewery)["ton"]
    assert "ton" not in _by_principle(notary)


def test_a_bilingual_audience_gets_a_suggestion_for_a_french_only_post(advisor: Advisor) -> None:
    both = BrandProfile(business_type="boutique", languages="both")
    critique = advisor.critique(
        "Voici trois façons de garder vos plantes en santé cet hiver.", profile=both
    )
    langue = next(f for f in critique.findings if f.principle == "langue")
    assert langue.severity == "low" and langue.message.startswith("Suggestion")


def test_a_named_platform_wins_over_the_profile(advisor: Advisor) -> None:
    framed = f"Peux-tu critiquer mon brouillon pour TikTok?\n{PLAYFUL}"
    assert advisor.critique(framed, profile=NOTARY).platform == "tiktok"
    assert advisor.critique(PLAYFUL, platform="facebook", profile=NOTARY).platform == "facebook"


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as running:
        yield running


def _model_reply(summary: str) -> dict:
    return {
        "json": {
            "summary": summary,
            "strengths": ["Une question à la fin."],
            "findings": [],
            "overruled": [],
            "rewrite": "Nouvelle version.",
        }
    }


def test_same_draft_two_profiles_with_a_model(server: OpenAIServer, tmp_path: Path) -> None:
    advisor = Advisor(
        llm_settings(tmp_path, server.base_url),
        retriever=MemoryRetriever(),
        coverage=FixedCoverage(),
    )
    server.push(_model_reply("Pour un notaire."), _model_reply("For a brewery."))
    notary = advisor.critique(PLAYFUL, profile=NOTARY)
    brewery = advisor.critique(PLAYFUL, profile=BREWERY)
    assert notary.mode == brewery.mode == "llm"
    assert (notary.platform, brewery.platform) == ("linkedin", "instagram")
    # The model left the keyword signals unjudged: their findings stay; the avoided words are a
    # fact it cannot drop.
    assert "très ludique" in _by_principle(notary)["ton"]
    assert "« salle d'attente »" in _by_principle(notary)["ton"]
    assert "langue" in _by_principle(brewery) and "ton" not in _by_principle(brewery)
    first, second = (r["messages"][-1]["content"] for r in server.requests)
    assert "<profile>\nBusiness: étude de notaires" in first
    assert "Tone: 1/5 (serious" in first and "Words or topics it never uses: salle" in first
    assert "Platform: LinkedIn" in first and "Platform: Instagram" in second
    assert "Languages of its audience: English" in second
    assert "tone_too_playful (ton" in first and "french_only_for_english (langue" in second
    # Keyword signals may be overruled by id; the avoided words (a fact) may not.
    schema = json.dumps(server.requests[0]["response_format"]["json_schema"]["schema"])
    assert "tone_too_playful" in schema and "brand_avoided_words" not in schema
    assert "<profile>" in server.requests[0]["messages"][0]["content"]  # the rule on profiles


def test_without_a_profile_the_prompt_says_none(server: OpenAIServer, tmp_path: Path) -> None:
    advisor = Advisor(
        llm_settings(tmp_path, server.base_url),
        retriever=MemoryRetriever(),
        coverage=FixedCoverage(),
    )
    server.push(_model_reply("Verdict."))
    advisor.critique(PLAYFUL)
    assert "<profile>\n(none)\n</profile>" in server.requests[0]["messages"][-1]["content"]
