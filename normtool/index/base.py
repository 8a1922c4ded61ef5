"""The index interface every dedup backend implements (DRAFT, see below).

Dedup keeps two kinds of state, and a backend stores both without knowing
what they mean:

* LSH buckets: for each band of a MinHash signature, a bucket key (bytes)
  mapping to the ids of the articles whose signature falls in it.  Dedup
  computes the band keys; the backend only stores and looks them up.
* Entries: per article, its id, content hash, cluster id, canonical id, date,
  when it was added, and an opaque ``payload`` (bytes) holding the
  fingerprint dedup needs to verify a candidate (signature, shingle hashes,
  anchor features).  The backend never looks inside ``payload``.

Writes are buffered and made durable only by ``commit()``, so a crash before
commit leaves the index as it was (crash safety); ``lock()`` serialises
writers (overlapping cron runs).

The memory backend is the default for a one-shot ``dedup``; the SQLite and
Redis backends make dedup incremental.  One contract test suite runs against
all of them.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator


@dataclass(frozen=True)
class IndexEntry:
    """What the index remembers of one article."""

    id: str
    content_hash: str
    cluster: str
    canonical_id: str
    date: str | None = None
    added: float = 0.0          # unix time the entry was committed
    payload: bytes = b""        # dedup's serialised fingerprint (opaque here)


class IndexBackend(ABC):
    """Buckets + entries, with transactions and a writer lock."""

    @abstractmethod
    def add_buckets(self, article_id: str, band_keys: Iterable[bytes]) -> None:
        """Record that ``article_id`` falls in each bucket of ``band_keys``.

        ``band_keys[i]`` is the key for band ``i``; keys of different bands
        never collide because the backend stores (band number, key).
        """

    @abstractmethod
    def query_buckets(self, band_keys: Iterable[bytes]) -> set[str]:
        """Ids sharing at least one (band, key) bucket with ``band_keys``."""

    @abstractmethod
    def put(self, entry: IndexEntry) -> None:
        """Add or replace the entry for ``entry.id``."""

    @abstractmethod
    def get(self, article_id: str) -> IndexEntry | None:
        """The entry for ``article_id``, or None."""

    def get_many(self, ids: Iterable[str]) -> dict[str, IndexEntry]:
        """Entries for the ids that exist (backends may batch this)."""
        out = {}
        for i in ids:
            e = self.get(i)
            if e is not None:
                out[i] = e
        return out

    @abstractmethod
    def entries(self) -> Iterator[IndexEntry]:
        """Every entry, ordered by id (for ``index export``)."""

    @abstractmethod
    def remove(self, article_id: str) -> None:
        """Forget an entry and its buckets (retention)."""

    @abstractmethod
    def commit(self) -> None:
        """Make every write since the last commit durable, atomically."""

    @abstractmethod
    def rollback(self) -> None:
        """Discard every write since the last commit."""

    @contextmanager
    def lock(self, timeout: float) -> Iterator[None]:
        """Exclusive writer lock; raise ``IndexFailure`` after ``timeout`` s."""
        yield

    @abstractmethod
    def stats(self) -> dict:
        """``{"articles": n, "clusters": n, "bytes": n, ...}``."""

    def close(self) -> None:
        """Release connections and locks."""
