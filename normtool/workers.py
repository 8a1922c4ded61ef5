"""The one worker pool: ordered results from tasks run in other processes.

``clean --jobs`` and ``dedup --jobs`` both use ``ordered_map``: results come
back in task order, so output never depends on the number of workers, and
only a few tasks per worker are in flight, so memory does not grow with the
input.  Processes are forked, so the children start with the parent's
loaded tables and models.
"""
from __future__ import annotations

from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT = 2   # tasks queued per worker


def ordered_map(fn: Callable[[T], R], tasks: Iterable[T], jobs: int = 1) -> Iterator[R]:
    """``map(fn, tasks)`` in ``jobs`` processes, results in task order.

    >>> list(ordered_map(abs, [-1, 2, -3], jobs=1))
    [1, 2, 3]
    """
    if jobs <= 1:
        yield from map(fn, tasks)
        return
    import multiprocessing as mp
    with mp.get_context("fork").Pool(jobs, initializer=_default_signals) as pool:
        pending: deque = deque()
        for task in tasks:
            pending.append(pool.apply_async(fn, (task,)))
            if len(pending) >= IN_FLIGHT * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _default_signals() -> None:
    """Workers die on SIGTERM/SIGHUP as usual and leave Ctrl-C to the parent,
    which unwinds (and removes its temporary files) when it is told to stop."""
    import signal
    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


__all__ = ["ordered_map"]
