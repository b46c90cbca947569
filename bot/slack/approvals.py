"""The approval loop's Slack side: send a version to the reviewer, record and announce decisions.

Every function here runs after the ack (lazy listeners), except `reviewer_problem`, the modal's
check, which asks Slack who the reviewer is with a short timeout of its own.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.approval_blocks import review_blocks
from bot.slack.approval_texts import at, when_text
from bot.slack.formatting import defang, escape
from bot.slack.services import Services
from bot.state.approvals import Approvals, Outcome, RequestInfo, VersionInfo

log = logging.getLogger(__name__)
CHECK_TIMEOUT_S = 1.5
"""users.info during the modal's ack: Slack wants the ack within 3 s."""
SLACKBOT = "USLACKBOT"


def reviewer_problem(client: WebClient, author: str, reviewer: str, language: str) -> str | None:
    """Why `reviewer` cannot approve `author`'s draft (the modal shows it), or None.

    When Slack does not answer in time the choice is accepted (nothing is known against it)."""
    if not reviewer:
        return at("reviewer_missing", language)
    if reviewer == author:
        return at("reviewer_self", language)
    if reviewer == SLACKBOT:
        return at("reviewer_bot", language)
    quick = WebClient(token=client.token, base_url=client.base_url, timeout=CHECK_TIMEOUT_S)
    try:
        user = quick.users_info(user=reviewer).get("user") or {}
    except SlackApiError as exc:
        if exc.response.get("error") == "user_not_found":
            return at("reviewer_unknown", language)
        log.info("reviewer not checked: %s", exc.response.get("error"))
        return None
    except OSError as exc:  # timeout or connection: the lazy step goes on
        log.info("reviewer not checked: %s", type(exc).__name__)
        return None
    if user.get("is_bot") or user.get("is_app_user"):
        return at("reviewer_bot", language)
    if user.get("deleted"):
        return at("reviewer_inactive", language)
    return None


def tell_author(client: WebClient, request: RequestInfo, text: str) -> None:
    """One line in the critique's thread, where the author follows the request."""
    try:
        client.chat_postMessage(channel=request.channel, thread_ts=request.thread_ts, text=text)
    except SlackApiError as exc:
        log.warning("approval line not posted in the thread: %s", exc.response.get("error"))


def send_version(
    services: Services, client: WebClient, request: RequestInfo, version: VersionInfo
) -> bool:
    """Post `version` with fresh buttons in the reviewer's DM; False when Slack refused."""
    blocks = _review(request, version)
    try:
        opened = client.conversations_open(users=request.reviewer_id)
        channel = str((opened.get("channel") or {}).get("id") or "")
        posted = client.chat_postMessage(
            channel=channel, text=at("review_title", request.language), blocks=blocks
        )
    except SlackApiError as exc:
        log.warning("approval request not delivered: %s", exc.response.get("error"))
        return False
    Approvals(services.store).set_review_message(
        request.id, version.number, str(posted["channel"]), str(posted["ts"])
    )
    return True


def _review(request: RequestInfo, version: VersionInfo, outcome: str | None = None) -> list:
    return review_blocks(
        request_id=request.id,
        version=version.number,
        author=request.author_id,
        draft=version.draft,
        summary=version.summary,
        note=request.note,
        language=request.language,
        outcome=outcome,
    )


def close_version_message(
    client: WebClient, request: RequestInfo, version: VersionInfo | None, outcome: str
) -> None:
    """Replace a version's buttons in the reviewer's DM by the line saying what happened."""
    if version is None or not version.review_ts:
        return
    try:
        client.chat_update(
            channel=version.review_channel,
            ts=version.review_ts,
            text=outcome,
            blocks=_review(request, version, outcome),
        )
    except SlackApiError as exc:
        log.info("reviewer message not updated: %s", exc.response.get("error"))


def start(
    services: Services,
    client: WebClient,
    *,
    author: str,
    reviewer: str,
    meta: dict[str, str],
    note: str,
) -> None:
    """Create the request (version 1 = the critiqued draft) and send it; tell the author."""
    store = services.store
    reply = store.get_reply(str(meta.get("reply") or "")[:40])
    channel, thread_ts = str(meta.get("channel") or ""), str(meta.get("thread") or "")
    language = "en" if meta.get("lang") == "en" else "fr"
    if (
        reply is None
        or reply.kind != "critique"
        or not reply.question
        or not thread_ts
        or reply.channel != channel  # the critique's own DM, never another conversation
    ):
        client.chat_postMessage(channel=author, text=at("draft_gone", language))
        return
    approvals = Approvals(store)
    request = approvals.create(
        author=author,
        reviewer=reviewer,
        channel=channel,
        thread_ts=thread_ts,
        draft=reply.question,
        summary=str(meta.get("summary") or ""),
        reply_id=reply.reply_id,
        language=language,
        note=" ".join(note.split()),
    )
    if request is None:
        current = approvals.open_in_thread(channel, thread_ts)
        who = current.reviewer_id if current else reviewer
        tell_author(
            client, _where(channel, thread_ts, language), at("already_open", language, reviewer=who)
        )
        return
    # Later messages in this thread are drafts: critiqued, then sent as the next version.
    store.set_thread_kind(channel, thread_ts, "critique", user_id=author)
    first = approvals.version(request.id, 1)
    if first is None or not send_version(services, client, request, first):
        approvals.cancel(request.id)
        tell_author(client, request, at("not_delivered", language, reviewer=reviewer))
        return
    tell_author(client, request, at("sent", language, reviewer=reviewer, version=1))


