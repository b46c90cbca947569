"""BM25 terms of an index's passages, cached in the data dir: a one-shot command reads them
instead of lemmatising the whole corpus again (about half a second on knowledge/)."""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import bot.french
from bot.atomic_files import write_text
from bot.french import index_terms

log = logging.getLogger(__name__)
KEEP = 6  # cached corpora kept (builds of several knowledge dirs, and the previous ones)


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    """The term code (bot/french.py) and the lemmatiser's version, read once a process."""
    digest = hashlib.sha256(Path(bot.french.__file__).read_bytes())
    digest.update(metadata.version("simplemma").encode())
    return digest.digest()


def _key(texts: list[str]) -> str:
    """Changes with the texts, the term code (bot/french.py) and the lemmatiser's version."""
    digest = hashlib.sha256(_code_digest())
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def cached_terms(data_dir: Path, texts: list[str]) -> list[list[str]]:
    """`index_terms` of every text, read from the cache when these very texts were seen."""
    folder = data_dir / "terms"
    path = folder / f"{_key(texts)}.json"
    try:
        terms = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(terms, list) and len(terms) == len(texts):
            return terms
    except (OSError, ValueError):
        pass
    terms = [index_terms(text) for text in texts]
    try:
        write_text(path, json.dumps(terms, ensure_ascii=False, separators=(",", ":")))
        _prune(folder)
    except OSError as exc:  # a read-only data dir: the terms are computed each time
        log.debug("BM25 terms not cached: %s", exc)
    return terms


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in files[KEEP:]:
        stale.unlink(missing_ok=True)
