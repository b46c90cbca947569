"""Offline critique: promotion called out with its guidance, value-first posts spared."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.errors import InputError
from tests.advisor.helpers import MemoryRetriever, offline_settings

PURE_PROMO = (
    "SOLDES!!! -50% sur TOUT 🔥🔥 Dernière chance, achetez maintenant! #solde #rabais #promo"
)
VALUE_FIRST = (
    "Pourquoi notre pain au levain prend 24 heures? Parce qu'une longue fermentation développe le "
    "goût. Ce matin, Julie a façonné 80 miches avant 6 h. Et vous, grillé ou nature? #Levain"
)


@pytest.fixture
def advisor(tmp_path: Path) -> Advisor:
    return Advisor(offline_settings(tmp_path), retriever=MemoryRetriever())


def test_pure_promotion_is_flagged_with_doctrine_source(advisor: Advisor) -> None:
    critique = advisor.critique(PURE_PROMO, platform="instagram")
    first = critique.findings[0]
    assert (first.principle, first.severity) == ("promotion", "high")
    assert first.source == "doctrine/pas-d-inondation-promotionnelle.md"
    assert critique.mode == "offline" and "hors ligne" in (critique.notice or "")
    assert critique.rewrite.startswith("Pistes de réécriture")
    assert critique.signals["promo_terms"]


def test_value_first_post_is_not_flagged(advisor: Advisor) -> None:
    critique = advisor.critique(VALUE_FIRST, platform="instagram")
    raised = {f.principle for f in critique.findings}
    assert not raised & {"promotion", "engagement", "contenu-pertinent"}
    assert critique.strengths


def test_english_draft_gets_language_finding_in_english(advisor: Advisor) -> None:
    critique = advisor.critique("HUGE SALE today only! 30% off all pastries, order now!!")
    assert critique.language == "en"
    assert {"promotion", "langue"} <= {f.principle for f in critique.findings}
    assert critique.summary.startswith("Mostly a promotional post")


@pytest.mark.parametrize("draft", ["", "   ", "🔥🔥🔥", "x" * 9000])
def test_bad_drafts_raise_clear_input_errors(advisor: Advisor, draft: str) -> None:
    with pytest.raises(InputError) as info:
        advisor.critique(draft)
    assert info.value.message_fr and "Traceback" not in info.value.message


def test_unknown_platform_is_an_input_error(advisor: Advisor) -> None:
    with pytest.raises(InputError, match="unknown platform"):
        advisor.critique(VALUE_FIRST, platform="myspace")


def test_a_call_to_action_counts_as_inviting_a_response(advisor: Advisor) -> None:
    with_cta = "Nouvelle fournée de croissants aux amandes ce matin. Passez nous voir avant midi."
    without = (
        "Nouvelle fournée de croissants aux amandes ce matin. Ils sont dorés et croustillants."
    )
    assert "engagement" not in {f.principle for f in advisor.critique(with_cta).findings}
    assert "engagement" in {f.principle for f in advisor.critique(without).findings}
