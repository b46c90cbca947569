"""Keep other sites out of the console's /ui/* endpoints: loopback Host and Origin, JSON bodies.

The console drives the real bot (and so the user's OpenAI credits). A page on another site could
post to it (a form or `text/plain` fetch needs no CORS preflight) or reach it under its own name
by DNS rebinding. So every /ui/* request must name a loopback Host; a POST must come from the
console's own origin (or carry no Origin: a local tool) and be `application/json`, which no
cross-site page can send without a preflight the console never grants.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")

Handler = Callable[[Request], Awaitable[Response]]


def loopback_hosts(port: int) -> frozenset[str]:
    """The Host values the console answers to."""
    return frozenset(f"{name}:{port}" for name in LOOPBACK_NAMES)


def refusal(request: Request, port: int, *, write: bool) -> Response | None:
    """Why `request` is refused (a 403 or 415 response), or None when it may proceed."""
    hosts = loopback_hosts(port)
    if request.headers.get("host", "").lower() not in hosts:
        return _error(403, "hôte refusé")
    if not write:
        return None
    origin = request.headers.get("origin")
    if origin is not None and origin.lower() not in {f"http://{host}" for host in hosts}:
        return _error(403, "origine refusée")
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        return _error(415, "JSON attendu (Content-Type: application/json)")
    return None


def guarded(handler: Handler, port: int, *, write: bool) -> Handler:
    """`handler` behind `refusal`."""

    async def endpoint(request: Request) -> Response:
        return refusal(request, port, write=write) or await handler(request)

    return endpoint


def _error(status: int, message: str) -> Response:
    return JSONResponse({"ok": False, "error": message}, status_code=status)
