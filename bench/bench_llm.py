"""LLM bench: time to first token, total time, tokens and cost of answers, critiques and ideas.

Each model in bench/llm_prices.yaml (gpt-4o-mini, gpt-5-mini) sits behind the strict loopback
OpenAI stand-in paced like the real API (time to first byte, visible and reasoning token rates,
also from the YAML); the advisor runs on the project's index of knowledge/ (built first when
missing). Answers are streamed (time to first delta, retrieval included); critiques and idea sets
are structured replies (first token = whole reply). Token counts come from the usage the
stand-in reports to `ChatLLM.on_usage`; cost per 1,000 replies uses the YAML's list prices.

By default the stand-in answers with reply texts written below, sized like real replies, so the
completion tokens and times mean something; `--replies stand-in` keeps its tiny generated replies.
Usage: `uv run python -m bench.bench_llm [--runs N] [--concurrency N] [--json]` (`make bench-llm`).
Not a test: it asserts nothing; a fallback to the offline reply is printed as a bug.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import yaml

from bot.advisor import Advisor, Answer
from bot.config import PROJECT_ROOT, Settings
from bot.llm import Usage
from bot.retrieval import Retriever, index_knowledge
from bot.retrieval.manifest import MANIFEST_FILE
from tests.support.openai_server import Latency, OpenAIServer, instance

PRICES = Path(__file__).with_name("llm_prices.yaml")
TASKS = ("answer", "critique", "ideas")
PER_MILLION = 1_000_000
TIMEOUT_S, DEADLINE_S = 30.0, 45.0  # the bot's production defaults, whatever the environment says
CAVEAT = (
    "Token counts are the stand-in's estimates (4 characters per token; real tokenizers give "
    "French about 3.5-4.5), and gpt-5-mini's reasoning tokens are simulated per reasoning_effort "
    "(minimal 0, low 200, medium 600, high 1500). Costs are list prices without cached input."
)

QUESTIONS = [
    "Comment annoncer notre vente de fin de saison sans écœurer nos abonnés?",
    "on poste 2-3 fois par semaine sur FB, c'est assez ou trop?",
    "Un client a laissé un avis 1 étoile injuste sur notre page, on répond quoi?",
    "How often should a small bakery post on Instagram?",
    "c'est quoi les règles pour faire un concours sur Instagram?",
    "Est-ce qu'on devrait mettre du texte alternatif sur nos photos Instagram?",
    "What should we post between two promotions so people keep reading us?",
    "Vaut mieux engager une agence ou gérer nos réseaux sociaux à l'interne?",
]
DRAFTS = [
    "🔥 VENTE FLASH 🔥 -30% sur toutes les bottes jusqu'à dimanche! Achetez maintenant "
    "#promo #solde #bottes #hiver #mode #magasinage",
    "Peux-tu regarder mon post Facebook?\nNotre nouveau menu du midi est arrivé : soupe, "
    "sandwich et café pour 14,95 $. On vous attend!",
    "Saviez-vous qu'un vélo mal ajusté cause bien des douleurs aux genoux? Passez en boutique : "
    "on vérifie votre position gratuitement, en 10 minutes.",
    "CONCOURS 🎁 Aimez, partagez et identifiez 3 amis pour courir la chance de gagner une "
    "carte-cadeau de 100 $! Tirage vendredi.",
    "Draft for LinkedIn: Proud to announce we closed our best quarter ever. Thanks to our "
    "amazing team! #growth #success #team #business",
    "Ça fait 25 ans que Marie coupe les cheveux chez nous. Venez lui souhaiter bonne fête "
    "samedi, il y aura du gâteau!",
    "New arrivals in store!!! Come see them before they're gone!!!",
    "Pour Instagram : nos 3 conseils pour garder vos plantes en vie cet hiver — moins d'eau, "
    "plus de lumière, loin du calorifère. Lequel oubliez-vous toujours?",
]
IDEA_REQUESTS = [
    ("fleuriste", "2026-W07", "fr"),
    ("garage automobile", "2026-W15", "fr"),
    (None, "2026-W36", "fr"),
    ("dental clinic", "2026-W10", "en"),
    ("boulangerie artisanale", "2026-W50", "fr"),
    ("B2B software firm", "2026-W22", "en"),
    ("salon de coiffure", "2026-W27", "fr"),
    ("microbrasserie", "2026-W41", "fr"),
]

# --- reply texts sized like real ones (the stand-in's own are a sentence) ----------------------
ANSWER_TEXT = {
    "fr": """Bonne question! En bref : donnez avant de demander, et gardez l'offre pour une \
phrase [1].

