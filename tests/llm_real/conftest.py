"""Real-LLM stage: a llama.cpp OpenAI-compatible server (SmolLM2) at $KILOVOLT_LLAMA_URL.

Run by `make test-llm` (scripts/test-llm.sh builds/starts the server and sets the variable); every
test here is skipped when the variable is absent. The model is tiny and English-only: these tests
check our wiring (parameter names, streaming, max tokens, structured output), never answer quality.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import Settings

LLAMA_ENV = "KILOVOLT_LLAMA_URL"
FIXTURE_KNOWLEDGE = Path(__file__).resolve().parents[1] / "fixtures" / "knowledge"
MAX_TOKENS = 300  # room for a whole answer: a reply cut at the limit falls back offline


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip this directory's tests unless a llama.cpp server URL is given."""
    if os.environ.get(LLAMA_ENV):
        return
    skip = pytest.mark.skip(reason=f"{LLAMA_ENV} is not set (run `make test-llm`)")
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(skip)


@dataclass(frozen=True)
class LlamaSetup:
    """Where the server is and an indexed copy of the fixture corpus to answer from."""

    base_url: str
    knowledge_dir: Path
    data_dir: Path

    def env(self) -> dict[str, str]:
        """Environment for a `kilovolt` subprocess talking to the server."""
        return {
            **os.environ,
            "KILOVOLT_DATA_DIR": str(self.data_dir),
            "KILOVOLT_KNOWLEDGE_DIR": str(self.knowledge_dir),
            "KILOVOLT_LLM": "openai:smollm2",
            "OPENAI_BASE_URL": self.base_url,
            "OPENAI_API_KEY": "dummy",
            "KILOVOLT_LLM_MAX_TOKENS": str(MAX_TOKENS),
            "KILOVOLT_LLM_TIMEOUT": "120",
            "KILOVOLT_LLM_DEADLINE": "300",
            "KILOVOLT_LLM_MAX_RETRIES": "0",
            "OMP_WAIT_POLICY": "passive",
        }

    def settings(self, **overrides: object) -> Settings:
        """Equivalent Settings for in-process use."""
        values: dict[str, object] = {
            "data_dir": self.data_dir,
            "knowledge_dir": self.knowledge_dir,
            "llm": "openai:smollm2",
            "openai_base_url": self.base_url,
            "openai_api_key": "dummy",
            "llm_max_tokens": MAX_TOKENS,
            "llm_timeout_s": 120.0,
            "llm_deadline_s": 300.0,
            "llm_max_retries": 0,
            **overrides,
        }
        return Settings(_env_file=None, **values)


@pytest.fixture(scope="session")
def llama(tmp_path_factory: pytest.TempPathFactory) -> LlamaSetup:
    """The server URL and the fixture corpus indexed once with the local embedder."""
    from bot.retrieval import index_knowledge

    base = tmp_path_factory.mktemp("llm-real")
    knowledge = base / "knowledge"
    shutil.copytree(FIXTURE_KNOWLEDGE, knowledge)
    setup = LlamaSetup(os.environ[LLAMA_ENV].rstrip("/"), knowledge, base / "data")
    assert index_knowledge(setup.settings(), progress=False).chunks > 0
    return setup
