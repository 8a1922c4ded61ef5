"""Storage for dedup: one interface, several backends (memory, SQLite, Redis).

``open_index(location)`` picks the backend from the location string:
``None`` or ``":memory:"`` -> in-process dicts, ``redis://`` or
``rediss://`` -> Redis, anything else -> an SQLite file at that path.
"""
from __future__ import annotations

import os

from ..errors import IndexFailure
from .base import IndexBackend, IndexConflict, IndexEntry  # noqa: F401

REDIS_SCHEMES = ("redis://", "rediss://")


def index_kind(location: str | None) -> str:
    """Which backend a location names.

    >>> [index_kind(x) for x in (None, ":memory:", "redis://h:6379/0", "idx.db")]
    ['memory', 'memory', 'redis', 'sqlite']
    """
    if location in (None, "", ":memory:"):
        return "memory"
    if location.startswith(REDIS_SCHEMES):
        return "redis"
    return "sqlite"


def open_index(location: str | None, create: bool = True,
               timeout: float | None = None) -> IndexBackend:
    """Open (and with ``create``, make) the index at ``location``.

    ``create=False`` is for maintenance commands: the SQLite file is opened
    read-only, and a missing, empty or foreign file is an error rather than
    a new empty index.  With ``create`` a missing or empty file becomes a
    new index; a foreign database is refused all the same.  ``timeout``: seconds a Redis server
    may take to connect or answer (default ``redis.DEFAULT_TIMEOUT``).
    """
    kind = index_kind(location)
    if kind == "memory":
        from .memory import MemoryIndex
        return MemoryIndex()
    if kind == "redis":
        from .redis import RedisIndex
        return RedisIndex(location, timeout=timeout)
    if not create and not os.path.exists(location):
        raise IndexFailure(f"index {location}: not a normtool index (no such file)")
    if os.path.isdir(location):
        raise IndexFailure(f"index {location}: is a directory (give a file path)")
    from .sqlite import SQLiteIndex
    return SQLiteIndex(location, create=create)


__all__ = ["IndexBackend", "IndexConflict", "IndexEntry", "IndexFailure", "open_index",
           "index_kind"]
