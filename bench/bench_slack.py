"""Slack bot speed: ack latency under 10 concurrent events, event → first visible text, peak RSS.

Runs the real Bolt app on uvicorn (loopback) against the Slack stand-in, with an instant advisor.
Usage: `uv run python -m bench.bench_slack [--rounds N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import httpx

from bot.slack.app import build_bot
from bot.slack.http import create_web_app
from tests.slack.conftest import SIGNING_SECRET, ServerThread, make_settings
from tests.slack.doubles import FakeAdvisor
from tests.support.slack_api import SlackApiStandIn, wait_for
from tests.support.slack_signing import signed_headers


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10, help="rounds of 10 concurrent events")
    args = parser.parse_args()
    api = SlackApiStandIn().start()
    with tempfile.TemporaryDirectory() as tmp:
        bot = build_bot(make_settings(Path(tmp) / "data", api.base_url), advisor=FakeAdvisor())
        with ServerThread(create_web_app(bot)) as server, httpx.Client(timeout=10) as http:
            url = f"http://127.0.0.1:{server.port}/slack/events"
            counter = iter(range(1, 1_000_000))

            def send_mention() -> tuple[float, str, float]:
                n = next(counter)
                message = api.add_user_message("C1", f"<@UBOT> question {n}?")
                event = {"type": "app_mention", **{k: v for k, v in message.items() if k != "type"}}
                body = json.dumps(
                    {
                        "type": "event_callback",
                        "team_id": "T1",
                        "event_id": f"Ev{n}",
                        "event": event,
                    }
                )
                started = time.monotonic()
                response = http.post(
                    url, content=body, headers=signed_headers(SIGNING_SECRET, body)
                )
                assert response.status_code == 200
                return time.monotonic() - started, message["ts"], started

            send_mention()  # warm-up
            acks: list[float] = []
            with ThreadPoolExecutor(max_workers=10) as pool:
                for _ in range(args.rounds):
                    acks += [r[0] for r in pool.map(lambda _i: send_mention(), range(10))]
            wait_for(
                lambda: len(api.calls_to("chat.stopStream")) >= 1 + 10 * args.rounds, timeout=120
            )

            first: list[float] = []
            for _ in range(20):
                _ack, ts, started = send_mention()
                call = wait_for(
                    lambda ts=ts: [
                        c
                        for c in api.calls_to("chat.startStream")
                        if c.params.get("thread_ts") == ts
                    ]
                )[0]
                first.append(call.at - started)
                wait_for(
                    lambda ts=ts: [c for c in api.calls_to("chat.stopStream") if c.result.get("ok")]
                )
    api.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"ack latency, 10 concurrent events x {args.rounds}: "
        f"p50 {statistics.median(acks) * 1000:.1f} ms, "
        f"p95 {percentile(acks, 0.95) * 1000:.1f} ms (target p95 < 100 ms)"
    )
    print(
        f"event -> first streamed text (instant advisor), n=20: "
        f"p50 {statistics.median(first) * 1000:.1f} ms, "
        f"p95 {percentile(first, 0.95) * 1000:.1f} ms (target p50 < 300 ms)"
    )
    print(
        f"peak RSS of the serving process (bot + stand-in + client): {rss_mb:.0f} MB "
        "(target < 500 MB)"
    )


if __name__ == "__main__":
    main()
