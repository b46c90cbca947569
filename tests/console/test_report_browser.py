"""The `kilovolt report` page opens in a real Chromium: both charts drawn, no script error."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

from bot.config import Settings
from bot.report import build_report, render_html
from bot.retrieval.embeddings import cached_embedder
from bot.state import StateStore
from tests.console.conftest import screenshot
from tests.report.seed import DOCUMENTS, NOW, TEAM, seed


def test_the_report_renders_in_chromium(tmp_path: Path, page: Any) -> None:
    store = StateStore(f"sqlite:///{tmp_path / 'state.sqlite3'}").for_team(TEAM)
    seed(store)
    embedder = cached_embedder(Settings(data_dir=tmp_path, embeddings="local", llm="offline"))

    def embed(texts: list[str]) -> np.ndarray:
        return np.stack([np.asarray(embedder.embed_query(t)) for t in texts])

    report = build_report(store, NOW - timedelta(days=28), NOW, DOCUMENTS, embed)
    html = tmp_path / "kilovolt-report.html"
    html.write_text(render_html(report), encoding="utf-8")
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(html.as_uri())
    assert page.locator("h1").inner_text().startswith("Ce que les équipes demandent")
    assert page.locator("svg").count() == 2
    assert page.locator("svg").first.bounding_box()["height"] > 100  # drawn, not collapsed
    assert page.get_by_text("déclaration de TPS").first.is_visible()
    assert not page.js_errors and not [m for m in messages if m.startswith("error")]
    assert requests == [html.as_uri()]  # nothing fetched from anywhere
    screenshot(page, tmp_path / "report.png")
