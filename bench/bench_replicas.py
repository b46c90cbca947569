"""Scale-out speed: events/s one and two `kilovolt serve --http` replicas sustain, index swap time.

Each replica is a real process (uvicorn + Bolt) answering signed events from the Slack stand-in,
with the real advisor on a shared Chroma server and an instant LLM (loopback OpenAI stub). The
load is open-loop: for each rate, events are sent on a fixed schedule for a few seconds and the
ack p95 is recorded; the sustained rate is the highest one whose ack p95 stays under 100 ms.
One replica uses SQLite; two share PostgreSQL ($KILOVOLT_TEST_POSTGRES_URL or --postgres).
Usage: `uv run python -m bench.bench_replicas [--rates 5,10,20,40] [--step-seconds 4]`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import httpx

from bot.config import Settings
from tests.postgres.conftest import postgres_scratch_database
from tests.support.chroma_server import free_port, running_chroma_server
from tests.support.openai_server import OpenAIServer
from tests.support.processes import healthy_server
from tests.support.slack_api import SlackApiStandIn, wait_for
from tests.support.slack_signing import signed_headers

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "tests" / "fixtures" / "knowledge"
TOKEN, SECRET = "xoxb-bench-0000", "0b1e2c3d4f5a6b7c8d9e0f1a2b3c4d5e"
ACK_TARGET_S = 0.100
RESULTS = ROOT / "bench" / "results" / "replicas.json"
SERVE = [
    sys.executable,
    "-m",
    "bot.cli",
    "serve",
    "--http",
    "--host",
    "127.0.0.1",
    "--no-scheduler",
]


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@contextmanager
def replica(env: dict[str, str], data_dir: Path) -> Iterator[str]:
    """A `kilovolt serve --http` process on a free port; yields its URL once /healthz is 200."""
    port = free_port()
    log_path = data_dir.parent / f"replica-{port}.log"
    args = [*SERVE, "--port", str(port)]
    env = {**env, "KILOVOLT_DATA_DIR": str(data_dir)}
    url = f"http://127.0.0.1:{port}"
    with healthy_server(args, log_path, url, env=env, cwd=ROOT, timeout=180, stop_timeout=15):
        yield url


class Load:
    """Open-loop event sender over a set of replicas (round robin), recording ack latencies."""

    def __init__(self, api: SlackApiStandIn, urls: list[str]) -> None:
        self.api, self.urls = api, urls
        self.count = 0
        self.lock = threading.Lock()
        self.http = httpx.Client(timeout=10, limits=httpx.Limits(max_connections=64))

    def mention(self, event_id: str | None = None) -> tuple[str, str]:
        """A new user message mentioning the bot and its signed-ready event body; (body, ts)."""
        with self.lock:
            self.count += 1
            n = self.count
        message = self.api.add_user_message("C1", f"<@UBOT> comment parler de nos promotions {n}?")
        event = {"type": "app_mention", **{k: v for k, v in message.items() if k != "type"}}
        envelope = {"type": "event_callback", "team_id": "T1", "event": event}
        body = json.dumps({**envelope, "event_id": event_id or f"Ev{n}-{time.time_ns()}"})
        return body, message["ts"]

    def post(self, body: str, target: int) -> float:
        """Deliver one event body to replica `target`; returns the ack latency in seconds."""
        url = self.urls[target % len(self.urls)]
        started = time.perf_counter()
        response = self.http.post(
            f"{url}/slack/events", content=body, headers=signed_headers(SECRET, body)
        )
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"ack status {response.status_code}")
        return elapsed

    def send(self) -> tuple[float, str]:
        """A new mention to the next replica (round robin); (ack latency, thread ts)."""
        body, ts = self.mention()
        return self.post(body, self.count), ts

    def step(self, rate: float, seconds: float) -> tuple[list[float], list[str]]:
        """Send `rate` events/s for `seconds` on a fixed schedule; (ack latencies, thread ts)."""
        total = max(1, round(rate * seconds))
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=32) as pool:
            futures = []
            for i in range(total):
                delay = start + i / rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)  # the open-loop schedule itself, not a readiness wait
                futures.append(pool.submit(self.send))
            results = [f.result() for f in futures]
        return [r[0] for r in results], [r[1] for r in results]

    def answered(self, threads: list[str]) -> bool:
        """Whether every thread got its reply and no stream is still open."""
        calls = self.api.calls_to("chat.startStream", "chat.postMessage")
        started = {c.params.get("thread_ts") for c in calls}
        streams = len(self.api.calls_to("chat.startStream"))
        return set(threads) <= started and len(self.api.calls_to("chat.stopStream")) >= streams


def warm_up(load: Load, per_replica: int = 3) -> None:
    """A few answered mentions per replica first: models and connections load outside the steps."""
    threads = []
    for target in range(len(load.urls)):
        for _ in range(per_replica):
            body, ts = load.mention()
            load.post(body, target)
            threads.append(ts)
    wait_for(lambda: load.answered(threads), timeout=300, interval=0.1)


def sustained_rate(load: Load, rates: list[float], seconds: float) -> dict[str, object]:
    """Highest rate whose ack p95 stays under the target, with each step's numbers."""
    warm_up(load)
    steps, best = [], 0.0
    for rate in rates:
        started = time.perf_counter()
        acks, threads = load.step(rate, seconds)
        wait_for(lambda threads=threads: load.answered(threads), timeout=600, interval=0.05)
        drained = time.perf_counter() - started
        p95 = percentile(acks, 0.95)
        steps.append(
            {
                "rate": rate,
                "p50_ms": round(statistics.median(acks) * 1000, 1),
                "p95_ms": round(p95 * 1000, 1),
                "answers_per_s": round(len(threads) / drained, 1),
            }
        )
        print(
            f"  {rate:>5} ev/s: ack p50 {steps[-1]['p50_ms']} ms, p95 {steps[-1]['p95_ms']} ms,"
            f" all answered at {steps[-1]['answers_per_s']}/s"
        )
        if p95 > ACK_TARGET_S:
            break
        best = rate
    return {"sustained_events_per_s": best, "steps": steps}


