"""One contract for every index backend (memory, SQLite, Redis).

Each test runs against all three; the Redis case uses a real redis-server
(see conftest.py) and is skipped, with the reason, when it is not installed.
"""
from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest

from normtool.errors import IndexFailure
from normtool.index import IndexEntry, open_index


@pytest.fixture(params=["memory", "sqlite", "redis"])
def location(request, tmp_path):
    if request.param == "memory":
        return ":memory:"
    if request.param == "sqlite":
        return str(tmp_path / "index.db")
    return request.getfixturevalue("redis_url")


@pytest.fixture
def index(location):
    backend = open_index(location)
    yield backend
    backend.close()


def reopen(index, location):
    """A fresh handle on the same index (memory: the same object)."""
    if index.kind == "memory":
        return index
    return open_index(location)


def entry(i, cluster=None, canonical=None, added=100.0, payload=b"fp"):
    return IndexEntry(id=i, content_hash="h-" + i, cluster=cluster or "c-" + i,
                      canonical_id=canonical or i, date="2026-11-01", added=added,
                      payload=payload + i.encode())


KEYS_A = [b"a0", b"a1", b"a2"]
KEYS_B = [b"b0", b"a1", b"b2"]      # shares band 1 with A
KEYS_C = [b"a1", b"a0", b"c2"]      # same keys as A, other bands: no match


def test_put_get_roundtrip(index):
    e = entry("x1")
    index.put(e, KEYS_A)
    index.commit()
    assert index.get("x1") == e
    assert index.get("nope") is None
    assert index.get_many(["x1", "nope"]) == {"x1": e}


def test_buckets_match_by_band_and_key(index):
    index.put(entry("a"), KEYS_A)
    index.put(entry("b", cluster="c-a", canonical="a"), KEYS_B)
    index.commit()
    assert index.query_buckets(KEYS_A) == {"a", "b"}
    assert index.query_buckets([b"zz", b"zz", b"b2"]) == {"b"}
    assert index.query_buckets(KEYS_C) == set()
    assert index.query_buckets_many([KEYS_A, KEYS_C, []]) == [{"a", "b"}, set(), set()]


def test_candidates_ranked_by_shared_buckets_then_newest_and_capped(index, location):
    """``query_candidates``: most shared buckets first, then the latest put;
    ``limit`` cuts the list, ``bucket_limit`` reads only a bucket's newest
    entries.  Pending writes count (a replaced entry as put anew)."""
    index.put(entry("a"), KEYS_A)
    index.put(entry("b"), KEYS_B)
    index.put(entry("c"), KEYS_A)
    index.commit()
    assert index.query_candidates([KEYS_A, KEYS_C, []]) == [["c", "a", "b"], [], []]
    assert index.query_candidates([KEYS_A], limit=2) == [["c", "a"]]
    assert index.query_candidates([KEYS_A], bucket_limit=1) == [["c"]]
    index.put(entry("d"), KEYS_B)                       # not committed yet
    assert index.query_candidates([KEYS_B]) == [["d", "b", "c", "a"]]
    assert index.query_candidates([KEYS_B], bucket_limit=2) == [["d", "b", "c"]]
    index.put(entry("a", payload=b"again"), KEYS_A)     # replaced: now the newest
    assert index.query_candidates([KEYS_A], bucket_limit=1) == [["a"]]
    index.commit()
    other = reopen(index, location)
    assert other.query_candidates([KEYS_A, KEYS_B], bucket_limit=2) == [["a", "c", "d"],
                                                                        ["d", "b", "a"]]
    assert other.get_many(["a", "zz"], payload=False) == {"a": replace(entry("a"), payload=b"")}


def test_candidates_sharing_one_bucket_are_capped(index):
    """``weak_limit``: of the ids sharing a single bucket (one quoted
    sentence) only the newest few are kept; those sharing two or more
    buckets are all kept, whatever their age."""
    index.put(entry("strong"), [b"a0", b"a1", b"x2"])        # shares bands 0 and 1 with A
    for name in ("w1", "w2", "w3"):
        index.put(entry(name), [b"zz", b"a1", b"zz"])        # band 1 only
    index.commit()
    assert index.query_candidates([KEYS_A]) == [["strong", "w3", "w2", "w1"]]
    assert index.query_candidates([KEYS_A], weak_limit=1) == [["strong", "w3"]]
    assert index.query_candidates([KEYS_A], weak_limit=0) == [["strong"]]
    assert index.query_candidates([KEYS_A], limit=2, weak_limit=2) == [["strong", "w3"]]
    assert index.query_candidates([[b"q", b"a1", b"zz"]], weak_limit=0) == [["w3", "w2", "w1"]]


