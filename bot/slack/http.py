"""Serving: HTTP mode (Starlette on uvicorn: /slack/events, /healthz, /metrics, and in OAuth mode
/slack/install and /slack/oauth_redirect) and Socket Mode (with the health routes on a side port
when asked)."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import AsyncIterator

import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.errors import SlackApiError, SlackRequestError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.errors import ConfigError
from bot.slack import metrics
from bot.slack.app import SlackBot
from bot.slack.scheduler import WeeklyScheduler
from bot.slack.startup import slack_error_code

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000


def readiness(bot: SlackBot) -> dict[str, str]:
    """Whether this replica can take Slack requests: its Slack app is built (the bot knows who it
    is). Dependencies are not part of it: with Chroma, the model or the state database down, users
    still get a one-line reply in their language, and every replica leaving the Service at once
    (they share those dependencies) would give them none."""
    if bot.services.multi_team:  # OAuth mode: the bot's identity is per workspace, per request
        return {"slack": "ok" if bot.app.oauth_flow is not None else "error: no OAuth flow"}
    return {"slack": "ok" if bot.services.bot.user_id else "error: no bot identity"}


def dependencies(bot: SlackBot) -> dict[str, str]:
    """The state database and the advisor's (cached) checks (index, Chroma, prompts, ...), also
    exported as the kilovolt_dependency_up gauge."""
    try:
        bot.services.store.ping()
        checks = {"database": "ok"}
    except Exception as exc:
        log.warning("dependencies: database check failed (%s)", type(exc).__name__)
        checks = {"database": f"error: {type(exc).__name__}"}
    try:
        checks.update(bot.services.advisor.readiness())
    except Exception as exc:
        log.warning("dependencies: advisor check failed (%s)", type(exc).__name__)
        checks["advisor"] = f"error: {type(exc).__name__}"
    for part, value in checks.items():
        metrics.DEPENDENCY_UP.labels(part=part).set(1 if value == "ok" else 0)
    return checks


def _report(checks: dict[str, str]) -> Response:
    failing = sorted(part for part, value in checks.items() if value != "ok")
    body = {"status": "error" if failing else "ok", "failing": failing, **checks}
    return JSONResponse(body, status_code=503 if failing else 200)


async def read_bounded(request: Request, limit: int) -> bytes | Response:
    """The body, read no further than `limit` bytes: 413 when the declared length (checked first)
    or the bytes received pass it, 400 for an unreadable Content-Length."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            return Response(status_code=400)
        if int(declared) > limit:
            return Response(status_code=413)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return Response(status_code=413)
    return bytes(body)


def health_routes(bot: SlackBot) -> list[Route]:
    """/healthz, /healthz/deps, /livez and /metrics (served by HTTP mode, and beside Socket Mode
    with --health-port)."""

    async def healthz(_request: Request) -> Response:
        """Readiness (the k8s readiness probe): this replica's Slack app is built."""
        return _report(await run_in_threadpool(readiness, bot))

    async def healthz_deps(_request: Request) -> Response:
        """Dependency health (database, index, Chroma, prompts, ...): for dashboards and alerts,
        not for routing."""
        return _report(await run_in_threadpool(dependencies, bot))

    async def livez(_request: Request) -> Response:
        """Liveness: the process serves requests (nothing else checked)."""
        return JSONResponse({"status": "ok"})

    async def metrics_endpoint(_request: Request) -> Response:
        await run_in_threadpool(dependencies, bot)  # refresh kilovolt_dependency_up
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/healthz/deps", healthz_deps, methods=["GET"]),
        Route("/livez", livez, methods=["GET"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
    ]


def create_web_app(bot: SlackBot, scheduler: WeeklyScheduler | None = None) -> Starlette:
    """The ASGI app; Bolt's dispatch runs in a worker thread so the event loop never blocks."""

    async def slack_events(request: Request) -> Response:
        body = await read_bounded(request, MAX_BODY_BYTES)
        if isinstance(body, Response):
            return body
        bolt_response = await run_in_threadpool(bot.app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if scheduler:
            scheduler.start()
        try:
            yield
        finally:
            if scheduler:
                scheduler.stop()

    routes = [Route("/slack/events", slack_events, methods=["POST"]), *health_routes(bot)]
    routes += oauth_routes(bot)
    return Starlette(routes=routes, lifespan=lifespan)


def oauth_routes(bot: SlackBot) -> list[Route]:
    """GET /slack/install (the « Ajouter à Slack » page) and GET /slack/oauth_redirect (Slack
    sends the installer back there), in OAuth mode only."""
    flow = bot.app.oauth_flow
    if flow is None:
        return []

    async def install(request: Request) -> Response:
        bolt = await run_in_threadpool(flow.handle_installation, to_bolt_request(request, b""))
        return to_starlette_response(bolt)

    async def oauth_redirect(request: Request) -> Response:
        bolt = await run_in_threadpool(flow.handle_callback, to_bolt_request(request, b""))
        return to_starlette_response(bolt)

    return [
        Route(flow.install_path, install, methods=["GET"]),
        Route(flow.redirect_uri_path, oauth_redirect, methods=["GET"]),
    ]


def start_health_server(bot: SlackBot, sock: socket.socket) -> uvicorn.Server:
    """Serve the health routes on `sock` (already bound) from a daemon thread; `should_exit`
    on the returned server stops it."""
    config = uvicorn.Config(
        Starlette(routes=health_routes(bot)), log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="kilovolt-health", daemon=True
    )
    thread.start()
    host, port = sock.getsockname()[:2]
    log.info("health and metrics on http://%s:%d/healthz", host, port)
    return server


def serve_http(
    bot: SlackBot,
    host: str,
    port: int,
    scheduler: WeeklyScheduler | None,
    sock: socket.socket | None = None,
) -> None:
    """Serve HTTP mode with uvicorn until interrupted (on `sock` when already bound)."""
    web = create_web_app(bot, scheduler)
    log.info("HTTP mode: POST http://%s:%d/slack/events", host, port)
    if bot.app.oauth_flow is not None:
        log.info("OAuth install page: GET http://%s:%d/slack/install", host, port)
    config = uvicorn.Config(
        web, host=host, port=port, log_level="warning", access_log=False, proxy_headers=True
    )
    uvicorn.Server(config).run(sockets=[sock] if sock is not None else None)


def serve_socket(
    bot: SlackBot,
    app_token: str,
    scheduler: WeeklyScheduler | None,
    health: socket.socket | None = None,
) -> None:
    """Serve Socket Mode (outbound WebSocket to Slack) until interrupted; with `health` (a bound
    socket), /healthz, /healthz/deps, /livez and /metrics beside it."""
    from bot.slack.socket_mode import socket_handler

    health_server = start_health_server(bot, health) if health is not None else None
    if scheduler:
        scheduler.start()
    try:
        log.info("Socket Mode: connecting to Slack")
        socket_handler(bot, app_token).start()
    except SlackApiError as exc:
        error = slack_error_code(exc, "apps.connections.open")
        raise ConfigError(
            f"Slack refused the Socket Mode connection ({error}): "
            "check SLACK_APP_TOKEN (xapp-…, scope connections:write) and that Socket Mode is on"
        ) from exc
    except (SlackRequestError, OSError) as exc:
        raise ConfigError(
            f"cannot reach Slack for Socket Mode ({type(exc).__name__}): check the network"
        ) from exc
    finally:
        if scheduler:
            scheduler.stop()
        if health_server is not None:
            health_server.should_exit = True