def duplicate_retries(load: Load, count: int = 10) -> dict[str, int]:
    """Deliver each event to both replicas at once (a retry landing elsewhere); count replies."""
    threads = []
    for i in range(count):
        body, ts = load.mention(f"EvDup{i}-{time.time_ns()}")
        threads.append(ts)
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda t, b=body: load.post(b, t), [0, 1]))

    def replies() -> list[str]:
        calls = load.api.calls_to("chat.startStream", "chat.postMessage")
        return [c.params.get("thread_ts") for c in calls if c.params.get("thread_ts") in threads]

    wait_for(lambda: set(replies()) == set(threads), timeout=120, interval=0.1)
    time.sleep(3)  # settle window: a duplicate reply would arrive within it
    return {"events": count, "deliveries": 2 * count, "replies": len(replies())}


def index_swap(settings: Settings) -> dict[str, float]:
    """Rebuild the index while a reader polls it; how long readers saw no or a partial index.

    The reader resolves the alias like the bot does (`get_existing` follows the active pointer).
    """
    from bot.retrieval import index_knowledge
    from bot.retrieval.store import VectorStore

    store = VectorStore(settings)
    full = store.get_existing().count()
    bad: list[float] = []
    reads = [0]
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            reads[0] += 1
            try:
                ok = store.get_existing().count() == full
            except Exception:
                ok = False
            if not ok:
                bad.append(time.perf_counter())
            time.sleep(0.005)

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    started = time.perf_counter()
    index_knowledge(settings, rebuild=True, progress=False)
    rebuild_s = time.perf_counter() - started
    done.set()
    thread.join()
    window = (bad[-1] - bad[0]) if len(bad) > 1 else 0.0
    return {
        "rebuild_s": round(rebuild_s, 3),
        "readers_saw_incomplete_index_s": round(window, 3),
        "reads": reads[0],
        "incomplete_reads": len(bad),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rates", default="5,10,20,40,80", help="events/s steps, increasing")
    parser.add_argument("--step-seconds", type=float, default=4.0)
    parser.add_argument("--postgres", default=os.environ.get("KILOVOLT_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress lines as they happen
    rates = [float(r) for r in args.rates.split(",")]
    results: dict[str, object] = {}
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        api = SlackApiStandIn().start()
        stack.callback(api.stop)
        llm = stack.enter_context(OpenAIServer("Donnez avant de recevoir [1]."))
        chroma = stack.enter_context(running_chroma_server(tmp / "chroma"))
        knowledge = tmp / "knowledge"
        shutil.copytree(KNOWLEDGE, knowledge)
        settings = Settings(
            _env_file=None,
            data_dir=tmp / "indexer",
            knowledge_dir=knowledge,
            chroma_url=chroma,
            llm="offline",
        )
        from bot.retrieval import index_knowledge

        print("indexing the fixture corpus into the Chroma server…")
        index_knowledge(settings, progress=False)
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": api.base_url,
            "KILOVOLT_KNOWLEDGE_DIR": str(knowledge),
            "KILOVOLT_CHROMA_URL": chroma,
            "KILOVOLT_LLM": "openai:gpt-4o-mini",
            "KILOVOLT_LLM_PROVIDER": "openai",  # the stand-in enforces OpenAI's rules
            "OPENAI_BASE_URL": llm.base_url,
            "OPENAI_API_KEY": "sk-bench-0123456789",
        }
        env.pop("SLACK_APP_TOKEN", None)

        print("one replica, SQLite state:")
        one_env = {**env, "KILOVOLT_DATABASE_URL": f"sqlite:///{tmp / 'one.sqlite3'}"}
        with replica(one_env, tmp / "r1") as url:
            results["one_replica_sqlite"] = sustained_rate(
                Load(api, [url]), rates, args.step_seconds
            )
        if args.postgres:
            print("two replicas, PostgreSQL state:")
            database = stack.enter_context(postgres_scratch_database(args.postgres))
            two_env = {**env, "KILOVOLT_DATABASE_URL": database}
            with replica(two_env, tmp / "r2a") as a, replica(two_env, tmp / "r2b") as b:
                load = Load(api, [a, b])
                results["two_replicas_postgres"] = sustained_rate(load, rates, args.step_seconds)
                results["duplicates_across_replicas"] = duplicate_retries(load)
        else:
            print(
                "two replicas skipped: set KILOVOLT_TEST_POSTGRES_URL (scripts/postgres.sh start)"
            )
        print("index swap (rebuild with a warm embedding cache):")
        results["index_swap"] = index_swap(settings)
    print(json.dumps(results, indent=2))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
