"""Acks never queue behind work: a small ack pool for listeners still to ack, a bounded work pool.

Bolt (`process_before_response=False`) acks events itself, then submits the listener to its
executor; commands and actions are acked by their listener function, submitted the same way, and
lazy listeners are submitted to the lazy runner. With one pool, eight slow answers made every
command and button wait past Slack's 3 s. Here:

- `RoutingExecutor` (Bolt's listener executor) sends a run whose request is not acked yet to the
  ack pool, and acked work (event listeners) to the work pool; `track_ack` (global middleware,
  registered before any other) tells it which request this thread is dispatching.
- Lazy listeners run on the work pool. Commands and actions therefore ack in their listener
  function and do their work in a lazy listener (`ack_now` is the ack when there is nothing to say).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.lazy_listener.thread_runner import ThreadLazyListenerRunner

ACK_WORKERS = 8
"""Threads that only ack (each holds a request for milliseconds)."""
SLOW_ACK_S = 1.0
log = logging.getLogger(__name__)

_dispatching = threading.local()


class RoutingExecutor(Executor):
    """Un-acked runs go to the ack pool, runs whose request is acked already to the work pool."""

    def __init__(self, work: Executor, acks: Executor) -> None:
        self.work, self.acks = work, acks

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        ack: Ack | None = getattr(_dispatching, "ack", None)
        if ack is not None and ack.response is not None:
            return self.work.submit(fn, *args, **kwargs)
        return self.acks.submit(_timed, fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.acks.shutdown(wait=wait, cancel_futures=cancel_futures)
        self.work.shutdown(wait=wait, cancel_futures=cancel_futures)


def _timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run an ack function; warn when it holds an ack thread long (its work belongs in `lazy`)."""
    started = time.monotonic()
    try:
        return fn(*args, **kwargs)
    finally:
        if (elapsed := time.monotonic() - started) > SLOW_ACK_S:
            log.warning("a listener held an ack thread %.1f s: move its work to lazy=", elapsed)


def track_ack(context: BoltContext, next: Callable[[], None]) -> None:
    """Global middleware: let RoutingExecutor see the ack of the request this thread dispatches.

    Bolt runs the listeners after the global middleware has returned (next() only marks the
    chain as passed), so the value stays until this thread dispatches its next request.
    """
    _dispatching.ack = context.ack
    next()


def ack_now(ack: Ack) -> None:
    """The ack of a command or action whose work is all in its lazy listener."""
    ack()


def listener_executor(workers: int) -> tuple[RoutingExecutor, ThreadPoolExecutor]:
    """(Bolt's listener executor, the bounded work pool of `workers` threads)."""
    work = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kilovolt-slack")
    acks = ThreadPoolExecutor(max_workers=ACK_WORKERS, thread_name_prefix="kilovolt-ack")
    return RoutingExecutor(work, acks), work


def install(app: App, work: Executor) -> None:
    """Route `app`'s runs: the middleware first (before any listener), lazy listeners to `work`."""
    app.use(track_ack)
    runner = app.listener_runner
    runner.lazy_listener_runner = ThreadLazyListenerRunner(logger=app.logger, executor=work)
