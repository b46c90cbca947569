"""A separate process playing one bot replica against a shared state database (driven by the tests).

Usage: python state_worker.py URL ACTION [ARGS...]; prints "ready", waits for "go" on stdin, acts,
then prints one JSON line with what it won. Actions:
  events PREFIX N               claim events PREFIX-0..N-1 (the dedupe key of each Slack event)
  weeks SUB N NOW               claim weekly posts of subscription SUB for weeks 0..N-1 at time NOW
  claim-and-hang SUB WEEK NOW   claim one weekly post, report, hang until killed (dies mid-post)
  migrate                       run the start-up migrations (reports the revision reached)
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timedelta

from bot.state import migrate
from bot.state.store import StateStore

STALE_AFTER = timedelta(minutes=10)


def main(argv: list[str]) -> None:
    """Run one action as described in the module docstring."""
    url, action, *args = argv
    store = None if action == "migrate" else StateStore(url)
    worker = f"pid-{os.getpid()}"
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return
    won: list[str] = []
    if store is None:
        won = [str(migrate.upgrade(url))]
    elif action == "events":
        prefix, count = args[0], int(args[1])
        won = [f"{prefix}-{i}" for i in range(count) if store.claim(f"{prefix}-{i}")]
    elif action == "weeks":
        sub, count, now = int(args[0]), int(args[1]), datetime.fromisoformat(args[2])
        for i in range(count):
            week = f"2031-W{i:02d}"
            if store.claim_weekly_post(sub, week, worker, now, STALE_AFTER):
                won.append(week)
    elif action == "claim-and-hang":
        sub, week, now = int(args[0]), args[1], datetime.fromisoformat(args[2])
        if store.claim_weekly_post(sub, week, worker, now, STALE_AFTER):
            won.append(week)
        print(json.dumps({"worker": worker, "won": won}), flush=True)
        sys.stdin.readline()  # the test kills this process here: a replica dying mid-post
        return
    print(json.dumps({"worker": worker, "won": won}), flush=True)
    if store is not None:
        store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
