"""Embedded index: one SQLite file (WAL), the default for ``--index PATH``.

Schema (``user_version`` 4)::

    meta(key TEXT PRIMARY KEY, value TEXT)
    entries(n INTEGER PRIMARY KEY, id TEXT UNIQUE, content_hash, cluster,
            canonical_id, date, added REAL,
            relation TEXT, similarity REAL)          -- how it joined its canonical
    fingerprints(n INTEGER PRIMARY KEY, hashes BLOB, payload BLOB)
    buckets(h INTEGER, n INTEGER, PRIMARY KEY (h, n)) WITHOUT ROWID
    buckets_recent(h INTEGER, n INTEGER, PRIMARY KEY (h, n)) WITHOUT ROWID

Entries are numbered in write order; bucket rows hold the number.  Nothing
is read whole, so memory does not grow with the index: a batch's bucket
rows are written sorted at commit, candidates are one sorted sweep of the
buckets for a batch's keys, and SQLite's page cache is fixed.

Bucket keys are hashes, so a batch's rows land all over the key order:
written into one big B-tree they would touch nearly every page of it, and
the time to add a batch would grow with the index.  They go to
``buckets_recent`` instead, which holds the last few batches; once it
holds ``1 / RECENT_SHARE`` of the entries it is merged into ``buckets`` in
one sorted pass (in the same transaction).  Queries read both.

A version 1, 2 or 3 file is migrated, in one transaction, when a writer opens
it (version 1 lacks ``relation``/``similarity``: canonicals get
``canonical``/1.0 and copies stay unknown, so dedup decides them again
once).  Maintenance commands read an old file as it is.  A newer version
is refused, naming it.

All writes between two commits are one SQLite transaction, so a killed run
leaves the last committed state (WAL, ``synchronous=FULL``).  Writers take an
``flock`` on the database file itself: deleting or replacing some other file
cannot lose it, and the lock goes with the process.  A second run polls until
``--lock-timeout`` and then fails with a clear message.  Readers (``index
stats``) need no lock.  Every SQLite error (a corrupt file included) is one
``IndexFailure`` line naming the file.
"""
from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
import time
from array import array
from contextlib import contextmanager
from typing import Iterable, Iterator, Sequence
from urllib.parse import quote

import numpy as np

from ..errors import IndexFailure
from .base import (IndexBackend, IndexEntry, bucket_hashes, kept_places, pack_hashes,
                   unpack_hashes)

VERSION = 4
TABLES = """
CREATE TABLE entries (
    n INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL, cluster TEXT NOT NULL, canonical_id TEXT NOT NULL,
    date TEXT, added REAL NOT NULL, relation TEXT, similarity REAL);
CREATE INDEX entries_cluster ON entries (cluster);
CREATE TABLE fingerprints (n INTEGER PRIMARY KEY, hashes BLOB NOT NULL, payload BLOB NOT NULL);
CREATE TABLE buckets (h INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (h, n)) WITHOUT ROWID;
"""
# Version 4: the latest bucket rows apart (see the module doc).
MIGRATE_3_TO_4 = """
CREATE TABLE buckets_recent (h INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (h, n))
    WITHOUT ROWID;
"""
SCHEMA = "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);" + TABLES + MIGRATE_3_TO_4
BUCKET_TABLES = ("buckets", "buckets_recent")
NEEDED = {"meta", "entries", "buckets"}   # in every version: what makes a file an index
MIGRATE_1_TO_2 = """
ALTER TABLE entries ADD COLUMN relation TEXT;
ALTER TABLE entries ADD COLUMN similarity REAL;
UPDATE entries SET relation = 'canonical', similarity = 1.0 WHERE canonical_id = id;
"""
# Version 2 keyed buckets by id strings and kept payloads in the entries
# table; entries are numbered in the order they were written (rowid).
MIGRATE_2_TO_3 = """
DROP INDEX entries_cluster;
ALTER TABLE entries RENAME TO entries_v2;
ALTER TABLE buckets RENAME TO buckets_v2;
""" + TABLES + """
INSERT INTO entries (id, content_hash, cluster, canonical_id, date, added, relation, similarity)
    SELECT id, content_hash, cluster, canonical_id, date, added, relation, similarity
    FROM entries_v2 ORDER BY rowid;
INSERT INTO fingerprints (n, hashes, payload)
    SELECT e.n, o.hashes, o.payload FROM entries e JOIN entries_v2 o ON o.id = e.id
    WHERE length(o.payload) > 0 OR length(o.hashes) > 0 ORDER BY e.n;
INSERT INTO buckets (h, n)
    SELECT b.h, e.n FROM buckets_v2 b JOIN entries e ON e.id = b.id ORDER BY b.h, e.n;
DROP TABLE buckets_v2;
DROP TABLE entries_v2;
"""
LOCK_POLL = 0.1  # seconds between attempts to take the writer lock
CACHE_KB = 65_536  # SQLite's page cache per connection (bounded, whatever the index size)
FLUSH_ROWS = 4_000_000  # pending bucket rows written (sorted) once there are this many
RECENT_SHARE = 8        # merge buckets_recent into buckets when it holds 1/8 of the entries
_COLS = "e.id, e.content_hash, e.cluster, e.canonical_id, e.date, e.added, e.relation, e.similarity"


