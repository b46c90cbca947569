"""Run the console: bind the port, serve the app with uvicorn, start the bot, report progress."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import socket
import time
from collections.abc import Callable, Sequence

import uvicorn

from bot.console.process import serve_command
from bot.console.server import Console
from bot.console.teams import PLAIN_TEAM, Team
from bot.errors import KilovoltError


class PortInUseError(KilovoltError):
    """The console's port is taken."""


def bind_port(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1:port, or a one-line error suggesting another port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortInUseError(
                f"port {port} is already in use; try another one: "
                f"kilovolt console --port {port + 1}"
            ) from exc
        raise PortInUseError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from exc
    sock.listen(128)
    return sock


async def serve(
    sock: socket.socket,
    report: Callable[[str, str, str], None],
    *,
    slash_command: str = "/idees",
    command: Callable[[int], list[str]] = serve_command,
    ready_timeout_s: float = 120.0,
    teams: Sequence[Team] = (PLAIN_TEAM,),
) -> None:
    """Serve until interrupted; `report(state, detail, log_tail)` hears every bot state change."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per delivery is noise
    port = int(sock.getsockname()[1])
    console = Console(port, slash_command, command, ready_timeout_s, teams)
    started = time.monotonic()

    def on_state(state: str, detail: str) -> None:
        if state == "ready":
            detail = f"{time.monotonic() - started:.1f} s"
        report(state, detail, "\n".join(console.bot.tail) if state == "crashed" else "")

    console.bot_listener = on_state
    config = uvicorn.Config(console.app(), log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    with contextlib.suppress(asyncio.CancelledError):
        await server.serve(sockets=[sock])
