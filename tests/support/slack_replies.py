"""conversations.replies for the Slack stand-in: a thread oldest first, paged like Slack's API."""

from __future__ import annotations

import base64
import binascii
from typing import Any

DEFAULT_LIMIT = 1000  # conversations.replies without `limit`
MAX_LIMIT = 1000  # Slack returns no more than this per page, whatever `limit` says


def replies_page(messages: list[dict[str, Any]], p: dict[str, Any]) -> dict[str, Any]:
    """One page of the thread `p["ts"]` in `p["channel"]`: `limit` messages from `cursor`."""
    thread = str(p.get("ts"))
    found = sorted(
        (
            m
            for m in messages
            if m["channel"] == p.get("channel")
            and (m["ts"] == thread or m.get("thread_ts") == thread)
        ),
        key=lambda m: float(m["ts"]),
    )
    if not found:
        return {"ok": False, "error": "thread_not_found"}
    try:
        limit = min(int(p.get("limit") or DEFAULT_LIMIT), MAX_LIMIT)
        start = decode_cursor(str(p["cursor"])) if p.get("cursor") else 0
    except ValueError:
        return {"ok": False, "error": "invalid_cursor"}
    if limit < 1:
        return {"ok": False, "error": "invalid_limit"}
    page, rest = found[start : start + limit], found[start + limit :]
    result: dict[str, Any] = {"ok": True, "messages": page, "has_more": bool(rest)}
    result["response_metadata"] = {"next_cursor": encode_cursor(start + limit) if rest else ""}
    return result


def encode_cursor(offset: int) -> str:
    """An opaque cursor (base64, like Slack's `bmV4dF90czo…`)."""
    return base64.b64encode(f"next_offset:{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset in a cursor; ValueError when it is not one this stand-in issued."""
    try:
        prefix, _, offset = base64.b64decode(cursor, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise ValueError(cursor) from exc
    if prefix != "next_offset" or not offset.isdigit():
        raise ValueError(cursor)
    return int(offset)
