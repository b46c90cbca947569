"""What Slack makes of what the person types: escaping, mention and channel tokens, rich_text."""

from __future__ import annotations

import re
import secrets
from typing import Any

from bot.console.workspace import BOT_USER_ID, GENERAL_ID

_MENTION = re.compile(r"@kilovolt\b", re.IGNORECASE)
_CHANNEL = re.compile(r"#g[ée]n[ée]ral\b", re.IGNORECASE)
_MENTION_SPLIT = re.compile(r"(@kilovolt\b)", re.IGNORECASE)


def slack_escape(text: str) -> str:
    """Escape `&`, `<`, `>` as Slack does in the text of a typed message."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def typed_text(raw: str) -> str:
    """What Slack stores for typed text: escaped, with `@Kilovolt` turned into a user mention."""
    return _MENTION.sub(f"<@{BOT_USER_ID}>", slack_escape(raw))


def command_text(raw: str, general_id: str = GENERAL_ID) -> str:
    """Slash-command text as Slack sends it with `should_escape`: channels and users as tokens
    (`#général` is the #général of the workspace whose id is `general_id`)."""
    text = _CHANNEL.sub(f"<#{general_id}|général>", slack_escape(raw))
    return _MENTION.sub(f"<@{BOT_USER_ID}|kilovolt>", text)


def rich_text_block(raw: str) -> dict[str, Any]:
    """The rich_text block Slack attaches to a typed message (text unescaped, mention as user)."""
    elements: list[dict[str, Any]] = []
    for piece in _MENTION_SPLIT.split(raw):
        if _MENTION.fullmatch(piece):
            elements.append({"type": "user", "user_id": BOT_USER_ID})
        elif piece:
            elements.append({"type": "text", "text": piece})
    section = {"type": "rich_text_section", "elements": elements}
    return {"type": "rich_text", "block_id": secrets.token_hex(3), "elements": [section]}
