"""Index at scale: the time and memory of adding a batch to a large index.

    python -m bench.index_scale build corpus.jsonl --index idx.db --upto 1152000 \
        --batch 28800 --snapshots 115200,460800 --log build.jsonl
    python -m bench.index_scale add corpus.jsonl --index idx.db --start 115200 --size 32000 \
        --truth truth.tsv

    python -m bench.index_scale fill corpus.jsonl --index idx.db --upto 1152000 \
        --snapshots 115200,460800

Each batch is one ``normtool dedup --index`` process, as from cron, run
under ``bench.scale.measure`` (wall and CPU time, peak memory summed over
the process tree).  ``build`` fills an index batch after batch from the
start of a corpus and copies the index file aside when it reaches a
snapshot size (``idx.db.115200``), so the expensive large indexes are
built once and each measurement adds to a fresh copy of one.  ``add``
copies the index, adds the corpus lines ``[start, start + size)`` to the
copy (the articles that follow what it holds, as in a feed) and prints
the measurement as one JSON line; the copy is removed afterwards.

``fill`` is the quicker way to a large index (1.15M articles in 36 min on
two busy cores, about half the time of dedup runs): it fingerprints the
corpus as dedup does and writes every article as a story of its own, with
the fingerprints, bucket rows and settings a dedup run writes, without
deciding which articles are copies.  The tables have the size and the
buckets the contents of a dedup-built index (but for exact copies, which
dedup stores without buckets); only the stories differ.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.scale import measure


def normtool() -> list[str]:
    return [sys.executable, "-m", "normtool"]


def write_slice(corpus: Path, start: int, stop: int, out: Path) -> int:
    """Lines ``[start, stop)`` of ``corpus`` into ``out``; returns how many."""
    n = 0
    with open(corpus, "rb") as src, open(out, "wb") as dst:
        for i, line in enumerate(src):
            if i >= stop:
                break
            if i >= start:
                dst.write(line)
                n += 1
    return n


def add_batch(corpus: Path, index: Path, start: int, size: int, work: Path,
              limit_mb: float | None = None, extra: list[str] = (),
              truth: Path | None = None) -> dict:
    """Add corpus lines ``[start, start + size)`` to ``index`` in one measured run
    (with ``truth``, the grouping of the batch's articles too)."""
    batch = work / f"batch-{start}-{size}.jsonl"
    if not batch.exists():
        write_slice(corpus, start, start + size, batch)
    out, report = work / "add-out.jsonl", work / "add-report.jsonl"
    cmd = normtool() + ["dedup", str(batch), "-o", str(out), "-q", "--index", str(index),
                        *extra] + (["--report", str(report)] if truth else [])
    row = measure(cmd, limit_mb=limit_mb)
    row.update(start=start, batch=size, index_bytes=_size(index))
    if truth and "stopped" not in row:
        row["quality"] = batch_quality(truth, report, start, size)
    return row


def batch_quality(truth: Path, report: Path, start: int, size: int) -> dict:
    """How the batch's articles were grouped, from the add's ``--report``.

    Planted: batch articles whose story has an earlier article (in the
    index or the batch); grouped: those put with an article of their own
    story; wrong links: batch articles put with an article of another
    story.  (The index holds every earlier article, its copies included,
    so a copy may join its story through any of them.)
    """
    from bench.scale import load_truth
    story, kind, names = load_truth(str(truth))
    group: dict[int, set[int]] = {}
    with open(report, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            ids = [rec["canonical"]] + [m["id"] for m in rec.get("members") or
                                        rec.get("duplicates") or []]
            members = {int(i[1:]) for i in ids}
            for p in members:
                group.setdefault(p, set()).update(members)
    first: dict[int, int] = {}
    for p in range(start + size):
        first.setdefault(int(story[p]), p)
    planted = grouped = wrong = 0
    for p in range(start, start + size):
        others = group.get(p, {p}) - {p}
        wrong += sum(int(story[q] != story[p]) for q in others)
        if first[int(story[p])] < p:
            planted += 1
            grouped += any(story[q] == story[p] for q in others)
    return {"planted": planted, "grouped": round(grouped / max(planted, 1), 4),
            "wrong_links": wrong}


def copy_index(src: Path, dst: Path) -> None:
    """A fresh copy of an index file (and its WAL, if any)."""
    for suffix in ("", "-wal"):
        if Path(str(dst) + suffix).exists():
            os.unlink(str(dst) + suffix)
        if Path(str(src) + suffix).exists():
            shutil.copyfile(str(src) + suffix, str(dst) + suffix)


def _size(index: Path) -> int:
    return sum(os.path.getsize(str(index) + s) for s in ("", "-wal")
               if os.path.exists(str(index) + s))


def build(corpus: Path, index: Path, upto: int, batch: int, snapshots: list[int],
          log: Path | None, start: int = 0, extra: list[str] = ()) -> None:
    """Fill ``index`` from ``start`` to ``upto`` in batches; copy it aside at snapshots."""
    with tempfile.TemporaryDirectory(dir=index.parent) as tmp:
        pos = start
        while pos < upto:
            size = min(batch, upto - pos)
            row = add_batch(corpus, index, pos, size, Path(tmp), extra=extra)
            os.unlink(Path(tmp) / f"batch-{pos}-{size}.jsonl")
            pos += size
            row["indexed_after"] = pos
            line = json.dumps(row)
            print(line, flush=True)
            if log:
                with open(log, "a") as fh:
                    fh.write(line + "\n")
            if pos in snapshots:
                copy_index(index, Path(f"{index}.{pos}"))


def fill(corpus: Path, index: Path, upto: int, snapshots: list[int], start: int = 0,
         chunk: int = 16_384, commit_every: int = 57_600, jobs: int = 2) -> None:
    """Write corpus lines ``[start, upto)`` into ``index`` as stories of their own."""
    from normtool.article import Article
    from normtool.dedup.candidates import index_keys, index_skeleton_head_keys, \
        index_skeleton_keys, lsh_params
    from normtool.dedup.cluster import cluster_id
    from normtool.dedup.incremental import fingerprint_batch, index_params, \
        skeleton_head_params, skeleton_params, stored_keys
    from normtool.index import IndexEntry, open_index
    from normtool.options import DedupOptions

    options = DedupOptions(jobs=jobs)
    params = lsh_params(options)
    t0 = time.perf_counter()
    backend = open_index(str(index))
    with open(corpus, encoding="utf-8") as src:
        pos = 0
        for _ in range(start):
            next(src)
            pos += 1
        while pos < upto:
            arts = [Article.from_dict(json.loads(next(src)))
                    for _ in range(min(chunk, upto - pos))]
            fps = fingerprint_batch(arts, options)
            if backend.get_meta("params") is None:
                backend.set_meta("params", index_params(options, fps[0].to_bytes()[:4].decode()))
                backend.set_meta("skeleton", skeleton_params())
                backend.set_meta("skeleton_head", skeleton_head_params())
            for art, fp, skel, opening in zip(arts, fps, index_skeleton_keys(fps, params),
                                              index_skeleton_head_keys(fps, params)):
                backend.put(IndexEntry(id=art.id, content_hash=fp.content_hash.hex(),
                                       cluster=cluster_id(art.id), canonical_id=art.id,
                                       date=art.date, added=1.0, payload=fp.to_bytes(),
                                       relation="canonical", similarity=1.0),
                            stored_keys(index_keys(fp, params), skel, opening))
            before, pos = pos, pos + len(arts)
            crossed = [s for s in snapshots if before < s <= pos]
            if pos % commit_every < len(arts) or crossed or pos >= upto:
                backend.commit()
                print(json.dumps({"indexed": pos, "seconds": round(time.perf_counter() - t0, 1)}),
                      flush=True)
            for s in crossed:
                if s != pos:
                    raise SystemExit(f"snapshot {s} is not at a chunk boundary ({chunk})")
                backend.close()
                copy_index(index, Path(f"{index}.{s}"))
                backend = open_index(str(index))
    backend.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.index_scale",
                                 description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="fill an index batch after batch")
    f = sub.add_parser("fill", help="write a corpus into an index quickly (no decisions)")
    for p in (b, f):
        p.add_argument("corpus")
        p.add_argument("--index", required=True)
        p.add_argument("--upto", type=int, required=True)
        p.add_argument("--start", type=int, default=0, help="the index already holds this many")
        p.add_argument("--snapshots", default="")
    b.add_argument("--batch", type=int, default=28_800)
    b.add_argument("--log")
    f.add_argument("--chunk", type=int, default=14_400)
    a = sub.add_parser("add", help="add one batch to a copy of an index")
    a.add_argument("corpus")
    a.add_argument("--index", required=True)
    a.add_argument("--start", type=int, required=True)
    a.add_argument("--size", type=int, default=32_000)
    a.add_argument("--keep", action="store_true", help="add to the index itself, not a copy")
    a.add_argument("--truth", help="the corpus's truth file: report how the batch was grouped")
    for p in (a, b):
        p.add_argument("--extra", default="", help="more dedup options, space-separated")
    args = ap.parse_args(argv)
    snaps = [int(x) for x in getattr(args, "snapshots", "").split(",") if x]
    if args.cmd == "fill":
        fill(Path(args.corpus), Path(args.index), args.upto, snaps, args.start, args.chunk)
        return 0
    extra = args.extra.split()
    if args.cmd == "build":
        build(Path(args.corpus), Path(args.index), args.upto, args.batch, snaps,
              Path(args.log) if args.log else None, args.start, extra)
        return 0
    index = Path(args.index)
    with tempfile.TemporaryDirectory(dir=index.parent) as tmp:
        target = index
        if not args.keep:
            target = Path(tmp) / "index.db"
            t = time.perf_counter()
            copy_index(index, target)
            os.sync()       # the copy's write-back is not the add's to pay
            copy_s = time.perf_counter() - t
        row = add_batch(Path(args.corpus), target, args.start, args.size, Path(tmp),
                        extra=extra, truth=Path(args.truth) if args.truth else None)
        if not args.keep:
            row["copy_s"] = round(copy_s, 1)
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
