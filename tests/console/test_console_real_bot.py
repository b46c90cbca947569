"""`kilovolt console` run as a user runs it, with the real bot, in Chromium: the issue's scenarios.

Set KILOVOLT_UPDATE_SCREENSHOT=1 to refresh docs/console.png from the mention scenario.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from bot.console.process import free_port
from bot.console.teams import ARDOISE, PIVOINES
from tests.console.conftest import require_chromium, screenshot, wait_for

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE_SUBSET = [
    "principes.yaml",
    "idees/banque.yaml",
    "doctrine/pas-d-inondation-promotionnelle.md",
    "doctrine/donner-avant-de-recevoir.md",
    "doctrine/contenu-pertinent.md",
]
PROMO_DRAFT = (
    "🔥 SPÉCIAL DE LA SEMAINE 🔥 Achetez maintenant! Rabais de 40 % sur tout le magasin, "
    "aujourd'hui seulement! Profitez-en vite, quantités limitées! Magasinez sur notre site!"
)


class CliConsole:
    """`python -m bot.cli console --port P` in a clean directory with its own data and knowledge."""

    def __init__(self, work: Path) -> None:
        knowledge = work / "knowledge"
        for relative in KNOWLEDGE_SUBSET:
            target = knowledge / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / "knowledge" / relative, target)
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SLACK_", "OPENAI_", "KILOVOLT_"))
        }
        self.env.update(
            KILOVOLT_DATA_DIR=str(work / "data"),
            KILOVOLT_KNOWLEDGE_DIR=str(knowledge),
            KILOVOLT_LLM="offline",
            OMP_WAIT_POLICY="passive",
            PYTHONPATH=str(ROOT),
        )
        self.work = work
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.lines: list[str] = []
        command = [sys.executable, "-m", "bot.cli", "console", "--port", str(self.port)]
        self.proc = subprocess.Popen(
            command,
            cwd=work,  # away from the repository's .env
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip())

    def wait_ready(self, timeout: float) -> None:
        def ready() -> bool:
            if self.proc.poll() is not None or any("stopped" in x for x in self.lines):
                raise AssertionError("console failed:\n" + "\n".join(self.lines[-40:]))
            return any(line.startswith("Ready") for line in self.lines)

        wait_for(ready, timeout, "`kilovolt console` to print Ready")

    def calls(self) -> list[str]:
        return list(httpx.get(f"{self.url}/ui/calls").json()["calls"])

    def feedback(self) -> list[dict[str, Any]]:
        out = subprocess.run(
            [sys.executable, "-m", "bot.cli", "feedback", "--json"],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return list(json.loads(out.stdout))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def real_console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliConsole]:
    require_chromium()
    running = CliConsole(tmp_path_factory.mktemp("console-real"))
    try:
        running.wait_ready(timeout=420)  # first run embeds the knowledge subset
        yield running
    finally:
        running.stop()


def _send(page: Any, text: str) -> None:
    page.fill("#composer-input", text)
    page.press("#composer-input", "Enter")


def test_mention_streams_answer_with_sources_and_feedback_is_recorded(
    real_console: CliConsole, page: Any, tmp_path: Path
) -> None:
    page.goto(real_console.url)
    expect(page.locator("#bot-state")).to_have_text("Kilovolt est en ligne")
    _send(page, "@Kilovolt Comment parler de nos promotions sans faire fuir nos abonnés ?")
    page.get_by_role("button", name="1 réponse").click()
    answer = page.locator("#thread .message.bot").first
    expect(answer.locator(".block.context").last).to_contain_text("Sources", timeout=60_000)
    expect(answer).to_contain_text("pas-d-inondation-promotionnelle.md")
    assert {"chat.startStream", "chat.stopStream"} <= set(real_console.calls())
    answer.get_by_role("button", name="👍 Utile").click()
    expect(page.locator("#thread .message.ephemeral")).to_contain_text("Merci pour votre avis")
    rows = wait_for(real_console.feedback, 30, "the click in `kilovolt feedback --json`")
    assert rows[0]["value"] == "up" and "promotions" in rows[0]["question"]
    shot = screenshot(page, tmp_path / "mention-feedback.png")
    if os.environ.get("KILOVOLT_UPDATE_SCREENSHOT"):
        shutil.copy(shot, ROOT / "docs" / "console.png")

    page.fill("#thread-input", "Et sur LinkedIn, plus précisément ?")
    page.press("#thread-input", "Enter")
    expect(
        page.locator("#thread .message.bot .block.context").filter(has_text="Sources")
    ).to_have_count(2, timeout=60_000)
    screenshot(page, tmp_path / "follow-up.png")
    assert page.js_errors == []


def test_slash_command_and_help(real_console: CliConsole, page: Any, tmp_path: Path) -> None:
    page.goto(real_console.url)
    expect(page.locator("#bot-state")).to_have_text("Kilovolt est en ligne")
    _send(page, "/idees")
    ideas = page.locator("#messages .message.ephemeral").last
    expect(ideas).to_contain_text("Seulement visible par vous", timeout=60_000)
    expect(ideas.locator("button")).not_to_have_count(0)
    _send(page, "/idees aide")
    expect(page.locator("#messages .message.ephemeral")).to_have_count(2, timeout=30_000)
    expect(page.locator("#messages .message.ephemeral").last).to_contain_text("abonner")
    screenshot(page, tmp_path / "slash-ideas-help.png")
    page.get_by_role("button", name="Partager dans le canal").click()
    shared = page.locator("#messages .message.bot:not(.ephemeral)")
    expect(shared.last).to_contain_text("idées", timeout=30_000)
    _send(page, "/idees abonner #général lundi 9h")
    confirmation = page.locator("#messages .message.ephemeral").last
    expect(confirmation).to_contain_text("lundi", timeout=30_000)
    page.click('.nav-item[data-view="home"]')
    expect(page.locator("#home-body")).to_contain_text("#général", timeout=30_000)
    screenshot(page, tmp_path / "home.png")
    assert page.js_errors == []


def test_promotional_draft_in_dm_gets_the_promotion_finding(
    real_console: CliConsole, page: Any, tmp_path: Path
) -> None:
    page.goto(real_console.url)
    page.click('.nav-item[data-view="D0KILOVOLT1"]')
    _send(page, PROMO_DRAFT)
    critique = page.locator(".message.bot").filter(has_text="promotion")
    if not critique.count():
        replies = page.get_by_role("button", name="1 réponse")
        replies.or_(critique.first).first.wait_for(timeout=60_000)
        if replies.count():
            replies.click()
    expect(critique.first).to_contain_text(
        "Ne pas inonder les réseaux de promotion", timeout=60_000
    )
    screenshot(page, tmp_path / "dm-critique.png")

    page.click("#new-chat")  # agent view: a new assistant thread with suggested prompts
    expect(page.locator("#thread .message.bot").last).to_contain_text("Bonjour", timeout=30_000)
    page.get_by_role("button", name="Parler de nos promotions").click()
    expect(
        page.locator("#thread .message.bot .block.context").filter(has_text="Sources")
    ).to_have_count(1, timeout=60_000)
    screenshot(page, tmp_path / "dm-agent-thread.png")
    assert page.js_errors == []


def _snapshot(console: CliConsole, team: str) -> dict[str, Any]:
    """The page's first live-feed event for workspace `team`: everything it shows."""
    url = f"{console.url}/ui/events?workspace={team}"
    with httpx.stream("GET", url, timeout=10) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                return dict(json.loads(line[5:]))
    raise AssertionError("no snapshot")