class SQLiteIndex(IndexBackend):
    """Buckets and entries in one SQLite database file."""

    kind = "sqlite"

    def __init__(self, path: str, create: bool = True):
        self.location = path
        self._db = None
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise IndexFailure(f"index {path}: folder {folder} does not exist")
        try:
            # Maintenance commands open the file read-only: they never write to it.
            target = path if create else "file:" + quote(os.path.abspath(path)) + "?mode=ro"
            self._db = sqlite3.connect(target, isolation_level=None, timeout=30.0,
                                       uri=not create)
            version, blank = _identify(self._db, path, create)
            if create:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute(f"PRAGMA cache_size=-{CACHE_KB}")
            if blank:
                self._db.executescript("BEGIN IMMEDIATE;" + SCHEMA
                                       + f"PRAGMA user_version={VERSION}; COMMIT;")
                version = VERSION
            elif version > VERSION:
                raise IndexFailure(f"index {path}: schema version {version} is newer than "
                                   f"this normtool reads ({VERSION}); upgrade normtool")
            elif version < VERSION and create:
                self._migrate(version)
                version = VERSION
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            raise IndexFailure(f"index {path}: not a normtool index, or damaged ({exc})"
                               ) from None
        except IndexFailure:
            self._close_quietly()
            raise
        self.version = version
        self._wrote = False
        self._lock_fd: int | None = None
        # Bucket rows of this transaction's puts, written sorted by key at
        # commit (or before a read): appending to a run of keys touches far
        # fewer pages than one insert per article.
        self._pending_h, self._pending_n = array("q"), array("q")
        self._pending_of: set[int] = set()

    def _migrate(self, version: int) -> None:
        """Upgrade an older file in one transaction (all or nothing)."""
        script = ((MIGRATE_1_TO_2 if version == 1 else "")
                  + (MIGRATE_2_TO_3 if version <= 2 else "") + MIGRATE_3_TO_4)
        try:
            self._db.executescript("BEGIN IMMEDIATE;" + script
                                   + f"PRAGMA user_version={VERSION}; COMMIT;")
        except sqlite3.Error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _close_quietly(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- helpers ----------------------------------------------------------
    def _fail(self, exc: Exception) -> IndexFailure:
        hint = (" (see `normtool index check`)"
                if isinstance(exc, sqlite3.DatabaseError)
                and not isinstance(exc, sqlite3.OperationalError) else "")
        return IndexFailure(f"index {self.location}: {exc}{hint}")

    def _current(self) -> None:
        """Refuse to write (or query buckets of) a file of an older version."""
        if self.version < VERSION:
            raise IndexFailure(f"index {self.location}: schema version {self.version} is only "
                               "read by maintenance commands; a `normtool dedup --index` run "
                               f"upgrades it to version {VERSION}")

    def _write(self, sql: str, args=()) -> sqlite3.Cursor:
        self._current()
        self._begin()
        try:
            return self._db.execute(sql, args)
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def _run(self, sql: str, args=()) -> list:
        """Execute and fetch every row, so that any SQLite error surfaces here."""
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def _many(self, sql: str, rows) -> None:
        try:
            self._db.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def _int_rows(self, sql: str, args=(), width: int = 2) -> np.ndarray:
        """Rows of integers as an array, fetched in chunks: a few million
        rows take 16 bytes each instead of a Python tuple each."""
        out = array("q")
        try:
            cur = self._db.execute(sql, args)
            while True:
                chunk = cur.fetchmany(100_000)
                if not chunk:
                    break
                out.extend(v for row in chunk for v in row)
        except sqlite3.Error as exc:
            raise self._fail(exc) from None
        return np.frombuffer(out, dtype=np.int64).reshape(-1, width)

    def _begin(self) -> None:
        if not self._db.in_transaction:
            self._run("BEGIN IMMEDIATE")

    def _temp_rows(self, table: str, values: np.ndarray) -> None:
        """Fill TEMP table ``table(v INTEGER PRIMARY KEY)`` with sorted unique ``values``."""
        own = not self._db.in_transaction     # else each row would be a transaction of its own
        if own:
            self._run("BEGIN")
        self._run(f"CREATE TEMP TABLE IF NOT EXISTS {table} (v INTEGER PRIMARY KEY)")
        self._run(f"DELETE FROM temp.{table}")
        step = 200_000
        for start in range(0, len(values), step):
            self._many(f"INSERT INTO temp.{table} VALUES (?)",
                       ((v,) for v in values[start:start + step].tolist()))
        if own:
            self._run("COMMIT")

    # -- buckets ----------------------------------------------------------
    def _flush(self, table: str = "buckets_recent") -> None:
        """Write the pending bucket rows to ``table``, sorted by (key, entry)."""
        if not len(self._pending_h):
            return
        h = np.frombuffer(self._pending_h, dtype=np.int64)
        n = np.frombuffer(self._pending_n, dtype=np.int64)
        order = np.lexsort((n, h))
        h, n = h[order], n[order]
        step = 200_000
        for start in range(0, len(h), step):
            self._many(f"INSERT OR IGNORE INTO {table} VALUES (?, ?)",
                       zip(h[start:start + step].tolist(), n[start:start + step].tolist()))
        del h, n, order
        if table == "buckets_recent":
            recent = int(self.get_meta("recent_entries") or 0) + len(self._pending_of)
            self.set_meta("recent_entries", str(recent))
        self._pending_h, self._pending_n = array("q"), array("q")
        self._pending_of.clear()

    def _flush_at_commit(self) -> None:
        """The pending rows to ``buckets_recent`` or, once the recent rows
        would be 1/RECENT_SHARE of the entries, everything into ``buckets``:
        one sorted pass over the big table every few batches instead of one
        per batch (a small index merges every batch, as if there were one
        table)."""
        recent = int(self.get_meta("recent_entries") or 0)
        if not len(self._pending_h) and not recent:
            return
        last = self._run("SELECT MAX(n) FROM entries")[0][0] or 0
        if (recent + len(self._pending_of)) * RECENT_SHARE < last:
            self._flush()
            return
        self._flush("buckets")
        if recent:
            self._write("INSERT OR IGNORE INTO buckets SELECT h, n FROM buckets_recent"
                        " ORDER BY h, n")
            self._write("DELETE FROM buckets_recent")
            self.set_meta("recent_entries", "0")

    def query_buckets(self, band_keys: Sequence[bytes]) -> set[str]:
        return self.query_buckets_many([band_keys])[0]

    def query_buckets_many(self, keys_list: Sequence[Sequence[bytes]]) -> list[set[str]]:
        return [set(ids) for ids in self.query_candidates(keys_list)]

    def query_candidates(self, keys_list, limit=None, bucket_limit=None,
                         weak_limit=None) -> list[list[str]]:
        """One sorted sweep of the buckets for every distinct key, then numpy.

        The keys go into a TEMP table in key order, so the join reads the
        bucket B-tree front to back (each leaf page once, however many keys
        land on it) and costs one probe per distinct key; most keys find
        no bucket.  Caps and ranking (``IndexBackend.query_candidates``)
        are then array operations on the few rows found, and only the ids
        of the candidates kept are read.
        """
        self._current()
        self._flush()
        hashes = [bucket_hashes(keys) for keys in keys_list]
        sizes = np.array([len(hs) for hs in hashes], dtype=np.int64)
        out: list[list[str]] = [[] for _ in keys_list]
        if not sizes.sum():
            return out
        key = np.fromiter((h for hs in hashes for h in hs), np.int64, int(sizes.sum()))
        owner = np.repeat(np.arange(len(hashes), dtype=np.int64), sizes)
        self._temp_rows("k", np.unique(key))
        found = self._int_rows(*_sweep(bucket_limit))
        self._run("DELETE FROM temp.k")
        if not len(found):
            return out
        art, n = _members(key, owner, found[:, 0], found[:, 1], bucket_limit)
        art, n = _ranked(art, n, limit, weak_limit)
        ids = self._ids_of(np.unique(n))
        for a, i in zip(art.tolist(), n.tolist()):
            out[a].append(ids[i])
        return out

    def _ids_of(self, numbers: np.ndarray) -> dict[int, str]:
        """Entry number -> id, for sorted unique ``numbers``."""
        self._temp_rows("m", numbers)
        rows = self._run("SELECT e.n, e.id FROM temp.m AS m CROSS JOIN entries AS e ON e.n = m.v")
        self._run("DELETE FROM temp.m")
        return dict(rows)

    # -- entries ----------------------------------------------------------
    def put(self, entry: IndexEntry, band_keys: Sequence[bytes] = ()) -> None:
        self.remove(entry.id)
        hashes = bucket_hashes(band_keys)
        n = self._write("INSERT INTO entries (id, content_hash, cluster, canonical_id, date,"
                        " added, relation, similarity) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (entry.id, entry.content_hash, entry.cluster, entry.canonical_id,
                         entry.date, entry.added, entry.relation, entry.similarity)).lastrowid
        if hashes or entry.payload:
            self._write("INSERT INTO fingerprints VALUES (?, ?, ?)",
                        (n, pack_hashes(hashes), entry.payload))
        for h in dict.fromkeys(hashes):
            self._pending_h.append(h)
            self._pending_n.append(n)
        if hashes:
            self._pending_of.add(n)
        if len(self._pending_h) >= FLUSH_ROWS:
            self._flush()

    def get_many(self, ids: Iterable[str], payload: bool = True) -> dict[str, IndexEntry]:
        ids = list(dict.fromkeys(ids))
        out = {}
        cols, join = self._select(payload)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._run(f"SELECT {cols} FROM entries AS e{join} "
                                 f"WHERE e.id IN ({marks})", chunk):
                out[row[0]] = _entry(row)
        return out

    def _select(self, payload: bool) -> tuple[str, str]:
        """Columns (and join) that read entries, payload last when asked."""
        if self.version < 3:        # payloads in the entries table
            cols = _COLS if self.version >= 2 else _COLS.rsplit(",", 2)[0] + ", NULL, NULL"
            return cols + (", e.payload" if payload else ""), ""
        if not payload:
            return _COLS, ""
        return _COLS + ", f.payload", " LEFT JOIN fingerprints AS f ON f.n = e.n"

    def entries(self, payload: bool = True) -> Iterator[IndexEntry]:
        cols, join = self._select(payload)
        for row in self._run(f"SELECT {cols} FROM entries AS e{join} ORDER BY e.id"):
            yield _entry(row)

    def remove(self, article_id: str) -> None:
        self._current()
        rows = self._run("SELECT e.n, f.hashes FROM entries AS e LEFT JOIN fingerprints AS f"
                         " ON f.n = e.n WHERE e.id = ?", (article_id,))
        if not rows:
            return
        n, blob = rows[0]
        if n in self._pending_of:
            self._flush()
        self._write("DELETE FROM entries WHERE n = ?", (n,))
        self._write("DELETE FROM fingerprints WHERE n = ?", (n,))
        for table in BUCKET_TABLES:
            self._many(f"DELETE FROM {table} WHERE h = ? AND n = ?",
                       [(h, n) for h in unpack_hashes(blob or b"")])

    def expire(self, cutoff: float) -> list[str]:
        rows = self._run("SELECT id FROM entries WHERE cluster IN (SELECT cluster FROM entries"
                         " GROUP BY cluster HAVING MAX(added) < ?) ORDER BY id", (cutoff,))
        gone = [r[0] for r in rows]
        for i in gone:
            self.remove(i)
        return gone

    def bucket_ids(self) -> set[str]:
        if self.version < 3:        # buckets keyed by id
            return {r[0] for r in self._run("SELECT DISTINCT id FROM buckets")}
        self._flush()
        tables = BUCKET_TABLES if self.version >= 4 else BUCKET_TABLES[:1]
        numbers = " UNION ".join(f"SELECT n FROM {t}" for t in tables)
        return {i if i is not None else f"#{n}" for n, i in self._run(
            f"SELECT d.n, e.id FROM ({numbers}) AS d LEFT JOIN entries AS e ON e.n = d.n")}

    def get_meta(self, key: str) -> str | None:
        rows = self._run("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- transactions -----------------------------------------------------
    def commit(self) -> None:
        self._flush_at_commit()
        if self._db.in_transaction:
            self._run("COMMIT")
            self._wrote = True

    def rollback(self) -> None:
        self._pending_h, self._pending_n = array("q"), array("q")
        self._pending_of.clear()
        if self._db.in_transaction:
            self._run("ROLLBACK")

    @contextmanager
    def lock(self, timeout: float) -> Iterator[None]:
        """``flock`` on the database file: one writer at a time.

        The lock is on the file that holds the data, so removing or
        replacing any other file (an old ``PATH.lock``) cannot let a second
        writer in; it is released when the descriptor closes or the process
        ends.  Re-entrant: a handle that holds the lock may take it again.
        """
        if self._lock_fd is not None:
            yield
            return
        try:
            fd = os.open(self.location, os.O_RDONLY | os.O_CLOEXEC)
        except OSError as exc:
            raise IndexFailure(f"index {self.location}: cannot open it to lock it: "
                               f"{exc.strerror}") from None
        start = time.monotonic()
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise IndexFailure(f"index {self.location}: cannot lock it: "
                                           f"{exc.strerror}") from None
                    if time.monotonic() - start >= timeout:
                        raise IndexFailure(f"index {self.location} is locked by another run "
                                           f"(waited {timeout:g} s)") from None
                    time.sleep(LOCK_POLL)
            self._lock_fd = fd
            yield
        finally:
            self._lock_fd = None
            os.close(fd)   # closing the descriptor releases the flock

    def stats(self) -> dict:
        self._flush()
        articles = self._run("SELECT COUNT(*) FROM entries")[0][0]
        clusters = self._run("SELECT COUNT(DISTINCT cluster) FROM entries")[0][0]
        pages = self._run("PRAGMA page_count")[0][0]
        free = self._run("PRAGMA freelist_count")[0][0]
        page_size = self._run("PRAGMA page_size")[0][0]
        return {"backend": self.kind, "location": self.location, "articles": articles,
                "clusters": clusters, "bytes": (pages - free) * page_size,
                "file_bytes": _file_size(self.location), "schema": self.version}

    def check(self) -> list[str]:
        """SQLite's own integrity check first; the entry checks when it passes."""
        try:
            rows = self._db.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as exc:
            return [f"database damaged: {exc}"]
        problems = [f"database damaged: {r[0]}" for r in rows if r[0] != "ok"]
        if problems:
            return problems
        return super().check()

    def close(self) -> None:
        if self._db is None:
            return
        try:
            self.rollback()
            if self._wrote:   # fold the WAL back into the file (best effort)
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except (IndexFailure, sqlite3.Error):
            pass
        self._db.close()
        self._db = None


def _identify(db: sqlite3.Connection, path: str, create: bool) -> tuple[int, bool]:
    """``(schema version, blank)`` of the database, read before anything is
    written to it: ``blank`` when it holds nothing at all (a new or 0-byte
    file), which only a writer (``create``) fills with a new index.  Any
    other database without normtool's tables is refused, untouched."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if NEEDED <= names and version:
        return version, False
    if not names and not version and not db.execute("SELECT 1 FROM sqlite_master").fetchall():
        if create:
            return 0, True
        why = "an empty file" if _file_size(path) == 0 else "an empty database"
    elif NEEDED <= names:
        why = "schema version 0"
    else:
        why = "an SQLite database without normtool's tables"
    raise IndexFailure(f"index {path}: not a normtool index ({why})")


def _entry(row) -> IndexEntry:
    return IndexEntry(id=row[0], content_hash=row[1], cluster=row[2], canonical_id=row[3],
                      date=row[4], added=row[5], relation=row[6], similarity=row[7],
                      payload=row[8] if len(row) > 8 else b"")


def _file_size(path: str) -> int:
    total = 0
    for suffix in ("", "-wal"):
        try:
            total += os.path.getsize(path + suffix)
        except OSError:
            pass
    return total


def _sweep(bucket_limit: int | None) -> tuple[str, tuple]:
    """The bucket rows of the keys in ``temp.k``, from both bucket tables:
    SQL and parameters.

    CROSS JOIN keeps the keys outside: left to itself the planner scans
    the whole bucket table (the index's size) and probes the keys.  With a
    ``bucket_limit`` only a bucket's newest rows of each table are read
    (from the ``bucket_limit``-th newest on; ``_members`` keeps the newest
    of both), so an over-full bucket costs no more time or memory than a
    full one, however large the index grows.
    """
    parts, args = [], []
    for table in BUCKET_TABLES:
        sql = f"SELECT k.v, b.n FROM temp.k AS k CROSS JOIN {table} AS b ON b.h = k.v"
        if bucket_limit is not None:
            sql += (f" AND b.n >= IFNULL((SELECT c.n FROM {table} AS c WHERE c.h = k.v"
                    " ORDER BY c.n DESC LIMIT 1 OFFSET ?), 0)")
            args.append(max(bucket_limit, 1) - 1)
        parts.append(sql)
    return " UNION ALL ".join(parts), tuple(args)


def _members(key: np.ndarray, owner: np.ndarray, bucket: np.ndarray, number: np.ndarray,
             bucket_limit: int | None) -> tuple[np.ndarray, np.ndarray]:
    """``(owner, entry number)`` for every member a signature's buckets give.

    ``key``/``owner``: each signature's bucket keys; ``bucket``/``number``:
    the bucket rows found.  A bucket gives its ``bucket_limit`` highest
    (newest) numbers.  A pair appears once per bucket it shares.
    """
    order = np.lexsort((-number, bucket))
    bucket, number = bucket[order], number[order]
    first = np.flatnonzero(np.r_[True, bucket[1:] != bucket[:-1]])
    size = np.diff(np.r_[first, len(bucket)])
    if bucket_limit is not None:
        size = np.minimum(size, bucket_limit)
    where = np.searchsorted(bucket[first], key)
    hit = where < len(first)
    hit[hit] = bucket[first[where[hit]]] == key[hit]
    where, owner = where[hit], owner[hit]
    count = size[where]
    start = np.repeat(first[where], count)
    step = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    return np.repeat(owner, count), number[start + step]


def _ranked(owner: np.ndarray, number: np.ndarray, limit: int | None,
            weak_limit: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each owner's distinct members, most shared buckets first, then newest,
    at most ``weak_limit`` of them sharing one bucket, cut to ``limit``."""
    if not len(owner):
        return owner, number
    order = np.lexsort((number, owner))
    owner, number = owner[order], number[order]
    first = np.flatnonzero(np.r_[True, (owner[1:] != owner[:-1]) | (number[1:] != number[:-1])])
    shared = np.diff(np.r_[first, len(owner)])
    owner, number = owner[first], number[first]
    order = np.lexsort((-number, -shared, owner))
    owner, number, shared = owner[order], number[order], shared[order]
    keep = kept_places(owner, shared, limit, weak_limit)
    return owner[keep], number[keep]
