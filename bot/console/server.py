"""The console's web app: the page, its live feed (SSE), the Slack Web API and response URLs."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.console.delivery import Delivery
from bot.console.guard import guarded
from bot.console.process import BotProcess, new_credentials, serve_command
from bot.console.render import block_html, message_view
from bot.console.slack_api import SlackWebApi
from bot.console.teams import PLAIN_TEAM, Team
from bot.console.workspace import Message, Workspace

log = logging.getLogger("kilovolt.console")

STATIC_DIR = Path(__file__).parent / "static"
MAX_TYPED_CHARS = 50_000
KEEPALIVE_S = 15.0


class Console:
    """Everything one console run holds: workspace, Web API, delivery and the bot child."""

    def __init__(
        self,
        port: int,
        slash_command: str = "/idees",
        command: Callable[[int], list[str]] = serve_command,
        ready_timeout_s: float = 120.0,
        teams: Sequence[Team] = (PLAIN_TEAM,),
    ) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.slash_command = slash_command
        token, secret = new_credentials()
        self.ws = Workspace(teams)
        self.api = SlackWebApi(self.ws, token)
        self.delivery = Delivery(self.ws, secret, self.url)
        self.bot = BotProcess(
            f"{self.url}/api/", secret, token, self._on_bot_state, command, ready_timeout_s
        )
        self.bot_listener: Callable[[str, str], None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    def _on_bot_state(self, state: str, detail: str) -> None:
        if state == "ready":
            self.delivery.bot_url = self.bot.events_url
        tail = "\n".join(self.bot.tail) if state == "crashed" else ""
        self.ws.set_bot_status(state, detail, tail)
        if self.bot_listener is not None:
            self.bot_listener(state, detail)

    def spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- routes ----------------------------------------------------------------------------------
    async def page(self, request: Request) -> Response:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-store"})

    def _team(self, ref: Any) -> Team | None:
        """The workspace a request names (`workspace`), the first one when it names none."""
        if not ref:
            return self.ws.default_team
        return self.ws.teams.get(str(ref))

    async def workspaces(self, request: Request) -> JSONResponse:
        """The workspaces the page can switch between, the first one being the default."""
        teams = [team.view() for team in self.ws.teams.values()]
        return JSONResponse({"workspaces": teams, "default": self.ws.default_team.id})

    async def feed(self, request: Request) -> Response:
        """The live feed of one workspace: a snapshot, then its changes (and the bot's state)."""
        team = self._team(request.query_params.get("workspace"))
        if team is None:
            return _unknown_workspace()
        queue = self.ws.subscribe()

        async def stream() -> AsyncIterator[str]:
            try:
                yield _sse(self.snapshot(team))
                while True:
                    try:
                        event = await asyncio.wait_for(queue.get(), timeout=KEEPALIVE_S)
                    except TimeoutError:
                        yield ": keep-alive\n\n"
                        continue
                    if event.get("team", team.id) == team.id:
                        yield _sse(self._view(event))
            finally:
                self.ws.unsubscribe(queue)

        headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)

    def snapshot(self, team: Team | None = None) -> dict[str, Any]:
        """Everything the page draws for one workspace (the first one by default)."""
        team = team or self.ws.default_team
        channels = {c.id for c in self.ws.channels.values() if c.team_id == team.id}
        messages = [
            message_view(m) for cid in channels for m in self.ws.messages[cid] if not m.deleted
        ]
        return {
            "kind": "snapshot",
            "workspace": team.id,
            "workspaces": [t.view() for t in self.ws.teams.values()],
            "messages": messages,
            "statuses": [
                {"channel": c, "thread_ts": t, "status": s}
                for (c, t), s in self.ws.thread_status.items()
                if s and c in channels
            ],
            "home": self._home_html(self.ws.home_views.get(team.id)),
            "bot": self.ws.bot_status,
            "slash_command": self.slash_command,
        }

    def _view(self, event: dict[str, Any]) -> dict[str, Any]:
        if event["kind"] == "message":
            return {"kind": "message", "message": message_view(event["message"])}
        if event["kind"] == "home":
            return {"kind": "home", "html": self._home_html(event["view"])}
        return event

    @staticmethod
    def _home_html(view: dict[str, Any] | None) -> str | None:
        if not view:
            return None
        return "".join(block_html(b) for b in view.get("blocks") or [] if isinstance(b, dict))

    async def send(self, request: Request) -> JSONResponse:
        data = await _json(request)
        channel = str(data.get("channel", ""))
        text = str(data.get("text", "")).strip()
        thread_ts = data.get("thread_ts") or None
        if channel not in self.ws.channels or not text:
            return JSONResponse({"ok": False, "error": "canal ou texte manquant"}, status_code=400)
        if not self._in_workspace(data, channel):
            return _not_in_workspace()
        if len(text) > MAX_TYPED_CHARS:
            return JSONResponse(
                {"ok": False, "error": f"message trop long (max. {MAX_TYPED_CHARS} caractères)"},
                status_code=400,
            )
        if text.startswith("/") and not thread_ts:
            command, _, rest = text.partition(" ")
            if command != self.slash_command:
                self._local_notice(channel, f"`{command}` n'est pas une commande valide.")
            else:
                self.spawn(self.delivery.slash_command(channel, command, rest.strip()))
            return JSONResponse({"ok": True})
        message = self.delivery.user_message(channel, text, thread_ts)
        self.spawn(self.delivery.deliver_message(message))
        return JSONResponse({"ok": True, "ts": message.ts})

    def _local_notice(self, channel: str, text: str) -> None:
        notice = Message(channel, self.ws.new_ts(), "USLACKBOT", text)
        notice.ephemeral = True
        self.ws.add(notice)

    async def action(self, request: Request) -> JSONResponse:
        data = await _json(request)
        message = self.ws.find(str(data.get("channel", "")), str(data.get("ts", "")))
        if message is not None and not self._in_workspace(data, message.channel):
            return _not_in_workspace()
        if message is None:
            return JSONResponse({"ok": False, "error": "message introuvable"}, status_code=404)
        found = _find_element(
            message.blocks,
            str(data.get("action_id")),
            str(data.get("block_id")),
            str(data.get("value") or ""),
        )
        if found is None:
            return JSONResponse({"ok": False, "error": "bouton introuvable"}, status_code=404)
        self.spawn(self.delivery.block_action(message, *found))
        return JSONResponse({"ok": True})

    def _in_workspace(self, data: dict[str, Any], channel: str) -> bool:
        """False when the request names a workspace the channel is not in."""
        named = data.get("workspace")
        return not named or self.ws.team_of(channel).id == named

    async def view_submit(self, request: Request) -> JSONResponse:
        """« Envoyer » in a modal the bot opened: the typed values, by input block."""
        data = await _json(request)
        view_id = str(data.get("view_id") or "")
        if view_id not in self.ws.modals:
            return JSONResponse({"ok": False, "error": "fenêtre introuvable"}, status_code=404)
        typed = data.get("values") if isinstance(data.get("values"), dict) else {}
        values = {str(k): str(v)[:MAX_TYPED_CHARS] for k, v in typed.items()}
        self.spawn(self.delivery.view_submission(view_id, values))
        return JSONResponse({"ok": True})

    async def home(self, request: Request) -> JSONResponse:
        team = self._team((await _json(request)).get("workspace"))
        if team is None:
            return _unknown_workspace()
        self.spawn(self.delivery.home_opened(team))
        return JSONResponse({"ok": True})

    async def assistant(self, request: Request) -> JSONResponse:
        """Start an agent-view conversation in the DM (a new thread, as Slack's Chat tab does)."""
        team = self._team((await _json(request)).get("workspace"))
        if team is None:
            return _unknown_workspace()
        root = self.delivery.new_assistant_thread(team)
        self.spawn(self.delivery.assistant_thread_started(root))
        return JSONResponse({"ok": True, "channel": root.channel, "ts": root.ts})

    async def restart(self, request: Request) -> JSONResponse:
        self.spawn(self.restart_bot())
        return JSONResponse({"ok": True})

    async def restart_bot(self) -> None:
        await self.bot.stop()
        await self.bot.start()

    async def calls(self, request: Request) -> JSONResponse:
        """The Web API methods the bot has called, in order (to see what the bot does)."""
        names = [method for method, _ in self.api.calls]
        return JSONResponse({"calls": names, "unknown": self.ws.unknown_calls})

    async def response_url(self, request: Request) -> JSONResponse:
        payload = await _json(request)
        if not self.delivery.respond(request.path_params["key"], payload):
            return JSONResponse({"ok": False, "error": "expired_url"}, status_code=404)
        return JSONResponse({"ok": True})

    def app(self) -> Starlette:
        def ui(handler: Any, write: bool = True) -> Any:  # other sites kept out (guard.py)
            return guarded(handler, self.port, write=write)

        routes = [
            Route("/", self.page),
            Route("/ui/events", ui(self.feed, write=False)),
            Route("/ui/workspaces", ui(self.workspaces, write=False)),
            Route("/ui/send", ui(self.send), methods=["POST"]),
            Route("/ui/action", ui(self.action), methods=["POST"]),
            Route("/ui/home", ui(self.home), methods=["POST"]),
            Route("/ui/view_submit", ui(self.view_submit), methods=["POST"]),
            Route("/ui/assistant", ui(self.assistant), methods=["POST"]),
            Route("/ui/restart", ui(self.restart), methods=["POST"]),
            Route("/ui/calls", ui(self.calls, write=False)),
            Route("/api/{method}", self.api.endpoint, methods=["GET", "POST"]),
            Route("/response/{key}", self.response_url, methods=["POST"]),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        ]
        return Starlette(routes=routes, lifespan=self._lifespan)

    @contextlib.asynccontextmanager
    async def _lifespan(self, app: Starlette) -> AsyncIterator[None]:
        self.spawn(self.bot.start())
        try:
            yield
        finally:
            await self.bot.stop()
            await self.delivery.close()


