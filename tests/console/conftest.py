"""Fixtures for the console tests: an in-process console with a bot child, and a real Chromium."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import uvicorn

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

from bot.console.runner import bind_port
from bot.console.server import Console
from bot.console.teams import PLAIN_TEAM, Team
from tests.support.slack_api import wait_for

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
STUB_BOT = Path(__file__).with_name("stub_bot.py")


def stub_command(port: int) -> list[str]:
    """The minimal Bolt app of tests/console/stub_bot.py."""
    return [sys.executable, str(STUB_BOT), str(port)]


class RunningConsole:
    """A console served by uvicorn in a background thread, with its bot child process."""

    def __init__(
        self,
        command: Callable[[int], list[str]],
        ready_timeout_s: float = 60.0,
        teams: Sequence[Team] = (PLAIN_TEAM,),
    ) -> None:
        self.sock = bind_port(0)
        self.port = int(self.sock.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.console = Console(self.port, "/idees", command, ready_timeout_s, teams)
        config = uvicorn.Config(self.console.app(), log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        asyncio.run(self.server.serve(sockets=[self.sock]))

    @property
    def state(self) -> str:
        return str(self.console.ws.bot_status.get("state"))

    def wait_bot(self, timeout: float = 90.0) -> str:
        """Wait until the bot is ready or has crashed; the final state."""
        wait_for(lambda: self.state in ("ready", "crashed"), timeout, "the bot to start")
        return self.state

    def messages(self, channel: str) -> list[Any]:
        return [m for m in list(self.console.ws.messages[channel]) if not m.deleted]

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


@pytest.fixture
def console_factory() -> Iterator[Callable[..., RunningConsole]]:
    started: list[RunningConsole] = []

    def start(command: Callable[[int], list[str]] = stub_command, **kw: Any) -> RunningConsole:
        running = RunningConsole(command, **kw)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


def require_chromium() -> None:
    """Skip without Debian's chromium, except in CI where its absence is a failure."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: run scripts/install-chromium.sh first")
    pytest.skip(f"{CHROMIUM} not installed (run: bash scripts/install-chromium.sh)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-CA")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.js_errors = errors
    yield tab
    context.close()


def screenshot(page: Any, path: Path) -> Path:
    """Save a screenshot (a CI artifact) and print where it is."""
    page.screenshot(path=str(path), full_page=False)
    print(f"screenshot: {path}")
    return path
