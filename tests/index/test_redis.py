"""Redis-only index behaviour: optimistic concurrency and a failing server."""
from __future__ import annotations

import pytest

from normtool.errors import IndexFailure
from normtool.index import IndexConflict, IndexEntry, open_index


def entry(i, cluster=None, canonical=None):
    return IndexEntry(id=i, content_hash="h", cluster=cluster or i,
                      canonical_id=canonical or i, added=1.0, payload=b"p")


def test_commit_conflicts_when_another_writer_touched_what_we_read(redis_url):
    a, b = open_index(redis_url), open_index(redis_url)
    assert a.query_buckets([b"k0", b"k1"]) == set()
    assert b.query_buckets([b"k0", b"x1"]) == set()
    b.put(entry("from-b"), [b"k0", b"x1"])
    b.commit()
    a.put(entry("from-a"), [b"k0", b"k1"])
    with pytest.raises(IndexConflict):
        a.commit()
    # Nothing of A's was written; on retry A sees B's story and can attach.
    assert a.get("from-a") is None
    assert a.query_buckets([b"k0", b"k1"]) == {"from-b"}
    a.put(entry("from-a", cluster="from-b", canonical="from-b"), [b"k0", b"k1"])
    a.commit()
    assert a.check() == []
    a.close()
    b.close()


def test_unrelated_writers_do_not_conflict(redis_url):
    a, b = open_index(redis_url), open_index(redis_url)
    a.query_buckets([b"a0"])
    b.query_buckets([b"b0"])
    b.put(entry("b"), [b"b0"])
    b.commit()
    a.put(entry("a"), [b"a0"])
    a.commit()
    assert a.stats()["articles"] == 2
    a.close()
    b.close()


def test_server_gone_mid_run_is_one_clear_error_and_writes_nothing(own_redis_server):
    url = own_redis_server.url
    index = open_index(url)
    index.put(entry("a"), [b"a0"])
    index.commit()
    index.put(entry("b"), [b"b0"])
    own_redis_server.stop()
    with pytest.raises(IndexFailure) as err:
        index.commit()
    message = str(err.value)
    assert message.startswith("index redis://127.0.0.1:") and "Redis failed" in message
    assert "\n" not in message
    index.close()
    own_redis_server.start()   # a new, empty server: nothing of "b" anywhere


def test_password_is_not_shown_in_messages():
    with pytest.raises(IndexFailure) as err:
        open_index("redis://:hunter2@127.0.0.1:1/0")
    assert "hunter2" not in str(err.value) and ":***@" in str(err.value)


@pytest.mark.parametrize("url", ["redis://:hunter2@127.0.0.1:notaport/0",
                                 "redis://:hunter2@127.0.0.1:99999/0",
                                 "redis://user:hunter2@[::1/0"])
def test_a_bad_url_with_a_password_is_an_index_failure_not_shown(url):
    with pytest.raises(IndexFailure, match="bad URL") as err:
        open_index(url)
    assert "hunter2" not in str(err.value) and ":***@" in str(err.value)


def test_prefixes_keep_indexes_apart(redis_url):
    a, b = open_index(redis_url + "?prefix=feed-a"), open_index(redis_url + "?prefix=feed-b")
    a.put(entry("x"), [b"k"])
    a.commit()
    assert b.query_buckets([b"k"]) == set() and b.stats()["articles"] == 0
    assert a.query_buckets([b"k"]) == {"x"}
    a.close()
    b.close()


# --------------------------------------------- a stopped server (issue 13, row 9)
@pytest.fixture
def stopped_later(own_redis_server):
    """The test's own server; ``stop()`` freezes it (SIGSTOP), always thawed after."""
    import signal
    proc = own_redis_server.proc

    class Freezer:
        url = own_redis_server.url

        def stop(self):
            proc.send_signal(signal.SIGSTOP)
    yield Freezer()
    proc.send_signal(signal.SIGCONT)


def test_a_stopped_server_is_one_line_within_the_default_timeout(stopped_later, tmp_path):
    """What cron sees when Redis hangs: a one-line error well within a minute."""
    import json
    import subprocess
    import sys
    import time
    from normtool.options import DedupOptions
    assert DedupOptions().index_timeout < 60
    batch = tmp_path / "b.jsonl"
    batch.write_text(json.dumps({"id": "a", "text": "Rain fell on the valley today."}) + "\n")
    stopped_later.stop()
    start = time.monotonic()
    res = subprocess.run([sys.executable, "-m", "normtool", "dedup", str(batch), "--index",
                          stopped_later.url, "-o", str(tmp_path / "o.jsonl")],
                         capture_output=True, text=True, timeout=120)
    took = time.monotonic() - start
    assert res.returncode == 1
    assert res.stderr.startswith(f"Error: index {stopped_later.url}: cannot reach Redis: Timeout")
    assert len(res.stderr.strip().splitlines()) == 1
    assert took < DedupOptions().index_timeout + 15
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize("how", ["option", "url"])
def test_the_timeout_is_settable_and_covers_a_server_stopped_mid_run(stopped_later, how):
    import time
    url = stopped_later.url + ("?socket_timeout=1" if how == "url" else "")
    index = open_index(url, timeout=1 if how == "option" else 50)
    index.put(entry("a"), [b"a0"])
    index.commit()
    stopped_later.stop()
    start = time.monotonic()
    with pytest.raises(IndexFailure, match="Redis failed: Timeout"):
        index.get_many(["a"])
    assert time.monotonic() - start < 5
    with pytest.raises(IndexFailure, match="Redis failed: Timeout"):
        index.put(entry("b"), [b"b0"])
        index.commit()
    assert time.monotonic() - start < 10
    index.close()
