"""Model-led critique: facts the model cannot drop, keyword signals it confirms or overrules."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.advisor.critique import load_check_texts, offline_critique, run_checks
from bot.advisor.critique_llm import ModelCritique, ModelFinding, ModelOverrule, merge_critique
from bot.advisor.platforms import resolve_platform
from bot.advisor.principles import load_principles
from bot.advisor.signals import compute_signals
from bot.config import PROJECT_ROOT

PROMPTS, KNOWLEDGE = PROJECT_ROOT / "prompts", PROJECT_ROOT / "knowledge"
# A contest that asks for personal data in the comments, with a keyword-looking "pour" and a price.
CONTEST = (
    "CONCOURS!!! Pour GAGNER un PANIER de 50 $, ÉCRIVEZ votre numéro de téléphone en commentaire!! "
    "#concours #gagner #panier #local #quebec #boutique"
)


def _merge(draft: str, model: ModelCritique, platform: str = "facebook"):  # type: ignore[no-untyped-def]
    norms = resolve_platform(PROMPTS, platform)
    signals = compute_signals(draft, norms)
    texts, principles = load_check_texts(PROMPTS), load_principles(KNOWLEDGE)
    offline = offline_critique(signals, norms, texts, principles, "fr")
    checks = run_checks(signals, norms)
    return checks, merge_critique(offline, checks, model, texts, principles, "fr")


def _model(**values: object) -> ModelCritique:
    base: dict[str, object] = {
        "summary": "Verdict du modèle.",
        "strengths": ["Court."],
        "findings": [],
        "overruled": [],
        "rewrite": "Nouvelle version.",
    }
    return ModelCritique(**{**base, **values})


def test_facts_survive_a_model_that_ignores_them() -> None:
    checks, critique = _merge(CONTEST, _model())
    names = {c.name for c in checks}
    assert {"contest_without_rules", "data_collection", "hashtag_stuffing", "shouting"} <= names
    principles = {f.principle for f in critique.findings}
    assert {"concours-vie-privee", "format-plateforme"} <= principles
    privacy = next(f for f in critique.findings if f.principle == "concours-vie-privee")
    assert privacy.severity == "high" and "règlement" in privacy.message.lower()


def test_facts_cannot_be_overruled() -> None:
    overrule = ModelOverrule(signal="contest_without_rules", reason="Pas grave.")
    _, critique = _merge(CONTEST, _model(overruled=[overrule]))
    assert any(f.principle == "concours-vie-privee" for f in critique.findings)
    assert critique.overruled == []


def test_model_overrules_a_keyword_signal_with_a_visible_reason() -> None:
    draft = (
        "Voici 3 trucs pour garder vos fleurs coupées plus longtemps : eau tiède, tige en biais."
    )
    checks, before = _merge(draft, _model())
    signal = next(c for c in checks if c.principle == "engagement")
    reason = "L'invitation à commenter est implicite dans les trucs partagés."
    _, after = _merge(draft, _model(overruled=[ModelOverrule(signal=signal.name, reason=reason)]))
    assert any(f.principle == "engagement" for f in before.findings)
    assert all(f.principle != "engagement" for f in after.findings)
    assert [(o.signal, o.principle, o.reason) for o in after.overruled] == [
        (signal.name, "engagement", reason)
    ]


def test_model_finding_replaces_the_keyword_wording_and_may_lower_severity() -> None:
    draft = "Nouveau menu du midi à 14,99 $, venez le goûter dès lundi!"
    own = ModelFinding(principle="promotion", severity="low", message="L'offre passe, mais...")
    checks, critique = _merge(draft, _model(findings=[own]))
    assert any(c.principle == "promotion" for c in checks)
    promotion = [f for f in critique.findings if f.principle == "promotion"]
    assert len(promotion) == 1 and promotion[0].message == "L'offre passe, mais..."
    assert promotion[0].severity == "low" and critique.mode == "llm"


def test_unjudged_keyword_signals_keep_their_finding_and_unknown_ids_are_dropped() -> None:
    draft = "SOLDES -50% sur tout, dernière chance, achetez maintenant! Rabais partout."
    odd = ModelFinding(principle="inconnu", severity="high", message="ignoré")
    bogus = ModelOverrule(signal="no_such_signal", reason="?")
    _, critique = _merge(draft, _model(findings=[odd], overruled=[bogus]))
    assert any(f.principle == "promotion" and f.severity == "high" for f in critique.findings)
    assert all(f.principle != "inconnu" for f in critique.findings)
    assert critique.overruled == []


@pytest.mark.parametrize("field", ["summary", "strengths", "findings", "overruled", "rewrite"])
def test_the_schema_is_strict_every_field_required(field: str) -> None:
    schema = ModelCritique.model_json_schema()
    assert field in schema["required"]
    assert "default" not in str(schema)


def test_offline_critique_of_a_framed_draft_ignores_the_framing(tmp_path: Path) -> None:
    from bot.advisor import Advisor
    from tests.advisor.helpers import MemoryRetriever, offline_settings

    advisor = Advisor(offline_settings(tmp_path), retriever=MemoryRetriever())
    framed = "Peux-tu critiquer mon brouillon pour Instagram?\n\nVoici nos muffins du matin 🧁"
    critique = advisor.critique(framed)
    assert critique.platform == "instagram"
    assert critique.framing == "Peux-tu critiquer mon brouillon pour Instagram?"
    assert critique.signals["chars"] == len("Voici nos muffins du matin 🧁")
    assert advisor.critique(framed, platform="linkedin").platform == "linkedin"


def test_a_wordless_draft_keeps_its_facts_whatever_the_model_says() -> None:
    overrule = ModelOverrule(signal="wordless", reason="C'est festif.")
    checks, critique = _merge("🎊🎊🎊 🥳", _model(overruled=[overrule]))
    assert {c.name for c in checks} == {"wordless", "wordless_screen_reader"}
    assert {"contenu-pertinent", "accessibilite"} <= {f.principle for f in critique.findings}
    assert critique.overruled == []


def test_structural_promotion_is_evidence_the_model_can_overrule() -> None:
    draft = (
        "Nous sommes la meilleure clinique dentaire de Laval. Prenez rendez-vous au 450 555 0199."
    )
    overrule = ModelOverrule(signal="pure_promotion", reason="Annonce d'ouverture, pas une promo.")
    checks, critique = _merge(draft, _model(overruled=[overrule]))
    assert "pure_promotion" in {c.name for c in checks}
    assert "promotion" not in {f.principle for f in critique.findings}
    assert [o.signal for o in critique.overruled] == ["pure_promotion"]