- **Commencez par quelque chose d'utile.** Un truc du métier, une coulisse ou la réponse à une \
question qu'on vous pose souvent retient l'attention; l'offre vient à la fin, en une ligne [1].
- **Environ une promotion sur quatre ou cinq publications.** Entre deux promotions, publiez ce \
qui aide ou amuse votre communauté : c'est ce qui fait qu'elle lira la prochaine offre [2].
- **Répondez aux commentaires dans la journée.** Une vraie conversation rapporte plus qu'une \
publication de plus, et les gens voient que quelqu'un est là [2][3].
- **Planifiez la semaine d'un coup.** Trente minutes le lundi pour choisir trois sujets évitent \
les publications improvisées du vendredi soir [3].

Pour cette semaine : prenez la question la plus fréquente de vos clients et faites-en une \
publication photo avec la réponse en trois lignes. Gardez le code promo pour la dernière phrase.""",
    "en": """Good question! In short: give before you ask, and keep the offer to one sentence [1].

- **Lead with something useful.** A trade tip, a look behind the counter or the answer to a \
question customers keep asking gets read; the offer comes last, in one line [1].
- **About one promotion in four or five posts.** In between, post what helps or entertains your \
community: that is what makes people read your next offer [2].
- **Answer comments the same day.** A real conversation does more than one more post, and people \
see that someone is there [2][3].
- **Plan the week in one sitting.** Thirty minutes on Monday to pick three topics beats posting \
whatever comes to mind on Friday night [3].

