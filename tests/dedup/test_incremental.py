"""Incremental dedup against a persistent index (issue #6), as a library.

Fixture: tests/fixtures/syndication_small.jsonl holds 31 articles made from
10 Reuters stories published on fake sites (furniture, re-titled, cut short,
typos, spun copies) plus distractors and near misses; ``story`` is the
truth.  The five seeds are added to every corpus.
"""
from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest

from normtool.dedup import incremental
from normtool.article import Article
from normtool.dedup.verify import preference_key
from normtool.dedup import dedup_articles
from normtool.errors import IndexFailure
from normtool.dedup.candidates import index_keys, lsh_params
from normtool.dedup.incremental import fingerprint_batch, run_incremental
from normtool.index import IndexEntry, open_index
from normtool.options import DedupOptions
from normtool.io.read import read_inputs

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "dedup" / "fixtures" / "syndication_small.jsonl"
OPTS = DedupOptions()
# What an index run matches: fingerprints without batch statistics.
ONE_SHOT = OPTS._replace(boilerplate_docs=0, common_docs=0)


def corpus() -> list[Article]:
    arts = [a for a in read_inputs([str(ROOT / "seeds")])]
    with open(FIXTURE, encoding="utf-8") as fh:
        arts += [Article.from_dict(json.loads(line), source=str(FIXTURE)) for line in fh]
    return arts


@pytest.fixture(scope="module")
def arts():
    return corpus()


@pytest.fixture(scope="module")
def one_run(arts):
    return list(dedup_articles(arts, ONE_SHOT))


@pytest.fixture(params=["memory", "sqlite", "redis"])
def location(request, tmp_path):
    if request.param == "memory":
        return None
    if request.param == "sqlite":
        return str(tmp_path / "index.db")
    return request.getfixturevalue("redis_url")


def canonical_map(records) -> dict[str, str]:
    out = {}
    for r in records:
        out[r.id] = r.id
        for d in r.duplicates:
            out[d["id"]] = r.id
    return out


def index_map(backend) -> dict[str, str]:
    return {e.id: e.canonical_id for e in backend.entries(payload=False)}


def partition(mapping: dict[str, str]) -> set[frozenset]:
    groups: dict[str, set] = {}
    for i, c in mapping.items():
        groups.setdefault(c, set()).add(i)
    return {frozenset(g) for g in groups.values()}


def run_batches(batches, location, **kw):
    backend = open_index(location)
    results = [run_incremental(b, OPTS, backend, now=1000.0 + t, **kw)
               for t, b in enumerate(batches)]
    return backend, results


def test_one_batch_gives_exactly_the_one_shot_output(arts, one_run, location):
    backend, (res,) = run_batches([arts], location)
    assert [r.to_json() for r in res.records] == [r.to_json() for r in one_run]
    assert index_map(backend) == canonical_map(one_run)
    assert backend.check() == []
    backend.close()


def test_rerun_of_the_same_batch_writes_the_same_output_and_adds_nothing(arts, location):
    backend, (first, again) = run_batches([arts, arts], location)
    assert first.records
    assert [r.to_json() for r in again.records] == [r.to_json() for r in first.records]
    assert again.report == first.report
    assert again.counts["seen"] == len(arts)
    assert again.counts["new_stories"] == again.counts["indexed_copies"] == 0
    entries = [e.to_dict() for e in backend.entries()]
    assert len(entries) == len(arts)
    assert all(e["added"] == 1000.0 for e in entries)   # the second run wrote nothing
    backend.close()


def test_rerun_of_a_later_batch_repeats_its_indexed_copies(arts, location):
    """A batch whose copies joined stories of an earlier batch: the re-run
    reports them under the same indexed canonicals, with the same figures."""
    by_story: dict = {}
    for a in arts:
        by_story.setdefault(a.extra.get("story", a.id), []).append(a)
    later = [ms[-1] for ms in by_story.values() if len(ms) > 1]
    earlier = [a for a in arts if a not in later]
    backend, (_, first, again) = run_batches([earlier, later, later], location)
    assert first.counts["indexed_copies"] > 0
    assert [r.to_json() for r in again.records] == [r.to_json() for r in first.records]
    assert again.report == first.report
    backend.close()


# The layout normtool wrote before entries were numbered (version 2); version
# 1 is the same without ``relation`` and ``similarity``.
V2_TABLES = """
CREATE TABLE entries (
    id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, cluster TEXT NOT NULL,
    canonical_id TEXT NOT NULL, date TEXT, added REAL NOT NULL,
    payload BLOB NOT NULL, hashes BLOB NOT NULL, relation TEXT, similarity REAL);
CREATE INDEX entries_cluster ON entries (cluster);
CREATE TABLE buckets (h INTEGER NOT NULL, id TEXT NOT NULL, PRIMARY KEY (h, id)) WITHOUT ROWID;
"""


