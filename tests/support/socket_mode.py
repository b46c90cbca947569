"""A loopback Slack Socket Mode endpoint (WebSocket) and a Web API stand-in that hands out its URL.

Protocol as Slack documents it: `apps.connections.open` (app-level token) returns a single-use
`wss://…?ticket=…` URL; on connect the server sends `hello`; requests arrive as envelopes
(`events_api`, `slash_commands`, `interactive`) that the app acks by sending back their
`envelope_id`; `disconnect` (`refresh_requested`) asks the app to reconnect on a new URL.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlparse

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

from tests.support.slack_api import SlackApiStandIn, wait_for

APP_ID = "A1"


class SocketModeServer:
    """Slack's side of Socket Mode on 127.0.0.1: tickets, hello, envelopes, acks, disconnects."""

    def __init__(self) -> None:
        self.tickets: set[str] = set()  # issued, not used yet
        self.rejected = 0  # connection attempts with an unknown or used ticket
        self.connections: list[ServerConnection] = []
        self.acks: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self._ids = itertools.count(1)
        self._server: Server = serve(
            self._session, "127.0.0.1", 0, process_request=self._check_ticket
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- lifecycle ------------------------------------------------------------------------------
    def start(self) -> SocketModeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)

    @property
    def port(self) -> int:
        return int(self._server.socket.getsockname()[1])

    def issue_url(self) -> str:
        """A new single-use URL (what apps.connections.open returns)."""
        ticket = f"t{next(self._ids)}"
        with self.lock:
            self.tickets.add(ticket)
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={APP_ID}"

    # --- server side ----------------------------------------------------------------------------
    def _check_ticket(self, connection: ServerConnection, request: Request) -> Response | None:
        ticket = (parse_qs(urlparse(request.path).query).get("ticket") or [""])[0]
        with self.lock:
            if ticket in self.tickets:
                self.tickets.discard(ticket)  # a ticket opens one connection only
                return None
            self.rejected += 1
        return connection.respond(HTTPStatus.UNAUTHORIZED, "invalid ticket\n")

    def _session(self, connection: ServerConnection) -> None:
        with self.lock:
            self.connections.append(connection)
        hello = {
            "type": "hello",
            "num_connections": 1,
            "debug_info": {"host": "loopback", "approximate_connection_time": 3600},
            "connection_info": {"app_id": APP_ID},
        }
        connection.send(json.dumps(hello))
        try:
            for raw in connection:
                message = json.loads(raw)
                if isinstance(message, dict) and message.get("envelope_id"):
                    with self.lock:
                        self.acks[str(message["envelope_id"])] = message
        except (ConnectionClosed, OSError, ValueError):
            return

    # --- what a test does -----------------------------------------------------------------------
    @property
    def current(self) -> ServerConnection:
        with self.lock:
            return self.connections[-1]

    def open_connections(self) -> int:
        with self.lock:
            return sum(1 for c in self.connections if c.protocol.state.name == "OPEN")

    def send(self, kind: str, payload: dict[str, Any]) -> str:
        """Push an envelope on the newest connection; returns its envelope_id."""
        envelope_id = f"env-{next(self._ids)}"
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
        }
        if kind == "events_api":
            envelope.update(retry_attempt=0, retry_reason="")
        self.current.send(json.dumps(envelope))
        return envelope_id

    def acked(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """The ack the app sent for `envelope_id` (fails the test after `timeout`)."""

        def ack() -> dict[str, Any] | None:
            with self.lock:
                return self.acks.get(envelope_id)

        return wait_for(ack, timeout, f"the ack of {envelope_id}")

    def request_refresh(self) -> None:
        """Slack's periodic `disconnect` (`refresh_requested`): the app must reconnect."""
        message = {"type": "disconnect", "reason": "refresh_requested", "debug_info": {}}
        self.current.send(json.dumps(message))

    def drop(self) -> None:
        """Cut the newest connection's TCP stream without a close frame (a network failure)."""
        sock = self.current.socket
        sock.shutdown(socket.SHUT_RDWR)
        sock.close()


class SocketModeSlackApi(SlackApiStandIn):
    """The Web API stand-in, also answering apps.connections.open with the loopback's URL."""

    def __init__(self, socket_server: SocketModeServer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.socket_server = socket_server

    def _answer(
        self, method: str, p: dict[str, Any], token: str | None, authorization: str | None
    ) -> dict[str, Any]:
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_server.issue_url()}
        return super()._answer(method, p, token, authorization)