This week: take the question your customers ask most often and turn it into a photo post with a \
three-line answer. Keep the promo code for the last sentence.""",
}
CRITIQUE_TEXT = {
    "fr": {
        "summary": "Le brouillon vend avant de donner : gardez l'offre, mais ouvrez sur quelque "
        "chose d'utile pour la personne qui le lit.",
        "strengths": "L'information essentielle est là et claire : on sait quoi, où et jusqu'à "
        "quand.",
        "message": "La publication ne parle que de l'offre; ajoutez d'abord une raison de s'y "
        "intéresser (un conseil, une coulisse, un client content) et gardez l'offre pour la "
        "dernière phrase. Terminez par une question simple pour lancer la conversation.",
        "reason": "Le ton familier convient ici : c'est celui que la page utilise déjà avec sa "
        "communauté.",
    },
    "en": {
        "summary": "The draft sells before it gives: keep the offer, but open with something "
        "useful for the person reading it.",
        "strengths": "The key information is there and clear: what, where and until when.",
        "message": "The post is only about the offer; first give people a reason to care (a tip, "
        "a look behind the scenes, a happy customer) and keep the offer for the last sentence. "
        "End with a simple question to start a conversation.",
        "reason": "The casual tone fits here: it is the one the page already uses with its "
        "community.",
    },
}
REWRITE_TEXT = {
    "fr": "Vous nous demandez souvent comment faire durer vos achats plus longtemps. Notre truc : "
    "un bon entretien dès la première semaine change tout, et on vous montre comment en deux "
    "minutes en boutique. 👢\n\nJusqu'à dimanche, profitez aussi de 30 % de rabais sur toute la "
    "collection d'hiver.\n\nEt vous, quel est votre meilleur truc pour l'hiver? Dites-le-nous en "
    "commentaire! #hiver #achatlocal",
    "en": "You often ask us how to make your purchases last longer. Our tip: good care in the "
    "first week changes everything, and we'll show you how in two minutes in store.\n\nUntil "
    "Sunday, the whole winter collection is also 30% off.\n\nWhat's your best winter tip? Tell "
    "us in the comments! #winter #shoplocal",
}
IDEA_TEXTS = {  # (title, format, platform, prompt, tone)
    "fr": [
        ("Les coulisses du lundi matin", "vidéo courte", "Instagram",
         "Filmez 20 secondes de la préparation du matin, sans musique forcée ni texte chargé. "
         "Présentez la personne qui ouvre et demandez aux abonnés ce qu'ils aimeraient voir.",
         "leger"),
        ("La question qu'on nous pose le plus", "carrousel", "Facebook",
         "Reprenez la question la plus fréquente de la semaine et répondez-y en quatre images "
         "simples. Terminez en invitant les gens à poser la leur en commentaire.", "serieux"),
        ("Trois erreurs à éviter cette saison", "publication photo", "Instagram",
         "Une photo claire et trois conseils concrets liés à la saison, écrits comme vous les "
         "diriez au comptoir. Ajoutez un texte alternatif qui décrit la photo.", "serieux"),
        ("Sondage : votre classique préféré", "sondage", "Facebook",
         "Proposez deux ou trois produits phares et demandez lequel est le préféré. Partagez le "
         "résultat la semaine suivante avec une anecdote sur le gagnant.", "leger"),
        ("Merci à un client fidèle", "publication photo", "Facebook",
         "Avec sa permission, présentez un client de longue date et ce qu'il aime chez vous. "
         "Pas d'offre cette fois : juste un merci sincère et une photo naturelle.", "serieux"),
    ],
    "en": [
        ("Monday morning behind the scenes", "short video", "Instagram",
         "Film 20 seconds of the morning set-up, no forced music or heavy text. Introduce the "
         "person who opens and ask followers what they would like to see next.", "leger"),
        ("The question we get most", "carousel", "Facebook",
         "Take the most frequent question of the week and answer it in four simple slides. End "
         "by inviting people to ask theirs in the comments.", "serieux"),
        ("Three mistakes to avoid this season", "photo post", "Instagram",
         "One clear photo and three concrete seasonal tips, written the way you would say them "
         "at the counter. Add alt text that describes the photo.", "serieux"),
        ("Poll: your favourite classic", "poll", "Facebook",
         "Offer two or three signature products and ask which one people prefer. Share the "
         "result the next week with a story about the winner.", "leger"),
        ("Thank you to a loyal customer", "photo post", "Facebook",
         "With their permission, introduce a long-time customer and what they like about you. "
         "No offer this time: just a sincere thank-you and a natural photo.", "serieux"),
    ],
}  # fmt: skip


def _languages(body: dict[str, Any]) -> tuple[str, str]:
    """(reply language, rewrite language) as the request's last lines ask ('fr' or 'en')."""
    content = (body.get("messages") or [{}])[-1].get("content") or ""
    if isinstance(content, list):
        content = " ".join(str(part.get("text", "")) for part in content)
    found = re.findall(r"\bin\s+(English|French)", content[-400:]) or ["French"]
    codes = ["en" if name == "English" else "fr" for name in found]
    return codes[0], codes[-1]


def _enum(schema: Any, name: str) -> list[Any]:
    """The enum of property `name` anywhere in `schema` (empty when there is none)."""
    if isinstance(schema, dict):
        prop = (schema.get("properties") or {}).get(name)
        if isinstance(prop, dict) and prop.get("enum"):
            return list(prop["enum"])
        children: list[Any] = list(schema.values())
    elif isinstance(schema, list):
        children = schema
    else:
        return []
    for child in children:
        found = _enum(child, name)
        if found:
            return found
    return []


def _fill(value: Any, texts: dict[str, str], rewrite: str, key: str = "") -> Any:
    """The stand-in's schema instance with its free-text strings replaced by sized texts."""
    if isinstance(value, dict):
        return {k: _fill(v, texts, rewrite, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, texts, rewrite, key) for v in value]
    if isinstance(value, str) and "«modèle»" in value:  # a free string, not an enum value
        return rewrite if key == "rewrite" else texts.get(key, value)
    return value