def test_a_second_path_of_bands_is_queried_apart_with_its_own_caps(index, location):
    """Dedup's skeleton path: its keys are stored after the first path's
    bands (``None`` in their places), so a query of one path never reads
    the other's buckets, even with equal key bytes; asked with the
    skeleton caps (``limit`` 4, ``weak_limit`` 0) only entries sharing two
    or more of its bands come back, newest first.  Removal and
    replacement drop both paths' buckets."""
    pad = [None] * len(KEYS_A)

    def skel(*keys):
        return pad + list(keys)

    index.put(entry("text"), [b"s0", b"s1", b"s2"])                # same bytes, first path
    for name in ("p1", "p2", "p3", "p4", "p5"):
        index.put(entry(name), KEYS_B + [b"s0", b"s1", b"zz"])    # two skeleton bands
    index.put(entry("one"), KEYS_A + [b"zz", b"zz", b"s2"])       # one skeleton band
    index.commit()
    query = skel(b"s0", b"s1", b"s2")
    assert index.query_candidates([query], 4, 64, 0) == [["p5", "p4", "p3", "p2"]]
    assert index.query_candidates([query]) == [["p5", "p4", "p3", "p2", "p1", "one"]]
    assert index.query_candidates([KEYS_A]) == [["one", "p5", "p4", "p3", "p2", "p1"]]
    assert index.query_candidates([[b"s0", b"s1", b"s2"]]) == [["text"]]
    index.remove("p5")
    index.put(entry("p4"), KEYS_B)                                  # no skeleton keys now
    assert index.query_candidates([query], 4, 64, 0) == [["p3", "p2", "p1"]]
    index.commit()
    again = reopen(index, location)
    assert again.query_candidates([query, skel(), []], 4, 64, 0) == [["p3", "p2", "p1"], [], []]
    assert again.check() == []
    if again is not index:
        again.close()


def test_reads_see_own_uncommitted_writes(index):
    index.put(entry("a"), KEYS_A)
    assert index.get("a") is not None
    assert index.query_buckets(KEYS_A) == {"a"}
    assert [e.id for e in index.entries()] == ["a"]
    index.commit()
    index.remove("a")
    assert index.get("a") is None
    assert index.query_buckets(KEYS_A) == set()
    index.rollback()
    assert index.get("a") is not None


def test_rollback_discards_everything(index, location):
    index.put(entry("keep"), KEYS_A)
    index.set_meta("params", "v1")
    index.commit()
    index.put(entry("drop"), KEYS_B)
    index.remove("keep")
    index.set_meta("params", "v2")
    index.rollback()
    other = reopen(index, location)
    assert [e.id for e in other.entries()] == ["keep"]
    assert other.query_buckets(KEYS_B) == {"keep"}      # band 1 shared with A
    assert other.query_buckets([b"b0"]) == set()
    assert other.get_meta("params") == "v1"


def test_uncommitted_writes_are_lost_on_close(index, location):
    if index.kind == "memory":
        pytest.skip("a memory index does not outlive its handle")
    index.put(entry("a"), KEYS_A)
    index.commit()
    index.put(entry("b"), KEYS_B)
    index.close()
    other = open_index(location)
    assert [e.id for e in other.entries()] == ["a"]
    assert other.check() == []
    other.close()


def test_commit_is_visible_to_another_handle(index, location):
    index.put(entry("a"), KEYS_A)
    index.set_meta("params", '{"num_perm": 128}')
    index.commit()
    other = reopen(index, location)
    assert other.get("a") == entry("a")
    assert other.get_meta("params") == '{"num_perm": 128}'
    assert other.get_meta("missing") is None


def test_replace_moves_buckets_and_story(index):
    index.put(entry("a"), KEYS_A)
    index.commit()
    index.put(entry("a", payload=b"new"), KEYS_B)
    index.commit()
    assert index.get("a").payload == b"newa"
    assert index.query_buckets([b"a0"]) == set()
    assert index.query_buckets([b"b0"]) == {"a"}
    assert index.stats()["articles"] == 1
    assert index.check() == []


def test_remove_forgets_entry_and_buckets(index):
    index.put(entry("a"), KEYS_A)
    index.put(entry("b"), KEYS_B)
    index.commit()
    index.remove("a")
    index.remove("never-there")
    index.commit()
    assert index.get("a") is None
    assert index.query_buckets(KEYS_A) == {"b"}
    assert index.bucket_ids() == {"b"}


