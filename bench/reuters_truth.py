"""Exact near-duplicate ground truth on the Reuters file, dedup's P/R against it,
and dedup throughput against the plain datasketch loop.

Run: ``.venv/bin/python -m bench.reuters_truth [--limit N] [--no-clean]``

Truth: every pair of cleaned stories whose word-shingle sets (dedup's
matching tokens, shingle size and threshold at their defaults, no
common-shingle filtering) have exact Jaccard >= the threshold.  All pairs are
scored at once with a sparse product (docs x shingles) x (shingles x docs),
in blocks: exact, no sampling.  Dedup's predicted pairs are the pairs inside
its clusters (canonical + duplicates).  We also report recall on a
containment truth (a story of >= 12 shingles with >= 0.8 of its shingles in
another; the two stories share their numbers), which dedup's ``contained``
relation aims at.

Throughput: dedup (fingerprints + LSH + verification + clustering) on the
cleaned stories, and the plain datasketch loop (one ``MinHash.update`` per
3-shingle, ``MinHashLSH.insert``/``query`` at 0.8) on the same texts, in
the same process; peak RSS of each measured in a child process.
"""
from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import time

import numpy as np

from bench.corpus import load
from normtool.article import Article
from normtool.options import CleanOptions, DedupOptions


def cleaned(limit: int | None, do_clean: bool = True) -> list[Article]:
    rows, _ = load(limit)
    arts = [Article(id=r["id"], text=r["text"], title=r.get("title"), dateline=r.get("dateline"))
            for r in rows]
    if not do_clean:
        return arts
    from normtool.runner import clean_articles
    try:
        return list(clean_articles(arts, CleanOptions(detect_language=False)))
    except Exception as exc:  # clean/despin still being built
        print(f"# clean failed ({exc}); cleaning without despin", file=sys.stderr)
        return list(clean_articles(arts, CleanOptions(detect_language=False, despin=False)))


def _sparse(fps):
    from scipy import sparse
    vocab: dict[int, int] = {}
    indptr, indices = [0], []
    for fp in fps:
        for h in fp.shingles.tolist():
            indices.append(vocab.setdefault(h, len(vocab)))
        indptr.append(len(indices))
    return sparse.csr_matrix((np.ones(len(indices), dtype=np.int32), indices, indptr),
                             shape=(len(fps), len(vocab)))


def _pair(fps, a, b):
    x, y = fps[a].id, fps[b].id
    return (x, y) if x < y else (y, x)


def truth_pairs(fps, threshold: float, relations: bool = False, block: int = 2000) -> set:
    """All pairs (exact, over every pair of stories) with shingle Jaccard >= threshold.

    ``relations``: instead, dedup's exact relations: Jaccard >= threshold
    or the smaller story contained (>= 0.8 of its shingles), texts of >= 12
    shingles (shorter ones: identical only), and the
    figures agree (``cluster.numbers_agree``).
    """
    from normtool.dedup.verify import numbers_agree, scores
    from normtool.settings import MATCH
    th = MATCH._replace(near=threshold)
    x = _sparse(fps)
    sizes = np.diff(x.indptr)
    xt = x.T.tocsc()
    out = set()
    for start in range(0, len(fps), block):
        inter = (x[start:start + block] @ xt).tocoo()
        i, j, n = inter.row + start, inter.col, inter.data
        keep = i < j
        i, j, n = i[keep], j[keep], n[keep]
        union = sizes[i] + sizes[j] - n
        small = np.minimum(sizes[i], sizes[j])
        sel = n >= threshold * union
        if relations:
            sel |= n >= th.contained * small
            sel &= small >= th.min_shingles
        for a, b in zip(i[sel], j[sel]):
            if relations and fps[a].content_hash == fps[b].content_hash:
                pass
            elif relations:
                s = scores(fps[a], fps[b])
                if not numbers_agree(s, th):
                    continue
                if s["jaccard"] < threshold and s["anchors"] < th.contained_anchors:
                    continue
            out.add(_pair(fps, a, b))
    if relations:   # identical matching text, however short
        by_hash: dict[bytes, list[int]] = {}
        for k, fp in enumerate(fps):
            if len(fp.shingles):
                by_hash.setdefault(fp.content_hash, []).append(k)
        for ks in by_hash.values():
            out.update(_pair(fps, a, b) for a, b in itertools.combinations(ks, 2))
    return out


class ExactCandidates:
    """Every pair that could pass verification (shares >= 15% of the smaller
    text's shingles, the loosest rule), found exhaustively: dedup's
    decisions with LSH replaced by brute force."""

    def __init__(self, fps, block: int = 2000):
        from normtool.settings import MATCH
        x = _sparse(fps)
        sizes = np.diff(x.indptr)
        xt = x.T.tocsc()
        least = MATCH.spun_shingles
        self.near: dict[str, set] = {fp.id: set() for fp in fps}
        for start in range(0, len(fps), block):
            inter = (x[start:start + block] @ xt).tocoo()
            i, j, n = inter.row + start, inter.col, inter.data
            sel = (i != j) & (n >= least * np.minimum(sizes[i], sizes[j]))
            for a, b in zip(i[sel], j[sel]):
                self.near[fps[a].id].add(fps[b].id)
        by_hash: dict[bytes, list[str]] = {}
        for fp in fps:
            by_hash.setdefault(fp.content_hash, []).append(fp.id)
        for ids in by_hash.values():
            for a in ids:
                self.near[a].update(i for i in ids if i != a)
        self.inserted: set = set()

    def insert(self, fp) -> None:
        self.inserted.add(fp.id)

    def query(self, fp) -> set:
        return self.near[fp.id] & self.inserted


