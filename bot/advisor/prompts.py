"""Prompt files (prompts/*.yaml) loaded into LangChain chat templates and validated at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from bot.errors import ConfigError
from bot.yamlfile import load_yaml

if TYPE_CHECKING:  # LangChain loads with the first template (only a model needs prompts)
    from langchain_core.messages import BaseMessage
    from langchain_core.prompts import ChatPromptTemplate

# Every template and the variables the code fills in: a file that drops or adds one is an error.
REQUIRED: dict[str, frozenset[str]] = {
    "answer": frozenset({"persona", "passages", "question", "language_name", "profile"}),
    "critique": frozenset(
        {
            "persona",
            "principles",
            "signals",
            "facts",
            "keyword_signals",
            "passages",
            "framing",
            "draft",
            "platform",
            "norms",
            "language_name",
            "draft_language_name",
            "profile",
        }
    ),
    "ideas": frozenset(
        {
            "persona",
            "week",
            "season",
            "theme",
            "candidates",
            "principles",
            "language_name",
            "profile",
        }
    ),
}
_ROLES = {"system", "human", "ai", "placeholder"}
LANGUAGE_NAMES = {"fr": "French (Quebec)", "en": "English"}


@dataclass(frozen=True)
class PromptLibrary:
    """The persona text and one chat template per task."""

    persona: str
    templates: dict[str, ChatPromptTemplate]

    def render(self, name: str, **variables: object) -> list[BaseMessage]:
        """The chat messages of template `name` with the persona and `variables` filled in."""
        return self.templates[name].format_messages(persona=self.persona, **variables)


def _read_yaml(path: Path) -> dict:
    if not path.is_file():
        raise ConfigError(f"prompt file missing: {path} (restore it from the repository)")
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(
            f"prompt file {path} is not valid YAML: {exc.__class__.__name__}"
        ) from exc
    if not isinstance(data, dict):
        raise ConfigError(f"prompt file {path} must be a YAML mapping")
    return data


def _template(path: Path, name: str) -> ChatPromptTemplate:
    from langchain_core.prompts import ChatPromptTemplate

    data = _read_yaml(path)
    messages = data.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ConfigError(f"prompt file {path} needs a non-empty 'messages' list")
    pairs: list[tuple[str, str]] = []
    for item in messages:
        role, content = (item or {}).get("role"), (item or {}).get("content")
        if role not in _ROLES or not isinstance(content, str) or not content.strip():
            raise ConfigError(
                f"prompt file {path}: each message needs a role {sorted(_ROLES)} and content"
            )
        pairs.append((role, content))
    try:
        template = ChatPromptTemplate.from_messages(pairs)
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"prompt file {path} has a malformed template: {exc}") from exc
    found = set(template.input_variables)
    missing, extra = REQUIRED[name] - found, found - REQUIRED[name]
    if missing or extra:
        detail = "; ".join(
            part
            for part in (
                f"missing variable(s) {sorted(missing)}" if missing else "",
                f"unknown variable(s) {sorted(extra)}" if extra else "",
            )
            if part
        )
        raise ConfigError(f"prompt file {path}: {detail}")
    return template


@lru_cache(maxsize=4)
def load_prompts(prompts_dir: Path) -> PromptLibrary:
    """Load and validate persona, answer, critique and ideas prompts from `prompts_dir`."""
    persona = _read_yaml(prompts_dir / "persona.yaml").get("text")
    if not isinstance(persona, str) or not persona.strip():
        raise ConfigError(f"prompt file {prompts_dir / 'persona.yaml'} needs a non-empty 'text'")
    templates = {name: _template(prompts_dir / f"{name}.yaml", name) for name in REQUIRED}
    return PromptLibrary(persona=persona.strip(), templates=templates)