def _find_element(
    blocks: list[dict[str, Any]], action_id: str, block_id: str, value: str = ""
) -> tuple[dict[str, Any], str] | None:
    for index, block in enumerate(blocks):
        bid = str(block.get("block_id", ""))
        if bid != block_id and not (block_id == "" and not bid):
            continue
        candidates = [*list(block.get("elements") or []), block.get("accessory") or {}]
        for element in candidates:
            if isinstance(element, dict) and str(element.get("action_id", "")) == action_id:
                return _clicked(element, value), bid or f"console-block-{index}"
    return None


def _clicked(element: dict[str, Any], value: str) -> dict[str, Any]:
    """The element as its action payload shows it: for feedback buttons, the one clicked."""
    if element.get("type") != "feedback_buttons":
        return element
    for name in ("positive_button", "negative_button"):
        button = element.get(name) or {}
        if str(button.get("value", "")) == value:
            return {**element, "text": button.get("text"), "value": value}
    return {**element, "value": None}


def _unknown_workspace() -> JSONResponse:
    return JSONResponse({"ok": False, "error": "espace de travail inconnu"}, status_code=404)


def _not_in_workspace() -> JSONResponse:
    error = "ce canal n'est pas dans cet espace de travail"
    return JSONResponse({"ok": False, "error": error}, status_code=400)


def _sse(data: dict[str, Any]) -> str:
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


async def _json(request: Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
