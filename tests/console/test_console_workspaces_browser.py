"""The workspace switcher in Chromium: each client's feed, history and bot replies stay its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from bot.console.teams import ARDOISE, DEMO_TEAMS, PIVOINES
from tests.console.conftest import screenshot, wait_for

pytestmark = pytest.mark.integration


def _send(page: Any, text: str) -> None:
    page.fill("#composer-input", text)
    page.press("#composer-input", "Enter")


def test_switching_workspace_shows_that_clients_conversations(
    console_factory: Any, page: Any, tmp_path: Path
) -> None:
    running = console_factory(teams=DEMO_TEAMS)
    assert running.wait_bot() == "ready"
    page.goto(running.url)
    expect(page.locator("#workspace-name")).to_have_text("Fleuriste Les Pivoines")
    expect(page.locator("#workspace-tagline")).to_contain_text("Sherbrooke")
    expect(page.locator("#workspace-select option")).to_have_text(
        ["Fleuriste Les Pivoines", "Logiciels Ardoise"]
    )
    page.click("#nav-dm")
    _send(page, "Brouillon des pivoines")
    expect(page.locator("#messages .message")).to_contain_text(["Brouillon des pivoines"])

    page.select_option("#workspace-select", label="Logiciels Ardoise")
    expect(page.locator("#workspace-name")).to_have_text("Logiciels Ardoise")
    expect(page.locator("#nav-dm")).to_have_attribute("data-view", ARDOISE.dm_id)
    expect(page.locator("#nav-dm")).to_have_class("nav-item active")
    expect(page.locator("#messages .message")).to_have_count(0)
    assert page.url.endswith(f"?workspace={ARDOISE.id}")
    _send(page, "Brouillon d'Ardoise")
    # Watched at once: the bot's log tail keeps its last 40 lines only (slow under load too).
    line = f"TEAMS message {ARDOISE.id} {ARDOISE.id} {ARDOISE.id}"
    wait_for(lambda: line in running.console.bot.tail, 60, line)
    page.get_by_role("button", name="1 réponse").click()
    expect(page.locator("#thread .message.bot")).to_contain_text("Reçu : Brouillon d'Ardoise")
    _send(page, "/idees vidéo")
    expect(page.locator(".message.ephemeral strong")).to_have_text("Idées")
    wait_for(lambda: f"TEAMS command {ARDOISE.id}" in running.console.bot.tail, 10, "command")
    screenshot(page, tmp_path / "workspace-ardoise.png")

    page.reload()  # the address keeps the workspace
    expect(page.locator("#workspace-name")).to_have_text("Logiciels Ardoise")
    page.select_option("#workspace-select", PIVOINES.id)
    expect(page.locator("#workspace-name")).to_have_text("Fleuriste Les Pivoines")
    page.click("#nav-dm")
    expect(page.locator("#messages .message").first).to_contain_text("Brouillon des pivoines")
    expect(page.locator("#messages")).not_to_contain_text("Ardoise")
    assert page.js_errors == []


def test_single_workspace_has_no_switcher(console_factory: Any, page: Any) -> None:
    running = console_factory()
    assert running.wait_bot() == "ready"
    page.goto(running.url)
    expect(page.locator("#bot-state")).to_have_text("Kilovolt est en ligne")
    expect(page.locator("#workspace-name")).to_have_text("Console Kilovolt")
    expect(page.locator("#workspace-switch")).to_be_hidden()
    page.goto(f"{running.url}/?workspace=T0NOBODY")  # an unknown one: the console's own
    expect(page.locator("#workspace-name")).to_have_text("Console Kilovolt")
    expect(page.locator("#bot-state")).to_have_text("Kilovolt est en ligne")
