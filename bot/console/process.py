"""The real bot as a child process (`kilovolt serve --http`), watched until ready or dead."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import os
import secrets
import socket
import sys
import time
from collections.abc import Callable

import httpx

log = logging.getLogger("kilovolt.console.process")

LOG_TAIL_LINES = 40


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_command(port: int) -> list[str]:
    """The production bot in HTTP mode on loopback only, run with this interpreter."""
    return [
        *(sys.executable, "-m", "bot.cli", "serve", "--http"),
        *("--host", "127.0.0.1", "--port", str(port)),
    ]


class BotProcess:
    """Starts the bot with the console's Slack settings; reports its state through `on_state`."""

    def __init__(
        self,
        api_url: str,
        signing_secret: str,
        token: str,
        on_state: Callable[[str, str], None],
        command: Callable[[int], list[str]] = serve_command,
        ready_timeout_s: float = 120.0,
    ) -> None:
        self.api_url = api_url
        self.signing_secret = signing_secret
        self.token = token
        self.on_state = on_state
        self.command = command
        self.ready_timeout_s = ready_timeout_s
        self.port = 0
        self.proc: asyncio.subprocess.Process | None = None
        self.tail: collections.deque[str] = collections.deque(maxlen=LOG_TAIL_LINES)
        self.stopping = False
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    def env(self) -> dict[str, str]:
        """Inherited environment with the console as Slack; Socket Mode and OAuth switched off
        (the console is one workspace with one bot token)."""
        env = dict(os.environ)
        for name in ("SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
            env.pop(name, None)
        env.update(
            SLACK_API_URL=self.api_url,
            SLACK_BOT_TOKEN=self.token,
            SLACK_SIGNING_SECRET=self.signing_secret,
            OMP_WAIT_POLICY=env.get("OMP_WAIT_POLICY", "passive"),
            PYTHONUNBUFFERED="1",
        )
        return env

    async def start(self) -> bool:
        """Launch the child and wait for its /healthz; True when ready."""
        self.stopping = False
        self.port = free_port()
        self.tail.clear()
        self.on_state("starting", "")
        self.proc = await asyncio.create_subprocess_exec(
            *self.command(self.port),
            env=self.env(),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        self._tasks = [asyncio.create_task(self._read_output(self.proc))]
        ready = await self._wait_ready(self.proc)
        if ready:
            self.on_state("ready", "")
            self._tasks.append(asyncio.create_task(self._watch(self.proc)))
        return ready

    async def _wait_ready(self, proc: asyncio.subprocess.Process) -> bool:
        deadline = time.monotonic() + self.ready_timeout_s
        async with httpx.AsyncClient(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if proc.returncode is not None:
                    await self._drain()
                    self.on_state("crashed", f"exit code {proc.returncode}")
                    return False
                with contextlib.suppress(httpx.HTTPError):
                    reply = await client.get(f"http://127.0.0.1:{self.port}/healthz")
                    if reply.status_code == 200:
                        return True
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(proc.wait(), timeout=0.2)
        await self.stop()
        self.on_state("crashed", f"not ready after {self.ready_timeout_s:.0f} s")
        return False

    async def _watch(self, proc: asyncio.subprocess.Process) -> None:
        code = await proc.wait()
        if not self.stopping:
            await self._drain()
            self.on_state("crashed", f"exit code {code}")

    async def _read_output(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        async for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip()
            self.tail.append(line)
            log.debug("[bot] %s", line)

    async def _drain(self) -> None:
        """Let the output reader take the child's last lines."""
        if self._tasks:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._tasks[0]), timeout=2.0)

    async def stop(self) -> None:
        """Terminate the child (SIGTERM, then SIGKILL after 5 s)."""
        self.stopping = True
        proc = self.proc
        if proc is not None and proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), timeout=5.0)
            except TimeoutError:
                proc.kill()
                await proc.wait()
        for task in self._tasks:
            task.cancel()
        self._tasks = []


def new_credentials() -> tuple[str, str]:
    """A console bot token and a random signing secret."""
    return f"xoxb-console-{secrets.token_hex(12)}", secrets.token_hex(32)