def sized_reply(body: dict[str, Any]) -> dict[str, Any]:
    """Stand-in responder: a text answer, or a schema-valid critique or idea set, sized as real."""
    lang, rewrite_lang = _languages(body)
    fmt = body.get("response_format") or {}
    schema = (fmt.get("json_schema") or {}).get("schema")
    if fmt.get("type") != "json_schema" or not isinstance(schema, dict):
        return {"text": ANSWER_TEXT[lang]}
    value = instance(schema, schema)
    if isinstance(value.get("ideas"), list):
        principles = _enum(schema, "principle") or [value["ideas"][0]["principle"]]
        value["ideas"] = [
            dict(title=t, format=f, platform=p, principle=principles[i % len(principles)],
                 prompt=text, tone=tone)
            for i, (t, f, p, text, tone) in enumerate(IDEA_TEXTS[lang])
        ]  # fmt: skip
        return {"json": value}
    return {"json": _fill(value, CRITIQUE_TEXT[lang], REWRITE_TEXT[rewrite_lang])}


# --- measuring ----------------------------------------------------------------------------------
@dataclass
class Reply:
    """One timed reply: seconds to the first text and to the end, its requests' usage, problems."""

    ttft_s: float
    total_s: float
    usages: list[Usage] = field(default_factory=list)
    fallback: str | None = None  # the offline reply's notice: a bug against a healthy stand-in
    uncovered: bool = False  # the question was judged not covered: no model request at all


class UsageByThread:
    """`on_usage` listener: each worker thread collects the usage of the reply it is running."""

    def __init__(self) -> None:
        self._local = threading.local()
        self.orphans: list[Usage] = []

    def start(self) -> list[Usage]:
        self._local.usages = []
        return self._local.usages

    def __call__(self, usage: Usage) -> None:
        getattr(self._local, "usages", self.orphans).append(usage)


class LogTally(logging.Handler):
    """Counts the advisor's and model layer's log lines (retries, fallbacks, cut replies)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.lines[f"{record.levelname} {record.name}: {record.getMessage()}"] += 1


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_answer(advisor: Advisor, index: int) -> Reply:
    question = QUESTIONS[index % len(QUESTIONS)]
    start, first, final = time.perf_counter(), None, None
    for item in advisor.answer_stream(question):
        if isinstance(item, Answer):
            final = item
        elif item and first is None:
            first = time.perf_counter() - start
    total = time.perf_counter() - start
    reply = Reply(first if first is not None else total, total)
    if final is None:
        reply.fallback = "no final Answer"
    elif not final.covered:
        reply.uncovered = True
    elif final.mode != "llm" or final.notice:
        reply.fallback = f"{question!r}: {final.notice or final.mode}"
    return reply


def run_critique(advisor: Advisor, index: int) -> Reply:
    draft = DRAFTS[index % len(DRAFTS)]
    start = time.perf_counter()
    critique = advisor.critique(draft)
    total = time.perf_counter() - start
    reply = Reply(total, total)
    if critique.mode != "llm" or critique.notice:
        reply.fallback = f"{draft[:40]!r}: {critique.notice or critique.mode}"
    return reply


def run_ideas(advisor: Advisor, index: int) -> Reply:
    theme, week, language = IDEA_REQUESTS[index % len(IDEA_REQUESTS)]
    start = time.perf_counter()
    ideas = advisor.ideas(theme, week=week, language=language)  # type: ignore[arg-type]
    total = time.perf_counter() - start
    reply = Reply(total, total)
    if ideas.mode != "llm" or ideas.notice:
        reply.fallback = f"{theme!r} {week}: {ideas.notice or ideas.mode}"
    return reply


RUNNERS: dict[str, Callable[[Advisor, int], Reply]] = {
    "answer": run_answer,
    "critique": run_critique,
    "ideas": run_ideas,
}


def run_task(
    advisor: Advisor, server: OpenAIServer, listener: UsageByThread, task: str, args: Any
) -> tuple[list[Reply], int]:
    """`args.runs` replies of `task`, `args.concurrency` at a time; (replies, requests sent)."""

    def one(index: int) -> Reply:
        usages = listener.start()
        reply = RUNNERS[task](advisor, index)
        reply.usages = list(usages)
        return reply

    before = len(server.requests)
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        replies = list(pool.map(one, range(args.runs)))
    return replies, len(server.requests) - before


def summarize(replies: list[Reply], requests: int, price: dict[str, float]) -> dict[str, Any]:
    """One table row: latency percentiles, median tokens per reply, cost per 1,000 replies."""
    prompt = statistics.median(sum(u.prompt for u in r.usages) for r in replies)
    completion = statistics.median(sum(u.completion for u in r.usages) for r in replies)
    reasoning = statistics.median(sum(u.reasoning for u in r.usages) for r in replies)
    totals = [r.total_s for r in replies]
    cost = 1000 * (prompt * price["input"] + completion * price["output"]) / PER_MILLION
    return {
        "replies": len(replies),
        "ttft_p50_s": statistics.median(r.ttft_s for r in replies),
        "total_p50_s": statistics.median(totals),
        "total_p95_s": percentile(totals, 0.95),
        "prompt_tokens_p50": prompt,
        "completion_tokens_p50": completion,
        "reasoning_tokens_p50": reasoning,
        "requests_per_reply": requests / len(replies),
        "usage_records_per_reply": sum(len(r.usages) for r in replies) / len(replies),
        "usd_per_1000_replies": cost,
        "fallbacks": sum(r.fallback is not None for r in replies),
        "fallback_notices": [r.fallback for r in replies if r.fallback],
        "not_covered": sum(r.uncovered for r in replies),
    }


# --- set-up -------------------------------------------------------------------------------------
def load_config(path: Path, overrides: list[str]) -> dict[str, Any]:
    """The YAML's models (prices, latency) with `--latency MODEL=TTFT,TOK_S[,RTOK_S]` applied."""
    config = yaml.safe_load(path.read_text("utf-8"))
    for item in overrides:
        name, _, numbers = item.partition("=")
        values = [float(v) for v in numbers.split(",") if v.strip()]
        if name not in config["models"] or not 2 <= len(values) <= 3:
            raise SystemExit(f"--latency {item!r}: expected MODEL=TTFT_S,TOKENS_S[,REASONING_S]")
        latency = config["models"][name].setdefault("latency", {})
        latency.update(
            zip(("ttft_s", "tokens_per_s", "reasoning_tokens_per_s"), values, strict=False)
        )
    return config