def as_old_version(path: str, version: int) -> None:
    """Rewrite an SQLite index in the layout of ``version`` (1, 2 or 3), as those wrote it."""
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript("BEGIN; INSERT OR IGNORE INTO buckets SELECT h, n FROM buckets_recent;"
                     "DROP TABLE buckets_recent; DELETE FROM meta WHERE key = 'recent_entries';"
                     "COMMIT;")
    if version == 3:
        db.execute("PRAGMA user_version=3")
        db.close()
        return
    db.executescript(
        "BEGIN; ALTER TABLE entries RENAME TO e3; ALTER TABLE buckets RENAME TO b3;"
        "DROP INDEX entries_cluster;" + V2_TABLES +
        "INSERT INTO entries SELECT e.id, e.content_hash, e.cluster, e.canonical_id, e.date,"
        " e.added, IFNULL(f.payload, x''), IFNULL(f.hashes, x''), e.relation, e.similarity"
        " FROM e3 AS e LEFT JOIN fingerprints AS f ON f.n = e.n ORDER BY e.n;"
        "INSERT INTO buckets SELECT b.h, e.id FROM b3 AS b JOIN e3 AS e ON e.n = b.n;"
        "DROP TABLE b3; DROP TABLE e3; DROP TABLE fingerprints; COMMIT;")
    if version == 1:
        db.executescript("ALTER TABLE entries DROP COLUMN relation;"
                         "ALTER TABLE entries DROP COLUMN similarity;")
    db.execute(f"PRAGMA user_version={version}")
    db.execute("VACUUM")
    db.close()


def test_a_version_1_index_is_migrated_and_its_copies_decided_again_once(arts, tmp_path):
    """Entries written before relations were recorded: canonicals are
    trusted as they are, copies are decided again (and then recorded)."""
    path = str(tmp_path / "idx.db")
    backend, (first,) = run_batches([arts], path)
    backend.close()
    as_old_version(path, 1)
    with open_index(path, create=False) as reader:      # maintenance reads, never migrates
        assert reader.stats()["schema"] == 1
        assert {e.relation for e in reader.entries(payload=False)} == {None}
        assert reader.check() == []
    backend = open_index(path)
    assert backend.stats()["schema"] == 4
    again = run_incremental(arts, OPTS, backend, now=2000.0)
    copies = sum(len(r.duplicates) for r in first.records)
    assert again.counts["redecided"] == copies and again.counts["seen"] == len(arts) - copies
    assert [r.to_json() for r in again.records] == [r.to_json() for r in first.records]
    assert all(e.relation is not None for e in backend.entries(payload=False))
    third = run_incremental(arts, OPTS, backend, now=3000.0)
    assert third.counts["seen"] == len(arts) and "redecided" not in third.counts
    assert backend.check() == []
    backend.close()


@pytest.mark.parametrize("version", [2, 3])
def test_an_older_index_is_migrated_and_goes_on_as_before(arts, tmp_path, version):
    """Numbered entries (version 3) from a version 2 file, recent bucket
    rows apart (version 4) from a version 3 file: same entries, same
    candidates, and the next batches decide exactly as they would have on
    the file the migration started from."""
    half = len(arts) // 2
    path, kept = str(tmp_path / "idx.db"), str(tmp_path / "kept.db")
    backend, _ = run_batches([arts[:half]], path)
    before = [e.to_dict(payload=True) for e in backend.entries()]
    backend.close()
    import shutil
    shutil.copyfile(path, kept)
    as_old_version(path, version)
    with open_index(path, create=False) as reader:
        assert reader.stats()["schema"] == version
        assert [e.to_dict(payload=True) for e in reader.entries()] == before
        assert reader.bucket_ids()
        with pytest.raises(IndexFailure, match=f"schema version {version} is only read"):
            reader.put(reader.get(arts[0].id))
    migrated, fresh = open_index(path), open_index(kept)
    assert migrated.stats()["schema"] == 4
    assert [e.to_dict(payload=True) for e in migrated.entries()] == before
    assert migrated.check() == []
    params = lsh_params(OPTS)
    keys = [index_keys(fp, params) for fp in fingerprint_batch(arts, OPTS)]
    found = migrated.query_candidates(keys, 3, 2)
    assert found == fresh.query_candidates(keys, 3, 2) and sum(map(len, found)) > half
    for t, batch in enumerate((arts[half:], arts)):
        a = run_incremental(batch, OPTS, migrated, now=5000.0 + t)
        b = run_incremental(batch, OPTS, fresh, now=5000.0 + t)
        assert [r.to_json() for r in a.records] == [r.to_json() for r in b.records]
        assert a.report == b.report and a.counts == b.counts
    assert [e.to_dict() for e in migrated.entries()] == [e.to_dict() for e in fresh.entries()]
    migrated.close()
    fresh.close()


