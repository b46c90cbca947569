"""What Slack refuses in views.publish, views.open and setSuggestedPrompts (for the stand-in).

Rules from docs.slack.dev: a view object's fields (home: type, blocks, private_metadata,
callback_id, external_id; modal adds title, close, submit, clear_on_close, notify_on_close,
submit_disabled), a modal's title/submit/close are plain_text ≤ 24 chars and `submit` is required
when it has input blocks, ≤ 100 blocks; setSuggestedPrompts takes up to four prompts, each with a
title and a message.
"""

from __future__ import annotations

from typing import Any

from bot.console.api_checks import block_errors

HOME_FIELDS = {"type", "blocks", "private_metadata", "callback_id", "external_id"}
MODAL_FIELDS = HOME_FIELDS | {
    "title",
    "close",
    "submit",
    "clear_on_close",
    "notify_on_close",
    "submit_disabled",
}
INPUT_FIELDS = {"type", "block_id", "label", "element", "hint", "optional", "dispatch_action"}


def _plain(obj: Any, limit: int) -> bool:
    return (
        isinstance(obj, dict) and obj.get("type") == "plain_text" and 0 < len(obj["text"]) <= limit
    )


def _modal_errors(view: dict[str, Any]) -> list[str]:
    errors = [f"[ERROR] unsupported property: {k}" for k in sorted(view.keys() - MODAL_FIELDS)]
    if not _plain(view.get("title"), 24):
        errors.append("[ERROR] title must be plain_text of 1 to 24 characters")
    for name in ("submit", "close"):
        if name in view and not _plain(view[name], 24):
            errors.append(f"[ERROR] {name} must be plain_text of 1 to 24 characters")
    inputs = [b for b in view.get("blocks") or [] if b.get("type") == "input"]
    if inputs and "submit" not in view:
        errors.append("[ERROR] a view with input blocks requires submit")
    for block in inputs:
        errors += [
            f"[ERROR] unsupported property: {k}" for k in sorted(block.keys() - INPUT_FIELDS)
        ]
        if not _plain(block.get("label"), 2000) or not (block.get("element") or {}).get("type"):
            errors.append("[ERROR] an input block needs a plain_text label and an element")
    return errors


def _prompt_errors(p: dict[str, Any]) -> list[str]:
    prompts = p.get("prompts")
    if not p.get("channel_id") or not isinstance(prompts, list):
        return ["invalid_arguments", "[ERROR] missing required field: channel_id or prompts"]
    bad = not 1 <= len(prompts) <= 4 or any(
        not isinstance(x, dict) or not x.get("title") or not x.get("message") for x in prompts
    )
    return (
        ["invalid_arguments", "[ERROR] 1 to 4 prompts, each a title and a message"] if bad else []
    )


def view_errors(method: str, p: dict[str, Any]) -> list[str]:
    """[error code, messages…] when Slack would refuse the call; [] when it is acceptable."""
    if method == "assistant.threads.setSuggestedPrompts":
        return _prompt_errors(p)
    view = p.get("view")
    if not isinstance(view, dict):
        return ["invalid_arguments", "[ERROR] missing required field: view"]
    if method == "views.publish":
        if not p.get("user_id"):
            return ["invalid_arguments", "[ERROR] missing required field: user_id"]
        errors = [f"[ERROR] unsupported property: {k}" for k in sorted(view.keys() - HOME_FIELDS)]
        errors += [] if view.get("type") == "home" else ["[ERROR] view.type must be home"]
    else:
        if not p.get("trigger_id") and not p.get("interactivity_pointer"):
            return ["invalid_arguments", "[ERROR] missing required field: trigger_id"]
        errors = [] if view.get("type") == "modal" else ["[ERROR] view.type must be modal"]
        errors += _modal_errors(view)
    errors += block_errors(view.get("blocks") or [], limit=100)
    return ["invalid_arguments", *errors] if errors else []