def test_the_same_draft_is_critiqued_for_each_clients_profile(real_console: CliConsole) -> None:
    """The two demo clients (a florist on Instagram, a B2B firm on LinkedIn writing in French
    and English) paste the same draft in their DM: the norms and findings follow their profile."""
    draft = (
        "Nos bouquets du printemps sont arrivés! Passez en boutique cette semaine, on vous "
        "attend. #fleurs #printemps #sherbrooke #bouquet #fleuriste #local"
    )
    for team in (PIVOINES, ARDOISE):
        reply = httpx.post(
            f"{real_console.url}/ui/send",
            json={"channel": team.dm_id, "text": draft, "workspace": team.id},
            timeout=10,
        )
        assert reply.status_code == 200, reply.text

    def critique(team: Any) -> str:
        messages = _snapshot(real_console, team.id)["messages"]
        bot = [m["html"] for m in messages if m["is_bot"] and "mots-clics" in m["html"]]
        return bot[-1] if bot else ""

    florist = wait_for(lambda: critique(PIVOINES), 90, "the florist's critique")
    firm = wait_for(lambda: critique(ARDOISE), 90, "the B2B firm's critique")
    assert "Instagram" in florist and "LinkedIn" not in florist
    assert "LinkedIn" in firm and "anglais" in firm  # its audience reads French and English
    assert "anglais" not in florist
