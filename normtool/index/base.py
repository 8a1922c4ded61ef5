"""The index interface every dedup backend implements.

Dedup keeps two kinds of state, and a backend stores both without knowing
what they mean:

* LSH buckets: for each band of a MinHash signature, a bucket key (bytes).
  Dedup computes the band keys; the backend stores ``(band number, key)``
  hashed to a 64-bit integer (``bucket_hashes``), so an index stays small
  whatever the key length, and keys of different bands never meet.  A hash
  collision only adds a candidate that verification then rejects.
* Entries: per article, its id, content hash, cluster id, canonical id, date,
  when it was added, how it joined its canonical (``relation`` and
  ``similarity``, so a re-run of a batch can write the records it wrote the
  first time), and an opaque ``payload`` (bytes) holding the fingerprint
  dedup needs to verify a candidate.  The backend never looks inside
  ``payload``.

An entry and its buckets are written together by ``put(entry, band_keys)``,
so a bucket never points to a missing entry.  Writes become durable only at
``commit()``, all or nothing, so a crash before commit leaves the index as it
was.  Reads see this handle's own uncommitted writes.  ``lock()`` serialises
writers of one embedded index (overlapping cron runs); the Redis backend lets
writers run concurrently and instead makes ``commit()`` a check-and-set: it
raises ``IndexConflict`` when another writer changed anything this
transaction read, and the caller redoes its decisions.

Stories (clusters) are the unit of retention: ``expire(cutoff)`` forgets
every story whose newest entry was *added* before ``cutoff`` (unix time).

The memory backend serves one-shot runs and tests; SQLite and Redis make
dedup incremental.  tests/index/test_contract.py runs against all three.
"""
from __future__ import annotations

import hashlib
import struct
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

import numpy as np

from ..errors import IndexFailure


class IndexConflict(IndexFailure):
    """Another writer changed what this transaction read; redo and retry."""


@dataclass(frozen=True)
class IndexEntry:
    """What the index remembers of one article."""

    id: str
    content_hash: str
    cluster: str
    canonical_id: str
    date: str | None = None
    added: float = 0.0          # unix time of the run that indexed it
    payload: bytes = b""        # dedup's serialised fingerprint (opaque here)
    # How it joined its canonical: "canonical" (it heads its story), or the
    # relation (exact, near, contained, spun) and similarity of the copy.
    # None: not recorded (an entry written by an older normtool).
    relation: str | None = None
    similarity: float | None = None

    def to_dict(self, payload: bool = False) -> dict:
        """The export record (payload as hex only when asked)."""
        out = {"id": self.id, "content_hash": self.content_hash,
               "cluster": self.cluster, "canonical_id": self.canonical_id,
               "date": self.date, "added": self.added, "relation": self.relation,
               "similarity": self.similarity}
        if payload:
            out["payload"] = self.payload.hex()
        return out


def bucket_hashes(band_keys: Sequence[bytes | None]) -> list[int]:
    """Signed 64-bit hashes of ``(band i, band_keys[i])``; ``None`` keys are skipped.

    A ``None`` key means "no bucket in this band" (e.g. a signature of an
    empty set) while keeping the numbering of the bands after it.

    >>> a = bucket_hashes([b"x", b"x"])
    >>> a[0] != a[1], a == bucket_hashes([b"x", b"x"]), bucket_hashes([None, b"x"]) == a[1:]
    (True, True, True)
    """
    out = []
    for i, key in enumerate(band_keys):
        if key is None:
            continue
        digest = hashlib.blake2b(struct.pack(">H", i) + bytes(key), digest_size=8).digest()
        out.append(int.from_bytes(digest, "big", signed=True))
    return out


def pack_hashes(hashes: Sequence[int]) -> bytes:
    """Bucket hashes as a compact blob (8 bytes each) stored with the entry."""
    return struct.pack(f">{len(hashes)}q", *hashes)


def unpack_hashes(blob: bytes) -> list[int]:
    """Inverse of ``pack_hashes``.

    >>> unpack_hashes(pack_hashes([1, -2]))
    [1, -2]
    """
    return list(struct.unpack(f">{len(blob) // 8}q", blob)) if blob else []


def rank_candidates(buckets: Iterable[Sequence[tuple[int, str]]],
                    limit: int | None, weak_limit: int | None = None) -> list[str]:
    """Members of one signature's buckets, most shared first, then newest.

    Each bucket lists ``(order, id)`` pairs (order: when the entry was
    put), already cut to the bucket limit.  At most ``weak_limit`` of the
    members kept share a single bucket.  The reference for
    ``IndexBackend.query_candidates``; SQLite does the same with arrays.

    >>> rank_candidates([[(1, "a"), (5, "c")], [(5, "c"), (7, "d")], [(2, "b")]], 3)
    ['c', 'd', 'b']
    >>> rank_candidates([[(1, "a"), (5, "c")], [(5, "c"), (7, "d")], [(2, "b")]], 3, 1)
    ['c', 'd']
    """
    shared: dict[tuple[int, str], int] = {}
    for members in buckets:
        for member in members:
            shared[member] = shared.get(member, 0) + 1
    ranked = sorted(shared, key=lambda m: (-shared[m], -m[0]))
    if weak_limit is not None:
        strong = sum(shared[m] > 1 for m in ranked)
        ranked = ranked[:strong + weak_limit]
    return [i for _, i in ranked[:limit]]


