"""Draft signals: pure, deterministic measurements of a post."""

from __future__ import annotations

from bot.advisor.platforms import resolve_platform
from bot.advisor.signals import compute_signals
from bot.config import PROJECT_ROOT

INSTAGRAM = resolve_platform(PROJECT_ROOT / "prompts", "ig")
LINKEDIN = resolve_platform(PROJECT_ROOT / "prompts", "linkedin")
PROMO = (
    "GROS RABAIS!!! 50% sur TOUT ce week-end seulement 🔥🔥🔥 Derniers jours, achetez! "
    "#rabais #solde #promo #boutiquedequartier #shoplocal #deal www.boutique.ca"
)
VALUE = (
    "Petit truc de boulanger pour l'hiver 🥖 Votre pain sèche trop vite? Rangez-le dans un sac "
    "de coton, côté coupé vers le bas, et jamais au frigo. Et vous, vous le gardez où?"
)


def test_promotional_draft_signals() -> None:
    s = compute_signals(PROMO, INSTAGRAM)
    assert {"rabais", "achetez", "#promo", "#deal"} <= set(s.promo_terms)
    assert "derniers jours" in s.urgency_terms
    assert s.price_patterns == 1 and s.discount and s.promo_hits >= 6
    assert s.caps_ratio > 0.2 and s.multi_exclamations == 1
    assert s.hashtag_stuffing and s.hashtags_not_camel_case == ["boutiquedequartier"]
    assert s.links == 1 and s.link_not_clickable  # links aren't clickable in Instagram captions
    assert s.emojis == 3 and not s.question and not s.has_value


def test_value_first_draft_signals() -> None:
    s = compute_signals(VALUE, INSTAGRAM)
    assert s.promo_hits == 0 and s.question and s.has_value and "truc" in s.value_terms
    assert s.length_status == "ok" and not s.english_only and s.language == "fr"


def test_length_against_platform_norms() -> None:
    assert compute_signals("Bonjour à tous", LINKEDIN).length_status == "short"
    assert compute_signals("mot " * 900, LINKEDIN).length_status == "over_limit"


def test_contest_privacy_and_accessibility_wording() -> None:
    s = compute_signals(
        "[photo] Concours! Pour gagner, écrivez votre courriel et votre date de naissance.",
        INSTAGRAM,
    )
    assert s.contest and not s.contest_rules
    assert s.data_collection == ["courriel", "naissance"]  # a detail asked for after "votre"
    assert s.mentions_image and not s.image_description
    described = compute_signals("[photo : deux fleuristes devant des tulipes] Bonjour", INSTAGRAM)
    assert described.mentions_image and described.image_description


def test_english_only_and_camel_case_hashtags() -> None:
    s = compute_signals("Winter tip: dry your boots away from the heater. #WinterTips", INSTAGRAM)
    assert s.english_only and s.hashtags_not_camel_case == []


def test_price_in_passing_does_not_hide_the_value_of_a_tip() -> None:
    tip = (
        "Les lunettes à 30 $ qu'on voit partout protègent-elles vraiment vos yeux devant l'écran? "
        "La fatigue vient surtout du fait qu'on cligne moins des yeux quand on fixe un écran. "
        "Toutes les vingt minutes, regardez au loin pendant vingt secondes pour les reposer."
    )
    s = compute_signals(tip, INSTAGRAM)
    assert s.price_patterns == 1 and not s.value_terms
    assert s.informative_sentences >= 2 and s.has_value


def test_shouted_sales_sentences_are_not_informative() -> None:
    s = compute_signals(PROMO, INSTAGRAM)
    assert s.informative_sentences == 0


def test_call_to_action_vocabulary_covers_phone_and_dm() -> None:
    for text in (
        "Appelez-nous au 819 555-0147 aujourd'hui",
        "Écrivez-nous en message privé",
        "Contact us today",
    ):
        assert compute_signals(text, INSTAGRAM).call_to_action, text


def test_structure_shares_and_wordless_drafts_are_signals() -> None:
    norms = resolve_platform(PROJECT_ROOT / "prompts", "facebook")
    flyer = compute_signals("Code HIVER25 sur tout, jusqu'à dimanche! Commandez en ligne.", norms)
    assert flyer.selling_share > 0.5 and flyer.strong_selling >= 1
    assert "code" in flyer.selling_cues and flyer.selling_clauses
    emoji = compute_signals("🎉 🎉 🎉", norms)
    assert emoji.wordless and emoji.symbols == 3 and emoji.selling_share == 0
    assert not compute_signals("Bonne fin de semaine!", norms).wordless


def test_an_image_with_only_emoji_around_it_is_a_wordless_caption() -> None:
    from bot.advisor.critique import run_checks

    norms = resolve_platform(PROJECT_ROOT / "prompts", "instagram")
    bare = compute_signals("[photo] 🥐🥐☕", norms)
    assert bare.wordless and bare.symbols == 3
    assert {c.name for c in run_checks(bare, norms)} == {
        "wordless", "wordless_screen_reader", "image_without_description"
    }  # fmt: skip
    described = compute_signals("[photo : trois croissants sur un comptoir de bois] ☕", norms)
    assert described.wordless and "image_without_description" not in {
        c.name for c in run_checks(described, norms)
    }
    assert not compute_signals("[photo]", norms).wordless  # nothing but the image: no symbols
    assert not compute_signals("Croissants chauds! [photo] 🥐", norms).wordless