def test_entries_ordered_by_id_and_payload_optional(index):
    for i in ("m", "b", "z", "a"):
        index.put(entry(i), [i.encode()])
    index.commit()
    assert [e.id for e in index.entries()] == ["a", "b", "m", "z"]
    assert all(e.payload == b"" for e in index.entries(payload=False))
    assert [e.payload for e in index.entries()][0] == b"fpa"


def test_stats_counts_articles_and_clusters(index):
    assert index.stats()["articles"] == 0
    index.put(entry("a"), KEYS_A)
    index.put(entry("b", cluster="c-a", canonical="a"), KEYS_B)
    index.put(entry("c"), [b"c"])
    index.commit()
    stats = index.stats()
    assert (stats["articles"], stats["clusters"]) == (3, 2)
    assert stats["bytes"] > 0 and stats["backend"] == index.kind


def test_expire_removes_whole_stale_stories(index):
    index.put(entry("old"), [b"o"])
    index.put(entry("old-copy", cluster="c-old", canonical="old"), [b"o2"])
    index.put(entry("live", added=100.0), [b"l"])
    index.put(entry("live-copy", cluster="c-live", canonical="live", added=500.0), [b"l2"])
    index.commit()
    gone = index.expire(300.0)
    index.commit()
    assert gone == ["old", "old-copy"]
    assert [e.id for e in index.entries()] == ["live", "live-copy"]
    assert index.query_buckets([b"o"]) == set()
    assert index.stats()["clusters"] == 1
    assert index.check() == []


def test_check_reports_a_dangling_canonical(index):
    index.put(entry("a"), KEYS_A)
    index.put(entry("b", cluster="c-a", canonical="a"), KEYS_B)
    index.commit()
    assert index.check() == []
    index.remove("a")
    index.commit()
    assert index.check() == ["b: canonical a missing"]


def test_ids_and_keys_are_opaque(index):
    weird = "feed.jsonl:12 ünïcode/δ*?[x]"
    index.put(entry(weird), [bytes(range(256))])
    index.commit()
    assert index.query_buckets([bytes(range(256))]) == {weird}
    assert index.get(weird).id == weird


def test_lock_is_reentrant_free_and_released(index):
    with index.lock(timeout=1):
        index.put(entry("a"), KEYS_A)
        index.commit()
    with index.lock(timeout=1):
        assert index.get("a") is not None


def test_sqlite_second_writer_waits_then_fails(tmp_path):
    path = str(tmp_path / "idx.db")
    first, second = open_index(path), open_index(path)
    with first.lock(timeout=1):
        with pytest.raises(IndexFailure, match=r"is locked by another run \(waited 0.3 s\)"):
            with second.lock(timeout=0.3):
                pass
    with second.lock(timeout=0.3):
        pass
    first.close()
    second.close()


def test_open_rejects_bad_locations(tmp_path):
    (tmp_path / "junk.db").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(IndexFailure, match="not a normtool index"):
        open_index(str(tmp_path / "junk.db"))
    with pytest.raises(IndexFailure, match="no such file"):
        open_index(str(tmp_path / "missing.db"), create=False)
    with pytest.raises(IndexFailure, match="does not exist"):
        open_index(str(tmp_path / "no" / "dir.db"))
    with pytest.raises(IndexFailure, match="cannot reach Redis"):
        open_index("redis://127.0.0.1:1/0")


def _not_an_index(path, kind: str) -> None:
    """Make ``path`` a file normtool must refuse: missing, empty or foreign."""
    import sqlite3
    if kind == "empty":
        path.write_bytes(b"")
    elif kind.startswith("foreign"):
        db = sqlite3.connect(str(path))
        db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("INSERT INTO users VALUES (1, 'ann')")
        if kind == "foreign-v3":        # another application's user_version
            db.execute("PRAGMA user_version=3")
        db.commit()
        db.close()


def _state(path) -> tuple | None:
    return (path.read_bytes(), path.stat().st_mtime_ns) if path.exists() else None


@pytest.mark.parametrize("kind", ["missing", "empty", "foreign", "foreign-v3"])
def test_sqlite_maintenance_refuses_what_is_no_index_and_leaves_it_untouched(tmp_path, kind):
    from normtool.index.maintenance import check_index, export_index, index_stats
    path = tmp_path / "other.db"
    _not_an_index(path, kind)
    before = _state(path)
    for command in (index_stats, check_index, lambda loc: export_index(loc, io.StringIO())):
        with pytest.raises(IndexFailure, match="^" + re.escape(f"index {path}: not a normtool index")):
            command(str(path))
        assert _state(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if kind == "missing" else [path.name])


