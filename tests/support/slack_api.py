"""A loopback stand-in for the Slack Web API recording every call (tests pass it as SLACK_API_URL).

It keeps the messages it is sent so `conversations.replies` answers from them, supports the
streaming methods, answers response_url posts, and can be scripted to fail (429, errors). It plays
several workspaces and OAuth v2 (tests/support/slack_oauth.py): each call is recorded with the
token that made it, and answered as that token's workspace.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import yaml

from bot.config import PROJECT_ROOT
from bot.console.api_checks import block_errors
from tests.support.slack_oauth import SlackAuth, Workspace
from tests.support.slack_replies import replies_page
from tests.support.slack_views import view_errors

MANIFEST_SCOPES = tuple(
    yaml.safe_load((PROJECT_ROOT / "deploy" / "slack-manifest.yaml").read_text("utf-8"))[
        "oauth_config"
    ]["scopes"]["bot"]
)
JSON_FIELDS = {"blocks", "attachments", "prompts", "view", "chunks", "metadata"}
BLOCK_METHODS = {"chat.postMessage", "chat.postEphemeral", "chat.update", "chat.stopStream"}
VIEW_METHODS = {"views.publish", "views.open", "assistant.threads.setSuggestedPrompts"}
CHANNEL_METHODS = {  # what fails in a channel the bot is not in (see SlackApiStandIn.closed)
    "chat.postMessage",
    "chat.postEphemeral",
    "chat.startStream",
    "conversations.replies",
    "reactions.add",
}


@dataclass
class Call:
    """One recorded request: method (or 'response_url'), decoded params, headers minus auth."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    at: float
    raw: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    token: str | None = None  # the bearer token the call was made with
    team_id: str = ""  # the workspace of that token


@dataclass
class Failure:
    """A scripted failure for the next `times` calls of a method."""

    status: int = 200
    error: str = "internal_error"
    retry_after: int | None = None
    times: int = 1


