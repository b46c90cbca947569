"""A French draft sent in a DM to the real bot (Bolt over HTTP, the real offline advisor): the
reply shows the tu/vous and typography findings, and the workspace's brand profile (register,
spacing) changes them."""

from __future__ import annotations

import json

import pytest

from bot.profiles import BrandProfile, ProfileRepository
from tests.slack.conftest import Harness
from tests.slack.test_slack_real_advisor import corpus, real_harness  # noqa: F401  (fixtures)
from tests.support.slack_api import wait_for

pytestmark = pytest.mark.integration
DRAFT = (
    "Nos paniers de légumes sont de retour jeudi dès 16h! Viens choisir tes légumes au "
    "comptoir. Réservez votre panier en ligne : $30 par semaine. Quel légume vous manque le plus ?"
)


def _reply_to(harness: Harness, text: str, count: int) -> str:
    harness.message(text, channel="D1")
    posted = wait_for(
        lambda: (
            (calls := harness.api.calls_to("chat.postMessage")) and len(calls) >= count and calls
        ),
        timeout=60,
        what="the critique",
    )[count - 1]
    return json.dumps(posted.params, ensure_ascii=False)


def test_a_dm_draft_gets_the_quebec_french_findings_and_the_profile_changes_them(
    real_harness: tuple[Harness, None],  # noqa: F811
) -> None:
    harness, _ = real_harness
    reply = _reply_to(harness, DRAFT, 1)
    assert "passe du tutoiement (« Viens », « tes »)" in reply
    assert "« 16h » → « 16 h »" in reply and "« $30 » → « 30 $ »" in reply
    assert "« plus ? » → « plus? »" in reply  # Quebec (OQLF) spacing by default
    profiles = ProfileRepository(harness.bot.services.store.engine)
    profiles.set("T1", None, BrandProfile(business_type="ferme", register="vous", spacing="france"))
    reply = _reply_to(harness, DRAFT, 2)
    assert "votre profil d'entreprise prévoit le vouvoiement" in reply
    assert "« plus ? » → « plus? »" not in reply and "« 16h » → « 16 h »" in reply
