"""Slack bot speed: ack latency under 10 concurrent events, event → first visible text, peak RSS,
and the acks of slash commands and button clicks while 12 slow answers hold the workers.

The bot (real Bolt app on uvicorn, instant advisor) serves in its own process, like production;
the Slack stand-in and the load client live in this process, so their work never slows the bot.
The busy-workers part runs a second bot whose advisor takes SLOW_ANSWER_S per call.
Usage: `uv run python -m bench.bench_slack [--rounds N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import httpx

from tests.slack.conftest import SIGNING_SECRET, make_settings
from tests.support.chroma_server import free_port
from tests.support.processes import healthy_server
from tests.support.slack_api import SlackApiStandIn, wait_for
from tests.support.slack_signing import signed_headers

ROOT = Path(__file__).resolve().parents[1]
SLOW_ANSWER_S = 20.0  # an LLM call at its timeout, or a 429 back-off
IN_FLIGHT = 12  # slow answers in flight (more than the default 8 workers)


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def serve(port: int, data_dir: Path, api_url: str, slow: bool) -> None:
    """Child process: the bot with an instant (or slow) advisor, served like `kilovolt serve`."""
    from bot.slack.app import build_bot
    from bot.slack.http import serve_http
    from tests.slack.doubles import FakeAdvisor

    class SlowAdvisor(FakeAdvisor):
        def _record(self, name: str, **kwargs: Any) -> None:
            super()._record(name, **kwargs)
            time.sleep(SLOW_ANSWER_S)

    advisor = SlowAdvisor() if slow else FakeAdvisor()
    bot = build_bot(make_settings(data_dir, api_url), advisor=advisor)
    serve_http(bot, "127.0.0.1", port, scheduler=None)


@contextmanager
def bot_process(
    tmp: Path, api_url: str, slow: bool = False
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The bot in its own process on a free port; yields (URL, process) once /healthz is 200."""
    port = free_port()
    log_path = tmp / ("bot-slow.log" if slow else "bot.log")
    args = [sys.executable, "-m", "bench.bench_slack", "--serve-port", str(port)]
    args += ["--data-dir", str(tmp / ("data-slow" if slow else "data")), "--api-url", api_url]
    args += ["--slow"] if slow else []
    url = f"http://127.0.0.1:{port}"
    with healthy_server(args, log_path, url, cwd=ROOT) as process:
        yield url, process


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a live process, in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmHWM not found")


def _mention_body(api: SlackApiStandIn, n: int) -> str:
    message = api.add_user_message("C1", f"<@UBOT> question {n}?")
    event = {"type": "app_mention", **{k: v for k, v in message.items() if k != "type"}}
    envelope = {"type": "event_callback", "team_id": "T1", "event_id": f"Ev{n}"}
    return json.dumps({**envelope, "event": event})


def _command_body(api: SlackApiStandIn, n: int) -> str:
    form = {"team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": "/idees"}
    return urlencode({**form, "text": "", "response_url": api.response_url(f"c{n}")})


def _click_body(api: SlackApiStandIn, n: int) -> str:
    action = {"type": "button", "action_id": "feedback_up", "block_id": "b", "value": f"r{n}"}
    payload = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "channel": {"id": "C1"},
        "response_url": api.response_url(f"a{n}"),
        "actions": [action],
    }
    return urlencode({"payload": json.dumps(payload)})


def measure_busy(
    api: SlackApiStandIn, url: str, count: int
) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Ack latencies of `count` commands and `count` clicks with IN_FLIGHT slow answers running;
    and how many of each were not answered 200."""
    form = "application/x-www-form-urlencoded"
    kinds = {"command": _command_body, "click": _click_body}
    latencies: dict[str, list[float]] = {kind: [] for kind in kinds}
    failures = dict.fromkeys(kinds, 0)
    with httpx.Client(timeout=30) as http:

        def send(body: str, content_type: str) -> tuple[float, int]:
            headers = signed_headers(SIGNING_SECRET, body, content_type=content_type)
            started = time.monotonic()
            response = http.post(f"{url}/slack/events", content=body, headers=headers)
            return time.monotonic() - started, response.status_code

        for n in range(IN_FLIGHT):
            assert send(_mention_body(api, n), "application/json")[1] == 200
        time.sleep(1.0)  # every worker is now inside a slow answer
        jobs = [(kind, kinds[kind](api, n)) for n in range(count) for kind in kinds]
        with ThreadPoolExecutor(max_workers=4) as pool:
            for kind, (seconds, status) in pool.map(lambda j: (j[0], send(j[1], form)), jobs):
                latencies[kind].append(seconds)
                failures[kind] += status != 200
    return latencies, failures


def measure(api: SlackApiStandIn, url: str, rounds: int) -> tuple[list[float], list[float]]:
    """(ack latencies of `rounds` x 10 concurrent mentions, event → first streamed text x 20)."""
    counter = iter(range(1, 1_000_000))
    with httpx.Client(timeout=10) as http:

        def send_mention() -> tuple[float, str, float]:
            n = next(counter)
            message = api.add_user_message("C1", f"<@UBOT> question {n}?")
            event = {"type": "app_mention", **{k: v for k, v in message.items() if k != "type"}}
            envelope = {"type": "event_callback", "team_id": "T1", "event_id": f"Ev{n}"}
            body = json.dumps({**envelope, "event": event})
            headers = signed_headers(SIGNING_SECRET, body)
            started = time.monotonic()
            response = http.post(f"{url}/slack/events", content=body, headers=headers)
            assert response.status_code == 200
            return time.monotonic() - started, message["ts"], started

        send_mention()  # warm-up
        acks: list[float] = []
        with ThreadPoolExecutor(max_workers=10) as pool:
            for _ in range(rounds):
                acks += [r[0] for r in pool.map(lambda _i: send_mention(), range(10))]
        wait_for(lambda: len(api.calls_to("chat.stopStream")) >= 1 + 10 * rounds, timeout=120)

        first: list[float] = []
        for _ in range(20):
            _ack, ts, started = send_mention()
            starts = wait_for(
                lambda ts=ts: [
                    c for c in api.calls_to("chat.startStream") if c.params.get("thread_ts") == ts
                ]
            )
            first.append(starts[0].at - started)
            wait_for(
                lambda: (
                    len(api.calls_to("chat.stopStream")) >= len(api.calls_to("chat.startStream"))
                )
            )
    return acks, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10, help="rounds of 10 concurrent events")
    parser.add_argument("--serve-port", type=int, help=argparse.SUPPRESS)  # child process mode
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    parser.add_argument("--slow", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_port:
        serve(args.serve_port, args.data_dir, args.api_url, args.slow)
        return
    api = SlackApiStandIn().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            with bot_process(Path(tmp), api.base_url) as (url, process):
                acks, first = measure(api, url, args.rounds)
                rss_mb = peak_rss_mb(process.pid)
            with bot_process(Path(tmp), api.base_url, slow=True) as (url, _process):
                busy, refused = measure_busy(api, url, 4 * args.rounds)
    finally:
        api.stop()
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
    print(f"peak RSS of the bot process alone: {rss_mb:.0f} MB (target < 500 MB)")
    for kind, values in busy.items():
        print(
            f"{kind} ack with {IN_FLIGHT} slow answers in flight, n={len(values)}: "
            f"p50 {statistics.median(values) * 1000:.1f} ms, "
            f"p95 {percentile(values, 0.95) * 1000:.1f} ms (target p95 < 100 ms), "
            f"not 200: {refused[kind]}"
        )


if __name__ == "__main__":
    main()
