"""Text for Slack: Markdown → mrkdwn, mass-mention defanging, user markup cleanup, splitting."""

from __future__ import annotations

import html
import re

ZWSP = "\u200b"

_MASS_TOKEN = re.compile(r"<!(channel|here|everyone)(?:\|[^>]*)?>", re.IGNORECASE)
_SUBTEAM = re.compile(r"<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>", re.IGNORECASE)
_SPECIAL = re.compile(r"<!([a-z]+)[^>]*>", re.IGNORECASE)
_AT_MASS = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)

_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>")
_DATE = re.compile(r"<!date\^[^|>]*\|([^>]*)>")
_LINK = re.compile(r"<((?:https?|mailto|tel):[^|>]+)(?:\|([^>]*))?>")

_CODE_SPLIT = re.compile(r"(```.*?```|`[^`\n]+`)", re.DOTALL)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+|mailto:[^)\s]+)\)")
_BULLET = re.compile(r"^(\s*)[-*+]\s+", re.MULTILINE)
_RULE = re.compile(r"^\s*([-*_])\s*(\1\s*){2,}$", re.MULTILINE)

BOLD_MARK = "\x01"
MAX_OPEN_TOKEN = 300  # longer than any real <!…>, <@…> or <#…> token: an open `<` past it is text
_OPEN_TOKEN = re.compile(r"<(?:[!@#][^<>]*)?$")


def defang(text: str) -> str:
    """Neutralise mass mentions (`<!channel>`, `<!here>`, `<!everyone>`, `@here`, user groups)."""
    text = _MASS_TOKEN.sub(lambda m: f"@{ZWSP}{m.group(1).lower()}", text)
    text = _SUBTEAM.sub(lambda m: f"@{ZWSP}{(m.group(1) or 'groupe').lstrip('@')}", text)
    text = _SPECIAL.sub(lambda m: f"@{ZWSP}{m.group(1)}", text)
    return _AT_MASS.sub(lambda m: f"@{ZWSP}{m.group(1)}", text)


def hold_open_token(text: str) -> tuple[str, str]:
    """(`text` safe to send now, a trailing Slack token still open to send with what follows).

    A token split between two streamed chunks (`<!subteam^S1|@a ` + `b>`) would escape `defang`,
    which sees one chunk at a time. An open `<` longer than MAX_OPEN_TOKEN is not held but broken
    (a zero-width space after it), so it can never close into a token later.
    """
    match = _OPEN_TOKEN.search(text)
    if match is None:
        return text, ""
    if len(text) - match.start() <= MAX_OPEN_TOKEN:
        return text[: match.start()], text[match.start() :]
    return f"{text[: match.start() + 1]}{ZWSP}{text[match.start() + 1 :]}", ""


def clean_user_text(text: str, bot_user_id: str | None = None) -> str:
    """Turn Slack markup in a user's message into plain text for the advisor."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    text = _USER.sub(lambda m: f"@{m.group(2) or 'quelqu’un'}", text)
    text = _CHANNEL.sub(lambda m: f"#{m.group(2) or 'canal'}", text)
    text = _DATE.sub(lambda m: m.group(1), text)
    text = _SUBTEAM.sub(lambda m: m.group(1) or "@groupe", text)
    text = _MASS_TOKEN.sub(lambda m: f"@{m.group(1).lower()}", text)

    def _link(match: re.Match[str]) -> str:
        url, label = match.group(1), match.group(2)
        if url.startswith("mailto:"):
            return label or url[7:]
        return f"{label} ({url})" if label and label != url else url

    text = _LINK.sub(_link, text)
    text = html.unescape(text)
    return re.sub(r"[ \t]+", " ", text).strip()


def escape(text: str) -> str:
    """Escape the three characters Slack treats as markup (&, <, >)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _convert_prose(text: str) -> str:
    text = escape(text)
    text = _MD_LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1).replace('|', '/')}>", text)
    text = _RULE.sub("──────────", text)
    text = _HEADING.sub(lambda m: f"{BOLD_MARK}{m.group(1).strip('*_ ')}{BOLD_MARK}", text)
    text = _BOLD.sub(lambda m: f"{BOLD_MARK}{m.group(2)}{BOLD_MARK}", text)
    text = _ITALIC.sub(lambda m: f"_{m.group(1)}_", text)
    text = _STRIKE.sub(lambda m: f"~{m.group(1)}~", text)
    text = _BULLET.sub(lambda m: f"{m.group(1)}• ", text)
    return text.replace(BOLD_MARK, "*")


def markdown_to_mrkdwn(text: str) -> str:
    """Convert common Markdown (bold, italics, links, headings, lists) to Slack mrkdwn, defanged."""
    parts = _CODE_SPLIT.split(text)
    out = [part if index % 2 else _convert_prose(part) for index, part in enumerate(parts)]
    return defang("".join(out))


def split_text(text: str, limit: int) -> list[str]:
    """Split `text` into pieces ≤ `limit` chars at paragraph, line, then word boundaries."""
    text = text.strip()
    pieces: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind("\n\n"), -1)
        if cut < limit // 3:
            cut = window.rfind("\n")
        if cut < limit // 3:
            cut = window.rfind(" ")
        if cut < limit // 3:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` cut to at most `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(0, limit - len(ellipsis))].rstrip() + ellipsis
