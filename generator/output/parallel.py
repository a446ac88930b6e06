"""One function over many items on every core: forked worker processes, one future per item.

The build's CPU-bound stages (loading files, rendering pages) run through
:func:`parallel_map`. Workers are forked, so the function and the items reach them by
inheritance (they may be closures over the catalog); only results travel back, pickled.

Parallelism changes when a result is computed, never what: each future holds exactly
``fn(item)``, and futures come in the order of the items. The work runs in this process,
one item after the other, when a pool would not pay or would not be safe: fewer than
``min_items`` items, one core, no ``fork`` on this platform, or other threads running
(``mkdocs serve``): a forked child would inherit their locks in whatever state they were.
On macOS, whose system libraries are not fork-safe, the work stays in this process too.

Workers end with their parent: on Linux each asks the kernel to kill it when the parent
dies (``PR_SET_PDEATHSIG``), so a build killed with SIGKILL leaves no worker behind.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 256
"""By default, fewer items run in this process: for items of a fraction of a millisecond (a
file to load) a pool costs more than it saves (forking the workers and joining them)."""

MAX_WORKERS = 8
"""Workers at most: the parent forks them one by one and consumes every result itself."""

MAX_CHUNK = 64
"""Items per task at most: the first results come back early, so writing overlaps rendering."""

_job: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # (fn, items) in a worker


def cores() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def parallel_map(fn: Callable[[T], R], items: Sequence[T], *, min_items: int | None = None,
                 workers: int | None = None) -> Iterator[list[Future[R]]]:
    """Futures of ``fn(item)`` for each item, in order; the workers are gone when the block ends.

    In this process (the fallback) the results are computed before the block starts and an
    exception propagates at once; from workers, a future holds the exception instead.
    Leaving the block early (an exception) cancels what has not started.
    """
    workers = min(workers or cores(), MAX_WORKERS, len(items))
    if workers < 2 or len(items) < (MIN_ITEMS if min_items is None else min_items) or not _can_fork():
        yield [_completed(fn(item)) for item in items]
        return
    futures: list[Future[R]] = [Future() for _ in items]
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_adopt, initargs=(fn, items, os.getpid()))
    try:
        freeze = gc.get_freeze_count() == 0
        if freeze:  # until the workers are forked: their GC then leaves the parent's objects
            gc.freeze()  # alone (no copy-on-write of pages the workers only read)
        try:
            for start, stop in _chunks(len(items), workers):
                # (the workers are forked at the first submit, before the pool starts its threads)
                pool.submit(_run, start, stop).add_done_callback(partial(_fan_out, futures[start:stop]))
        finally:
            if freeze:
                gc.unfreeze()
        yield futures
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for f in futures:  # a chunk cancelled before it ran
            if not f.done():
                f.cancel()


def _can_fork() -> bool:
    # (macOS offers fork, but its system libraries are not safe in a forked child)
    return ("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            and threading.active_count() == 1)


def _chunks(n: int, workers: int) -> Iterator[tuple[int, int]]:
    """Guided scheduling: chunks shrink towards the end, so no worker is left with a long tail."""
    start = 0
    while start < n:
        size = max(1, min(MAX_CHUNK, (n - start) // (4 * workers)))
        yield start, start + size
        start += size


def _adopt(fn: Callable[[Any], Any], items: Sequence[Any], parent: int) -> None:
    global _job
    _job = (fn, items)
    die_with_parent(parent)


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent ends (Linux; elsewhere nothing)."""
    if not sys.platform.startswith("linux"):
        return
    import signal

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # no libc to ask: the worker ends with the pool as usual
        return
    if os.getppid() != parent:  # the parent died before the request was made: the signal it missed
        os.kill(os.getpid(), signal.SIGKILL)


def _run(start: int, stop: int) -> list[Any]:
    assert _job is not None, "not in a worker"
    fn, items = _job
    return [fn(items[i]) for i in range(start, stop)]


def _fan_out(futures: list[Future[Any]], chunk: Future[list[Any]]) -> None:
    if chunk.cancelled():
        for f in futures:
            f.cancel()
        return
    error = chunk.exception()
    if error is not None:
        for f in futures:
            f.set_exception(error)
        return
    for f, result in zip(futures, chunk.result()):
        f.set_result(result)


def _completed(result: R) -> Future[R]:
    future: Future[R] = Future()
    future.set_result(result)
    return future
