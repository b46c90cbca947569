"""Cold start: a new data dir → the index built → the first answer, with and without the vectors
shipped in knowledge/.embeddings/ (interleaved runs, medians). Offline, local embeddings.

    uv run python -m bench.bench_cold_start [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

QUESTION = "Combien de fois par semaine devrait-on publier sur Instagram?"


def _run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=env, check=True, capture_output=True
    )
    return time.perf_counter() - started


def one(seed: bool) -> tuple[float, float]:
    """(index seconds, first-answer seconds) on a brand-new data dir."""
    with tempfile.TemporaryDirectory(prefix="kilovolt-cold-") as data:
        env = {
            **os.environ,
            "KILOVOLT_DATA_DIR": data,
            "KILOVOLT_LLM": "offline",
            "KILOVOLT_EMBEDDING_SEED": "true" if seed else "false",
        }
        env.pop("KILOVOLT_CHROMA_URL", None)
        return _run(["index"], env), _run(["ask", QUESTION, "--json"], env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    results: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for _ in range(runs):
        for seed in (False, True):  # interleaved: the machine's noise hits both alike
            results[seed].append(one(seed))
    print(f"cold start, {runs} runs each (median seconds)")
    print(f"{'':28s}{'index':>8s}{'first answer':>14s}{'total':>8s}")
    totals = {}
    for seed, label in ((False, "embedding everything"), (True, "shipped vectors")):
        index = statistics.median(r[0] for r in results[seed])
        ask = statistics.median(r[1] for r in results[seed])
        totals[seed] = statistics.median(r[0] + r[1] for r in results[seed])
        print(f"{label:28s}{index:8.1f}{ask:14.1f}{totals[seed]:8.1f}")
    print(f"ratio (shipped / embedding): {totals[True] / totals[False]:.2f}")


if __name__ == "__main__":
    main()
