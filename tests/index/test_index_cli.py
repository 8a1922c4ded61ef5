"""``dedup --index`` and ``normtool index`` as users run them: real processes.

Crash safety (SIGKILL at random points), overlapping cron runs on one
SQLite index, two processes racing on one Redis index, Redis unreachable.
"""
from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from normtool.cli import main
from normtool.index import open_index

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "dedup" / "fixtures" / "syndication_small.jsonl"
NORMTOOL = [sys.executable, "-m", "normtool"]


def fixture_rows() -> list[dict]:
    with open(FIXTURE, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def snapshot(location: str) -> list[tuple]:
    """What the index decided (not when): id, hash, cluster, canonical."""
    with open_index(location) as idx:
        return [(e.id, e.content_hash, e.cluster, e.canonical_id)
                for e in idx.entries(payload=False)]


def normtool(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(NORMTOOL + [str(a) for a in args], capture_output=True, text=True,
                          cwd=ROOT, **kw)


# ------------------------------------------------------------- in-process CLI
def test_cli_batches_report_and_maintenance_commands(tmp_path):
    rows = fixture_rows()
    b1 = write_jsonl(tmp_path / "b1.jsonl", rows[:16])
    b2 = write_jsonl(tmp_path / "b2.jsonl", rows[16:] + rows[:2])
    idx = tmp_path / "idx.db"
    runner = CliRunner()
    for b, n in ((b1, 1), (b2, 2)):
        res = runner.invoke(main, ["dedup", str(b), "--index", str(idx), "-o",
                                   str(tmp_path / f"out{n}.jsonl"), "--report",
                                   str(tmp_path / f"rep{n}.jsonl")], catch_exceptions=False)
        assert res.exit_code == 0, res.output
    out1, out2 = lines(tmp_path / "out1.jsonl"), lines(tmp_path / "out2.jsonl")
    rep2 = lines(tmp_path / "rep2.jsonl")
    resent = {r["id"] for r in rows[:2]}        # batch 2 repeats two articles of batch 1
    assert {r["id"] for r in out1}.isdisjoint({r["id"] for r in out2} - resent)
    accounted = [r["id"] for r in out2] + [d["id"] for r in out2 for d in r["duplicates"]]
    accounted += [d["id"] for r in rep2 if r.get("indexed") for d in r["duplicates"]]
    assert sorted(accounted) == sorted(r["id"] for r in rows[16:] + rows[:2])
    indexed = [r for r in rep2 if r.get("indexed")]
    published = {r["id"] for r in out1}
    assert indexed and all(r["canonical"] in published for r in indexed)

    stats = runner.invoke(main, ["index", "stats", str(idx), "--json"])
    data = json.loads(stats.output)
    assert (data["backend"], data["articles"]) == ("sqlite", len(rows))
    assert data["clusters"] == len({r["cluster"] for r in out1 + out2})
    assert data["params"]["num_perm"] == 128
    text = runner.invoke(main, ["index", "stats", str(idx)]).output
    assert re.search(r"^articles: 31$", text, re.M) and "bytes_per_article:" in text

    res = runner.invoke(main, ["index", "export", str(idx), "-o", str(tmp_path / "x.jsonl")])
    assert res.exit_code == 0
    exported = lines(tmp_path / "x.jsonl")
    assert [e["id"] for e in exported] == sorted(r["id"] for r in rows)
    assert set(exported[0]) == {"id", "content_hash", "cluster", "canonical_id", "date", "added",
                                "relation", "similarity"}
    check = runner.invoke(main, ["index", "check", str(idx)])
    assert check.exit_code == 0 and "consistent" in check.output

    missing = runner.invoke(main, ["index", "stats", str(tmp_path / "nope.db")])
    assert missing.exit_code == 1 and "no such file" in missing.output


# ----------------------------------------------------------- real processes
def big_batch() -> list[dict]:
    """~150 articles: the fixture and variants with other ids and figures."""
    rows = fixture_rows()
    out = list(rows)
    for k in range(1, 4):
        for r in rows:
            text = re.sub(r"\d+", lambda m: str(int(m.group()) + 7 * k), r["text"])
            out.append(dict(r, id=f"{r['id']}~{k}", text=text))
    return out


@pytest.mark.parametrize("kind,runs", [("sqlite", 8), ("redis", 3)])
def test_sigkill_at_random_points_leaves_a_consistent_index(kind, runs, tmp_path, request):
    base = request.getfixturevalue("redis_url") if kind == "redis" else None

    def location(name):
        return f"{base}?prefix={name}" if base else str(tmp_path / name / "idx.db")

    batch = write_jsonl(tmp_path / "batch.jsonl", big_batch())
    ref = tmp_path / "ref"
    ref.mkdir()
    start = time.monotonic()
    done = normtool("dedup", batch, "--index", location("ref"), "-o", ref / "out.jsonl", "-q")
    duration = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    want_out = (ref / "out.jsonl").read_bytes()
    want_index = snapshot(location("ref"))
    n = len(want_index)

    rnd = random.Random(6)
    outcomes = set()
    for i in range(runs):
        work = tmp_path / f"run{i}"
        work.mkdir()
        idx, out = location(f"run{i}"), work / "out.jsonl"
        proc = subprocess.Popen(NORMTOOL + ["dedup", str(batch), "--index", str(idx),
                                            "-o", str(out), "-q"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.05, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if base or os.path.exists(idx):
            with open_index(idx) as backend:
                assert backend.check() == []
            have = len(snapshot(idx))
        else:
            have = 0
        assert have in (0, n), f"half a batch indexed ({have} of {n})"
        # The output is published after the index commits, whole or not at all.
        assert not out.exists() or out.read_bytes() == want_out
        outcomes.add(have)
        again = normtool("dedup", batch, "--index", idx, "-o", out, "-q")
        assert again.returncode == 0, again.stderr
        assert snapshot(idx) == want_index
        assert out.read_bytes() == want_out     # a re-run writes what the first run wrote
    if kind == "sqlite":
        assert 0 in outcomes   # at least one kill landed before the commit


def test_overlapping_run_waits_for_the_lock_then_fails_clearly(tmp_path):
    batch = write_jsonl(tmp_path / "b.jsonl", fixture_rows()[:5])
    idx = tmp_path / "idx.db"
    holder = open_index(str(idx))
    with holder.lock(timeout=1):
        res = normtool("dedup", batch, "--index", idx, "--lock-timeout", "0.5",
                       "-o", tmp_path / "out.jsonl")
    holder.close()
    assert res.returncode == 1
    assert res.stderr.strip() == f"Error: index {idx} is locked by another run (waited 0.5 s)"
    assert not (tmp_path / "out.jsonl").exists()
    assert snapshot(str(idx)) == []
    # A run that can wait long enough gets the lock once the holder lets go.
    holder = open_index(str(idx))
    with holder.lock(timeout=1):
        waiting = subprocess.Popen(NORMTOOL + ["dedup", str(batch), "--index", str(idx),
                                               "--lock-timeout", "60", "-q",
                                               "-o", str(tmp_path / "out.jsonl")],
                                   cwd=ROOT, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert waiting.poll() is None          # still waiting for the lock
    holder.close()
    _, stderr = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, stderr
    assert len(snapshot(str(idx))) == 5


def test_redis_unreachable_is_one_clear_line_and_no_output(tmp_path):
    batch = write_jsonl(tmp_path / "b.jsonl", fixture_rows()[:3])
    res = normtool("dedup", batch, "--index", "redis://127.0.0.1:1/0", "-o", tmp_path / "o.jsonl")
    assert res.returncode == 1
    assert res.stderr.startswith("Error: index redis://127.0.0.1:1/0: cannot reach Redis:")
    assert len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o.jsonl").exists()


BAD_URLS = [("redis://:pw@127.0.0.1:notaport/0", "Port could not be cast to integer value"),
            ("redis://127.0.0.1:notaport/0", "Port could not be cast to integer value"),
            ("redis://:pw@127.0.0.1:99999/0", "Port out of range"),
            ("redis://user:pw@[::1/0", "Invalid IPv6 URL"),
            ("redis://[::1/0", "Invalid IPv6 URL")]


@pytest.mark.parametrize("url, reason", BAD_URLS)
def test_a_bad_redis_url_is_one_line_without_the_password(tmp_path, url, reason):
    batch = write_jsonl(tmp_path / "b.jsonl", fixture_rows()[:2])
    shown = url.replace(":pw@", ":***@")
    for args in (["index", "stats", url], ["index", "check", url],
                 ["index", "export", url, "-o", str(tmp_path / "held.jsonl")],
                 ["dedup", str(batch), "--index", url, "-o", str(tmp_path / "o.jsonl")]):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 1, args
        assert res.stderr.startswith(f"Error: index {shown}: bad URL: {reason}"), res.stderr
        assert len(res.stderr.splitlines()) == 1 and "pw" not in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.jsonl"]


@pytest.mark.parametrize("kind", ["empty", "foreign"])
def test_index_commands_refuse_a_file_that_is_no_index_and_leave_it_untouched(tmp_path, kind):
    from tests.index.test_contract import _not_an_index, _state
    path = tmp_path / "other.db"
    _not_an_index(path, kind)
    before = _state(path)
    batch = write_jsonl(tmp_path / "b.jsonl", fixture_rows()[:2])
    commands = [["index", "stats", str(path)], ["index", "check", str(path)],
                ["index", "export", str(path), "-o", str(tmp_path / "held.jsonl")]]
    if kind == "foreign":       # an empty file is where dedup may start a new index
        commands.append(["dedup", str(batch), "--index", str(path), "-o", str(tmp_path / "o")])
    for args in commands:
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 1, args
        assert res.stderr.startswith(f"Error: index {path}: not a normtool index ("), res.stderr
        assert len(res.stderr.splitlines()) == 1
        assert _state(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.jsonl", "other.db"]


RACER = textwrap.dedent('''
    """One writer: decide its batch, then wait for the other before committing."""
    import json, os, sys, time
    from normtool.runner import run_dedup
    from normtool.index import redis as redis_backend
    from normtool.options import DedupOptions

    name, other, url, batch, out, report = sys.argv[1:7]
    folder = os.path.dirname(out)
    real_commit = redis_backend.RedisIndex.commit

    def commit(self):
        # Both writers have decided against the same (empty) index: now race.
        open(os.path.join(folder, name + ".ready"), "w").close()
        deadline = time.monotonic() + 20
        while not os.path.exists(os.path.join(folder, other + ".ready")):
            if time.monotonic() > deadline:
                sys.exit("the other writer never got ready")
            time.sleep(0.01)
        return real_commit(self)

    redis_backend.RedisIndex.commit = commit
    summary = run_dedup([batch], out, DedupOptions(index=url), report=report)
    print(json.dumps(summary.steps["index"]))
''')


def test_two_processes_never_both_keep_the_same_story(redis_url, tmp_path):
    from normtool.article import Article
    from normtool.dedup import dedup_articles
    from normtool.options import DedupOptions
    rows = {r["id"]: r for r in fixture_rows()}
    # The biggest story one run finds (index runs fingerprint per article).
    one_run = dedup_articles([Article.from_dict(r) for r in rows.values()],
                             DedupOptions(boilerplate_docs=0, common_docs=0))
    head = max(one_run, key=lambda r: (len(r.duplicates), r.id))
    story = sorted([head.id] + [d["id"] for d in head.duplicates])
    assert len(story) >= 3
    rest = sorted(i for i in rows if i not in story)
    # The index already exists (settings stored), so the only thing the two
    # writers can collide on is the story.
    first = write_jsonl(tmp_path / "first.jsonl", [rows[rest[12]]])
    assert normtool("dedup", first, "--index", redis_url, "-o", tmp_path / "first.out",
                    "-q").returncode == 0
    a_ids = story[:2] + rest[:6]
    b_ids = story[2:] + rest[6:12]
    script = tmp_path / "racer.py"
    script.write_text(RACER, encoding="utf-8")
    procs = []
    for name, other, ids in (("a", "b", a_ids), ("b", "a", b_ids)):
        batch = write_jsonl(tmp_path / f"{name}.jsonl", [rows[i] for i in ids])
        procs.append(subprocess.Popen(
            [sys.executable, str(script), name, other, redis_url, str(batch),
             str(tmp_path / f"{name}.out.jsonl"), str(tmp_path / f"{name}.rep.jsonl")],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    counts = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=120)
        assert p.returncode == 0, stderr
        counts.append(json.loads(stdout.strip().splitlines()[-1]))
    with open_index(redis_url) as idx:
        entries = {e.id: e for e in idx.entries(payload=False)}
        assert idx.check() == []
    assert len(entries) == len(a_ids) + len(b_ids) + 1
    heads = {entries[i].canonical_id for i in story}
    assert len(heads) == 1, f"story kept twice: {heads}"
    published = [r["id"] for n in ("a", "b") for r in lines(tmp_path / f"{n}.out.jsonl")]
    assert len(published) == len(set(published))
    assert sum(1 for i in published if i in story) == 1
    reported = [d["id"] for n in ("a", "b") for line in lines(tmp_path / f"{n}.rep.jsonl")
                if line.get("indexed") for d in line["duplicates"]]
    assert reported   # the loser reported its copies as duplicates of the winner's
    assert sum(c["retries"] for c in counts) >= 1      # they really did race


# ------------------------------------------------------------------ issue 13
@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_a_rerun_of_the_same_batch_writes_byte_identical_output(kind, tmp_path, request):
    """E.g. cron re-runs a night after a crash right after the index commit."""
    idx = request.getfixturevalue("redis_url") if kind == "redis" else tmp_path / "feed.db"
    rows = fixture_rows()
    batch = write_jsonl(tmp_path / "night.jsonl", rows)
    args = ["dedup", str(batch), "--index", str(idx), "-o", str(tmp_path / "night1.jsonl"),
            "--report", str(tmp_path / "report1.jsonl"), "-q"]
    runner = CliRunner()
    assert runner.invoke(main, args).exit_code == 0
    first = [(tmp_path / n).read_bytes() for n in ("night1.jsonl", "report1.jsonl")]
    assert first[0].count(b"\n") > 10
    res = runner.invoke(main, args[:-1])
    assert res.exit_code == 0
    assert f"seen {len(rows)}" in res.stderr
    assert [(tmp_path / n).read_bytes() for n in ("night1.jsonl", "report1.jsonl")] == first


def test_the_lock_is_taken_before_fingerprinting(tmp_path, monkeypatch):
    from normtool.dedup import incremental
    fingerprinted = []
    real = incremental.fingerprint_batch
    monkeypatch.setattr(incremental, "fingerprint_batch",
                        lambda *a, **k: fingerprinted.append(1) or real(*a, **k))
    batch = write_jsonl(tmp_path / "b.jsonl", fixture_rows()[:5])
    idx = tmp_path / "idx.db"
    holder = open_index(str(idx))
    with holder.lock(timeout=1):
        res = CliRunner().invoke(main, ["dedup", str(batch), "--index", str(idx),
                                        "--lock-timeout", "0.3", "-o", str(tmp_path / "o.jsonl")])
    holder.close()
    assert res.exit_code == 1 and "is locked by another run" in res.stderr
    assert fingerprinted == []
    assert CliRunner().invoke(main, ["dedup", str(batch), "--index", str(idx), "-q",
                                     "-o", str(tmp_path / "o.jsonl")]).exit_code == 0
    assert fingerprinted == [1]


def test_a_damaged_index_is_one_line_for_check_and_dedup(tmp_path):
    from tests.index.test_contract import damage
    rows = fixture_rows()
    idx = tmp_path / "idx.db"
    runner = CliRunner()
    assert runner.invoke(main, ["dedup", str(write_jsonl(tmp_path / "a.jsonl", rows[:20])),
                                "--index", str(idx), "-q", "-o", str(tmp_path / "a.out")]
                         ).exit_code == 0
    damage(str(idx))
    check = runner.invoke(main, ["index", "check", str(idx)])
    assert check.exit_code == 1 and "database damaged" in check.stderr
    assert "Traceback" not in check.stderr
    res = runner.invoke(main, ["dedup", str(write_jsonl(tmp_path / "b.jsonl", rows[20:])),
                               "--index", str(idx), "-o", str(tmp_path / "b.out")])
    assert res.exit_code == 1
    assert res.stderr.startswith(f"Error: index {idx}: database disk image is malformed")
    assert len(res.stderr.splitlines()) == 1 and not (tmp_path / "b.out").exists()


@pytest.mark.parametrize("field", ["id", "date"])
def test_an_id_or_date_too_long_for_the_index_is_one_line(tmp_path, field):
    row = dict(fixture_rows()[0], **{field: "7" * 70000})
    batch = write_jsonl(tmp_path / "b.jsonl", [row, fixture_rows()[1]])
    args = ["dedup", str(batch), "--index", str(tmp_path / "idx.db"), "-o", str(tmp_path / "o")]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 1 and "Traceback" not in res.stderr
    assert res.stderr.startswith(f"Error: {batch}:1: '{field}' is longer than")
    res = CliRunner().invoke(main, args + ["--on-error", "skip", "-q"])
    assert res.exit_code == 0 and (tmp_path / "o").read_text().count("\n") == 1
