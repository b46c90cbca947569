"""Run state_worker.py processes as stand-in bot replicas that act at the same moment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

WORKER = Path(__file__).with_name("state_worker.py")
ROOT = Path(__file__).resolve().parents[2]


class Replica:
    """One worker process: `ready()` awaits start-up, `go()` releases it, `result()` reads it."""

    def __init__(self, url: str, action: str, *args: object) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_WAIT_POLICY": "passive"}
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), url, action, *map(str, args)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            stderr = self.process.stderr.read() if self.process.stderr else ""
            raise AssertionError(f"worker exited early: {stderr[-2000:]}")
        return line.strip()

    def ready(self) -> None:
        """Block until the worker has opened the database and waits for `go`."""
        assert self._line() == "ready"

    def go(self) -> None:
        """Let the worker act."""
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def result(self) -> dict[str, Any]:
        """The JSON line the worker printed after acting."""
        return json.loads(self._line())

    def kill(self) -> None:
        """SIGKILL: the replica dies without any clean-up."""
        self.process.kill()
        self.process.wait(timeout=30)

    def close(self) -> None:
        """Wait for a normal exit (or kill when it hangs)."""
        try:
            if self.process.stdin:
                self.process.stdin.close()
            self.process.wait(timeout=60)
        finally:
            if self.process.poll() is None:
                self.kill()


def run_together(replicas: list[Replica]) -> list[dict[str, Any]]:
    """Start every replica's action at once (all are ready first) and collect their results."""
    try:
        for replica in replicas:
            replica.ready()
        for replica in replicas:
            replica.go()
        return [replica.result() for replica in replicas]
    finally:
        for replica in replicas:
            replica.close()
