"""After a 👎: « Qu'est-ce qui manquait? » with a few choices, and a modal for one's own words."""

from __future__ import annotations

from typing import Any

from bot.french import Language
from bot.slack.texts import t

REASON_ACTION = "feedback_reason"
COMMENT_VIEW = "feedback_comment"
COMMENT_BLOCK, COMMENT_INPUT = "comment", "text"
MAX_COMMENT = 500
# The choices, in the order shown; "other" opens the comment modal.
FEEDBACK_REASONS: dict[str, dict[str, str]] = {
    "inexact": {"fr": "C'est inexact", "en": "It's wrong"},
    "vague": {"fr": "Trop général", "en": "Too general"},
    "off_topic": {"fr": "À côté de la question", "en": "Missed the question"},
    "not_covered": {"fr": "Le guide n'en parle pas", "en": "The guidance doesn't cover it"},
    "other": {"fr": "Autre chose…", "en": "Something else…"},
}


def reason_label(reason: str, language: Language) -> str:
    """The choice as the person read it."""
    return FEEDBACK_REASONS.get(reason, {}).get(language, reason)


def reason_blocks(reply_id: str, language: Language) -> list[dict[str, Any]]:
    """The ephemeral question and its buttons (values carry the reply id and the choice)."""
    buttons = [
        {
            "type": "button",
            "action_id": f"{REASON_ACTION}_{reason}",
            "text": {"type": "plain_text", "text": labels[language]},
            "value": f"{reason}:{reply_id}",
        }
        for reason, labels in FEEDBACK_REASONS.items()
    ]
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": t("what_was_missing", language)}},
        {"type": "actions", "block_id": "feedback_reasons", "elements": buttons},
    ]


def parse_reason(value: str) -> tuple[str, str]:
    """(reason, reply id) from a button's value; an unknown reason gives ("", "")."""
    reason, _, reply_id = value.partition(":")
    return (reason, reply_id[:40]) if reason in FEEDBACK_REASONS else ("", "")


def comment_view(reply_id: str, language: Language) -> dict[str, Any]:
    """The modal asking for the person's own words (one multi-line input)."""
    return {
        "type": "modal",
        "callback_id": COMMENT_VIEW,
        "private_metadata": reply_id,
        "title": {"type": "plain_text", "text": t("comment_title", language)},
        "submit": {"type": "plain_text", "text": t("comment_send", language)},
        "close": {"type": "plain_text", "text": t("comment_cancel", language)},
        "blocks": [
            {
                "type": "input",
                "block_id": COMMENT_BLOCK,
                "label": {"type": "plain_text", "text": t("comment_label", language)},
                "element": {
                    "type": "plain_text_input",
                    "action_id": COMMENT_INPUT,
                    "multiline": True,
                    "max_length": MAX_COMMENT,
                },
            }
        ],
    }


def submitted_comment(view: dict[str, Any]) -> str:
    """The text typed in the modal, trimmed to MAX_COMMENT."""
    values = (view.get("state") or {}).get("values") or {}
    typed = ((values.get(COMMENT_BLOCK) or {}).get(COMMENT_INPUT) or {}).get("value") or ""
    return " ".join(str(typed).split())[:MAX_COMMENT]