def _where(channel: str, thread_ts: str, language: str) -> RequestInfo:
    return RequestInfo("", "", "", channel, thread_ts, "", 0, language, "")


def new_version(
    services: Services, client: WebClient, conversation: Any, edited: bool = False
) -> None:
    """After a DM critique in a thread with an open request by its author: the next version
    (a new draft in the thread, or with `edited` an edit of one of the author's messages there,
    the thread's first message included)."""
    critique = getattr(conversation, "critique", None)
    root = conversation.thread_ts == conversation.ts
    if critique is None or not conversation.is_dm or (root and not edited):
        return
    approvals = Approvals(services.store)
    request = approvals.open_in_thread(conversation.channel, conversation.thread_ts)
    if request is None or request.author_id != conversation.user:
        return
    summary = escape(defang(critique.summary or ""))
    added = approvals.add_version(
        request.id, conversation.user, conversation.text, summary, conversation.reply_id
    )
    if added is None:
        return
    previous = approvals.version(request.id, added.number - 1)
    line = _with_decision(services, request, added.number - 1, "superseded", added.number)
    close_version_message(client, request, previous, line)
    if not send_version(services, client, request, added):
        tell_author(
            client, request, at("not_delivered", request.language, reviewer=request.reviewer_id)
        )
        return
    text = at(
        "new_version_sent", request.language, version=added.number, reviewer=request.reviewer_id
    )
    tell_author(client, request, text)


def decide(
    services: Services,
    client: WebClient,
    request_id: str,
    number: int,
    user: str,
    decision: str,
    comment: str = "",
) -> tuple[Outcome, RequestInfo | None]:
    """Record the decision; when it counts, announce it in the thread and close its buttons."""
    approvals = Approvals(services.store)
    outcome = approvals.decide(request_id, number, user, decision, comment)
    request = approvals.get(request_id)
    if outcome != "ok" or request is None:
        if outcome == "stale" and request is not None:
            retire_stale(services, client, request, number)
        return outcome, request
    lang = request.language
    line = decision_line(services, request, number, decision, user, comment, services.clock())
    closing = line
    if decision != "approved":
        closing = f"{line}\n{at('waiting_new_version', lang, author=request.author_id)}"
    tell_author(client, request, line)
    close_version_message(client, request, approvals.version(request_id, number), closing)
    return outcome, request


def decision_line(
    services: Services,
    request: RequestInfo,
    number: int,
    decision: str,
    user: str,
    comment: str,
    moment: datetime,
) -> str:
    """« ✅ Approuvé par … le … (version N). » or the changes asked, with the comment."""
    lang = request.language
    when = when_text(moment, services.settings.timezone, lang)
    if decision == "approved":
        return at("approved_line", lang, user=user, when=when, version=number)
    clean = escape(defang(" ".join(comment.split())))
    return at("changes_line", lang, user=user, when=when, version=number, comment=clean)


def _with_decision(
    services: Services, request: RequestInfo, number: int, key: str, newest: int
) -> str:
    """The line replacing an old version's buttons: its decision, if any, then `key`."""
    line = at(key, request.language, version=newest)
    trail = [d for d in Approvals(services.store).trail(request.id) if d.version == number]
    if not trail:
        return line
    d = trail[0]
    moment = d.created_at.replace(tzinfo=UTC)
    said = decision_line(services, request, number, d.decision, d.decided_by, d.comment, moment)
    return f"{said}\n{line}"


def retire_stale(services: Services, client: WebClient, request: RequestInfo, number: int) -> None:
    """A click on an old version: its message loses its buttons and points to the newest."""
    line = _with_decision(services, request, number, "superseded", request.current_version)
    version = Approvals(services.store).version(request.id, number)
    close_version_message(client, request, version, line)


def refusal(outcome: Outcome, request: RequestInfo | None, language: str) -> str:
    """The polite line for a decision that does not count."""
    if request is None or outcome == "unknown":
        return at("refused_unknown", language)
    if outcome == "stale":
        return at("refused_stale", request.language, version=request.current_version)
    key = {"not_reviewer": "refused_not_reviewer", "closed": "refused_closed"}.get(
        outcome, "refused_decided"
    )
    return at(key, request.language)