def project_settings(data_dir: Path, **values: Any) -> Settings:
    """Settings on the project's knowledge and index, local embedder (the bench is offline)."""
    base = {"data_dir": data_dir, "knowledge_dir": PROJECT_ROOT / "knowledge"}
    return Settings(**{**base, "embeddings": "local", "llm": "offline", **values})


def ensure_index(data_dir: Path, quiet: bool) -> Retriever:
    """A warm retriever on the existing index (indexing knowledge/ first only when missing)."""
    settings = project_settings(data_dir)
    if not (data_dir / MANIFEST_FILE).exists():
        print(f"no index in {data_dir}: indexing knowledge/ (about a minute)...", file=sys.stderr)
        index_knowledge(settings, progress=not quiet)
    retriever = Retriever(settings)
    retriever.warm_up()
    return retriever


def bench_model(
    model: str, spec: dict[str, Any], data_dir: Path, retriever: Retriever, args: Any
) -> dict[str, Any]:
    """Every task's row for one model behind its own paced stand-in."""
    pace = spec.get("latency") or {}
    latency = Latency(
        float(pace.get("ttft_s", 0)),
        float(pace.get("tokens_per_s", 0)),
        float(pace.get("reasoning_tokens_per_s", 0)),
    )
    responder = sized_reply if args.replies == "sized" else None
    with OpenAIServer(latency=latency, responder=responder) as server:
        settings = project_settings(
            data_dir,
            llm=f"openai:{model}",
            llm_provider="openai",
            openai_api_key="sk-bench-0123456789abcdef",
            openai_base_url=server.base_url,
            llm_timeout_s=TIMEOUT_S,
            llm_deadline_s=DEADLINE_S,
        )
        advisor = Advisor(settings, retriever=retriever)
        listener = UsageByThread()
        llm = advisor.llm
        if llm is None:
            raise SystemExit(f"no chat model built for {model}")
        llm.on_usage = listener
        uncovered = [q for q in QUESTIONS[: args.runs] if not advisor.covers(q)]
        tasks = {}
        for task in TASKS:
            replies, requests = run_task(advisor, server, listener, task, args)
            tasks[task] = summarize(replies, requests, spec)
        rules = llm.rules
    return {
        "rules": rules.describe(),
        "budgets": {t: rules.budget(t) for t in TASKS},  # type: ignore[arg-type]
        "latency": {"ttft_s": latency.ttft_s, "tokens_per_s": latency.tokens_per_s,
                    "reasoning_tokens_per_s": latency.reasoning_tokens_per_s},
        "prices_usd_per_1m": {"input": spec["input"], "output": spec["output"]},
        "uncovered_questions": uncovered,
        "orphan_usage_records": len(listener.orphans),
        "tasks": tasks,
    }  # fmt: skip


