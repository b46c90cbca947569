"""Offline critique: promotion called out with its guidance, value-first posts spared."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.advisor.critique import run_checks
from bot.advisor.guards import check_text
from bot.advisor.platforms import resolve_platform
from bot.advisor.signals import compute_signals
from bot.config import PROJECT_ROOT
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


@pytest.mark.parametrize("draft", ["", "   ", "\n\t", "x" * 9000])
def test_bad_drafts_raise_clear_input_errors(advisor: Advisor, draft: str) -> None:
    with pytest.raises(InputError) as info:
        advisor.critique(draft)
    assert info.value.message_fr and "Traceback" not in info.value.message


@pytest.mark.parametrize("draft", ["🔥🔥🔥", "🎈 ✨ 🎈", "*** !!! ***", "→ ★★★ ←"])
def test_emoji_or_symbol_only_drafts_get_a_critique(advisor: Advisor, draft: str) -> None:
    critique = advisor.critique(draft, platform="facebook", language="fr")
    by_principle = {f.principle: f for f in critique.findings}
    assert by_principle["contenu-pertinent"].severity == "high"
    assert "lecteurs d'écran" in by_principle["accessibilite"].message
    assert {s.source for s in critique.sources} >= {
        "doctrine/contenu-pertinent.md",
        "pratique/accessibilite.md",
    }
    assert "promotion" not in by_principle and not critique.strengths
    assert critique.signals["wordless"] and critique.rewrite.startswith("Pistes")


def test_emoji_only_draft_critiqued_in_english_for_an_english_user(advisor: Advisor) -> None:
    critique = advisor.critique("🎉🎉🎉🎉", language="en")
    assert critique.language == "en" and critique.summary.startswith("Needs work")
    assert any("Screen readers" in f.message for f in critique.findings)


@pytest.mark.parametrize(
    "draft",
    [
        # boastful self-praise, no discount vocabulary
        "Aucun déménageur ne travaille plus soigneusement que nous. Notre équipe est la plus "
        "rapide de l'Outaouais, et de loin.",
        # a free trial of a product sold to businesses
        "Try ShiftPlan free for 21 days: the scheduling tool built for clinics with ten staff "
        "or fewer.",
        # a bare promo code with a deadline
        "Code AUTOMNE30 en ligne, valide jusqu'au 2 novembre.",
    ],
)
def test_selling_structure_is_flagged_without_listed_words(advisor: Advisor, draft: str) -> None:
    critique = advisor.critique(draft, platform="facebook")
    assert "promotion" in {f.principle for f in critique.findings}, critique.signals
    assert critique.signals["selling_share"] >= 0.3 and critique.signals["strong_selling"]


def test_a_price_in_passing_does_not_make_advice_promotional(advisor: Advisor) -> None:
    draft = (
        "Un thermostat programmable coûte une centaine de dollars, soit environ 100 $, mais il "
        "faut le régler à 17 °C la nuit pour voir une différence sur la facture. Baissez aussi "
        "le chauffage des pièces inoccupées. Et vous, à combien gardez-vous la maison l'hiver?"
    )
    critique = advisor.critique(draft, platform="facebook")
    assert "promotion" not in {f.principle for f in critique.findings}
    assert critique.signals["selling_share"] < 0.1


BOOTS = (
    "Pour que vos bottes de cuir passent l'hiver, essuyez le sel dès que vous rentrez et "
    "laissez-les sécher loin du calorifère, parce que la chaleur directe fait craquer le cuir. "
    "Cirage et imperméabilisant à -25 % jusqu'à dimanche!"
)


def test_one_offer_line_after_real_advice_is_not_called_promotional(advisor: Advisor) -> None:
    """Value first, the offer in one closing sentence: what the guidance asks for. The promotion
    model reads it as advice and overrules the selling share (19 %)."""
    critique = advisor.critique(BOOTS, platform="facebook")
    assert "promotion" not in {f.principle for f in critique.findings}
    assert critique.signals["selling_share"] >= 0.165


def test_without_the_model_the_share_makes_that_offer_a_medium_finding() -> None:
    norms = resolve_platform(PROJECT_ROOT / "prompts", "facebook")
    checks = run_checks(compute_signals(BOOTS, norms), norms, None)
    promotion = next(c for c in checks if c.principle == "promotion")
    assert promotion.severity == "medium" and promotion.name == "heavy_promotion"


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


def test_only_the_critique_accepts_a_draft_without_words(tmp_path: Path) -> None:
    settings = offline_settings(tmp_path)
    assert check_text(" 🔥🔥 ", settings, "fr", what="draft", allow_wordless=True) == "🔥🔥"
    with pytest.raises(InputError, match="no words"):
        check_text("🔥🔥", settings, "fr")
    with pytest.raises(InputError, match="empty"):
        check_text("  ", settings, "fr", what="draft", allow_wordless=True)


@pytest.mark.parametrize(
    "draft",
    [
        # an announcement with pride and a call, no discount word
        "Nous sommes fiers de présenter notre nouvelle salle de montre à Lévis. Prenez "
        "rendez-vous pour la visiter.",
        # exclamations, a list of products, a call: no information
        "Les tartes aux fraises sont arrivées!! Fraises, rhubarbe, bleuets. Venez les chercher!!",
        # English, pointing to the product and to the profile link
        "Check out our brand new candle scents 🕯️ Cedar, fig and sea salt. Link in bio!",
    ],
)
def test_announcements_that_only_frame_a_call_are_promotional(advisor: Advisor, draft: str) -> None:
    raised = {f.principle for f in advisor.critique(draft, platform="instagram").findings}
    assert "promotion" in raised, draft


@pytest.mark.parametrize(
    "draft",
    [
        "Le nouveau coupe-vent Bora 3 couches est arrivé en magasin. 219 $.",
        "Double the stamps on your coffee card all week. Come by and enjoy!",
        "Il ne reste que quelques places pour notre atelier de savon du 8 mars. Inscrivez-vous-y!",
    ],
)
def test_announcements_rewards_and_limited_places_are_promotional(
    advisor: Advisor, draft: str
) -> None:
    raised = {f.principle for f in advisor.critique(draft, platform="facebook").findings}
    assert "promotion" in raised, draft


def test_a_tool_price_inside_a_how_to_is_not_promotional(advisor: Advisor) -> None:
    draft = (
        "Pour déglacer vos marches sans abîmer le béton, évitez le sel : un sac de sable à 6 $ "
        "donne autant d'adhérence. Balayez-le au printemps pour qu'il ne bouche pas les drains. "
        "Vous utilisez quoi, vous?"
    )
    critique = advisor.critique(draft, platform="facebook")
    assert "promotion" not in {f.principle for f in critique.findings}, critique.signals
