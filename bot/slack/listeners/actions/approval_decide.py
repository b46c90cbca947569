"""« Approuver » and « Demander des changements » in the reviewer's DM (after the ack)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.acks import ack_now
from bot.slack.approval_blocks import APPROVE, CHANGES, changes_modal, parse_value
from bot.slack.approvals import decide, refusal, retire_stale
from bot.slack.services import Services
from bot.state.approvals import Approvals

log = logging.getLogger(__name__)


def register(app: App, root: Services) -> None:
    """Listen to the two buttons: approving is recorded at once, changes ask for a comment."""

    def approve(
        action: dict[str, Any],
        respond: Respond,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        services = root.scoped(context)
        user = context.user_id or ""  # Bolt reads it from the payload
        request_id, number = parse_value(str(action.get("value") or ""))
        outcome, request = decide(services, client, request_id, number, user, "approved")
        if outcome != "ok":
            text = refusal(outcome, request, services.languages.get(user))
            respond(text=text, response_type="ephemeral", replace_original=False)

    def ask_changes(
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        services = root.scoped(context)
        user = context.user_id or ""  # Bolt reads it from the payload
        request_id, number = parse_value(str(action.get("value") or ""))
        approvals = Approvals(services.store)
        outcome = approvals.check(request_id, number, user)
        request = approvals.get(request_id)
        if outcome != "ok" or request is None:
            if outcome == "stale" and request is not None:  # the old buttons go too
                retire_stale(services, client, request, number)
            text = refusal(outcome, request, services.languages.get(user))
            respond(text=text, response_type="ephemeral", replace_original=False)
            return
        view = changes_modal(request_id, number, request.language)
        try:
            client.views_open(trigger_id=body["trigger_id"], view=view)
        except SlackApiError as exc:  # e.g. expired_trigger_id: the click can be redone
            log.info("changes modal not opened: %s", exc.response.get("error"))

    app.action(APPROVE)(ack=ack_now, lazy=[approve])
    app.action(CHANGES)(ack=ack_now, lazy=[ask_changes])
