"""Embedded index: one SQLite file (WAL), the default for ``--index PATH``.

Schema (``user_version`` 2)::

    meta(key TEXT PRIMARY KEY, value TEXT)
    entries(id TEXT PRIMARY KEY, content_hash, cluster, canonical_id, date,
            added REAL, payload BLOB, hashes BLOB,   -- hashes: 8-byte bucket hashes
            relation TEXT, similarity REAL)          -- how it joined its canonical
    buckets(h INTEGER, id TEXT, PRIMARY KEY (h, id)) WITHOUT ROWID

A version 1 file (no ``relation``/``similarity``) is migrated when a writer
opens it: the columns are added, canonicals get ``canonical``/1.0 and copies
stay unknown (dedup decides them again once).  Maintenance commands read a
version 1 file as it is.  A newer version is refused, naming it.

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
from contextlib import contextmanager
from typing import Iterable, Iterator, Sequence

from ..errors import IndexFailure
from .base import IndexBackend, IndexEntry, bucket_hashes, pack_hashes, unpack_hashes

VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, cluster TEXT NOT NULL,
    canonical_id TEXT NOT NULL, date TEXT, added REAL NOT NULL,
    payload BLOB NOT NULL, hashes BLOB NOT NULL, relation TEXT, similarity REAL);
CREATE INDEX IF NOT EXISTS entries_cluster ON entries (cluster);
CREATE TABLE IF NOT EXISTS buckets (
    h INTEGER NOT NULL, id TEXT NOT NULL, PRIMARY KEY (h, id)) WITHOUT ROWID;
"""
MIGRATE_1_TO_2 = """
ALTER TABLE entries ADD COLUMN relation TEXT;
ALTER TABLE entries ADD COLUMN similarity REAL;
UPDATE entries SET relation = 'canonical', similarity = 1.0 WHERE canonical_id = id;
"""
LOCK_POLL = 0.1  # seconds between attempts to take the writer lock
_COLS = "id, content_hash, cluster, canonical_id, date, added"


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
            self._db = sqlite3.connect(path, isolation_level=None, timeout=30.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                self._db.executescript("BEGIN IMMEDIATE;" + SCHEMA
                                       + f"PRAGMA user_version={VERSION}; COMMIT;")
                version = VERSION
            elif version == 1 and create:
                self._db.executescript("BEGIN IMMEDIATE;" + MIGRATE_1_TO_2
                                       + f"PRAGMA user_version={VERSION}; COMMIT;")
                version = VERSION
            elif version > VERSION:
                raise IndexFailure(f"index {path}: schema version {version} is newer than "
                                   f"this normtool reads ({VERSION}); upgrade normtool")
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            raise IndexFailure(f"index {path}: not a normtool index, or damaged ({exc})"
                               ) from None
        except IndexFailure:
            self._close_quietly()
            raise
        self.version = version
        self._cols = _COLS + (", relation, similarity" if version >= 2 else ", NULL, NULL")
        self._wrote = False
        self._lock_fd: int | None = None

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

    def _write(self, sql: str, args=()) -> None:
        self._begin()
        self._run(sql, args)

    def _run(self, sql: str, args=()) -> list:
        """Execute and fetch every row, so that any SQLite error surfaces here."""
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def _many(self, sql: str, rows: list) -> None:
        try:
            self._db.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

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
        self._write("INSERT INTO entries (id, content_hash, cluster, canonical_id, date, added,"
                    " payload, hashes, relation, similarity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (entry.id, entry.content_hash, entry.cluster, entry.canonical_id,
                     entry.date, entry.added, entry.payload, pack_hashes(hashes),
                     entry.relation, entry.similarity))
        self._many("INSERT OR IGNORE INTO buckets VALUES (?, ?)", [(h, entry.id) for h in hashes])

    def get_many(self, ids: Iterable[str]) -> dict[str, IndexEntry]:
        ids = list(dict.fromkeys(ids))
        out = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._run(f"SELECT {self._cols}, payload FROM entries "
                                 f"WHERE id IN ({marks})", chunk):
                out[row[0]] = _entry(row)
        return out

    def entries(self, payload: bool = True) -> Iterator[IndexEntry]:
        cols = self._cols + (", payload" if payload else "")
        for row in self._run(f"SELECT {cols} FROM entries ORDER BY id"):
            yield _entry(row)

    def remove(self, article_id: str) -> None:
        rows = self._run("SELECT hashes FROM entries WHERE id = ?", (article_id,))
        if not rows:
            return
        self._write("DELETE FROM entries WHERE id = ?", (article_id,))
        self._many("DELETE FROM buckets WHERE h = ? AND id = ?",
                   [(h, article_id) for h in unpack_hashes(rows[0][0])])

    def expire(self, cutoff: float) -> list[str]:
        rows = self._run("SELECT id FROM entries WHERE cluster IN (SELECT cluster FROM entries"
                         " GROUP BY cluster HAVING MAX(added) < ?) ORDER BY id", (cutoff,))
        gone = [r[0] for r in rows]
        for i in gone:
            self.remove(i)
        return gone

    def bucket_ids(self) -> set[str]:
        return {r[0] for r in self._run("SELECT DISTINCT id FROM buckets")}

    def get_meta(self, key: str) -> str | None:
        rows = self._run("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

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
