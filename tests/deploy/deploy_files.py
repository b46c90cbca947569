"""Helpers for the deploy tests: read the Dockerfile into stages, load YAML, check CLI arguments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


@dataclass
class Stage:
    """One Dockerfile stage: its base, name and instructions (keyword, argument text)."""

    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def args(self, keyword: str) -> list[str]:
        """The argument text of every instruction `keyword` in this stage."""
        return [text for kw, text in self.instructions if kw == keyword]


def dockerfile_stages(path: Path = DEPLOY / "Dockerfile") -> list[Stage]:
    """Split a Dockerfile into stages, joining continued lines and dropping comments."""
    logical: list[str] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    stages: list[Stage] = []
    for line in logical:
        keyword, _, text = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            match = re.match(r"(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?", text, re.IGNORECASE)
            assert match, line
            stages.append(Stage(match.group(1), match.group(2)))
        elif stages:
            stages[-1].instructions.append((keyword, text.strip()))
    return stages


def load_yaml_documents(path: Path) -> list[dict[str, Any]]:
    """Every non-empty YAML document of a file."""
    with path.open(encoding="utf-8") as handle:
        return [doc for doc in yaml.safe_load_all(handle) if doc]


def cli_accepts(args: list[str]) -> tuple[bool, str]:
    """Whether `kilovolt ARGS` names a real command with real options (checked via --help)."""
    from bot.cli import app

    result = CliRunner().invoke(app, [*args, "--help"])
    return result.exit_code == 0, result.output