def pred_pairs(records) -> set:
    out = set()
    for r in records:
        ids = sorted([r.id] + [d["id"] for d in r.duplicates])
        out.update(itertools.combinations(ids, 2))
    return out


def pr(pred: set, true: set) -> dict:
    tp = len(pred & true)
    return {"precision": round(tp / len(pred), 4) if pred else 1.0,
            "recall": round(tp / len(true), 4) if true else 1.0,
            "pred_pairs": len(pred), "true_pairs": len(true), "tp": tp}


def plain_loop(texts: list[tuple[str, str]], threshold: float = 0.8, num_perm: int = 128) -> int:
    from datasketch import MinHash, MinHashLSH
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    found = 0
    for did, text in texts:
        words = text.lower().split()
        m = MinHash(num_perm=num_perm)
        for k in range(max(1, len(words) - 2)):
            m.update(" ".join(words[k:k + 3]).encode("utf-8"))
        found += len(lsh.query(m))
        lsh.insert(did, m)
    return found


def _child(task: str, path: str) -> dict:
    """Run one timed task in a child process (own peak memory)."""
    out = subprocess.run([sys.executable, "-m", "bench.reuters_truth", "--child", task, path],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _peak_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def child_main(task: str, path: str) -> int:
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    t = time.perf_counter()
    if task == "dedup":
        from normtool.dedup import dedup_articles
        n = sum(1 for _ in dedup_articles([Article.from_dict(r) for r in rows], DedupOptions()))
    else:
        n = plain_loop([(r["id"], r["text"]) for r in rows])
    secs = time.perf_counter() - t
    peak = _peak_mb()
    print(json.dumps({"task": task, "articles": len(rows), "seconds": round(secs, 2),
                      "per_s": round(len(rows) / secs, 1), "peak_mb": round(peak, 1), "out": n}))
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-clean", action="store_true")
    ap.add_argument("--no-speed", action="store_true", help="skip the throughput runs")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child_main(*args.child)
    from normtool.dedup import dedup_articles
    from normtool.dedup.fingerprint import fingerprints
    opts = DedupOptions()
    t0 = time.time()
    arts = cleaned(args.limit, not args.no_clean)
    print(f"{len(arts)} stories cleaned in {time.time() - t0:.1f}s")
    from normtool.dedup.boilerplate import boilerplate_lines
    fps = fingerprints(arts, opts.num_perm, opts.shingle_size)
    t0 = time.time()
    jac = truth_pairs(fps, opts.threshold)
    boiler = boilerplate_lines((a.text for a in arts), opts.boilerplate_docs)
    dfps = fingerprints(arts, opts.num_perm, opts.shingle_size, opts.match_words, boiler,
                        opts.common_docs)
    rel = truth_pairs(dfps, opts.threshold, relations=True)
    print(f"exact truth in {time.time() - t0:.1f}s: {len(jac)} pairs with Jaccard >= "
          f"{opts.threshold}; {len(rel)} pairs in dedup's exact relations")
    t0 = time.time()
    records = list(dedup_articles(arts, opts))
    secs = time.time() - t0
    pred = pred_pairs(records)
    print(f"dedup: {len(records)} canonical records from {len(arts)} in {secs:.1f}s")
    from normtool.dedup.batch import group
    t0 = time.time()
    exhaustive = group(dfps, opts, ExactCandidates(dfps))
    ex_pairs = set()
    for canon, matches in exhaustive.items():
        ex_pairs.update(itertools.combinations(sorted([canon] + [m.id for m in matches]), 2))
    print(f"exhaustive clustering (same rules, all candidate pairs) in {time.time() - t0:.1f}s")
    print("vs exhaustive clustering (LSH loss):               ", pr(pred, ex_pairs))
    print("vs exact relations (near|contained, figures agree):", pr(pred, rel))
    print("vs plain Jaccard >= threshold (no figure check):   ", pr(pred, jac))
    if args.no_speed:
        return 0
    # throughput, each in its own process for peak memory
    import os
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for a in arts:
            fh.write(a.to_json() + "\n")     # clean's output, as dedup reads it
        path = fh.name
    try:
        ours = _child("dedup", path)
        plain = _child("plain", path)
    finally:
        os.unlink(path)
    print("throughput normtool dedup:  ", ours)
    print("throughput plain datasketch:", plain)
    print(f"speed ratio dedup / plain: {ours['per_s'] / plain['per_s']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
