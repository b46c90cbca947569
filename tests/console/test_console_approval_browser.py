"""The approval loop in `kilovolt console` (real bot, offline) in Chromium: critique → send for
approval → the colleague's DM with buttons → changes asked with a comment → new version →
approved. Set KILOVOLT_UPDATE_SCREENSHOT=1 to refresh docs/approval.png from it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.console.conftest import require_chromium, screenshot
from tests.console.test_console_real_bot import PROMO_DRAFT, ROOT, CliConsole

pytestmark = pytest.mark.integration
NEW_VERSION = (
    "Trois gestes simples pour préparer votre vélo au printemps : gonfler les pneus, huiler la "
    "chaîne, vérifier les freins. Et vous, quel est votre premier trajet de la saison?"
)
LONG = 60_000  # the first critique waits for the bot's first retrieval


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliConsole]:
    require_chromium()
    running = CliConsole(tmp_path_factory.mktemp("console-approval"))
    try:
        running.wait_ready(timeout=420)
        yield running
    finally:
        running.stop()


def _send(page: Any, selector: str, text: str) -> None:
    page.fill(selector, text)
    page.press(selector, "Enter")


def _submit_modal(page: Any) -> None:
    page.locator("#modal .modal-submit").click()


def test_the_whole_approval_loop(console: CliConsole, page: Any, tmp_path: Path) -> None:
    page.goto(console.url)
    expect(page.locator("#bot-state")).to_have_text("Kilovolt est en ligne")
    page.click("#nav-dm")
    _send(page, "#composer-input", PROMO_DRAFT)
    page.locator("#messages .replies-link").first.click(timeout=LONG)
    thread = page.locator("#thread")
    send = thread.get_by_role("button", name="Envoyer pour approbation")
    send.click(timeout=LONG)

    modal = page.locator("#modal .modal")
    expect(modal).to_contain_text("Qui doit approuver?")
    page.select_option("#modal select", label="Kilovolt")  # an app, not a person
    _submit_modal(page)
    expect(page.locator("#modal .modal-error").first).to_contain_text("application")
    page.select_option("#modal select", label="Camille (cliente)")
    page.fill("#modal textarea", "Pour la campagne du printemps.")
    _submit_modal(page)
    expect(page.locator("#modal")).to_be_hidden()
    expect(thread).to_contain_text("Envoyé à @Camille (cliente) pour approbation (version 1)")

    page.click("#nav-colleague")  # what Camille sees in her DM with Kilovolt
    request = page.locator("#messages .message.bot").filter(has_text="version 1")
    expect(request).to_contain_text("Résumé de la critique")
    request.get_by_role("button", name="Demander des changements").click()
    expect(modal).to_contain_text("Qu'est-ce qui doit changer?")
    _submit_modal(page)  # empty: Slack itself refuses
    expect(page.locator("#modal .modal-error")).to_contain_text("obligatoire")
    page.fill("#modal textarea", "Trop promotionnel : mettez les conseils d'entretien en avant.")
    _submit_modal(page)
    expect(page.locator("#modal")).to_be_hidden()
    expect(request).to_contain_text("En attente d'une nouvelle version")

    page.click("#nav-dm")
    page.locator("#messages .replies-link").first.click()
    expect(thread).to_contain_text("Changements demandés par @Camille (cliente)")
    _send(page, "#thread-input", NEW_VERSION)
    expect(thread).to_contain_text("Version 2 envoyée à @Camille (cliente)", timeout=LONG)

    page.click("#nav-colleague")
    second = page.locator("#messages .message.bot").last  # version 2, with fresh buttons
    expect(second).to_contain_text("version 2")
    second.get_by_role("button", name="Approuver").click()
    expect(second).to_contain_text("Approuvé par @Camille (cliente)")
    expect(page.locator("#messages .message.bot").filter(has_text="version 1")).to_contain_text(
        "Une version plus récente"
    )

    page.click("#nav-dm")
    page.locator("#messages .replies-link").first.click()
    expect(thread).to_contain_text("Approuvé par @Camille (cliente)")
    expect(thread.locator(".message.bot").filter(has_text="Approuvé")).to_contain_text(
        "(version 2)"
    )
    page.click("#nav-colleague")  # Camille's DM beside the author's thread
    expect(page.locator("#thread")).to_be_visible()
    shot = screenshot(page, tmp_path / "approval.png")
    if os.environ.get("KILOVOLT_UPDATE_SCREENSHOT"):
        shutil.copy(shot, ROOT / "docs" / "approval.png")
    assert {"conversations.open", "views.open", "chat.update"} <= set(console.calls())
    assert page.js_errors == []
