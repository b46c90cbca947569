"""Block Kit to HTML for the page, and the JSON shape of a message the page receives."""

from __future__ import annotations

import html
from typing import Any

from bot.console.mrkdwn import to_html
from bot.console.teams import person_name
from bot.console.workspace import BOT_NAME, Message


def text_object(obj: Any) -> str:
    """A Block Kit text object (plain_text or mrkdwn) as HTML."""
    if not isinstance(obj, dict):
        return html.escape(str(obj or ""))
    if obj.get("type") == "mrkdwn":
        return to_html(str(obj.get("text", "")))
    return html.escape(str(obj.get("text", ""))).replace("\n", "<br>")


def _element(element: dict[str, Any], block_id: str) -> str:
    kind = element.get("type")
    if kind == "button":
        style = html.escape(str(element.get("style", "")), quote=True)
        if element.get("url"):
            href = html.escape(str(element["url"]), quote=True)
            return f'<a class="button {style}" href="{href}" target="_blank" rel="noopener">' + (
                f"{text_object(element.get('text'))}</a>"
            )
        return (
            f'<button class="button {style}" data-action-id='
            f'"{html.escape(str(element.get("action_id", "")), quote=True)}" '
            f'data-block-id="{html.escape(block_id, quote=True)}">'
            f"{text_object(element.get('text'))}</button>"
        )
    if kind == "image":
        alt = html.escape(str(element.get("alt_text", "")), quote=True)
        return f'<span class="image-alt" title="{alt}">🖼 {alt}</span>'
    if kind in ("mrkdwn", "plain_text"):
        return f"<span>{text_object(element)}</span>"
    label = html.escape(str(kind))
    return f'<span class="unsupported">[élément {label} non affiché]</span>'


def _context_action(element: dict[str, Any], block_id: str) -> str:
    """Slack's feedback buttons as two buttons (the click sends the chosen one's value)."""
    if element.get("type") != "feedback_buttons":
        return _element(element, block_id)
    buttons = []
    for name in ("positive_button", "negative_button"):
        button = element.get(name) or {}
        buttons.append(
            f'<button class="button feedback" data-action-id='
            f'"{html.escape(str(element.get("action_id", "")), quote=True)}" '
            f'data-block-id="{html.escape(block_id, quote=True)}" '
            f'data-value="{html.escape(str(button.get("value", "")), quote=True)}">'
            f"{text_object(button.get('text'))}</button>"
        )
    return "".join(buttons)


def _rich_text(block: dict[str, Any]) -> str:
    out: list[str] = []
    for section in block.get("elements") or []:
        pieces = []
        for item in section.get("elements") or []:
            if item.get("type") == "text":
                pieces.append(html.escape(str(item.get("text", ""))).replace("\n", "<br>"))
            elif item.get("type") == "user":
                pieces.append(f'<span class="mention">@{html.escape(_user(item))}</span>')
            elif item.get("type") == "link":
                pieces.append(to_html(f"<{item.get('url', '')}|{item.get('text', '')}>"))
        out.append("".join(pieces))
    return "<br>".join(out)


def _user(item: dict[str, Any]) -> str:
    return BOT_NAME if str(item.get("user_id", "")).startswith("U0KILOVOLT") else "vous"


def block_html(block: dict[str, Any]) -> str:
    """One block as HTML; unknown kinds show a visible placeholder rather than vanishing."""
    kind = block.get("type")
    block_id = str(block.get("block_id", ""))
    if kind == "section":
        parts = []
        if block.get("text"):
            parts.append(f'<div class="section-text">{text_object(block["text"])}</div>')
        if block.get("fields"):
            fields = "".join(f"<div>{text_object(f)}</div>" for f in block["fields"])
            parts.append(f'<div class="fields">{fields}</div>')
        accessory = block.get("accessory")
        if isinstance(accessory, dict):
            parts.append(f'<div class="accessory">{_element(accessory, block_id)}</div>')
        return f'<div class="block section">{"".join(parts)}</div>'
    if kind == "header":
        return f'<div class="block header">{text_object(block.get("text"))}</div>'
    if kind == "divider":
        return '<hr class="block divider">'
    if kind == "context":
        items = "".join(_element(e, block_id) for e in block.get("elements") or [])
        return f'<div class="block context">{items}</div>'
    if kind == "actions":
        items = "".join(_element(e, block_id) for e in block.get("elements") or [])
        return f'<div class="block actions">{items}</div>'
    if kind == "context_actions":
        items = "".join(_context_action(e, block_id) for e in block.get("elements") or [])
        return f'<div class="block actions context-actions">{items}</div>'
    if kind == "markdown":
        body = to_html(str(block.get("text", "")), markdown=True)
        return f'<div class="block markdown">{body}</div>'
    if kind == "rich_text":
        return f'<div class="block rich-text">{_rich_text(block)}</div>'
    if kind == "image":
        return f'<div class="block">{_element(block, block_id)}</div>'
    return f'<div class="block unsupported">[bloc {html.escape(str(kind))} non affiché]</div>'


def message_html(message: Message) -> str:
    """The body of a message: its blocks, or its text as mrkdwn when it has none."""
    if message.blocks:
        return "".join(block_html(b) for b in message.blocks if isinstance(b, dict))
    text = f'<div class="section-text">{to_html(message.text)}</div>'
    return f'<div class="block section">{text}</div>'


def message_view(message: Message, status: str = "") -> dict[str, Any]:
    """What the page needs to draw (or remove) one message."""
    return {
        "channel": message.channel,
        "ts": message.ts,
        "thread_ts": message.thread_ts,
        "author": BOT_NAME if message.is_bot else (person_name(message.user) or "Vous"),
        "is_bot": message.is_bot,
        "html": message_html(message),
        "ephemeral": message.ephemeral,
        "streaming": message.streaming,
        "reply_count": message.reply_count,
        "reactions": {name: len(users) for name, users in message.reactions.items()},
        "deleted": message.deleted,
    }
