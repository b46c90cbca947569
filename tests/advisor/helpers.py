"""Test helpers for the advisor: an in-memory retriever, a fixed coverage judge and settings
pointing at a loopback LLM."""

from __future__ import annotations

from pathlib import Path

from bot.advisor.coverage import Verdict
from bot.advisor.models import Coverage
from bot.config import PROJECT_ROOT, Settings
from bot.retrieval.models import SearchResult

PASSAGES = [
    SearchResult(
        rank=1, source="doctrine/pas-d-inondation-promotionnelle.md",
        title="Ne pas inonder les réseaux de promotion", section="L'erreur la plus répandue",
        score=0.03, similarity=0.88, lexical=7.5,
        text="L'erreur la plus répandue consiste à inonder les réseaux de son offre. "
        "Le résultat est souvent l'inverse : l'information n'est pas relayée. "
        "Publiez plutôt de l'information utile et gardez l'offre pour une phrase.",
    ),
    SearchResult(
        rank=2, source="doctrine/donner-avant-de-recevoir.md", title="Donner avant de recevoir",
        section="Participer", score=0.02, similarity=0.85, lexical=3.0,
        text="Pour être vu et lu, il faut participer à la vie des réseaux et donner avant de "
        "recevoir. Répondez aux questions de votre communauté, partagez vos trucs du métier.",
    ),
]  # fmt: skip


class MemoryRetriever:
    """A Retriever stand-in with the same `search` signature; records the queries it gets."""

    def __init__(self, results: list[SearchResult] | None = None) -> None:
        self.results = PASSAGES if results is None else results
        self.queries: list[str] = []

    def search(self, query: str, k: int = 5, team: str | None = None) -> list[SearchResult]:
        self.queries.append(query)
        return self.results[:k]


class FixedCoverage:
    """A coverage judge stand-in with a set verdict (the real one calibrates on a real index);
    records the queries it judged."""

    def __init__(self, coverage: Coverage = "covered") -> None:
        self.coverage = coverage
        self.queries: list[str] = []

    def judge(self, query: str) -> Verdict:
        self.queries.append(query)
        return Verdict(self.coverage)

    def warm_up(self) -> None:
        return None


def offline_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Offline settings with a private data dir and the project's knowledge and prompts."""
    values: dict[str, object] = {
        "data_dir": tmp_path / "data",
        "knowledge_dir": PROJECT_ROOT / "knowledge",
        "llm": "offline",
    }
    values.update(overrides)
    return Settings(**values)


def llm_settings(tmp_path: Path, base_url: str, **overrides: object) -> Settings:
    """Settings for the strict OpenAI stand-in (OpenAI's rules, gpt-4o-mini): small timeout and
    deadline, no retries."""
    values: dict[str, object] = {
        "llm": "openai:gpt-4o-mini",
        "llm_provider": "openai",
        "openai_api_key": "sk-test-secret-0123456789",
        "openai_base_url": base_url,
        "llm_timeout_s": 1.0,
        "llm_deadline_s": 5.0,
        "llm_max_retries": 0,
        "llm_max_tokens": 321,
    }
    values.update(overrides)
    return offline_settings(tmp_path, **values)
