"""Evaluation corpora indexed for the training scripts: one data dir each, kept between runs."""

from __future__ import annotations

from pathlib import Path

from bot.config import PROJECT_ROOT, Settings

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "eval"
INDEXES = ROOT / ".kilovolt-train"  # one data dir per corpus
# The blind series measured once and reported, so now seen: the training scripts may use them.
# A newer series joins only after its measurement is in the README.
SEEN_BLIND = [f"blind{n}" for n in ("", *range(2, 16))]


def knowledge_of(set_name: str) -> Path:
    """The knowledge folder an evaluation set (path under tests/eval/) was written for."""
    folder = set_name.split("/")[0]
    if folder.startswith(("corpus", "devcorpus")):
        return EVAL / folder / "knowledge"
    return PROJECT_ROOT / "knowledge"


def indexed(knowledge: Path) -> Settings:
    """Offline settings of this corpus's training index, built (or brought up to date) first."""
    from bot.retrieval import index_knowledge

    name = "main" if knowledge == PROJECT_ROOT / "knowledge" else knowledge.parent.name
    settings = Settings(
        data_dir=INDEXES / name, knowledge_dir=knowledge, embeddings="local", llm="offline"
    )
    index_knowledge(settings, progress=False)
    return settings