def ratios(results: dict[str, Any], baseline: str) -> dict[str, Any]:
    """Each other model's cost and latency divided by the baseline's, per task."""

    def ratio(a: float, b: float) -> float | None:
        return a / b if b else None

    base = results[baseline]["tasks"]
    out: dict[str, Any] = {}
    for model, result in results.items():
        if model == baseline:
            continue
        out[model] = {
            task: {
                key: ratio(row[key], base[task][key])
                for key in ("usd_per_1000_replies", "ttft_p50_s", "total_p50_s")
            }
            for task, row in result["tasks"].items()
        }
    return out


# --- report -------------------------------------------------------------------------------------
COLUMNS = [
    ("task", "<"), ("TTFT p50", ">"), ("total p50", ">"), ("total p95", ">"),
    ("prompt tok p50", ">"), ("completion tok p50 (reasoning)", ">"), ("requests/reply", ">"),
    ("$ per 1,000 replies", ">"), ("fallbacks", ">"),
]  # fmt: skip


def table(header: list[tuple[str, str]], rows: list[list[str]]) -> list[str]:
    """A markdown table, columns padded to their widest cell."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, (h, _) in enumerate(header)]

    def line(cells: list[str]) -> str:
        padded = [
            c.ljust(w) if align == "<" else c.rjust(w)
            for c, w, (_, align) in zip(cells, widths, header, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [
        "-" * (w + 2) if a == "<" else "-" * (w + 1) + ":"
        for w, (_, a) in zip(widths, header, strict=True)
    ]
    return [
        line([h for h, _ in header]),
        "|" + "|".join(rule) + "|",
        *[line(r) for r in rows],
    ]


def report(results: dict[str, Any], ratio_rows: dict[str, Any], baseline: str, args: Any) -> None:
    print(f"# LLM bench: {args.runs} replies per task, {args.concurrency} at a time, "
          f"{'sized' if args.replies == 'sized' else 'stand-in'} replies")  # fmt: skip
    for model, result in results.items():
        pace, price = result["latency"], result["prices_usd_per_1m"]
        reasoning = pace["reasoning_tokens_per_s"]
        print(f"\n## {model}: {result['rules']}")
        print(f"stand-in pacing: first byte {pace['ttft_s']:.2f} s, {pace['tokens_per_s']:g} "
              f"tok/s" + (f", reasoning {reasoning:g} tok/s" if reasoning else "")
              + f"; list price ${price['input']:.2f} in / ${price['output']:.2f} out per 1M "
              "tokens")  # fmt: skip
        print(f"output limits per request (tokens): {result['budgets']}")
        rows = []
        for task, row in result["tasks"].items():
            rows.append([
                task, f"{row['ttft_p50_s']:.2f} s", f"{row['total_p50_s']:.2f} s",
                f"{row['total_p95_s']:.2f} s", f"{row['prompt_tokens_p50']:.0f}",
                f"{row['completion_tokens_p50']:.0f} ({row['reasoning_tokens_p50']:.0f})",
                f"{row['requests_per_reply']:.2f}", f"{row['usd_per_1000_replies']:.3f}",
                f"{row['fallbacks']}/{row['replies']}",
            ])  # fmt: skip
        print("\n".join(table(COLUMNS, rows)))
        for task, row in result["tasks"].items():
            for notice in row["fallback_notices"]:
                print(f"FALLBACK (bug) in {task}: {notice}")
            if row["not_covered"]:
                print(f"note: {row['not_covered']} {task} replies judged not covered (no model)")
            if row["usage_records_per_reply"] != row["requests_per_reply"]:
                print(f"note: {task}: {row['usage_records_per_reply']:.2f} usage records per "
                      f"reply for {row['requests_per_reply']:.2f} requests")  # fmt: skip
        if result["orphan_usage_records"]:
            print(f"note: {result['orphan_usage_records']} usage records outside any reply")
        if result["uncovered_questions"]:
            print(f"note: questions not covered: {result['uncovered_questions']}")
    for model, per_task in ratio_rows.items():
        print(f"\n## {model} / {baseline}")
        header = [("task", "<"), ("cost ×", ">"), ("TTFT p50 ×", ">"), ("total p50 ×", ">")]
        rows = [
            [task] + [f"{v:.2f}" if v is not None else "n/a" for v in r.values()]
            for task, r in per_task.items()
        ]
        print("\n".join(table(header, rows)))
    print(f"\nCaveat: {CAVEAT}")
    if args.replies == "sized":
        print("Replies are this bench's texts sized like real ones (an answer of ~1,000 "
              "characters, a critique with a rewrite, five ideas) in the stand-in's schema "
              "instances.")  # fmt: skip
    print("TTFT of an answer includes retrieval and prompt building; critiques and idea sets are "
          "not streamed, so their TTFT is the whole reply.")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8, help="replies per task and model")
    parser.add_argument("--concurrency", type=int, default=4, help="replies in flight at once")
    parser.add_argument("--models", nargs="+", help="models from the prices file (default: all)")
    parser.add_argument("--prices", type=Path, default=PRICES, help="prices and pacing (YAML)")
    parser.add_argument(
        "--latency",
        action="append",
        default=[],
        metavar="MODEL=TTFT_S,TOK_S[,REASONING_TOK_S]",
        help="override a model's stand-in pacing (repeatable)",
    )
    parser.add_argument(
        "--replies", choices=("sized", "stand-in"), default="sized", help="reply texts (see doc)"
    )
    parser.add_argument("--data-dir", type=Path, help="index directory (default KILOVOLT_DATA_DIR)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    if args.runs < 1 or args.concurrency < 1:
        parser.error("--runs and --concurrency must be at least 1")
    config = load_config(args.prices, args.latency)
    models = args.models or list(config["models"])
    unknown = [m for m in models if m not in config["models"]]
    if unknown:
        raise SystemExit(f"no prices for {unknown} in {args.prices}")
    baseline = config.get("baseline", models[0])
    tally = LogTally()
    logging.getLogger("bot").addHandler(tally)
    logging.getLogger("bot").setLevel(logging.INFO)
    data_dir = (args.data_dir or Settings(llm="offline").data_dir).expanduser().resolve()
    started = time.perf_counter()
    retriever = ensure_index(data_dir, quiet=args.json)
    results = {m: bench_model(m, config["models"][m], data_dir, retriever, args) for m in models}
    ratio_rows = ratios(results, baseline) if baseline in results else {}
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps({
            "runs": args.runs, "concurrency": args.concurrency, "replies": args.replies,
            "prices_file": str(args.prices), "baseline": baseline, "models": results,
            "ratios_to_baseline": ratio_rows, "log_lines": dict(tally.lines),
            "caveat": CAVEAT, "elapsed_s": elapsed,
        }, indent=2, ensure_ascii=False))  # fmt: skip
        return
    report(results, ratio_rows, baseline, args)
    if tally.lines:
        print("\nLog lines from bot/ during the bench:")
        for line, count in tally.lines.most_common():
            print(f"  {count:3d} × {line}")
    print(f"\n(bench took {elapsed:.0f} s)")


if __name__ == "__main__":
    main()