class SlackApiStandIn:
    """Threaded HTTP server playing the Slack Web API on 127.0.0.1 (port chosen by the OS)."""

    def __init__(
        self, bot_user_id: str = "UBOT", bot_id: str = "BBOT", team_id: str = "T1"
    ) -> None:
        self.bot_user_id, self.bot_id, self.team_id = bot_user_id, bot_id, team_id
        self.auth = SlackAuth(Workspace(team_id, "Kilovolt", bot_user_id, bot_id))
        self.calls: list[Call] = []
        self.auth_headers: list[str] = []
        self.messages: list[dict[str, Any]] = []
        self.failures: dict[str, list[Failure]] = {}
        self.unknown: set[str] = set()
        self.closed: dict[str, str] = {}  # channel → the error Slack gives a bot that can't post
        self.members: dict[str, set[str]] = {}  # channel → its members (users.conversations)
        self.views: list[dict[str, Any]] = []  # modals opened by views.open
        self.triggers: set[str] = set()  # trigger_ids views.open exchanged (each works once)
        self.files: dict[str, tuple[dict[str, Any], bytes]] = {}  # id → (files.info, content)
        self.downloads: list[tuple[str, bool]] = []  # (path, authorised) of private-URL GETs
        # The bot token's scopes (the manifest's): a method needing another is `missing_scope`.
        self.scopes: set[str] = set(MANIFEST_SCOPES)
        # users.info: every U…/W… id is a member; these are admins, these owners.
        self.admins: set[str] = set()
        self.owners: set[str] = set()
        self.bots: set[str] = set()  # other apps' bot users (users.info is_bot)
        self.deactivated: set[str] = set()  # users.info deleted; conversations.open user_disabled
        # Calls of these methods wait (before being answered) until the event is set.
        self.holds: dict[str, threading.Event] = {}
        self.lock = threading.Lock()
        self._ts = itertools.count(int(time.time() * 1000) % 1_000_000)  # distinct across runs
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- lifecycle ------------------------------------------------------------------------------
    def start(self) -> SlackApiStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        """The Web API base URL (SLACK_API_URL)."""
        return f"{self.url}/api/"

    def response_url(self, name: str = "r1") -> str:
        """A response_url for slash commands and actions."""
        return f"{self.url}/response/{name}"

    # --- scripting and inspection ---------------------------------------------------------------
    def fail(self, method: str, **kwargs: Any) -> None:
        """Make the next call(s) of `method` fail (see Failure)."""
        with self.lock:
            self.failures.setdefault(method, []).append(Failure(**kwargs))

    def next_ts(self) -> str:
        n = next(self._ts)
        return f"{1700000000 + n}.{n % 1_000_000:06d}"

    def add_file(self, name: str, data: bytes, mimetype: str, user: str = "U1") -> dict[str, Any]:
        """A file a user shared (as its `files.info`), whose private URL serves `data` to the
        bot's token only, as Slack does."""
        with self.lock:
            file_id = f"F{len(self.files) + 1:08d}"
            path = f"/files-pri/{self.team_id}-{file_id}/download/{name}"
            info = {
                "id": file_id,
                "name": name,
                "title": name,
                "mimetype": mimetype,
                "filetype": name.rsplit(".", 1)[-1].lower(),
                "size": len(data),
                "user": user,
                "url_private": f"{self.url}{path.replace('/download', '')}",
                "url_private_download": f"{self.url}{path}",
            }
            self.files[file_id] = (info, data)
        return info

    def add_user_message(
        self,
        channel: str,
        text: str,
        user: str = "U1",
        thread_ts: str | None = None,
        ts: str | None = None,
    ) -> dict[str, Any]:
        """Record a message a human sent (so conversations.replies returns it); returns it."""
        message = {
            "type": "message",
            "channel": channel,
            "user": user,
            "text": text,
            "ts": ts or self.next_ts(),
        }
        if thread_ts:
            message["thread_ts"] = thread_ts
        with self.lock:
            self.messages.append(message)
        return message

    def calls_to(self, *methods: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method in methods]

    def bot_messages(self, channel: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [
                m
                for m in self.messages
                if m.get("bot_id") and (channel is None or m["channel"] == channel)
            ]

    # --- method implementations -----------------------------------------------------------------
    def _message(self, channel: str, ts: str) -> dict[str, Any] | None:
        return next((m for m in self.messages if m["channel"] == channel and m["ts"] == ts), None)

    def _post(
        self, p: dict[str, Any], streaming: bool = False, team: Workspace | None = None
    ) -> dict[str, Any]:
        team = team or self.auth.default
        channel = str(p.get("channel") or "")
        if channel[:1] in ("U", "W"):  # a user id: Slack posts in the app's DM with that person
            channel = f"D{channel}"
        message = {
            "type": "message",
            "channel": channel,
            "ts": self.next_ts(),
            "text": p.get("text") or p.get("markdown_text") or _chunk_text(p),
            "blocks": p.get("blocks") or [],
            "user": team.bot_user_id,
            "bot_id": team.bot_id,
            "team": team.team_id,
            "streaming": streaming,
        }
        if p.get("thread_ts"):
            message["thread_ts"] = p["thread_ts"]
        self.messages.append(message)
        return {"ok": True, "channel": message["channel"], "ts": message["ts"], "message": message}

    def _answer(
        self, method: str, p: dict[str, Any], token: str | None, authorization: str | None
    ) -> dict[str, Any]:
        if method in self.unknown:
            return {"ok": False, "error": "unknown_method"}
        if method == "oauth.v2.access":  # client credentials, not a token
            return self.auth.oauth_access(p, authorization)
        if method != "response_url" and (error := self.auth.token_error(token)):
            return {"ok": False, "error": error}
        team = self.auth.workspace_of(token)
        if method in CHANNEL_METHODS and str(p.get("channel")) in self.closed:
            return {"ok": False, "error": self.closed[str(p.get("channel"))]}
        if method == "auth.test":
            return self.auth.auth_test(token)
        if method == "auth.revoke":
            return self.auth.revoke(str(token))
        if method in BLOCK_METHODS and (errors := block_errors(p.get("blocks") or [])):
            return {
                "ok": False,
                "error": "invalid_blocks",
                "response_metadata": {"messages": errors},
            }
        if method in VIEW_METHODS and (errors := view_errors(method, p)):
            return {"ok": False, "error": errors[0], "response_metadata": {"messages": errors[1:]}}
        if method == "chat.postMessage":
            return self._post(p, team=team)
        if method == "chat.startStream":
            return self._post(p, streaming=True, team=team)
        if method in {"chat.update", "chat.appendStream", "chat.stopStream"}:
            message = self._message(str(p.get("channel")), str(p.get("ts")))
            if message is None:
                return {"ok": False, "error": "message_not_found"}
            if method == "chat.update":
                message.update({k: p[k] for k in ("text", "blocks") if k in p})
                return {
                    "ok": True,
                    "channel": message["channel"],
                    "ts": message["ts"],
                    "text": message["text"],
                }
            if not message.get("streaming"):
                return {"ok": False, "error": "message_not_in_streaming_state"}
            message["text"] += str(p.get("markdown_text") or "") + _chunk_text(p)
            if method == "chat.stopStream":
                message["streaming"] = False
                message["blocks"] = p.get("blocks") or []
            return {"ok": True, "channel": message["channel"], "ts": message["ts"]}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self.next_ts()}
        if method == "conversations.replies":
            return replies_page(self.messages, p)
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V1", **(p.get("view") or {})}}
        if method == "views.open":
            trigger = str(p.get("trigger_id") or "")
            if trigger and trigger in self.triggers:
                return {"ok": False, "error": "exchanged_trigger_id"}
            self.triggers.add(trigger)
            self.views.append(p["view"])
            return {"ok": True, "view": {"id": f"V{len(self.views) + 1}", **p["view"]}}
        if method == "users.conversations":
            return self._user_channels(p)
        if method == "conversations.open":
            return self._open_dm(p)
        if method == "files.info":
            if "files:read" not in self.scopes:
                return {"ok": False, "error": "missing_scope", "needed": "files:read"}
            found = self.files.get(str(p.get("file") or ""))
            return (
                {"ok": True, "file": found[0]}
                if found
                else {"ok": False, "error": "file_not_found"}
            )
        if method == "users.info":
            if "users:read" not in self.scopes:
                return {"ok": False, "error": "missing_scope", "needed": "users:read"}
            return self._user_info(str(p.get("user") or ""))
        if method in {
            "reactions.add",
            "reactions.remove",
            "assistant.threads.setStatus",
            "assistant.threads.setSuggestedPrompts",
            "assistant.threads.setTitle",
        }:
            return {"ok": True}
        return {"ok": False, "error": "unknown_method"}

    def _user_info(self, user: str) -> dict[str, Any]:
        """users.info as Slack answers it: the user with its admin/owner flags, or
        user_not_found for an id that is not a user's."""
        if user[:1] not in ("U", "W") or not user[1:].isalnum():
            return {"ok": False, "error": "user_not_found"}
        owner = user in self.owners
        return {
            "ok": True,
            "user": {
                "id": user,
                "team_id": self.team_id,
                "name": user.lower(),
                "is_bot": user == self.bot_user_id or user in self.bots,
                "deleted": user in self.deactivated,
                "is_admin": user in self.admins or owner,
                "is_owner": owner,
                "is_primary_owner": False,
            },
        }

    def _open_dm(self, p: dict[str, Any]) -> dict[str, Any]:
        """conversations.open with one user (needs im:write): the app's DM with them, D<user>,
        as chat.postMessage to a user id posts there; Slack's errors for bots and deactivated
        accounts."""
        if "im:write" not in self.scopes:
            return {"ok": False, "error": "missing_scope", "needed": "im:write"}
        users = [u for u in str(p.get("users") or "").split(",") if u]
        if not users and not p.get("channel"):
            return {"ok": False, "error": "users_list_not_supplied"}
        if len(users) != 1 or users[0][:1] not in ("U", "W") or not users[0][1:].isalnum():
            return {"ok": False, "error": "user_not_found"}
        if users[0] in self.bots or users[0] == self.bot_user_id:
            return {"ok": False, "error": "cannot_dm_bot"}
        if users[0] in self.deactivated:
            return {"ok": False, "error": "user_disabled"}
        return {"ok": True, "channel": {"id": f"D{users[0]}"}}

    def hold(self, method: str) -> threading.Event:
        """Make calls of `method` wait until the returned event is set (or 10 s)."""
        self.holds[method] = threading.Event()
        return self.holds[method]

    def _user_channels(self, p: dict[str, Any]) -> dict[str, Any]:
        """users.conversations for `user`: its channels, `limit` a page, with a cursor."""
        user = str(p.get("user") or "")
        mine = sorted(c for c, users in self.members.items() if user in users)
        start = int(str(p.get("cursor") or "0"))
        limit = int(p.get("limit") or 100)
        page, rest = mine[start : start + limit], mine[start + limit :]
        cursor = str(start + limit) if rest else ""
        return {
            "ok": True,
            "channels": [{"id": c, "is_channel": True} for c in page],
            "response_metadata": {"next_cursor": cursor},
        }

    def _handle(
        self,
        method: str,
        raw: str,
        content_type: str,
        headers: dict[str, str],
        authorization: str | None = None,
    ) -> tuple[int, dict, dict]:
        params = _decode(raw, content_type)
        token = _bearer(authorization) or (str(params["token"]) if params.get("token") else None)
        with self.lock:
            failures = self.failures.get(method) or []
            if failures:
                failure = failures[0]
                failure.times -= 1
                if failure.times <= 0:
                    failures.pop(0)
                extra = (
                    {"Retry-After": str(failure.retry_after)}
                    if failure.retry_after is not None
                    else {}
                )
                result = {
                    "ok": False,
                    "error": "ratelimited" if failure.status == 429 else failure.error,
                }
                status = failure.status
            else:
                result = (
                    {"ok": True}
                    if method == "response_url"
                    else self._answer(method, params, token, authorization)
                )
                status, extra = 200, {}
            team = self.auth.workspace_of(token).team_id if token else ""
            call = Call(method, params, headers, time.monotonic(), raw, result, token, team)
            self.calls.append(call)
        return status, result, extra

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                if auth := self.headers.get("Authorization"):
                    stand_in.auth_headers.append(auth)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "authorization"}
                if self.path.startswith("/api/"):
                    method = self.path[5:].split("?")[0]
                elif self.path.startswith("/response/"):
                    method = "response_url"
                else:
                    self.send_error(404)
                    return
                if (held := stand_in.holds.get(method)) is not None:
                    held.wait(10)
                status, result, extra = stand_in._handle(
                    method, raw, self.headers.get("Content-Type", ""), headers, auth
                )
                body = json.dumps(result).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for key, value in extra.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                """Slack's OAuth consent page: the installer approves at once (see SlackAuth);
                a file's private URL: the content for the bot's token, else Slack's sign-in page
                (an HTML page with status 200, as Slack answers)."""
                path, _, query = self.path.partition("?")
                if path.startswith("/files-pri/"):
                    self._file(path)
                    return
                if path != "/oauth/v2/authorize":
                    self.send_error(404)
                    return
                with stand_in.lock:
                    status, where = stand_in.auth.authorize(query)
                self.send_response(status)
                if status == 302:
                    self.send_header("Location", where)
                body = b"" if status == 302 else where.encode()
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _file(self, path: str) -> None:
                token = _bearer(self.headers.get("Authorization"))
                with stand_in.lock:
                    authorised = bool(token) and stand_in.auth.token_error(token) is None
                    stand_in.downloads.append((path, authorised))
                    found = next(
                        (data for info, data in stand_in.files.values()
                         if info["url_private_download"].endswith(path)),
                        None,
                    )  # fmt: skip
                if found is None:
                    self.send_error(404)
                    return
                body, kind = (
                    (found, "application/octet-stream")
                    if authorised
                    else (b"<!DOCTYPE html><html><body>Sign in to Slack</body></html>", "text/html")
                )
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                return

        return Handler


def _bearer(authorization: str | None) -> str | None:
    if authorization and authorization.startswith("Bearer "):
        return authorization[7:]
    return None


def _decode(raw: str, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        return json.loads(raw or "{}")
    params: dict[str, Any] = dict(parse_qsl(raw, keep_blank_values=True))
    for key in JSON_FIELDS & params.keys():
        with contextlib.suppress(ValueError):
            params[key] = json.loads(params[key])
    return params


def _chunk_text(p: dict[str, Any]) -> str:
    return "".join(
        str(c.get("text") or "") for c in p.get("chunks") or [] if c.get("type") == "markdown_text"
    )


def wait_for(
    predicate: Callable[[], Any],
    timeout: float = 10.0,
    what: str = "the condition",
    *,
    interval: float = 0.01,
) -> Any:
    """Poll `predicate` until it returns something truthy; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        threading.Event().wait(interval)
