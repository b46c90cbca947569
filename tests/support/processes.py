"""Run a helper server as a child process with its output in a log file, and always stop it."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.slack_api import wait_for


def stop_process(process: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM, then SIGKILL when the process has not exited after `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def logged_process(
    args: Sequence[str],
    log_path: Path,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    stop_timeout: float = 10.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """Start `args` with stdout and stderr in `log_path`; stop it when the block ends."""
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            list(args), env=env, cwd=cwd, stdout=log_file, stderr=subprocess.STDOUT
        )
        try:
            yield process
        finally:
            stop_process(process, stop_timeout)


def log_tail(log_path: Path, chars: int = 2000) -> str:
    """The end of a process log, for a failure message."""
    return log_path.read_text(errors="replace")[-chars:]


@contextmanager
def healthy_server(
    args: Sequence[str],
    log_path: Path,
    url: str,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60.0,
    stop_timeout: float = 10.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """`logged_process`, yielded once `url`/healthz answers 200; fails with the log if it dies."""
    with logged_process(args, log_path, env=env, cwd=cwd, stop_timeout=stop_timeout) as process:

        def healthy() -> bool:
            if process.poll() is not None:
                raise RuntimeError(f"server exited ({process.returncode}):\n{log_tail(log_path)}")
            try:
                return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(healthy, timeout=timeout, interval=0.1, what=f"{url}/healthz")
        yield process
