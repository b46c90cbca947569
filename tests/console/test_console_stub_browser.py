"""The console in Chromium against a minimal real Bolt app: delivery, rendering, clicks, errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.console.conftest import screenshot, wait_for

pytestmark = pytest.mark.integration


def test_mention_stream_thread_and_feedback(
    console_factory: Any, page: Any, tmp_path: Path
) -> None:
    running = console_factory()
    assert running.wait_bot() == "ready"
    page.goto(running.url)
    expect(page.locator("#bot-state")).to_have_text("Kilovolt est en ligne")
    page.fill("#composer-input", "@Kilovolt comment parler de nos promos ?")
    page.press("#composer-input", "Enter")
    page.get_by_role("button", name="1 réponse").click()
    thread = page.locator("#thread")
    expect(thread.locator(".message.bot .block.markdown")).to_contain_text("Réponse en direct")
    expect(thread.locator(".message.bot em")).to_have_text("direct")
    expect(thread.locator(".message.bot .block.context")).to_contain_text("Sources : [1] Doc")
    thread.get_by_role("button", name="👍").click()
    expect(thread.locator(".message.ephemeral")).to_contain_text("Merci pour votre avis")
    expect(thread.locator(".message.ephemeral .ephemeral-note")).to_have_text(
        "Seulement visible par vous"
    )
    wait_for(lambda: any("FEEDBACK up" in line for line in running.console.bot.tail), 10, "click")
    thread.locator("#thread-input").fill("@Kilovolt et en anglais ?")
    thread.locator("#thread-input").press("Enter")
    expect(thread.locator(".message.bot .block.markdown")).to_have_count(2)
    screenshot(page, tmp_path / "stub-mention.png")
    assert page.js_errors == []


def test_slash_command_dm_home_and_xss(console_factory: Any, page: Any, tmp_path: Path) -> None:
    running = console_factory()
    assert running.wait_bot() == "ready"
    page.goto(running.url)
    page.fill("#composer-input", "/idees vidéo")
    page.press("#composer-input", "Enter")
    expect(page.locator(".message.ephemeral strong")).to_have_text("Idées")
    page.fill("#composer-input", "/inconnue")
    page.press("#composer-input", "Enter")
    expect(page.locator(".message.ephemeral").last).to_contain_text("n'est pas une commande valide")

    page.click('.nav-item[data-view="D0KILOVOLT1"]')
    attack = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
    page.fill("#composer-input", attack)
    page.press("#composer-input", "Enter")
    page.get_by_role("button", name="1 réponse").click()
    expect(page.locator("#thread .message.bot")).to_contain_text("Reçu : <img src=x")
    assert page.evaluate("window.__xss") is None
    assert page.locator("#messages img").count() == 0

    long_text = "a" * 50_000
    page.fill("#composer-input", long_text)
    page.press("#composer-input", "Enter")
    wait_for(lambda: any(len(m.text) == 50_000 for m in running.messages("D0KILOVOLT1")), 10, "50k")
    reply = page.request.post(
        f"{running.url}/ui/send", data={"channel": "D0KILOVOLT1", "text": "a" * 50_001}
    )
    assert reply.status == 400 and "trop long" in reply.json()["error"]

    page.click('.nav-item[data-view="home"]')
    expect(page.locator("#home-body .block.header")).to_have_text("Accueil du bot")
    screenshot(page, tmp_path / "stub-home.png")
    assert page.js_errors == []


def test_bot_crash_shows_banner(
    console_factory: Any, page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUB_BOT_CRASH", "1")
    running = console_factory()
    assert running.wait_bot() == "crashed"
    page.goto(running.url)
    expect(page.locator("#banner")).to_be_visible()
    expect(page.locator("#banner-log")).to_contain_text("configured to crash")
    page.fill("#composer-input", "@Kilovolt allô ?")
    page.press("#composer-input", "Enter")
    expect(page.locator(".toast").first).to_contain_text("Kilovolt n'est pas démarré")
    screenshot(page, tmp_path / "stub-crash.png")


def test_unknown_method_reaches_the_page(console_factory: Any, page: Any) -> None:
    running = console_factory()
    assert running.wait_bot() == "ready"
    page.goto(running.url)
    expect(page.locator("#bot-state")).to_have_text("Kilovolt est en ligne")
    reply = page.request.post(f"{running.url}/api/bogus.method", data={"x": "1"})
    assert reply.json() == {"ok": False, "error": "unknown_method"}
    expect(page.locator(".toast")).to_contain_text("Méthode Slack inconnue : bogus.method")
