"""Slack critiques use the platform the message names; a select re-runs them for another."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.advisor.models import Critique
from bot.config import PROJECT_ROOT
from bot.slack.platforms import requested_platform
from tests.slack.conftest import Harness
from tests.slack.doubles import FakeAdvisor
from tests.support.slack_api import wait_for

PROMPTS = PROJECT_ROOT / "prompts"
BODY = "Nous sommes fiers d’annoncer l’ouverture de notre atelier à Lévis. Venez nous voir!"


class PlatformAdvisor(FakeAdvisor):
    """The fake advisor, reporting the platform whose norms it applied (as the real one does)."""

    def critique(
        self,
        draft: str,
        platform: str | None = None,
        language: str | None = None,
        *,
        profile: Any = None,
        images: Any = (),
    ) -> Critique:
        result = super().critique(draft, platform, language, profile=profile)
        return result.model_copy(update={"platform": platform or "generic", "language": language})


@pytest.fixture
def advisor() -> FakeAdvisor:
    return PlatformAdvisor()


def select(harness: Harness, value: str, user: str = "U1", channel: str = "D1") -> httpx.Response:
    """A signed block_actions payload for a choice in the platform select."""
    choice = {"text": {"type": "plain_text", "text": "x"}, "value": value}
    action = {
        "type": "static_select",
        "action_id": "critique_platform",
        "block_id": f"platform:{value.partition(':')[0]}",
        "selected_option": choice,
    }
    return harness.message_action(action, user, channel)


def platform_select(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    [block] = [b for b in blocks if b.get("accessory", {}).get("action_id") == "critique_platform"]
    return block


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LinkedIn post : nous recrutons!", "linkedin"),
        ("Pour Instagram : venez nous voir samedi", "instagram"),
        ("Here is my draft for our Facebook page", "facebook"),
        ("Publication TikTok de la semaine\nOn teste la recette!", "tiktok"),
        ("Suivez-nous sur Instagram pour nos nouveautés!", None),  # the post's own call to action
        ("Bon samedi à tous!\nPour Instagram aussi", None),  # only the first line frames the text
    ],
)
def test_the_platform_named_by_the_message(text: str, expected: str | None) -> None:
    assert requested_platform(text, PROMPTS) == expected


def test_a_dm_draft_naming_a_platform_is_critiqued_for_it(harness: Harness) -> None:
    harness.message(f"BROUILLON LinkedIn post : {BODY}", channel="D1")
    wait_for(lambda: harness.advisor.calls)
    assert harness.advisor.calls[0][1]["platform"] == "linkedin"
    posted = wait_for(lambda: harness.api.calls_to("chat.postMessage"))[0]
    block = platform_select(posted.params["blocks"])
    assert "LinkedIn" in block["text"]["text"]
    assert block["accessory"]["initial_option"]["value"].endswith(":linkedin")


def test_the_critique_offers_every_platform_and_a_choice_re_runs_it(harness: Harness) -> None:
    first = harness.message(f"BROUILLON {BODY}", channel="D1")
    posted = wait_for(lambda: harness.api.calls_to("chat.postMessage"))[0]
    assert posted.params["thread_ts"] == first["ts"]
    block = platform_select(posted.params["blocks"])
    assert_valid_select(block)
    options = block["accessory"]["options"]
    names = [o["value"].partition(":")[2] for o in options]
    assert names == ["facebook", "instagram", "linkedin", "x", "tiktok", "generic"]
    assert options[-1]["text"]["text"] == "Tous les réseaux (général)"
    assert block["accessory"]["initial_option"] == options[-1]
    assert block["accessory"]["placeholder"]["text"] == "Choisir une plateforme"
    reply_id = options[0]["value"].partition(":")[0]
    assert harness.bot.services.store.get_reply(reply_id).kind == "critique"

    assert select(harness, f"{reply_id}:instagram").status_code == 200
    redone = wait_for(lambda: harness.api.calls_to("response_url"))[0]
    assert harness.advisor.calls[-1] == (
        "critique",
        {"draft": f"BROUILLON {BODY}", "platform": "instagram", "language": "fr"},
    )
    assert redone.params["replace_original"] is True
    again = platform_select(redone.params["blocks"])
    assert again["accessory"]["initial_option"]["value"].endswith(":instagram")
    new_id = again["accessory"]["options"][0]["value"].partition(":")[0]
    assert new_id != reply_id and harness.bot.services.store.get_reply(new_id) is not None
    feedback = redone.params["blocks"][-1]["elements"][0]
    assert feedback["action_id"] == "feedback"
    assert feedback["positive_button"]["value"] == f"up:{new_id}"


def test_a_choice_on_an_unknown_critique_is_answered_politely(harness: Harness) -> None:
    assert select(harness, "nope:instagram").status_code == 200
    gone = wait_for(lambda: harness.api.calls_to("response_url"))[0]
    assert "Je ne retrouve plus ce brouillon" in gone.params["text"]
    assert harness.advisor.calls == []


def test_the_select_speaks_english_to_english_drafts(harness: Harness) -> None:
    harness.message(
        "BROUILLON Here is our new post: we are proud to open our workshop!", channel="D1"
    )
    posted = wait_for(lambda: harness.api.calls_to("chat.postMessage"))[0]
    block = platform_select(posted.params["blocks"])
    assert block["accessory"]["placeholder"]["text"] == "Choose a platform"
    assert block["accessory"]["options"][-1]["text"]["text"] == "Any network (general)"


def assert_valid_select(block: dict[str, Any]) -> None:
    """Block Kit's rules for a static_select accessory (Slack rejects the message otherwise)."""
    select = block["accessory"]
    assert select["type"] == "static_select" and len(select["action_id"]) <= 255
    assert len(select["placeholder"]["text"]) <= 150 and 1 <= len(select["options"]) <= 100
    for option in select["options"]:
        assert option["text"]["type"] == "plain_text" and len(option["text"]["text"]) <= 75
        assert len(option["value"]) <= 150
    assert "initial_option" not in select or select["initial_option"] in select["options"]
    assert len(block["block_id"]) <= 255 and len(block["text"]["text"]) <= 3000


def test_a_huge_critique_keeps_the_select_and_buttons_within_50_blocks() -> None:
    from bot.slack.blocks import critique_blocks
    from bot.slack.platforms import platform_choices

    critique = PlatformAdvisor().critique("x", platform="tiktok", language="en")
    huge = critique.model_copy(update={"rewrite": "Un conseil utile. " * 12_000})
    blocks = critique_blocks(huge, "abc123", PROJECT_ROOT / "knowledge", platform_choices(PROMPTS))
    assert len(blocks) == 50
    block = platform_select(blocks)
    assert_valid_select(block)
    assert block["accessory"]["initial_option"]["value"] == "abc123:tiktok"
    assert "Norms applied: *TikTok*" in block["text"]["text"]
    assert blocks[-1]["elements"][0]["action_id"] == "feedback"
