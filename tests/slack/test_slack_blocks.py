"""Block Kit builders stay within Slack's limits and read well."""

from __future__ import annotations

import json
from pathlib import Path

from bot.advisor.models import Answer, Critique, Finding, Source
from bot.config import PROJECT_ROOT
from bot.slack.blocks import answer_blocks, critique_blocks, fit, section
from bot.slack.views import help_blocks, home_view

KNOWLEDGE = PROJECT_ROOT / "knowledge"


def _check(blocks: list[dict]) -> None:
    assert len(blocks) <= 50
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000


def test_long_answer_is_split_into_sections_and_keeps_buttons() -> None:
    text = "\n\n".join("Conseil " + "détaillé " * 300 for _ in range(80))  # ~200k chars
    sources = [Source(n=i, source=f"doc{i}.md", title=f"Titre {i}") for i in range(1, 6)]
    blocks = answer_blocks(
        Answer(answer=text, sources=sources, mode="llm", language="fr"), "abc123"
    )
    _check(blocks)
    assert blocks[-1]["type"] == "context_actions"
    assert blocks[-1]["elements"][0]["positive_button"]["value"] == "up:abc123"
    assert "[5] Titre 5" in json.dumps(blocks, ensure_ascii=False)


def test_critique_groups_findings_by_severity_with_labels() -> None:
    findings = [
        Finding(principle="promotion", severity="medium", message="m1", source="a.md"),
        Finding(principle="ton", severity="high", message="h1", source="b.md"),
        Finding(principle="inconnu", severity="high", message="h2", source="c.md"),
    ]
    critique = Critique(
        summary="Verdict.", findings=findings, rewrite="Mieux.", mode="llm", language="en"
    )
    blocks = critique_blocks(critique, "r1", KNOWLEDGE)
    _check(blocks)
    text = json.dumps(blocks, ensure_ascii=False)
    assert text.index("Must fix") < text.index("Should improve")
    assert "Sometimes serious, sometimes funny" in text and "inconnu" in text
    assert "Suggested version" in text


def test_fit_caps_blocks_but_keeps_the_tail() -> None:
    blocks = [section(f"s{i}") for i in range(70)] + [{"type": "actions", "elements": []}]
    fitted = fit(blocks)
    assert len(fitted) == 50 and fitted[-1]["type"] == "actions"


def test_help_and_home(tmp_path: Path) -> None:
    _check(help_blocks("/idees"))
    assert "abonner" in help_blocks("/idees")[0]["text"]["text"]
    view = home_view("/idees", [])
    _check(view["blocks"])
    assert "Aucune" in json.dumps(view, ensure_ascii=False)


def test_sources_from_a_pdf_or_a_deck_show_their_pages() -> None:
    from bot.slack.blocks import sources_block

    sources = [
        Source(n=1, source="guide.pdf", title="Guide", page_kind="page", pages=[4, 5, 9]),
        Source(n=2, source="atelier.pptx", title="Atelier", page_kind="slide", pages=[3]),
        Source(n=3, source="ton.md", title="Le ton"),
    ]
    french = json.dumps(sources_block(sources, "fr"), ensure_ascii=False)
    assert "[1] Guide, p. 4-5, 9 · `guide.pdf`" in french
    assert "[2] Atelier, diapo 3 · `atelier.pptx`" in french
    assert "[3] Le ton · `ton.md`" in french
    english = json.dumps(sources_block(sources, "en"), ensure_ascii=False)
    assert "[1] Guide, pp. 4-5, 9" in english and "[2] Atelier, slide 3" in english
