"""Start a real Chroma server (`chroma run`) on loopback for tests, and stop it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.console.process import free_port
from tests.support.processes import logged_process

__all__ = ["chroma_executable", "free_port", "running_chroma_server"]


def chroma_executable() -> str:
    """The `chroma` CLI of this environment."""
    local = Path(sys.executable).parent / "chroma"
    found = str(local) if local.exists() else shutil.which("chroma")
    if not found:
        raise RuntimeError("the `chroma` executable is not installed in this environment")
    return found


def wait_for_heartbeat(url: str, process: subprocess.Popen[bytes], deadline_s: float) -> None:
    """Poll `/api/v2/heartbeat` until it answers, the process dies, or the deadline passes."""
    deadline = time.monotonic() + deadline_s
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chroma server exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError as exc:
            last_error = exc
        time.sleep(0.05)  # polling interval between readiness checks, not a readiness wait
    raise RuntimeError(f"chroma server at {url} not ready after {deadline_s} s: {last_error}")


@contextmanager
def running_chroma_server(path: Path, deadline_s: float = 60.0) -> Iterator[str]:
    """Run `chroma run --path PATH --host 127.0.0.1 --port <free>`; yield its base URL."""
    port = free_port()
    args = [chroma_executable(), "run", "--path", str(path), "--host", "127.0.0.1", "--port"]
    with logged_process([*args, str(port)], path.parent / f"chroma-{port}.log") as process:
        url = f"http://127.0.0.1:{port}"
        wait_for_heartbeat(url, process, deadline_s)
        yield url
