"""Storage for dedup: one interface, several backends (memory, SQLite, Redis).

``open_index(location)`` picks the backend from the location string:
``None`` or ``":memory:"`` -> in-process dicts, a file path -> SQLite,
``redis://`` -> Redis.
"""
from .base import IndexBackend, IndexEntry  # noqa: F401