def test_batches_in_arrival_order_equal_one_run(arts, one_run, location):
    """Split where each story's best copy comes no later than its copies.

    The best copy is the one run's canonical: the visiting order, then the
    settling of heads among full copies (the most central copy may lead,
    which two copies of a three-copy story in one batch cannot tell), so the
    canonicals come first."""
    fps = {fp.id: fp for fp in fingerprint_batch(arts, OPTS)}
    canon = canonical_map(one_run)
    ordered = sorted(arts, key=lambda a: (canon[a.id] != a.id, preference_key(fps[a.id])))
    batches = [ordered[:12], ordered[12:25], ordered[25:]]
    backend, results = run_batches(batches, location)
    assert index_map(backend) == canonical_map(one_run)
    out = [r for res in results for r in res.records]
    assert sorted(r.id for r in out) == sorted(r.id for r in one_run)
    # Every copy one run lists is in a batch's output or reported as a copy
    # of the indexed canonical, with the same similarity and relation.
    found = {(r.id, d["id"], d["similarity"], d["relation"]) for r in out for d in r.duplicates}
    for res in results:
        for line in res.report:
            if line.get("indexed"):
                found |= {(line["canonical"], d["id"], d["similarity"], d["relation"])
                          for d in line["duplicates"]}
    want = {(r.id, d["id"], d["similarity"], d["relation"]) for r in one_run
            for d in r.duplicates}
    assert found == want
    assert backend.check() == []
    backend.close()


def test_reading_the_index_in_small_chunks_decides_the_same(arts, tmp_path, monkeypatch):
    """Candidates asked for a few articles at a time, entries read for one
    or two, and an LRU so small that fingerprints are evicted and read
    again: the same records, report and index as reading everything at once."""
    half = len(arts) // 2
    whole, _ = run_batches([arts[:half]], str(tmp_path / "whole.db"))
    second = run_incremental(arts[half:], OPTS, whole, now=2000.0)
    monkeypatch.setattr(incremental, "QUERY_CHUNK", 3)
    monkeypatch.setattr(incremental, "FETCH_CHUNK", 2)
    monkeypatch.setattr(incremental, "FP_CACHE", 4)
    small, _ = run_batches([arts[:half]], str(tmp_path / "small.db"))
    read = []
    real_get_many = small.get_many

    def logged(ids, payload=True):
        ids = list(ids)
        if payload:
            read.extend(ids)
        return real_get_many(ids, payload)

    monkeypatch.setattr(small, "get_many", logged)
    again = run_incremental(arts[half:], OPTS, small, now=2000.0)
    assert second.counts["indexed_copies"] > 0
    assert [r.to_json() for r in again.records] == [r.to_json() for r in second.records]
    assert again.report == second.report and again.counts == second.counts
    assert [e.to_dict() for e in small.entries()] == [e.to_dict() for e in whole.entries()]
    assert len(read) > len(set(read))      # evicted entries were read again
    whole.close()
    small.close()


@pytest.mark.parametrize("seed", range(4))
def test_any_split_never_merges_what_one_run_keeps_apart(arts, one_run, seed):
    """In any order a story is never wrongly merged.  When a worse copy
    arrives first it stays canonical, and a copy that only its better
    sibling would vouch for may start a story of its own."""
    rnd = random.Random(seed)
    order = list(arts)
    rnd.shuffle(order)
    cuts = sorted(rnd.sample(range(1, len(order)), 3))
    batches = [order[i:j] for i, j in zip([0] + cuts, cuts + [len(order)])]
    backend, results = run_batches(batches, None)
    one = partition(canonical_map(one_run))
    got = partition(index_map(backend))
    assert all(any(story <= big for big in one) for story in got)
    assert len(got) - len(one) <= 2
    assert sum(len(res.records) for res in results) == len(got)
    assert backend.check() == []