def kept_places(groups: np.ndarray, shared: np.ndarray, limit: int | None,
                weak_limit: int | None) -> np.ndarray:
    """Which members each group keeps: its first ``limit``, of which at most
    ``weak_limit`` share a single bucket (``shared == 1``: one shared
    sentence).  Rows are sorted by group, best first, those sharing more
    buckets before the others.  ``None``: no cap.  One rule for the
    index's candidates and for one-shot dedup's candidate pairs.

    >>> kept_places(np.array([0, 0, 0, 1]), np.array([3, 1, 1, 1]), None, 1).tolist()
    [True, True, False, True]
    """
    keep = np.ones(len(groups), bool)
    if not len(groups):
        return keep
    group = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    size = np.diff(np.r_[group, len(groups)])
    place = np.arange(len(groups)) - np.repeat(group, size)
    if limit is not None:
        keep &= place < limit
    if weak_limit is not None:
        strong = np.repeat(np.add.reduceat((shared > 1).astype(np.int64), group), size)
        keep &= (shared > 1) | (place - strong < weak_limit)
    return keep


def first_members(members: Iterable[tuple[int, str]], bucket_limit: int | None
                  ) -> list[tuple[int, str]]:
    """A bucket's ``bucket_limit`` newest members (all when ``None``)."""
    ordered = sorted(members, reverse=True)
    return ordered if bucket_limit is None else ordered[:bucket_limit]


class IndexBackend(ABC):
    """Buckets + entries, with transactions and a writer lock."""

    kind = "abstract"
    location = ""

    # -- buckets ----------------------------------------------------------
    @abstractmethod
    def query_buckets(self, band_keys: Sequence[bytes]) -> set[str]:
        """Ids sharing at least one (band, key) bucket with ``band_keys``."""

    def query_buckets_many(self, keys_list: Sequence[Sequence[bytes]]) -> list[set[str]]:
        """``query_buckets`` for several signatures (backends may batch it)."""
        return [self.query_buckets(keys) for keys in keys_list]

    @abstractmethod
    def query_candidates(self, keys_list: Sequence[Sequence[bytes | None]],
                         limit: int | None = None, bucket_limit: int | None = None,
                         weak_limit: int | None = None) -> list[list[str]]:
        """For each signature, the ids sharing a bucket with it, best first.

        Ranked by how many of the signature's buckets they share (true
        copies share many bands, articles quoting one sentence few), then
        by indexing order, newest first (a feed's copies come soon after
        their original); at most ``limit`` of them.  A bucket holding more
        than ``bucket_limit`` entries (a template, a stock sentence)
        contributes only its ``bucket_limit`` newest, so reading it costs
        no more than reading a full one.  Of the ids sharing a single
        bucket (one shared sentence, as a quote or a stock phrase gives;
        their number grows with the index) at most ``weak_limit`` are
        kept.  ``None``: no cap.  Indexing
        order: the order of ``put`` calls (a replaced entry counts as put
        anew).
        """

    # -- entries ----------------------------------------------------------
    @abstractmethod
    def put(self, entry: IndexEntry, band_keys: Sequence[bytes] = ()) -> None:
        """Add or replace ``entry`` and put it in the buckets of ``band_keys``.

        Replacing an entry first takes it out of its old buckets and story.
        """

    @abstractmethod
    def get_many(self, ids: Iterable[str], payload: bool = True) -> dict[str, IndexEntry]:
        """Entries for those of ``ids`` that exist (``payload=False`` leaves it empty)."""

    def get(self, article_id: str) -> IndexEntry | None:
        """The entry for ``article_id``, or None."""
        return self.get_many([article_id]).get(article_id)

    @abstractmethod
    def entries(self, payload: bool = True) -> Iterator[IndexEntry]:
        """Every entry, ordered by id (``payload=False`` leaves it empty)."""

    @abstractmethod
    def remove(self, article_id: str) -> None:
        """Forget an entry and take it out of its buckets (no-op if absent)."""

    @abstractmethod
    def expire(self, cutoff: float) -> list[str]:
        """Remove every story whose newest entry was added before ``cutoff``.

        Returns the removed ids, sorted.
        """

    @abstractmethod
    def bucket_ids(self) -> set[str]:
        """Every id any bucket points to (for consistency checks)."""

    # -- settings the index was built with ---------------------------------
    @abstractmethod
    def get_meta(self, key: str) -> str | None:
        """A setting stored in the index (e.g. the fingerprint parameters)."""

    @abstractmethod
    def set_meta(self, key: str, value: str) -> None:
        """Store a setting (written at the next commit)."""

    # -- transactions -----------------------------------------------------
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
        """``{"backend", "location", "articles", "clusters", "bytes", ...}``."""

    def close(self) -> None:
        """Release connections and locks (uncommitted writes are dropped)."""

    def __enter__(self) -> "IndexBackend":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def check(self) -> list[str]:
        """Consistency problems, one line each; empty when the index is sound.

        Every entry's canonical exists, is its own canonical and is in the
        same cluster; every bucket points to an existing entry.
        """
        problems = []
        entries = {e.id: e for e in self.entries(payload=False)}
        for e in entries.values():
            canon = entries.get(e.canonical_id)
            if canon is None:
                problems.append(f"{e.id}: canonical {e.canonical_id} missing")
            elif canon.canonical_id != canon.id or canon.cluster != e.cluster:
                problems.append(f"{e.id}: canonical {canon.id} is not the head of {e.cluster}")
        for i in sorted(self.bucket_ids() - set(entries)):
            problems.append(f"bucket points to missing entry {i}")
        return problems

