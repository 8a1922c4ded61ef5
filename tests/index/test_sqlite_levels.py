"""SQLite's two bucket tables: a batch's rows go to ``buckets_recent``,
which is folded into ``buckets`` every few batches; reads see both."""
from __future__ import annotations

import sqlite3

from normtool.index import IndexEntry, open_index
from normtool.index import sqlite as sq


def entry(i):
    return IndexEntry(id=i, content_hash="h-" + i, cluster="c-" + i, canonical_id=i,
                      date="2026-11-01", added=100.0, payload=b"fp" + i.encode())


def rows(path, table):
    db = sqlite3.connect(path)
    try:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        db.close()


def test_recent_rows_are_merged_once_they_are_a_share_of_the_index(tmp_path):
    path = str(tmp_path / "idx.db")
    index = open_index(path)
    for k in range(2 * sq.RECENT_SHARE):               # a first batch: merged at once
        index.put(entry(f"old{k}"), [b"x0", f"o{k}".encode(), b"x2"])
    index.commit()
    assert rows(path, "buckets_recent") == 0 and rows(path, "buckets") > 0
    index.put(entry("new"), [b"x0", b"n1", b"n2"])    # 1 of 17: stays recent
    index.commit()
    assert rows(path, "buckets_recent") == 3
    # reads see both tables: ranking, the bucket cap (newest first), ids
    assert index.query_candidates([[b"x0", b"n1", b"zz"]], bucket_limit=2) == [
        ["new", f"old{2 * sq.RECENT_SHARE - 1}"]]
    assert index.query_candidates([[b"x0", b"n1", b"zz"]])[0][0] == "new"
    assert "new" in index.bucket_ids() and "old0" in index.bucket_ids()
    index.remove("new")                                # out of the recent table too
    index.commit()
    assert rows(path, "buckets_recent") == 0
    assert "new" not in index.bucket_ids()
    for k in range(3):                                 # recent now 4 of 20 entries: merged
        index.put(entry(f"more{k}"), [b"x0", f"m{k}".encode(), b"x2"])
    index.commit()
    assert rows(path, "buckets_recent") == 0
    assert index.query_candidates([[b"x0", b"m2", b"zz"]], bucket_limit=1) == [["more2"]]
    assert index.check() == []
    index.close()