def test_a_later_better_copy_is_reported_not_published_again(arts):
    full = next(a for a in arts if a.id == "s00009")          # 6 paragraphs
    paras = full.text.split("\n\n")
    short = full.replace(id="early-brief", text="\n\n".join(paras[:4]))
    backend, (first, second) = run_batches([[short], [full]], None)
    assert [r.id for r in first.records] == ["early-brief"]
    assert second.records == []
    (line,) = second.report
    assert line["indexed"] and line["canonical"] == "early-brief"
    assert [d["id"] for d in line["duplicates"]] == ["s00009"]
    # In one run the full story would have been the canonical instead.
    assert [r.id for r in dedup_articles([short, full], ONE_SHOT)] == ["s00009"]


def test_retention_forgets_stories_last_added_before_the_cutoff(arts, location):
    full = next(a for a in arts if a.id == "s00009")
    copy = next(a for a in arts if a.id == "s00012")          # same story, other site
    day = incremental.DAY
    backend = open_index(location)
    run_incremental([full], OPTS, backend, now=0.0)
    keep = run_incremental([copy], OPTS._replace(max_age_days=5), backend, now=3 * day)
    assert keep.counts["expired"] == 0 and keep.counts["indexed_copies"] == 1
    backend.remove("s00012")
    backend.commit()
    gone = run_incremental([copy], OPTS._replace(max_age_days=1), backend, now=3 * day)
    assert gone.counts["expired"] == 1
    assert [r.id for r in gone.records] == ["s00012"]
    assert index_map(backend) == {"s00012": "s00012"}
    assert backend.check() == []
    backend.close()


def test_index_built_with_other_settings_is_refused(arts, tmp_path):
    path = str(tmp_path / "idx.db")
    backend = open_index(path)
    run_incremental(arts[:3], OPTS, backend, now=1.0)
    with pytest.raises(IndexFailure, match="other dedup settings"):
        run_incremental(arts[3:6], OPTS._replace(num_perm=64), backend, now=2.0)
    assert len(index_map(backend)) == 3
    backend.close()


def test_a_changed_article_is_decided_again(arts):
    a = next(x for x in arts if x.id == "s00009")
    other = next(x for x in arts if x.extra.get("story") == "d3")     # another story
    backend = open_index(None)
    run_incremental([a], OPTS, backend, now=1.0)
    res = run_incremental([other.replace(id="s00009")], OPTS, backend, now=2.0)
    assert res.counts["changed"] == 1 and res.counts["seen"] == 0
    assert [r.id for r in res.records] == ["s00009"]
    assert backend.get("s00009").added == 2.0


def test_jobs_give_identical_fingerprints_and_output(arts, monkeypatch):
    one = run_incremental(arts, OPTS, open_index(None), now=1.0)
    monkeypatch.setattr(incremental, "FINGERPRINT_CHUNK", 4)
    fps1 = fingerprint_batch(arts, OPTS)
    fps2 = fingerprint_batch(arts, OPTS._replace(jobs=2))
    assert [f.to_bytes() for f in fps1] == [f.to_bytes() for f in fps2]
    two = run_incremental(arts, OPTS._replace(jobs=2), open_index(None), now=1.0)
    assert [r.to_json() for r in two.records] == [r.to_json() for r in one.records]


def test_output_is_written_before_the_index_commits(arts, tmp_path):
    path = str(tmp_path / "idx.db")
    seen_at_write = []

    def write(result):
        with open_index(path) as other:        # what another reader sees now
            seen_at_write.append(other.stats()["articles"])

    backend = open_index(path)
    run_incremental(arts[:5], OPTS, backend, write=write, now=1.0)
    assert seen_at_write == [0]
    assert backend.stats()["articles"] == 5

    def failing_write(result):
        raise OSError("disk full")

    with pytest.raises(OSError):
        run_incremental(arts[5:10], OPTS, backend, write=failing_write, now=2.0)
    assert backend.stats()["articles"] == 5      # nothing committed without output
    assert backend.check() == []
    backend.close()


def skeleton_fixture() -> list[Article]:
    return [Article.from_dict(json.loads(line)) for line in
            (Path(__file__).parent / "fixtures" / "skeleton.jsonl").read_text().splitlines()]


