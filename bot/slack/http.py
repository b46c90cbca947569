"""Serving: HTTP mode (Starlette on uvicorn: /slack/events, /healthz, /metrics) and Socket Mode."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.slack.app import SlackBot
from bot.slack.scheduler import WeeklyScheduler

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000


def health(bot: SlackBot) -> tuple[bool, dict[str, str]]:
    """Cheap readiness: the state database answers and the advisor says it is ready (if it can)."""
    checks: dict[str, str] = {}
    try:
        bot.services.store.ping()
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    ready = getattr(bot.services.advisor, "ready", None)
    try:
        checks["advisor"] = "ok" if not callable(ready) or ready() is not False else "not ready"
    except Exception as exc:
        checks["advisor"] = f"error: {type(exc).__name__}"
    return all(v == "ok" for v in checks.values()), checks


def create_web_app(bot: SlackBot, scheduler: WeeklyScheduler | None = None) -> Starlette:
    """The ASGI app; Bolt's dispatch runs in a worker thread so the event loop never blocks."""

    async def slack_events(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return Response(status_code=413)
        bolt_response = await run_in_threadpool(bot.app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    async def healthz(_request: Request) -> Response:
        ok, checks = await run_in_threadpool(health, bot)
        return JSONResponse(
            {"status": "ok" if ok else "error", **checks}, status_code=200 if ok else 503
        )

    async def metrics(_request: Request) -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if scheduler:
            scheduler.start()
        try:
            yield
        finally:
            if scheduler:
                scheduler.stop()

    routes = [
        Route("/slack/events", slack_events, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def serve_http(bot: SlackBot, host: str, port: int, scheduler: WeeklyScheduler | None) -> None:
    """Serve HTTP mode with uvicorn until interrupted."""
    web = create_web_app(bot, scheduler)
    log.info("HTTP mode: POST http://%s:%d/slack/events", host, port)
    uvicorn.run(
        web, host=host, port=port, log_level="warning", access_log=False, proxy_headers=True
    )


def serve_socket(bot: SlackBot, app_token: str, scheduler: WeeklyScheduler | None) -> None:
    """Serve Socket Mode (outbound WebSocket to Slack) until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    if scheduler:
        scheduler.start()
    try:
        log.info("Socket Mode: connecting to Slack")
        SocketModeHandler(bot.app, app_token).start()
    finally:
        if scheduler:
            scheduler.stop()
