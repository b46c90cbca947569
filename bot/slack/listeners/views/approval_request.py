"""The reviewer modal submitted: a refused reviewer is shown in the modal, else the request goes."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.slack.approval_blocks import NOTE_BLOCK, REQUEST_VIEW, REVIEWER_BLOCK, submitted
from bot.slack.approvals import reviewer_problem, start
from bot.slack.services import Services


def _meta(view: dict[str, Any]) -> dict[str, str]:
    try:
        meta = json.loads(str(view.get("private_metadata") or "{}"))
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in meta.items()} if isinstance(meta, dict) else {}


def _choice(body: dict[str, Any], view: dict[str, Any]) -> tuple[str, str, str]:
    """(author, reviewer, note) of a submission."""
    author = str((body.get("user") or {}).get("id") or "")
    reviewer = str(submitted(view, REVIEWER_BLOCK).get("selected_user") or "")
    return author, reviewer, str(submitted(view, NOTE_BLOCK).get("value") or "")


def register(app: App, root: Services) -> None:
    """Check the reviewer in the ack (errors under the field); create and send lazily."""

    def check(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        author, reviewer, _ = _choice(body, view)
        language = _meta(view).get("lang", "fr")
        problem = reviewer_problem(client, author, reviewer, language)
        if problem:
            ack(response_action="errors", errors={REVIEWER_BLOCK: problem})
        else:
            ack()

    def send(
        body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        author, reviewer, note = _choice(body, view)
        meta = _meta(view)
        # Bolt starts this while the ack runs: the same check, so a refused choice stops here.
        if reviewer_problem(client, author, reviewer, meta.get("lang", "fr")):
            return  # the modal showed the error
        services = root.scoped(context)
        start(services, client, author=author, reviewer=reviewer, meta=meta, note=note)

    app.view(REQUEST_VIEW)(ack=check, lazy=[send])
