"""Advisor benchmark: offline `ask` and `critique` latency, and tokens sent per LLM request.

Usage: KILOVOLT_DATA_DIR=... uv run python bench/bench_advisor.py [--runs N] [--calibrate]
(needs an index: `kilovolt index`). Prints medians; not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

from bot.advisor import Advisor
from bot.advisor import answer as ans
from bot.advisor.profile_context import profile_block
from bot.advisor.prompts import LANGUAGE_NAMES
from bot.advisor.text import approx_tokens
from bot.config import PROJECT_ROOT, Settings

QUESTIONS = [
    "Comment annoncer un rabais sans inonder mes abonnés?",
    "combien de hashtags sur instagram",
    "on a recu un mauvais commentaire quoi faire",
    "How do we handle a PR crisis on Facebook?",
    "c'tu correct si on poste juste nos spéciaux?",
]
DRAFT = "SOLDES!!! -50% sur TOUT ce week-end seulement 🔥 Dernière chance! #promo #rabais #solde"
OFF_TOPIC = [
    "recette de lasagne", "quelle météo demain à Montréal?", "écris-moi un script Python",
    "what's the capital of France?", "comment changer l'huile de mon char", "meilleur film de 2023",
    "aide-moi avec mes devoirs de maths", "How do I fix a segmentation fault in C?",
    "c'est quoi la recette du pouding chômeur", "combien de calories dans une banane",
    "traduis ce texte en espagnol", "qui a gagné la coupe Stanley", "un poème sur l'automne",
    "how to bake sourdough bread at home", "quel est le taux hypothécaire actuel",
    "write me a python function", "quelle heure est-il", "quel temps fera-t-il ce week-end",
]  # fmt: skip


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def calibrate(advisor: Advisor) -> None:
    path = PROJECT_ROOT / "tests" / "eval" / "questions.jsonl"
    on = [json.loads(line)["question"] for line in path.read_text("utf-8").splitlines() if line]

    def covered(q: str) -> bool:
        return advisor.covers(q)

    print(f"on-topic covered: {sum(map(covered, on))}/{len(on)}")
    print(f"off-topic rejected: {sum(not covered(q) for q in OFF_TOPIC)}/{len(OFF_TOPIC)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--calibrate", action="store_true")
    args = parser.parse_args()
    advisor = Advisor(Settings(llm="offline"))
    for q in QUESTIONS:  # warm-up: load the index, the embedder and its caches
        advisor.answer(q)
    ask = timed(lambda i: advisor.answer(QUESTIONS[i % len(QUESTIONS)] + f" {i}"), args.runs)
    print(f"offline ask  p50 {statistics.median(ask):6.1f} ms  p95 {pct(ask, 0.95):6.1f} ms")
    crit = timed(lambda i: advisor.critique(DRAFT + f" {i}"), args.runs)
    print(f"critique     p50 {statistics.median(crit):6.1f} ms  p95 {pct(crit, 0.95):6.1f} ms")
    ideas = timed(lambda i: advisor.ideas(week=f"2025-W{1 + i % 52:02d}"), args.runs)
    print(f"ideas        p50 {statistics.median(ideas):6.1f} ms")
    tokens = []
    for q in QUESTIONS:
        results = advisor.retriever.search(q, k=advisor.settings.top_k)
        passages, _ = ans.format_passages(results)
        messages = advisor.prompts.render(
            "answer",
            passages=passages,
            question=q,
            language_name=LANGUAGE_NAMES["fr"],
            history=[],
            profile=profile_block(None),
        )
        tokens.append(sum(approx_tokens(str(m.content)) for m in messages))
    budget, out = advisor.settings.history_tokens, advisor.settings.llm_max_tokens
    print(f"answer prompt ~{statistics.median(tokens):.0f} tokens (max {max(tokens)}), "
          f"+ history ≤ {budget}, + output ≤ {out}")  # fmt: skip
    # Critique and ideas prompts are measured with real token counts by bench/bench_llm.py.
    if args.calibrate:
        calibrate(advisor)


if __name__ == "__main__":
    main()
