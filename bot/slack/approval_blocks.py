"""Block Kit of the approval loop: the reviewer modal, the reviewer's message, the comment modal."""

from __future__ import annotations

import json
from typing import Any

from bot.slack.approval_texts import at
from bot.slack.blocks import SECTION_LIMIT, Block, context, header, section
from bot.slack.formatting import defang, escape, split_text, truncate
from bot.state.approvals import MAX_COMMENT

REQUEST_VIEW = "approval_request"
CHANGES_VIEW = "approval_changes"
APPROVE = "approval_approve"
CHANGES = "approval_changes"
REVIEWER_BLOCK, NOTE_BLOCK, COMMENT_BLOCK = "reviewer", "note", "comment"
MAX_METADATA = 3000  # Slack's limit on a view's private_metadata


def request_modal(metadata: dict[str, str], language: str) -> dict[str, Any]:
    """The modal of « Envoyer pour approbation »: a users select and an optional note.

    `metadata` (reply id, channel, thread, summary) rides in private_metadata."""
    meta = dict(metadata)
    while len(json.dumps(meta)) > MAX_METADATA and meta.get("summary"):
        meta["summary"] = meta["summary"][: len(meta["summary"]) // 2]
    return {
        "type": "modal",
        "callback_id": REQUEST_VIEW,
        "private_metadata": json.dumps(meta),
        "title": {"type": "plain_text", "text": at("modal_title", language)},
        "submit": {"type": "plain_text", "text": at("modal_submit", language)},
        "close": {"type": "plain_text", "text": at("modal_close", language)},
        "blocks": [
            section(at("modal_intro", language)),
            _input(
                REVIEWER_BLOCK,
                at("reviewer_label", language),
                {
                    "type": "users_select",
                    "placeholder": {
                        "type": "plain_text",
                        "text": at("reviewer_placeholder", language),
                    },
                },
            ),
            {
                **_input(
                    NOTE_BLOCK,
                    at("note_label", language),
                    {"type": "plain_text_input", "multiline": True, "max_length": MAX_COMMENT},
                ),
                "optional": True,
            },
        ],
    }


def changes_modal(request_id: str, version: int, language: str) -> dict[str, Any]:
    """The comment modal of « Demander des changements » (comment required, ≤ 1,000 chars)."""
    element = {"type": "plain_text_input", "multiline": True, "max_length": MAX_COMMENT}
    return {
        "type": "modal",
        "callback_id": CHANGES_VIEW,
        "private_metadata": f"{request_id}:{version}:{language}",
        "title": {"type": "plain_text", "text": at("comment_title", language)},
        "submit": {"type": "plain_text", "text": at("comment_send", language)},
        "close": {"type": "plain_text", "text": at("modal_close", language)},
        "blocks": [_input(COMMENT_BLOCK, at("comment_label", language), element)],
    }


def _input(block_id: str, label: str, element: Block) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {**element, "action_id": block_id},
    }


def submitted(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    """The state of one input of a submitted view ({} when absent)."""
    values = (view.get("state") or {}).get("values") or {}
    return (values.get(block_id) or {}).get(block_id) or {}


def review_blocks(
    *,
    request_id: str,
    version: int,
    author: str,
    draft: str,
    summary: str,
    note: str,
    language: str,
    outcome: str | None = None,
) -> list[Block]:
    """The reviewer's message: draft, version, critique summary, then the two buttons, or (once
    decided or replaced) the line saying what happened instead of them."""
    quoted = "\n".join(f">{line}" if line else ">" for line in escape(defang(draft)).split("\n"))
    blocks: list[Block] = [
        header(at("review_title", language)),
        section(at("review_intro", language, author=author, version=version)),
        *[section(piece) for piece in split_text(quoted, SECTION_LIMIT)][:20],
    ]
    if summary:
        blocks.append(context(at("review_summary", language, summary=truncate(summary, 1500))))
    if note:
        clean = escape(defang(note))
        blocks.append(context(at("review_note", language, author=author, note=clean)))
    if outcome is not None:
        blocks.append(section(outcome))
        return blocks
    value = f"{request_id}:{version}"
    blocks.append(
        {
            "type": "actions",
            "block_id": f"approval:{request_id}:{version}",
            "elements": [
                _button(at("approve", language), APPROVE, value, "primary"),
                _button(at("changes", language), CHANGES, value),
            ],
        }
    )
    return blocks


def _button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def parse_value(value: str) -> tuple[str, int]:
    """(request id, version) from a button value or a comment modal's metadata; ("", 0) else."""
    request_id, _, rest = str(value or "")[:60].partition(":")
    number = rest.partition(":")[0]
    return (request_id, int(number)) if number.isdigit() and request_id else ("", 0)


def modal_language(view: dict[str, Any]) -> str:
    """The language the comment modal was written in (its metadata's last part)."""
    return "en" if str(view.get("private_metadata") or "").endswith(":en") else "fr"
