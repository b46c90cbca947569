"""Evaluation sets as JSONL: one JSON object a line, validated into a pydantic model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bot.errors import InputError

M = TypeVar("M", bound=BaseModel)


def read_jsonl(path: Path, model: type[M], what: str, option: str) -> list[M]:
    """Every line of `path` as a `model`; an InputError naming the file, line and CLI option."""
    if not path.is_file():
        raise InputError(f"{what} file {path} not found: pass {option} FILE")
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(model.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            first = str(exc).splitlines()[0]
            raise InputError(f"{path}, line {number}: not a valid {what} ({first})") from exc
    if not items:
        raise InputError(f"{what} file {path} is empty: add one JSON object per line")
    return items
