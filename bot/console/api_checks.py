"""Argument and Block Kit checks the console applies like Slack does (required fields, limits)."""

from __future__ import annotations

from typing import Any

# Required arguments per method (token aside). Slack's 2020 OpenAPI description covers the older
# methods (tests/console checks this table against it); streaming and assistant methods are newer.
REQUIRED: dict[str, tuple[str, ...]] = {
    "auth.test": (),
    "chat.postMessage": ("channel",),
    "chat.update": ("channel", "ts"),
    "chat.postEphemeral": ("channel", "user"),
    "chat.delete": ("channel", "ts"),
    "chat.startStream": ("channel", "thread_ts"),
    "chat.appendStream": ("channel", "ts"),
    "chat.stopStream": ("channel", "ts"),
    "reactions.add": ("channel", "name", "timestamp"),
    "reactions.remove": ("name", "channel", "timestamp"),
    "conversations.replies": ("channel", "ts"),
    "conversations.history": ("channel",),
    "conversations.info": ("channel",),
    "users.info": ("user",),
    "views.publish": ("user_id", "view"),
    "views.open": ("trigger_id", "view"),
    "conversations.open": (),
    "assistant.threads.setStatus": ("channel_id", "thread_ts", "status"),
    "assistant.threads.setSuggestedPrompts": ("channel_id", "thread_ts", "prompts"),
    "assistant.threads.setTitle": ("channel_id", "thread_ts", "title"),
}


class SlackError(Exception):
    """A Slack error code (answered as `{"ok": false, "error": code}` with HTTP 200)."""

    def __init__(self, code: str, messages: list[str] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.messages = messages or []


MAX_BLOCKS = 50
MAX_TEXT = 40_000
MAX_STREAM_TEXT = 12_000
_SECTION_TEXT = 3_000
_FIELD_TEXT = 2_000
_HEADER_TEXT = 150
_BUTTON_TEXT = 75
_BUTTON_VALUE = 2_000
_ACTION_ID = 255


def missing_arguments(method: str, args: dict[str, Any]) -> list[str]:
    """Names of required arguments absent (or empty) in a call."""
    return [name for name in REQUIRED.get(method, ()) if args.get(name) in (None, "")]


def block_errors(blocks: Any, *, limit: int = MAX_BLOCKS) -> list[str]:
    """Slack-style `invalid_blocks` messages for a blocks array; empty when it is acceptable."""
    if not isinstance(blocks, list):
        return ["[ERROR] blocks must be an array"]
    errors: list[str] = []
    if len(blocks) > limit:
        errors.append(f"[ERROR] no more than {limit} items allowed [json-pointer:/blocks]")
    for index, block in enumerate(blocks):
        where = f"[json-pointer:/blocks/{index}"
        if not isinstance(block, dict) or "type" not in block:
            errors.append(f"[ERROR] missing required field: type {where}]")
            continue
        errors.extend(_block_errors(block, where))
    return errors


def _block_errors(block: dict[str, Any], where: str) -> list[str]:
    kind = block["type"]
    errors: list[str] = []
    if kind == "section":
        text = _text_of(block.get("text"))
        if not text and not block.get("fields"):
            errors.append(f"[ERROR] must provide either text or fields {where}]")
        if len(text) > _SECTION_TEXT:
            errors.append(f"[ERROR] must be less than {_SECTION_TEXT + 1} characters {where}/text]")
        fields = block.get("fields") or []
        if len(fields) > 10:
            errors.append(f"[ERROR] no more than 10 items allowed {where}/fields]")
        for i, item in enumerate(fields):
            if len(_text_of(item)) > _FIELD_TEXT:
                errors.append(f"[ERROR] must be less than 2001 characters {where}/fields/{i}]")
    elif kind == "header":
        if len(_text_of(block.get("text"))) > _HEADER_TEXT:
            errors.append(f"[ERROR] must be less than {_HEADER_TEXT + 1} characters {where}/text]")
    elif kind == "context":
        if len(block.get("elements") or []) > 10:
            errors.append(f"[ERROR] no more than 10 items allowed {where}/elements]")
    elif kind == "actions":
        elements = block.get("elements") or []
        if not elements or len(elements) > 25:
            errors.append(f"[ERROR] must provide 1 to 25 elements {where}/elements]")
        for i, element in enumerate(elements):
            errors.extend(_element_errors(element, f"{where}/elements/{i}"))
    elif kind == "context_actions":
        elements = block.get("elements") or []
        if not elements or len(elements) > 5:
            errors.append(f"[ERROR] must provide 1 to 5 elements {where}/elements]")
        for i, element in enumerate(elements):
            errors.extend(_context_action_errors(element, f"{where}/elements/{i}"))
    elif kind == "markdown" and len(str(block.get("text", ""))) > MAX_STREAM_TEXT:
        errors.append(f"[ERROR] must be less than {MAX_STREAM_TEXT + 1} characters {where}/text]")
    return errors


def _element_errors(element: Any, where: str) -> list[str]:
    if not isinstance(element, dict):
        return [f"[ERROR] element must be an object {where}]"]
    errors: list[str] = []
    if element.get("type") == "button":
        if len(_text_of(element.get("text"))) > _BUTTON_TEXT:
            errors.append(f"[ERROR] must be less than {_BUTTON_TEXT + 1} characters {where}/text]")
        if len(str(element.get("value", ""))) > _BUTTON_VALUE:
            errors.append(
                f"[ERROR] must be less than {_BUTTON_VALUE + 1} characters {where}/value]"
            )
    if len(str(element.get("action_id", ""))) > _ACTION_ID:
        errors.append(f"[ERROR] must be less than {_ACTION_ID + 1} characters {where}/action_id]")
    return errors


def _context_action_errors(element: Any, where: str) -> list[str]:
    """A context_actions element: feedback_buttons (both buttons: plain_text ≤ 75, value ≤ 2,000)
    or icon_button, nothing else."""
    kind = element.get("type") if isinstance(element, dict) else None
    if kind == "icon_button":
        return _element_errors(element, where)
    if kind != "feedback_buttons":
        return [f"[ERROR] must be feedback_buttons or icon_button {where}/type]"]
    errors = _element_errors(element, where)
    for name in ("positive_button", "negative_button"):
        button = element.get(name)
        text = button.get("text") if isinstance(button, dict) else None
        if not isinstance(text, dict) or text.get("type") != "plain_text" or "value" not in button:
            errors.append(f"[ERROR] missing required field: text or value {where}/{name}]")
            continue
        if len(_text_of(text)) > _BUTTON_TEXT:
            errors.append(
                f"[ERROR] must be less than {_BUTTON_TEXT + 1} characters {where}/{name}]"
            )
        if len(str(button["value"])) > _BUTTON_VALUE:
            errors.append(
                f"[ERROR] must be less than {_BUTTON_VALUE + 1} characters {where}/{name}]"
            )
    return errors


def _text_of(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text", ""))
    return "" if obj is None else str(obj)
