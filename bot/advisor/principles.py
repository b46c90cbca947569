"""Kilovolt's principles (knowledge/principes.yaml): ids, labels and the guidance each one cites."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel

from bot.config import PROJECT_ROOT
from bot.errors import ConfigError
from bot.yamlfile import load_yaml


class Principle(BaseModel):
    """One principle of the shared vocabulary."""

    id: str
    label_fr: str
    label_en: str
    doctrine: bool = False
    source: str

    def label(self, language: str) -> str:
        """The label in `language` ('fr' or 'en')."""
        return self.label_en if language == "en" else self.label_fr


@lru_cache(maxsize=4)
def load_principles(knowledge_dir: Path) -> dict[str, Principle]:
    """Principles by id, from `knowledge_dir/principes.yaml` (else the project's own copy)."""
    path = knowledge_dir / "principes.yaml"
    if not path.is_file():
        path = PROJECT_ROOT / "knowledge" / "principes.yaml"
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        items = [Principle(**item) for item in data["principles"]]
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot load principles from {path}: {exc.__class__.__name__}") from exc
    return {item.id: item for item in items}
