"""The one worker pool: ordered results from tasks run in other processes.

``clean --jobs`` and ``dedup --jobs`` both use ``ordered_map``: results come
back in task order, so output never depends on the number of workers, and
only a few tasks per worker are in flight, so memory does not grow with the
input.  Processes are forked, so the children start with the parent's
loaded tables and models.

Engines run the same tasks either in that pool (``LocalEngine``) or on a
Dask distributed cluster (``DaskEngine``, ``--engine dask``): the scheduler
at ``--scheduler``, or a local cluster of ``--jobs`` worker processes.
Results come back in task order either way, so the output never depends on
the engine.  Tasks of streaming dedup read and write its work folder, so on
several machines that folder must be shared.  Dask is an optional extra
(``pip install 'normtool[dask]'``); without it ``--engine dask`` fails with
one line saying what to install.
"""
from __future__ import annotations

from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

from .errors import NormtoolError

ENGINES = ("local", "dask")

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
    which unwinds (and removes its temporary files) when it is told to stop.
    The objects a worker inherits (tables, models) are kept out of its
    garbage collections: a full one would walk, and so copy, every page."""
    import gc
    import signal
    gc.freeze()
    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class EngineError(NormtoolError):
    """An engine that cannot start (Dask missing, scheduler unreachable)."""


def _call(task: tuple):
    fn, job, index = task
    return fn(job, index)


class LocalEngine:
    """Tasks in ``jobs`` forked worker processes (in this process for 1)."""

    def __init__(self, jobs: int = 1):
        self.jobs = jobs

    def map(self, fn: Callable, job, indices: Iterable[int]) -> list:
        indices = list(indices)
        jobs = self.jobs if len(indices) > 1 else 1
        return list(ordered_map(_call, ((fn, job, i) for i in indices), jobs))

    def imap(self, fn: Callable, items: Iterable) -> Iterator:
        """``fn`` over a stream, results in order, a few items in flight."""
        return ordered_map(fn, items, self.jobs)

    def close(self) -> None:
        pass


class DaskEngine:
    """Tasks on a Dask distributed cluster.

    ``scheduler``: ``tcp://HOST:8786`` of a running cluster; None starts a
    ``LocalCluster`` of ``jobs`` worker processes (one thread each), closed
    with the engine.
    """

    IN_FLIGHT = 2   # items per worker submitted ahead in ``imap``

    def __init__(self, jobs: int = 1, scheduler: str | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise EngineError("--engine dask needs Dask: pip install 'normtool[dask]' "
                              "(or: pip install 'dask[distributed]')") from None
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=30)
            else:
                import logging
                self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                            dashboard_address=":0", silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise EngineError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
        self.jobs = max(1, len(self.client.scheduler_info().get("workers", {})) or jobs)

    def map(self, fn: Callable, job, indices: Iterable[int]) -> list:
        indices = list(indices)
        if not indices:
            return []
        futures = self.client.map(fn, [job] * len(indices), indices, pure=False)
        return self.client.gather(futures)

    def imap(self, fn: Callable, items: Iterable) -> Iterator:
        pending: deque = deque()
        for item in items:
            pending.append(self.client.submit(fn, item, pure=False))
            if len(pending) >= self.IN_FLIGHT * self.jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_engine(name: str = "local", jobs: int = 1, scheduler: str | None = None):
    """The engine called ``name`` (``local`` or ``dask``)."""
    if name == "dask":
        return DaskEngine(jobs, scheduler)
    if scheduler:
        raise EngineError("--scheduler needs --engine dask")
    return LocalEngine(jobs)


__all__ = ["ordered_map", "ENGINES", "EngineError", "LocalEngine", "DaskEngine", "make_engine"]
