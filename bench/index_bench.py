"""Incremental dedup with a persistent index: time to add a batch, index size.

Run: ``.venv/bin/python -m bench.index_bench [--batch 1000] [--backends sqlite,redis]``

On the Reuters file (skipped, with a message, when absent): every article is
fingerprinted once; then for each backend the index is filled with all but
the last ``--batch`` articles (in batches of ``--fill-batch``), and we time
adding the last batch to it (``run_incremental``: lock, query buckets,
verify, write the index, commit), plus the batch's fingerprinting, and
report the index size per article.  Redis runs on its own ``redis-server``
on a free loopback port (no persistence), started and stopped here.
The last stdout line is the result as JSON (``make bench`` collects it).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from bench.corpus import REUTERS, load
from normtool.article import Article
from normtool.dedup.incremental import fingerprint_batch, run_incremental
from normtool.index import open_index
from normtool.options import DedupOptions


def start_redis(folder: str) -> tuple[subprocess.Popen, str]:
    """A throwaway redis-server on 127.0.0.1 (no persistence)."""
    import redis
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no", "--dir", folder],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            return proc, f"redis://127.0.0.1:{port}/0"
        except redis.RedisError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("redis-server did not start")


def redis_used_memory(url: str) -> int:
    import redis
    return int(redis.Redis.from_url(url).info("memory")["used_memory"])


def bench_backend(location: str, arts, fps, batch: int, fill_batch: int, fp_batch_s: float,
                  options: DedupOptions) -> dict:
    rest, last = len(arts) - batch, slice(len(arts) - batch, len(arts))
    base_mem = redis_used_memory(location) if location.startswith("redis") else 0
    backend = open_index(location)
    t = time.perf_counter()
    for start in range(0, rest, fill_batch):
        stop = min(rest, start + fill_batch)
        run_incremental(arts[start:stop], options, backend, now=1.0, fps=fps[start:stop])
    fill_s = time.perf_counter() - t
    t = time.perf_counter()
    res = run_incremental(arts[last], options, backend, now=2.0, fps=fps[last])
    add_s = time.perf_counter() - t
    t = time.perf_counter()
    again = run_incremental(arts[last], options, backend, now=3.0, fps=fps[last])
    rerun_s = time.perf_counter() - t
    t = time.perf_counter()
    stats = backend.stats()
    stats_s = time.perf_counter() - t
    t = time.perf_counter()
    problems = backend.check()
    check_s = time.perf_counter() - t
    backend.close()
    out = {"backend": stats["backend"], "indexed_before": rest, "batch": batch,
           "fill_s": round(fill_s, 2), "add_batch_s": round(add_s, 3),
           "add_batch_with_fingerprints_s": round(add_s + fp_batch_s, 3),
           "rerun_same_batch_s": round(rerun_s, 3),
           "articles": stats["articles"], "clusters": stats["clusters"],
           "bytes": stats["bytes"], "bytes_per_article": round(stats["bytes"] / stats["articles"]),
           "batch_new_stories": res.counts["new_stories"],
           "batch_indexed_copies": res.counts["indexed_copies"],
           "rerun_seen": again.counts["seen"], "consistent": not problems,
           "stats_s": round(stats_s, 2), "check_s": round(check_s, 2)}
    if location.startswith("redis"):
        used = redis_used_memory(location) - base_mem
        out["redis_used_memory_bytes"] = used
        out["redis_used_memory_per_article"] = round(used / stats["articles"])
    else:
        out["file_bytes"] = stats.get("file_bytes")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--fill-batch", type=int, default=3000)
    ap.add_argument("--backends", default="sqlite,redis")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    args = ap.parse_args(argv)
    if not REUTERS.exists():
        print(f"index_bench: skipped: {REUTERS} not found")
        return 0
    rows, name = load(args.limit)
    arts = [Article(id=str(r["id"]), text=r["text"], title=r.get("title"),
                    date=(r.get("date") or None)) for r in rows if r.get("text", "").strip()]
    options = DedupOptions()
    t = time.perf_counter()
    fps = fingerprint_batch(arts, options)
    fp_s = time.perf_counter() - t
    fp_batch_s = fp_s * args.batch / len(arts)
    print(f"# {name}: {len(arts)} articles fingerprinted in {fp_s:.1f} s "
          f"({len(arts) / fp_s:.0f}/s; a {args.batch}-article batch ~{fp_batch_s:.2f} s)")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.backends.split(","):
            if kind == "sqlite":
                results.append(bench_backend(os.path.join(tmp, "index.db"), arts, fps,
                                             args.batch, args.fill_batch, fp_batch_s, options))
            elif kind == "redis":
                if shutil.which("redis-server") is None:
                    print("# redis: skipped: redis-server not installed "
                          "(apt-get install redis-server)")
                    continue
                proc, url = start_redis(tmp)
                try:
                    results.append(bench_backend(url, arts, fps, args.batch, args.fill_batch,
                                                 fp_batch_s, options))
                finally:
                    proc.terminate()
                    proc.wait()
    print(f"{'backend':8} {'indexed':>8} {'add 1k (s)':>10} {'+fp (s)':>8} {'rerun (s)':>9} "
          f"{'bytes/article':>13} {'fill (s)':>9}")
    for r in results:
        print(f"{r['backend']:8} {r['indexed_before']:>8} {r['add_batch_s']:>10} "
              f"{r['add_batch_with_fingerprints_s']:>8} {r['rerun_same_batch_s']:>9} "
              f"{r['bytes_per_article']:>13} {r['fill_s']:>9}")
    print(json.dumps({"corpus": name, "articles": len(arts),
                      "fingerprint_per_s": round(len(arts) / fp_s), "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