def test_a_copy_only_the_skeleton_path_finds_joins_across_batches(location):
    """A heavy spin found by the skeleton path alone is grouped with its
    story in one batch, and also against the indexed story (the index
    stores and queries skeleton bands), on every backend."""
    story, spun = skeleton_fixture()[:2]
    together = run_incremental([story, spun], OPTS, open_index(None), now=1.0)
    assert [(r.id, [d["id"] for d in r.duplicates]) for r in together.records] == \
        [("yard", ["yard-spun"])]
    params = lsh_params(OPTS)
    text = open_index(None)
    text.put(IndexEntry("yard", "h", "c", "yard"), index_keys(fingerprint_batch([story], OPTS)[0],
                                                               params))
    fp = fingerprint_batch([spun], OPTS)[0]
    assert text.query_candidates([index_keys(fp, params)]) == [[]]     # the first path misses it
    backend = open_index(location)
    run_incremental([story], OPTS, backend, now=1.0)
    later = run_incremental([spun], OPTS, backend, now=2.0)
    assert later.records == []
    assert later.report == [{"cluster": backend.get("yard").cluster, "canonical": "yard",
                             "indexed": True, "duplicates": [
                                 {"id": "yard-spun", "relation": d["relation"],
                                  "similarity": d["similarity"]}
                                 for d in together.records[0].duplicates]}]
    assert backend.get("yard-spun").canonical_id == "yard" and backend.check() == []
    backend.close()


def test_a_cut_spun_copy_only_the_skeleton_head_finds_joins_across_batches(location):
    """A spin cut to its opening, found by the skeleton-head path alone, is
    grouped with its story in one batch and against the indexed story (the
    index stores and queries the path's bands), on every backend."""
    story, cut = [Article.from_dict(json.loads(line)) for line in
                  (Path(__file__).parent / "fixtures" / "skeleton_head.jsonl")
                  .read_text().splitlines()]
    together = run_incremental([story, cut], OPTS, open_index(None), now=1.0)
    assert [(r.id, [d["id"] for d in r.duplicates]) for r in together.records] == \
        [("halden", ["halden-cut"])]
    backend = open_index(location)
    run_incremental([story], OPTS, backend, now=1.0)
    later = run_incremental([cut], OPTS, backend, now=2.0)
    assert later.records == [] and backend.get("halden-cut").canonical_id == "halden"
    assert backend.get_meta("skeleton_head") == incremental.skeleton_head_params()
    assert backend.check() == []
    backend.close()


def test_an_index_of_other_skeleton_head_settings_is_refused(tmp_path):
    """Entries keyed with other skeleton-head settings cannot be found by
    this run's keys: the index says so, as for the skeleton's."""
    story = skeleton_fixture()[0]
    backend = open_index(str(tmp_path / "idx.db"))
    run_incremental([story], OPTS, backend, now=1.0)
    backend.set_meta("skeleton_head", "{}")
    backend.commit()
    with pytest.raises(IndexFailure, match="skeleton-head keys of other settings"):
        run_incremental([story], OPTS, backend, now=2.0)
    backend.close()


def test_an_index_without_skeleton_keys_still_runs_and_new_entries_get_them(tmp_path):
    """An index written before skeleton keys (no ``skeleton`` meta): its old
    entries are not found by the skeleton path (documented), entries added
    from then on are; other skeleton settings are refused."""
    story, spun = skeleton_fixture()[:2]
    path = str(tmp_path / "idx.db")
    backend = open_index(path)
    run_incremental([story], OPTS, backend, now=1.0)
    fp = fingerprint_batch([story], OPTS)[0]
    entry = backend.get("yard")
    backend.put(entry, index_keys(fp, lsh_params(OPTS)))      # as an older normtool wrote it
    backend.set_meta("skeleton", "")
    backend.commit()
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM meta WHERE key = 'skeleton'")
    backend.close()
    backend = open_index(path)
    later = run_incremental([spun], OPTS, backend, now=2.0)
    assert [r.id for r in later.records] == ["yard-spun"]      # old entry: no skeleton keys
    assert backend.get_meta("skeleton") == incremental.skeleton_params()
    backend.set_meta("skeleton", "{}")
    backend.commit()
    with pytest.raises(IndexFailure, match="skeleton keys of other settings"):
        run_incremental([story], OPTS, backend, now=3.0)
    backend.close()


def test_an_index_holding_skeletons_of_another_word_list_is_refused(tmp_path, monkeypatch):
    """The skeleton's word list is part of the ``skeleton`` meta: entries
    stored with another list have other skeletons and skeleton keys."""
    story = skeleton_fixture()[0]
    path = str(tmp_path / "idx.db")
    backend = open_index(path)
    run_incremental([story], OPTS, backend, now=1.0)
    backend.close()
    monkeypatch.setattr(incremental, "stopwords", lambda: frozenset({"the", "of", "about"}))
    backend = open_index(path)
    with pytest.raises(IndexFailure, match="skeleton keys of other settings"):
        run_incremental([story], OPTS, backend, now=2.0)
    backend.close()
