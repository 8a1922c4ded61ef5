"""Embedded index: one SQLite file (WAL), the default for ``--index PATH``.

Schema (``user_version`` 1)::

    meta(key TEXT PRIMARY KEY, value TEXT)
    entries(id TEXT PRIMARY KEY, content_hash, cluster, canonical_id, date,
            added REAL, payload BLOB, hashes BLOB)   -- hashes: 8-byte bucket hashes
    buckets(h INTEGER, id TEXT, PRIMARY KEY (h, id)) WITHOUT ROWID

All writes between two commits are one SQLite transaction, so a killed run
leaves the last committed state (WAL, ``synchronous=FULL``).  Writers take an
``flock`` on ``PATH.lock`` (a file that is never removed, so two runs can
never lock different files); a second run polls until ``--lock-timeout`` and
then fails with a clear message.  Readers (``index stats``) need no lock.
"""
from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
import time
from contextlib import contextmanager
from typing import Iterable, Iterator, Sequence

from ..errors import IndexFailure
from .base import IndexBackend, IndexEntry, bucket_hashes, pack_hashes, unpack_hashes

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, cluster TEXT NOT NULL,
    canonical_id TEXT NOT NULL, date TEXT, added REAL NOT NULL,
    payload BLOB NOT NULL, hashes BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS entries_cluster ON entries (cluster);
CREATE TABLE IF NOT EXISTS buckets (
    h INTEGER NOT NULL, id TEXT NOT NULL, PRIMARY KEY (h, id)) WITHOUT ROWID;
"""
LOCK_POLL = 0.1  # seconds between attempts to take the writer lock
_COLS = "id, content_hash, cluster, canonical_id, date, added"


class SQLiteIndex(IndexBackend):
    """Buckets and entries in one SQLite database file."""

    kind = "sqlite"

    def __init__(self, path: str):
        self.location = path
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise IndexFailure(f"index {path}: folder {folder} does not exist")
        try:
            self._db = sqlite3.connect(path, isolation_level=None, timeout=30.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                self._db.executescript("BEGIN IMMEDIATE;" + SCHEMA
                                       + "PRAGMA user_version=1; COMMIT;")
            elif version != 1:
                raise IndexFailure(f"index {path}: unknown schema version {version}")
        except sqlite3.DatabaseError as exc:
            raise IndexFailure(f"index {path}: not a normtool index ({exc})") from None
        self._wrote = False

    # -- helpers ----------------------------------------------------------
    def _write(self, sql: str, args=()) -> None:
        self._begin()
        self._run(sql, args)

    def _run(self, sql: str, args=()):
        try:
            return self._db.execute(sql, args)
        except sqlite3.Error as exc:
            raise IndexFailure(f"index {self.location}: {exc}") from None

    def _begin(self) -> None:
        if not self._db.in_transaction:
            self._run("BEGIN IMMEDIATE")

    # -- buckets ----------------------------------------------------------
    def query_buckets(self, band_keys: Sequence[bytes]) -> set[str]:
        hashes = bucket_hashes(band_keys)
        if not hashes:
            return set()
        marks = ",".join("?" * len(hashes))
        return {r[0] for r in self._run(f"SELECT DISTINCT id FROM buckets WHERE h IN ({marks})",
                                        hashes)}

    # -- entries ----------------------------------------------------------
    def put(self, entry: IndexEntry, band_keys: Sequence[bytes] = ()) -> None:
        self.remove(entry.id)
        hashes = bucket_hashes(band_keys)
        self._write("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (entry.id, entry.content_hash, entry.cluster, entry.canonical_id,
                     entry.date, entry.added, entry.payload, pack_hashes(hashes)))
        try:
            self._db.executemany("INSERT OR IGNORE INTO buckets VALUES (?, ?)",
                                 [(h, entry.id) for h in hashes])
        except sqlite3.Error as exc:
            raise IndexFailure(f"index {self.location}: {exc}") from None

    def get_many(self, ids: Iterable[str]) -> dict[str, IndexEntry]:
        ids = list(dict.fromkeys(ids))
        out = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._run(f"SELECT {_COLS}, payload FROM entries WHERE id IN ({marks})",
                                 chunk):
                out[row[0]] = _entry(row)
        return out

    def entries(self, payload: bool = True) -> Iterator[IndexEntry]:
        cols = _COLS + (", payload" if payload else "")
        rows = self._run(f"SELECT {cols} FROM entries ORDER BY id").fetchall()
        for row in rows:
            yield _entry(row)

    def remove(self, article_id: str) -> None:
        row = self._run("SELECT hashes FROM entries WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return
        self._write("DELETE FROM entries WHERE id = ?", (article_id,))
        try:
            self._db.executemany("DELETE FROM buckets WHERE h = ? AND id = ?",
                                 [(h, article_id) for h in unpack_hashes(row[0])])
        except sqlite3.Error as exc:
            raise IndexFailure(f"index {self.location}: {exc}") from None

    def expire(self, cutoff: float) -> list[str]:
        rows = self._run("SELECT id FROM entries WHERE cluster IN (SELECT cluster FROM entries"
                         " GROUP BY cluster HAVING MAX(added) < ?) ORDER BY id", (cutoff,))
        gone = [r[0] for r in rows.fetchall()]
        for i in gone:
            self.remove(i)
        return gone

    def bucket_ids(self) -> set[str]:
        return {r[0] for r in self._run("SELECT DISTINCT id FROM buckets")}

    def get_meta(self, key: str) -> str | None:
        row = self._run("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- transactions -----------------------------------------------------
    def commit(self) -> None:
        if self._db.in_transaction:
            self._run("COMMIT")
            self._wrote = True

    def rollback(self) -> None:
        if self._db.in_transaction:
            self._run("ROLLBACK")

    @contextmanager
    def lock(self, timeout: float) -> Iterator[None]:
        path = self.location + ".lock"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise IndexFailure(f"index {self.location}: cannot create lock file {path}: "
                               f"{exc.strerror}") from None
        start = time.monotonic()
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise IndexFailure(f"index {self.location}: cannot lock {path}: "
                                           f"{exc.strerror}") from None
                    if time.monotonic() - start >= timeout:
                        raise IndexFailure(f"index {self.location} is locked by another run "
                                           f"(waited {timeout:g} s)") from None
                    time.sleep(LOCK_POLL)
            yield
        finally:
            os.close(fd)   # closing the descriptor releases the flock

    def stats(self) -> dict:
        articles = self._run("SELECT COUNT(*) FROM entries").fetchone()[0]
        clusters = self._run("SELECT COUNT(DISTINCT cluster) FROM entries").fetchone()[0]
        pages = self._run("PRAGMA page_count").fetchone()[0]
        free = self._run("PRAGMA freelist_count").fetchone()[0]
        page_size = self._run("PRAGMA page_size").fetchone()[0]
        return {"backend": self.kind, "location": self.location, "articles": articles,
                "clusters": clusters, "bytes": (pages - free) * page_size,
                "file_bytes": _file_size(self.location)}

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


def _entry(row) -> IndexEntry:
    return IndexEntry(id=row[0], content_hash=row[1], cluster=row[2], canonical_id=row[3],
                      date=row[4], added=row[5], payload=row[6] if len(row) > 6 else b"")


def _file_size(path: str) -> int:
    total = 0
    for suffix in ("", "-wal"):
        try:
            total += os.path.getsize(path + suffix)
        except OSError:
            pass
    return total
