"""The « Envoyer pour approbation » button under a DM critique (its value: the reply id)."""

from __future__ import annotations

from typing import Any

from bot.slack.approval_texts import at

APPROVAL_START = "approval_start"


def approval_start_block(reply_id: str, language: str) -> dict[str, Any]:
    """An actions block with the one button opening the reviewer modal."""
    button = {
        "type": "button",
        "text": {"type": "plain_text", "text": at("send_button", language), "emoji": True},
        "action_id": APPROVAL_START,
        "value": reply_id,
    }
    return {"type": "actions", "block_id": f"approval:{reply_id}", "elements": [button]}
