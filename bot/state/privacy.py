"""Law 25: every column holding a Slack user id, and export / forget of one person's data.

Both work inside one workspace (`team_id`; "" in single-workspace mode): Slack user ids are
unique per workspace only, so another workspace's rows are never exported nor deleted."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import Connection, Engine, Table, and_, delete, func, or_, select, update

from bot.state.models import Base

USER_ID = re.compile(r"^[UW][A-Z0-9]{6,39}$")
"""A Slack user id: U… (or W… on Enterprise Grid), upper-case letters and digits."""


@dataclass(frozen=True)
class PersonalColumn:
    """A column holding a Slack user id, what it tells about the person, and how to forget it."""

    table: str
    column: str
    on_forget: Literal["delete", "unlink"]  # delete the row, or blank the id and keep the row
    why: str
    also_blank: tuple[str, ...] = ()  # text columns blanked with the id when unlinking


PERSONAL_COLUMNS: tuple[PersonalColumn, ...] = (
    PersonalColumn(
        "replies", "user_id", "delete", "the person's questions and drafts, and what the bot sent"
    ),
    PersonalColumn("feedback", "user_id", "delete", "the person's 👍/👎 clicks on replies"),
    PersonalColumn(
        "joined_threads", "user_id", "delete", "threads the person brought the bot into"
    ),
    PersonalColumn("user_languages", "user_id", "delete", "the language the person chose"),
    PersonalColumn(
        "subscriptions",
        "created_by",
        "unlink",
        "weekly posts the person set up: the channel keeps its posts, the creator is erased",
    ),
    PersonalColumn(
        "brand_profiles",
        "updated_by",
        "unlink",
        "brand profiles the person last changed: the workspace keeps its profile, the editor is "
        "erased",
    ),
    PersonalColumn(
        "approval_requests", "author_id", "delete", "drafts the person sent for approval"
    ),
    PersonalColumn(
        "approval_requests",
        "reviewer_id",
        "unlink",
        "approvals asked of the person: the author keeps the request, the reviewer is erased (a "
        "request still waiting for them is cancelled, so its author can ask someone else)",
    ),
    PersonalColumn("approval_versions", "author_id", "delete", "each version of those drafts"),
    PersonalColumn("approval_decisions", "author_id", "delete", "decisions on the person's drafts"),
    PersonalColumn(
        "approval_decisions",
        "decided_by",
        "unlink",
        "the person's decisions as reviewer: the author keeps the decision, the reviewer and "
        "the comment are erased",
        also_blank=("comment",),
    ),
)

NOT_PERSONAL: dict[tuple[str, str], str] = {
    ("weekly_posts", "claimed_by"): "the replica (host:pid) that posted, not a person",
    ("slack_installations", "user_id"): (
        "who installed the app: part of the workspace's installation (Slack OAuth), kept while "
        "the app is installed and deleted with it at uninstall"
    ),
    ("slack_installations", "bot_user_id"): "the bot's own user id in the workspace",
    ("slack_bots", "bot_user_id"): "the bot's own user id in the workspace",
    ("slack_installations", "user_token"): "a user token (the app asks no user scopes: empty)",
    ("slack_installations", "user_refresh_token"): "the refresh token of that user token",
    ("slack_installations", "user_scopes"): "the scopes of that user token",
    ("slack_installations", "user_token_expires_at"): "when that user token expires",
}
"""Columns whose names look like a user id but are not one (checked by the tests)."""

USER_COLUMN_NAME = re.compile(r"(^|_)(user|users|author|owner|member|reviewer|by)(_|$)")
"""Column names that suggest a user id: a new one must be in PERSONAL_COLUMNS or NOT_PERSONAL."""

SECRET_COLUMNS = frozenset({"bot_token", "bot_refresh_token", "user_token", "user_refresh_token"})
"""Credentials never written into an export (the row is exported without them)."""


class InvalidUserId(ValueError):
    """The text given is not a Slack user id."""


def normalize_user_id(raw: str) -> str:
    """`raw` trimmed and upper-cased, or InvalidUserId when it is not a Slack user id."""
    user = raw.strip().upper()
    if not USER_ID.fullmatch(user):
        raise InvalidUserId(raw)
    return user


def user_hash(user_id: str) -> str:
    """A short stable digest of a user id for logs (the id itself is not logged)."""
    return hashlib.sha256(user_id.encode()).hexdigest()[:16]


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat() + ("Z" if value.tzinfo is None else "")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _tables() -> dict[str, list[PersonalColumn]]:
    """PERSONAL_COLUMNS grouped by table, in declaration order."""
    grouped: dict[str, list[PersonalColumn]] = {}
    for entry in PERSONAL_COLUMNS:
        grouped.setdefault(entry.table, []).append(entry)
    return grouped


def _owned(table: Table, entries: list[PersonalColumn], user_id: str, team_id: str) -> Any:
    return and_(
        table.c.team_id == team_id, or_(*(table.c[entry.column] == user_id for entry in entries))
    )


def export_user(engine: Engine, user_id: str, team_id: str = "") -> dict[str, list[dict[str, Any]]]:
    """Every row of workspace `team_id` holding `user_id`, by table, all columns but
    credentials, oldest key first (JSON-ready)."""
    data: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn:
        for name, entries in _tables().items():
            table = _table(name)
            query = (
                select(table)
                .where(_owned(table, entries, user_id, team_id))
                .order_by(*table.primary_key.columns)
            )
            data[name] = [
                {
                    key: _jsonable(value)
                    for key, value in row._mapping.items()
                    if key not in SECRET_COLUMNS
                }
                for row in conn.execute(query)
            ]
    return data


def _copied_questions(table_feedback: Table, replies: Table, user_id: str, team_id: str) -> Any:
    """Other people's feedback rows (same workspace) that carry a copy of this person's question."""
    asked = select(replies.c.reply_id).where(
        replies.c.team_id == team_id, replies.c.user_id == user_id
    )
    return (
        table_feedback.c.team_id == team_id,
        table_feedback.c.reply_id.in_(asked),
        table_feedback.c.user_id != user_id,
        table_feedback.c.question != "",
    )


def _forget(conn: Connection, user_id: str, team_id: str, dry_run: bool) -> dict[str, int]:
    counts: dict[str, int] = {}
    feedback, replies = _table("feedback"), _table("replies")
    copied = _copied_questions(feedback, replies, user_id, team_id)
    # Before the replies go: feedback by others copies the question of the reply it rates.
    if dry_run:
        scrubbed = conn.scalar(select(func.count()).select_from(feedback).where(*copied))
    else:
        scrubbed = conn.execute(update(feedback).where(*copied).values(question="")).rowcount
        # Before the reviewer is erased: requests still waiting for them could never be decided.
        requests = _table("approval_requests")
        waiting = and_(
            requests.c.team_id == team_id,
            requests.c.reviewer_id == user_id,
            requests.c.status == "open",
        )
        conn.execute(update(requests).where(waiting).values(status="cancelled"))
    for name, entries in _tables().items():
        table = _table(name)
        owned = _owned(table, entries, user_id, team_id)
        if dry_run:
            counts[name] = int(conn.scalar(select(func.count()).select_from(table).where(owned)))
        else:  # rows the person owns go; then their id is blanked where it stays (mixed tables)
            deleting = [e for e in entries if e.on_forget == "delete"]
            counts[name] = 0
            if deleting:
                gone = _owned(table, deleting, user_id, team_id)
                counts[name] += int(conn.execute(delete(table).where(gone)).rowcount or 0)
            for entry in entries:
                if entry.on_forget != "unlink":
                    continue
                column = table.c[entry.column]
                mine = and_(table.c.team_id == team_id, column == user_id)
                blanks = {column: "", **{table.c[c]: "" for c in entry.also_blank}}
                result = conn.execute(update(table).where(mine).values(blanks))
                counts[name] += int(result.rowcount or 0)
    counts["feedback_questions_scrubbed"] = int(scrubbed or 0)
    return counts


def forget_user(
    engine: Engine, user_id: str, dry_run: bool = False, team_id: str = ""
) -> dict[str, int]:
    """Delete (or unlink) every row of workspace `team_id` holding `user_id` in one
    transaction; counts by table.

    Other people's feedback on this person's replies keeps the click but loses the copied
    question. Idempotent: a second call finds nothing. `dry_run` only counts."""
    with engine.begin() as conn:
        return _forget(conn, user_id, team_id, dry_run)
