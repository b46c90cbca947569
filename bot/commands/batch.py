"""Batch mode for `search` and `ask`: JSON lines in, one JSON line out per input line.

Each input line is an object with an `id` (any JSON value, echoed back), a `question` and the
command's options. The index and the model load once for the whole file. A line that cannot be
read or answered gets `{"id": …, "line": N, "error": "…"}` and the batch goes on; the exit code
is 1 when any line failed. Errors that no line can fix (no index, store unreachable) stop it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import typer
from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError

from bot.commands.common import fail, user_errors
from bot.errors import InputError

M = TypeVar("M", bound=BaseModel)


class BatchLine(BaseModel):
    """What every input line holds: an id to echo and the question."""

    model_config = ConfigDict(extra="forbid")  # a misspelt option is an error, not ignored

    id: JsonValue = None
    question: str


class SearchLine(BatchLine):
    """One `search --batch` line: `k` defaults to the command's -k."""

    k: int | None = Field(None, ge=1, le=50)


class AskLine(BatchLine):
    """One `ask --batch` line (the language is detected from the question, as in `ask`)."""


def _lines(source: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of the non-blank lines of a file, or of stdin for '-'."""
    if source == "-":
        stream = sys.stdin
    else:
        path = Path(source)
        if not path.is_file():
            fail(f"batch file not found: {source} (one JSON object a line, or '-' for stdin)")
        try:
            stream = path.open(encoding="utf-8")
        except OSError as exc:
            fail(f"cannot read batch file {source} ({type(exc).__name__})")
    try:
        for number, raw in enumerate(stream, start=1):
            if raw.strip():
                yield number, raw
    except UnicodeDecodeError:
        fail(f"batch file {source} is not UTF-8 text")
    finally:
        if stream is not sys.stdin:
            stream.close()


def _problem(exc: json.JSONDecodeError | ValidationError) -> str:
    """One readable sentence for a line that is not a valid request."""
    if isinstance(exc, json.JSONDecodeError):
        return f"not a JSON object ({exc.msg} at column {exc.colno})"
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first.get("loc", ())) or "line"
    if first.get("type") == "missing":
        return f"missing field {field!r}"
    if first.get("type") == "extra_forbidden":
        return f"unknown field {field!r}"
    return f"invalid field {field!r}: {first.get('msg', 'bad value')}"


def _emit(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()  # a reader sees each answer as soon as it is ready


def _parse(raw: str, model: type[M]) -> tuple[JsonValue, M | str]:
    """(the line's id, its request) or (the id if readable, why the line is not valid)."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return None, _problem(exc)
    if not isinstance(data, dict):
        return None, "not a JSON object (one object a line)"
    try:
        return data.get("id"), model.model_validate(data)
    except ValidationError as exc:
        return data.get("id"), _problem(exc)


def run_batch(source: str, model: type[M], handle: Callable[[M], dict[str, Any]]) -> None:
    """Answer every line of `source` with `handle`; exit 1 when any line failed."""
    failed = 0
    with user_errors():  # errors no line can fix stop the batch with one clear line
        for number, raw in _lines(source):
            line_id, request = _parse(raw, model)
            try:
                if isinstance(request, str):
                    raise InputError(request)
                payload = handle(request)
            except InputError as exc:  # this line only: not JSON, a field, an empty question…
                failed += 1
                _emit({"id": line_id, "line": number, "error": exc.message})
                continue
            _emit({"id": line_id, **payload})
    if failed:
        raise typer.Exit(1)
