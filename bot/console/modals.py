"""Modals in the console: views.open (checked like Slack, with its 3 s trigger), their HTML, and
the view_submission the page's « Envoyer » makes (required fields and lengths checked first)."""

from __future__ import annotations

import html
import itertools
import secrets
import time
from typing import Any

from bot.console import api_checks
from bot.console.api_checks import SlackError
from bot.console.render import block_html, text_object
from bot.console.workspace import Workspace

TRIGGER_TTL_S = 3.0  # Slack: a trigger_id must be used within 3 seconds, once
MODAL_FIELDS = {
    "type", "blocks", "private_metadata", "callback_id", "external_id", "title", "close",
    "submit", "clear_on_close", "notify_on_close", "submit_disabled",
}  # fmt: skip
REQUIRED_ERROR = "Ce champ est obligatoire."
_ids = itertools.count(1)


def new_trigger(ws: Workspace, user: str) -> str:
    """A trigger_id for an interaction of `user` (what a click or command carries)."""
    trigger = f"{int(time.time())}.{secrets.randbelow(10**12)}.{secrets.token_hex(16)}"
    ws.triggers[trigger] = (user, time.monotonic())
    return trigger


def _plain(obj: Any, limit: int) -> bool:
    return (
        isinstance(obj, dict)
        and obj.get("type") == "plain_text"
        and 0 < len(obj.get("text") or "") <= limit
    )


def modal_errors(view: Any) -> list[str]:
    """What Slack refuses in a modal view (fields, title/submit/close, inputs, blocks)."""
    if not isinstance(view, dict) or view.get("type") != "modal":
        return ["[ERROR] view.type must be modal"]
    errors = [f"[ERROR] unsupported property: {k}" for k in sorted(view.keys() - MODAL_FIELDS)]
    for name in ("title", "submit", "close"):
        if (name == "title" or name in view) and not _plain(view.get(name), 24):
            errors.append(f"[ERROR] {name} must be plain_text of 1 to 24 characters")
    blocks = view.get("blocks") or []
    if (
        any(b.get("type") == "input" for b in blocks if isinstance(b, dict))
        and "submit" not in view
    ):
        errors.append("[ERROR] a view with input blocks requires submit")
    if len(str(view.get("private_metadata") or "")) > 3000:
        errors.append("[ERROR] private_metadata must be 3000 characters or fewer")
    return errors + api_checks.block_errors(blocks, limit=100)


def views_open(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    """Open a modal for the person whose interaction made the trigger (once, within 3 s)."""
    found = ws.triggers.pop(str(args.get("trigger_id") or ""), None)
    if found is None:
        raise SlackError("invalid_trigger_id")
    user, made = found
    if time.monotonic() - made > TRIGGER_TTL_S:
        raise SlackError("expired_trigger_id")
    view = args.get("view")
    if errors := modal_errors(view):
        raise SlackError("invalid_arguments", errors)
    team = ws.team_of_user(user) or ws.default_team
    view_id = f"V0MODAL{next(_ids):05d}"
    ws.modals[view_id] = {"view": view, "user": user, "team": team.id}
    ws.publish(
        {
            "kind": "modal",
            "team": team.id,
            "view_id": view_id,
            "html": modal_html(ws, view, team.id),
        }
    )
    return {"view": {"id": view_id, "team_id": team.id, **view}}


def _people(ws: Workspace, team_id: str) -> list[tuple[str, str]]:
    return [(uid, str(u.get("real_name") or uid)) for uid, u in ws.users.items()
            if u.get("team_id") == team_id or u.get("is_bot")]  # fmt: skip


def _input_html(ws: Workspace, block: dict[str, Any], team_id: str) -> str:
    block_id = html.escape(str(block.get("block_id", "")), quote=True)
    element = block.get("element") or {}
    label = text_object(block.get("label"))
    optional = ' <span class="muted">(facultatif)</span>' if block.get("optional") else ""
    if element.get("type") == "users_select":
        placeholder = text_object(element.get("placeholder")) or "…"
        options = "".join(
            f'<option value="{html.escape(uid, quote=True)}">{html.escape(name)}</option>'
            for uid, name in _people(ws, team_id)
        )
        field = (f'<select class="modal-field" data-block-id="{block_id}">'
                 f'<option value="">{placeholder}</option>{options}</select>')  # fmt: skip
    elif element.get("type") == "plain_text_input":
        limit = int(element.get("max_length") or 3000)
        field = (f'<textarea class="modal-field" data-block-id="{block_id}" rows="4" '
                 f'maxlength="{limit}"></textarea>')  # fmt: skip
    else:
        kind = html.escape(str(element.get("type")))
        field = f'<span class="unsupported">[élément {kind} non affiché]</span>'
    return (f'<label class="modal-input">{label}{optional}{field}'
            f'<span class="modal-error" data-error-for="{block_id}"></span></label>')  # fmt: skip


def modal_html(ws: Workspace, view: dict[str, Any], team_id: str) -> str:
    """The modal as HTML (escaped here; the page inserts it as is)."""
    body = "".join(
        _input_html(ws, b, team_id) if b.get("type") == "input" else block_html(b)
        for b in view.get("blocks") or []
        if isinstance(b, dict)
    )
    close = text_object(view.get("close")) or "Annuler"
    submit = text_object(view.get("submit")) if view.get("submit") else ""
    buttons = f'<button type="button" class="button modal-close">{close}</button>'
    if submit:
        buttons += f'<button type="submit" class="button primary modal-submit">{submit}</button>'
    title = f'<div class="modal-title">{text_object(view.get("title"))}</div>'
    footer = f'<div class="modal-buttons">{buttons}</div>'
    return f'<form class="modal">{title}<div class="modal-body">{body}</div>{footer}</form>'


def submission(
    ws: Workspace, view_id: str, typed: dict[str, str]
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """(the view_submission payload, {}) for what the person typed, or (None, errors) when Slack
    itself would not submit (a required field empty, a text too long)."""
    modal = ws.modals.get(view_id)
    if modal is None:
        return None, {}
    view, values, errors = modal["view"], {}, {}
    for block in view.get("blocks") or []:
        if block.get("type") != "input":
            continue
        block_id, element = str(block.get("block_id")), block.get("element") or {}
        raw = str(typed.get(block_id) or "")
        if not raw.strip() and not block.get("optional"):
            errors[block_id] = REQUIRED_ERROR
        if element.get("max_length") and len(raw) > int(element["max_length"]):
            errors[block_id] = f"Au plus {element['max_length']} caractères."
        kind = element.get("type")
        state: dict[str, Any] = {"type": kind}
        if kind == "users_select":
            state["selected_user"] = raw or None
        else:
            state["value"] = raw or None
        values[block_id] = {str(element.get("action_id") or block_id): state}
    if errors:
        return None, errors
    team = ws.teams[modal["team"]]
    submitted = {**view, "id": view_id, "team_id": team.id, "state": {"values": values},
                 "hash": secrets.token_hex(8)}  # fmt: skip
    payload = {
        "type": "view_submission",
        "team": {"id": team.id, "domain": team.domain},
        "user": {"id": modal["user"], "team_id": team.id},
        "api_app_id": "A0KILOVOLT1",
        "token": "console-verification-token",
        "trigger_id": new_trigger(ws, modal["user"]),
        "view": submitted,
        "response_urls": [],
        "is_enterprise_install": False,
    }
    return payload, {}
