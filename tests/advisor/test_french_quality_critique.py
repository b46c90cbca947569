"""A French draft with Quebec-French problems, critiqued by the advisor offline and with a model
(the strict loopback OpenAI stand-in): register, typography and bilingual findings cite the
language guidance, the brand profile's register and spacing change them, and the model keeps the
facts (typography, the brand's register) while it may overrule a keyword signal with a reason."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.advisor import Advisor
from bot.advisor.models import Critique
from bot.profiles import BrandProfile
from tests.advisor.helpers import FixedCoverage, MemoryRetriever, llm_settings, offline_settings
from tests.support.openai_server import OpenAIServer

GUIDE = "pratique/francais-et-public-quebecois.md"
DRAFT = (
    "Notre atelier de céramique revient samedi de 9h30 à 12h! Viens façonner ta propre tasse "
    "avec notre potière, tout le matériel est fourni. Réservez votre place en ligne, c'est $45 "
    "par personne. Quelle couleur choisiriez-vous ?"
)
CLEAN = (
    "Notre atelier de céramique revient samedi de 9 h 30 à 12 h. Vous façonnerez votre propre "
    "tasse avec notre potière, tout le matériel est fourni. Réservez votre place en ligne : "
    "45 $ par personne. Quelle couleur choisiriez-vous?"
)
FORMAL_FRANCE = BrandProfile(business_type="atelier", register="vous", spacing="france")


@pytest.fixture
def advisor(tmp_path: Path) -> Advisor:
    return Advisor(
        offline_settings(tmp_path), retriever=MemoryRetriever(), coverage=FixedCoverage()
    )


def _langue(critique: Critique) -> str:
    [finding] = [f for f in critique.findings if f.principle == "langue"]
    assert finding.source == GUIDE
    return finding.message


def test_the_offline_critique_shows_register_and_typography(advisor: Advisor) -> None:
    critique = advisor.critique(DRAFT)
    message = _langue(critique)
    assert "passe du tutoiement (« Viens », « ta »)" in message
    assert "au vouvoiement (« Réservez », « votre », « vous »)" in message
    assert "« 9h30 » → « 9 h 30 »" in message and "« $45 » → « 45 $ »" in message
    assert "« vous ? » → « vous? »" in message  # the Quebec (OQLF) default
    assert any(s.source == GUIDE for s in critique.sources)
    assert "Gardez un seul registre" in critique.rewrite
    assert "convention québécoise (OQLF)" in critique.rewrite
    assert not [f for f in advisor.critique(CLEAN).findings if f.principle == "langue"]


def test_the_profile_register_and_spacing_change_the_critique(advisor: Advisor) -> None:
    message = _langue(advisor.critique(DRAFT, profile=FORMAL_FRANCE))
    assert "alors que votre profil d'entreprise prévoit le vouvoiement" in message
    assert "« vous ? » → « vous? »" not in message  # France usage: that space is right
    assert "« 12h! » → « 12h ! »" not in message and "« 12h » → « 12 h »" in message
    clean = advisor.critique(CLEAN, profile=FORMAL_FRANCE)
    assert "« vous? » → « vous ? »" in _langue(clean)  # France usage wants the space
    informal = advisor.critique(CLEAN, profile=BrandProfile(register="tu"))
    assert "mais ce texte vouvoie le lecteur" in _langue(informal)
    assert next(f for f in informal.findings if f.principle == "langue").severity == "medium"


def test_english_critique_wording(advisor: Advisor) -> None:
    message = _langue(advisor.critique(DRAFT, language="en"))
    assert "switches between informal “tu”" in message
    assert "A few typographic details a Quebec reader notices" in message


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as running:
        yield running


def test_with_a_model_the_facts_stay_and_a_signal_may_be_overruled(
    server: OpenAIServer, tmp_path: Path
) -> None:
    advisor = Advisor(
        llm_settings(tmp_path, server.base_url),
        retriever=MemoryRetriever(),
        coverage=FixedCoverage(),
    )
    reply = {
        "summary": "Une bonne base.",
        "strengths": ["Une question à la fin."],
        "findings": [],
        "overruled": [
            {"signal": "register_mixed", "reason": "Le « vous » s'adresse au groupe."},
        ],
        "rewrite": "Nouvelle version.",
    }
    server.push({"json": reply})
    critique = advisor.critique(DRAFT, profile=BrandProfile(spacing="france"))
    assert critique.mode == "llm"
    message = _langue(critique)
    assert "« $45 » → « 45 $ »" in message  # typography is a fact: the model cannot drop it
    assert "tutoiement" not in message  # the mix was a signal, overruled with a reason
    assert [o.signal for o in critique.overruled] == ["register_mixed"]
    request = server.requests[0]
    prompt = request["messages"][-1]["content"]
    assert "- typography (langue, low): " in prompt and "- register_mixed (langue, low)" in prompt
    schema = json.dumps(request["response_format"]["json_schema"]["schema"])
    assert "register_mixed" in schema and "typography" not in schema


def test_the_model_is_told_the_brand_register_and_spacing() -> None:
    from bot.advisor.profile_context import profile_block
    from bot.profiles.model import BrandProfile

    block = profile_block(BrandProfile(register="tu", spacing="france"))
    assert "« tu »" in block and "France usage" in block
    assert "Typography" not in profile_block(BrandProfile(register="vous"))
