"""Keep secrets out of logs: a log-record factory redacting tokens and configured secrets."""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable

TOKEN_PATTERN = re.compile(
    r"\b((?:xoxe\.)?xox[abposre]-[A-Za-z0-9-]{6,}|xapp-[A-Za-z0-9-]{6,}|sk-[A-Za-z0-9_\-]{8,})"
)
"""Token shapes: bot/user tokens, rotating ones (xoxe.xoxb-…) and refresh tokens (xoxe-…), app
tokens, OpenAI keys. Exact secrets without a shape (signing secret, OAuth client secret) are added
by `add_secrets`."""
REDACTED = "[redacted]"
_extra_secrets: set[str] = set()
_installed = False


def redact(text: str) -> str:
    """`text` with Slack/OpenAI token shapes and configured secret values replaced."""
    text = TOKEN_PATTERN.sub(REDACTED, text)
    for secret in _extra_secrets:
        text = text.replace(secret, REDACTED)
    return text


def add_secrets(values: Iterable[str | None]) -> None:
    """Also redact these exact values (e.g. the signing secret, which has no recognisable shape)."""
    _extra_secrets.update(v for v in values if v and len(v) >= 8)


def install_log_redaction() -> None:
    """Redact every log record at creation, whatever handler later formats it (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:  # type: ignore[no-untyped-def]
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the raw message
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