def test_sqlite_writer_refuses_a_foreign_database_but_fills_a_missing_or_empty_file(tmp_path):
    for kind in ("foreign", "foreign-v3"):
        path = tmp_path / f"{kind}.db"
        _not_an_index(path, kind)
        before = _state(path)
        with pytest.raises(IndexFailure, match=r"not a normtool index \(an SQLite database with"):
            open_index(str(path))
        assert _state(path) == before
    for kind in ("missing", "empty"):
        path = tmp_path / f"{kind}.db"
        _not_an_index(path, kind)
        with open_index(str(path)) as idx:
            idx.put(entry("a"), KEYS_A)
            idx.commit()
        with open_index(str(path), create=False) as idx:
            assert [e.id for e in idx.entries()] == ["a"]


def test_sqlite_maintenance_never_writes_even_the_last_run_s_log(tmp_path):
    """A run killed after its commit leaves the commit in the write-ahead log:
    a maintenance command reads it there and leaves the database file as it is
    (a read-write handle would fold the log into the file when it closes)."""
    import shutil
    from normtool.index.maintenance import check_index, export_index, index_stats
    path, killed = tmp_path / "idx.db", tmp_path / "killed.db"
    writer = open_index(str(path))
    writer.put(entry("a"), KEYS_A)
    writer.commit()
    shutil.copyfile(path, killed)               # the state a SIGKILL leaves: file + log
    shutil.copyfile(str(path) + "-wal", str(killed) + "-wal")
    writer.close()
    before = _state(killed)
    assert index_stats(str(killed))["articles"] == 1
    assert check_index(str(killed)) == []
    out = io.StringIO()
    assert export_index(str(killed), out) == 1 and '"id": "a"' in out.getvalue()
    assert _state(killed) == before


# --------------------------------------------------------------- issue 13
def test_relation_and_similarity_are_kept(index, location):
    index.put(replace(entry("a"), relation="canonical", similarity=1.0), KEYS_A)
    copy = replace(entry("b", cluster="c-a", canonical="a"), relation="near",
                   similarity=0.8123456789012345)
    index.put(copy, KEYS_B)
    index.commit()
    other = reopen(index, location)
    assert other.get("b") == copy
    assert other.get("a").relation == "canonical" and other.get("a").similarity == 1.0
    lean = {e.id: e for e in other.entries(payload=False)}
    assert (lean["b"].relation, lean["b"].similarity) == ("near", 0.8123456789012345)
    assert entry("c").relation is None      # not recorded: an older index


def test_sqlite_lock_is_on_the_database_so_removing_files_cannot_lose_it(tmp_path):
    path = tmp_path / "idx.db"
    first, second = open_index(str(path)), open_index(str(path))
    with first.lock(timeout=1):
        for leftover in tmp_path.glob("*.lock"):    # what `rm feed.db.lock` did
            leftover.unlink()
        with pytest.raises(IndexFailure, match="is locked by another run"):
            with second.lock(timeout=0.3):
                pass
    with second.lock(timeout=0.3):
        pass
    assert list(tmp_path.glob("*.lock")) == []
    first.close()
    second.close()


def test_sqlite_newer_schema_is_refused_naming_the_version(tmp_path):
    import sqlite3
    path = str(tmp_path / "idx.db")
    open_index(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version=7")
    db.close()
    with pytest.raises(IndexFailure, match="schema version 7 is newer than this normtool reads"):
        open_index(path)


def damage(path: str) -> None:
    """Overwrite every page of a database file but the first (its schema) with garbage."""
    import os
    size = os.path.getsize(path)
    with open(path, "r+b") as fh:
        fh.seek(4096)
        fh.write((bytes(range(256)) * (size // 256 + 1))[:size - 4096])


def test_sqlite_damaged_file_is_reported_not_raised(tmp_path):
    path = str(tmp_path / "idx.db")
    with open_index(path) as idx:
        for i in range(300):
            idx.put(entry(f"id{i:04}", payload=b"x" * 200), [f"k{i}".encode(), b"shared"])
        idx.commit()
    damage(path)
    with open_index(path, create=False) as idx:
        problems = idx.check()
        assert problems and all(p.startswith("database damaged") for p in problems)
        with pytest.raises(IndexFailure, match=r"idx.db: database disk image is malformed"):
            list(idx.entries())
