"""Shared pytest fixtures.

``redis_server`` starts one real ``redis-server`` for the test session on a
free loopback port (no persistence, its own temp dir) and stops it at the
end; ``redis_url`` hands each test an empty database on it.  When the binary
is missing, tests that use them are skipped with a message saying how to
install it (CI installs it in .ci/run).

``dask_scheduler`` starts one real Dask ``LocalCluster`` (two worker
processes) for the session and gives its address; without Dask (the
``dask`` extra, which ``make test`` installs) its tests are skipped.

The compiled model cache (``normtool.data.cache``) goes to a temporary
folder for the whole session (``pytest_configure``, before any test or
subprocess), so tests never write to the user's own cache.

Property tests (hypothesis) draw the same examples on every run
(``derandomize``): a red run on a fresh machine must mean the code changed,
never a new random draw.  ``HYPOTHESIS_PROFILE=explore make test`` draws new
examples each run, to look for failures while developing.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
from hypothesis import settings as hypothesis_settings

hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def _import_package() -> None:
    """Every module of normtool, imported before pytest collects any of them
    for its doctests: under --import-mode=importlib a module collected
    first is imported a second time, and the tests then see other classes
    and caches than the steps do (a names test run after the doctests of
    despin/names.py).  ``__main__`` runs the command line: left out."""
    import importlib
    import pkgutil

    import normtool
    for mod in pkgutil.walk_packages(normtool.__path__, "normtool."):
        if not mod.name.endswith("__main__"):
            importlib.import_module(mod.name)


_import_package()

REDIS_MISSING = "redis-server not installed: apt-get install redis-server"


def pytest_configure(config):
    config.normtool_cache = (os.environ.get("NORMTOOL_CACHE_DIR"), tempfile.mkdtemp(prefix="normtool-cache-"))
    os.environ["NORMTOOL_CACHE_DIR"] = config.normtool_cache[1]


def pytest_unconfigure(config):
    old, folder = getattr(config, "normtool_cache", (None, None))
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        if old is None:
            os.environ.pop("NORMTOOL_CACHE_DIR", None)
        else:
            os.environ["NORMTOOL_CACHE_DIR"] = old


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A throwaway redis-server process on 127.0.0.1."""

    def __init__(self, folder):
        self.folder = str(folder)
        self.proc: subprocess.Popen | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, tries: int = 3) -> "RedisServer":
        import redis
        for _ in range(tries):
            self.port = _free_port()
            self.proc = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--dir", self.folder,
                 "--logfile", "redis.log"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            client = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    if client.ping():
                        client.close()
                        return self
                except redis.RedisError:
                    time.sleep(0.05)
            self.stop()   # port taken meanwhile, or a slow start: try another port
        raise RuntimeError(f"redis-server did not start (see {self.folder}/redis.log)")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """One real redis-server for the session (skips when not installed)."""
    if shutil.which("redis-server") is None:
        pytest.skip(REDIS_MISSING)
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server):
    """URL of an empty Redis database for one test."""
    import redis
    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    client.close()
    return redis_server.url


@pytest.fixture
def own_redis_server(tmp_path):
    """A redis-server of this test's own, which the test may stop (or kill)."""
    if shutil.which("redis-server") is None:
        pytest.skip(REDIS_MISSING)
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


DASK_MISSING = "dask is not installed: pip install 'normtool[dask]' (make test installs it)"


@pytest.fixture(scope="session")
def dask_scheduler():
    """The address of a local Dask cluster of two worker processes."""
    import logging
    distributed = pytest.importorskip("distributed", reason=DASK_MISSING)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0", silence_logs=logging.ERROR)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()
