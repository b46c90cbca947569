"""Slack mrkdwn and Markdown to safe HTML: every piece of text is escaped before formatting."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from bot.console.teams import person_name
from bot.console.workspace import BOT_NAME, BOT_USER_ID, GENERAL_ID

_TOKEN = re.compile(r"<([^<>\s][^<>]*)>")  # Slack's <...> markup: links, mentions, channels
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s)]+)\)")
_CODE = re.compile(r"`([^`\n]+)`")
_SAFE_URL = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


def _link(url: str, label: str) -> str:
    if not _SAFE_URL.match(url):
        return html.escape(label or url)
    return (
        f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
        f"{html.escape(label or url)}</a>"
    )


def _slack_token(body: str) -> str:
    """HTML for one `<...>` token of Slack markup."""
    target, _, label = body.partition("|")
    if target.startswith("@"):
        name = BOT_NAME if target[1:] == BOT_USER_ID else (label or person_name(target[1:]))
        name = name or "vous"
        return f'<span class="mention">@{html.escape(name)}</span>'
    if target.startswith("#"):
        name = label or ("général" if target[1:] == GENERAL_ID else target[1:])
        return f'<span class="mention">#{html.escape(name)}</span>'
    if target.startswith("!"):
        return f'<span class="mention">@{html.escape(label or target[1:].split("^")[0])}</span>'
    return _link(html.unescape(target), html.unescape(label))


class _Protector:
    """Swaps finished HTML fragments for placeholders so later regexes cannot touch them."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def keep(self, fragment: str) -> str:
        self.parts.append(fragment)
        return f"\x00{len(self.parts) - 1}\x00"

    def restore(self, text: str) -> str:
        return re.sub(r"\x00(\d+)\x00", lambda m: self.parts[int(m.group(1))], text)


def _inline(text: str, *, markdown: bool) -> str:
    """Escape one line and apply inline formatting (code, links, bold, italic, strike)."""
    text = text.replace("\x00", "")
    guard = _Protector()
    text = _CODE.sub(
        lambda m: guard.keep(f"<code>{html.escape(_unslack(m.group(1)))}</code>"), text
    )
    if markdown:
        text = _MD_LINK.sub(lambda m: guard.keep(_link(m.group(2), m.group(1))), text)
    text = _TOKEN.sub(lambda m: guard.keep(_slack_token(m.group(1))), text)
    text = html.escape(_unslack(text), quote=False)
    rules: list[tuple[str, Callable[[re.Match[str]], str] | str]]
    if markdown:
        rules = [
            (r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"<strong>\1</strong>"),
            (r"__(?=\S)(.+?)(?<=\S)__", r"<strong>\1</strong>"),
            (r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"<em>\1</em>"),
            (r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", r"<em>\1</em>"),
            (r"~~(?=\S)(.+?)(?<=\S)~~", r"<del>\1</del>"),
        ]
    else:
        rules = [
            (r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"<strong>\1</strong>"),
            (r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", r"<em>\1</em>"),
            (r"(?<![\w~])~(?=\S)(.+?)(?<=\S)~(?![\w~])", r"<del>\1</del>"),
        ]
    for pattern, repl in rules:
        text = re.sub(pattern, repl, text)
    return guard.restore(text)


def _unslack(text: str) -> str:
    """Undo Slack's own escaping of &, < and > (text is escaped for HTML afterwards)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def to_html(text: str, *, markdown: bool = False) -> str:
    """Render Slack mrkdwn (or Markdown when `markdown`) as HTML that is safe to insert."""
    out: list[str] = []
    parts = re.split(r"```", text.strip("\n"))
    for index, part in enumerate(parts):
        if index % 2 == 1 and index < len(parts) - 1:  # a closed code fence
            body = re.sub(r"^[\w+-]*\n", "", part) if markdown else part
            out.append(f"<pre>{html.escape(_unslack(body.strip(chr(10))))}</pre>")
        else:
            prefix = "```" if index % 2 == 1 else ""
            out.append(_lines(prefix + part, markdown=markdown))
    return "".join(out)


def _lines(text: str, *, markdown: bool) -> str:
    out: list[str] = []
    list_kind: str | None = None
    for line in text.split("\n"):
        bullet = re.match(r"^\s*(?:[-*•◦])\s+(.*)$", line)
        numbered = re.match(r"^\s*(\d+)[.)]\s+(.*)$", line) if markdown else None
        kind = "ul" if bullet else "ol" if numbered else None
        if kind != list_kind:
            if list_kind:
                out.append(f"</{list_kind}>")
            if kind:
                out.append(f"<{kind}>")
            list_kind = kind
        item = bullet.group(1) if bullet else numbered.group(2) if numbered else None
        if item is not None:
            out.append(f"<li>{_inline(item, markdown=markdown)}</li>")
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", line) if markdown else None
        quote = re.match(r"^(?:>|&gt;)\s?(.*)$", line)
        if heading:
            level = min(len(heading.group(1)) + 2, 6)
            out.append(f"<h{level}>{_inline(heading.group(2), markdown=markdown)}</h{level}>")
        elif quote:
            out.append(f"<blockquote>{_inline(quote.group(1), markdown=markdown)}</blockquote>")
        else:
            out.append(_inline(line, markdown=markdown) + "<br>")
    if list_kind:
        out.append(f"</{list_kind}>")
    html_text = "".join(out)
    return html_text[:-4] if html_text.endswith("<br>") else html_text
