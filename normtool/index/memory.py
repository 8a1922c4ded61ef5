"""In-process index: plain dicts, gone when the process ends.

The default for a one-shot ``dedup`` and the reference the other backends
are tested against.  Writes apply at once and are recorded in an undo log, so
``rollback()`` restores the last committed state.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from .base import IndexBackend, IndexEntry, bucket_hashes, first_members, rank_candidates


class MemoryIndex(IndexBackend):
    """Buckets and entries in dicts."""

    kind = "memory"

    def __init__(self) -> None:
        self.location = ":memory:"
        self._entries: dict[str, IndexEntry] = {}
        self._hashes: dict[str, list[int]] = {}     # id -> its bucket hashes
        self._buckets: dict[int, set[str]] = {}
        self._order: dict[str, int] = {}          # id -> when it was put (candidate ranking)
        self._puts = 0
        self._meta: dict[str, str] = {}
        self._undo: list = []

    def query_buckets(self, band_keys: Sequence[bytes]) -> set[str]:
        found: set[str] = set()
        for h in bucket_hashes(band_keys):
            found |= self._buckets.get(h, set())
        return found

    def query_candidates(self, keys_list, limit=None, bucket_limit=None,
                         weak_limit=None) -> list[list[str]]:
        order = self._order
        return [rank_candidates([first_members(((order[i], i) for i in self._buckets.get(h, ())),
                                               bucket_limit) for h in bucket_hashes(keys)],
                                limit, weak_limit)
                for keys in keys_list]

    def put(self, entry: IndexEntry, band_keys: Sequence[bytes] = ()) -> None:
        self.remove(entry.id)
        hashes = bucket_hashes(band_keys)
        self._entries[entry.id] = entry
        self._hashes[entry.id] = hashes
        self._puts += 1
        self._order[entry.id] = self._puts
        for h in hashes:
            self._buckets.setdefault(h, set()).add(entry.id)
        self._undo.append(lambda: self._drop(entry.id))

    def _drop(self, article_id: str) -> None:
        self._entries.pop(article_id, None)
        self._order.pop(article_id, None)
        for h in self._hashes.pop(article_id, []):
            ids = self._buckets.get(h)
            if ids is not None:
                ids.discard(article_id)
                if not ids:
                    del self._buckets[h]

    def _restore(self, entry: IndexEntry, hashes: list[int], order: int) -> None:
        self._entries[entry.id] = entry
        self._hashes[entry.id] = hashes
        self._order[entry.id] = order
        for h in hashes:
            self._buckets.setdefault(h, set()).add(entry.id)

    def get_many(self, ids: Iterable[str], payload: bool = True) -> dict[str, IndexEntry]:
        return {i: self._entries[i] if payload else _lean(self._entries[i])
                for i in ids if i in self._entries}

    def entries(self, payload: bool = True) -> Iterator[IndexEntry]:
        for i in sorted(self._entries):
            e = self._entries[i]
            yield e if payload else _lean(e)

    def remove(self, article_id: str) -> None:
        old = self._entries.get(article_id)
        if old is None:
            return
        hashes, order = self._hashes.get(article_id, []), self._order[article_id]
        self._drop(article_id)
        self._undo.append(lambda: self._restore(old, hashes, order))

    def expire(self, cutoff: float) -> list[str]:
        newest: dict[str, float] = {}
        for e in self._entries.values():
            newest[e.cluster] = max(newest.get(e.cluster, e.added), e.added)
        old = {c for c, t in newest.items() if t < cutoff}
        gone = sorted(i for i, e in self._entries.items() if e.cluster in old)
        for i in gone:
            self.remove(i)
        return gone

    def bucket_ids(self) -> set[str]:
        return set().union(*self._buckets.values()) if self._buckets else set()

    def get_meta(self, key: str) -> str | None:
        return self._meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        had, old = key in self._meta, self._meta.get(key)
        self._meta[key] = value
        self._undo.append(lambda: self._meta.__setitem__(key, old) if had
                          else self._meta.pop(key, None))

    def commit(self) -> None:
        self._undo.clear()

    def rollback(self) -> None:
        while self._undo:
            self._undo.pop()()

    def stats(self) -> dict:
        size = sum(len(e.payload) + len(e.id) + len(e.content_hash) + 8 * len(self._hashes[i])
                   for i, e in self._entries.items())
        return {"backend": self.kind, "location": self.location,
                "articles": len(self._entries),
                "clusters": len({e.cluster for e in self._entries.values()}),
                "bytes": size}


def _lean(entry: IndexEntry) -> IndexEntry:
    from dataclasses import replace
    return replace(entry, payload=b"")
