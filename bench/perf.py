"""Timed runs for ``make bench``; each runs in its own process so peak memory
(``ru_maxrss``) belongs to that run alone.

    python -m bench.perf reference CORPUS.jsonl   # plain ftfy/langdetect/datasketch
    python -m bench.perf stages CORPUS.jsonl      # normtool, stage by stage
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _rows(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def reference(path: str, threshold: float = 0.8, num_perm: int = 128) -> dict:
    """The plain pipeline: ftfy.fix_text, langdetect.detect, one MinHash.update
    per shingle, MinHashLSH insert+query, one process."""
    import ftfy
    from datasketch import MinHash, MinHashLSH
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException
    DetectorFactory.seed = 0
    rows = _rows(path)
    times = {}
    t = time.perf_counter()
    texts = [ftfy.fix_text(r["text"]) for r in rows]
    times["ftfy"] = time.perf_counter() - t
    t = time.perf_counter()
    for text in texts:
        try:
            detect(text)
        except LangDetectException:
            pass
    times["langdetect"] = time.perf_counter() - t
    t = time.perf_counter()
    sigs = []
    for text in texts:
        words = text.lower().split()
        m = MinHash(num_perm=num_perm)
        for i in range(max(1, len(words) - 2)):
            m.update(" ".join(words[i:i + 3]).encode("utf-8"))
        sigs.append(m)
    times["minhash"] = time.perf_counter() - t
    t = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    pairs = 0
    for r, m in zip(rows, sigs):
        pairs += len(lsh.query(m))
        lsh.insert(r["id"], m)
    times["lsh"] = time.perf_counter() - t
    return {"articles": len(rows), "seconds": times, "total": sum(times.values()),
            "candidate_pairs": pairs, "peak_mb": peak_rss_mb()}


def stages(path: str) -> dict:
    """normtool's steps timed one by one in one process."""
    from normtool.article import Article
    from normtool.clean import clean_article
    from normtool.despin import despin_article
    from normtool.lang import add_languages
    from normtool.runner import CLEAN_CHUNK
    from normtool.options import CleanOptions, DedupOptions
    opts = CleanOptions()
    times = {}
    t = time.perf_counter()
    raw = _rows(path)
    arts = [Article.from_dict(r, source=f"{path}:{i}") for i, r in enumerate(raw, 1)]
    times["read"] = time.perf_counter() - t
    for name, fn in (("clean", lambda a: clean_article(a, opts)),
                     ("despin", lambda a: despin_article(a, opts)),
                     ("langdetect", None)):
        t = time.perf_counter()
        if fn is None:      # detected a chunk at a time, as clean_articles does
            arts = [a for i in range(0, len(arts), CLEAN_CHUNK)
                    for a in add_languages(arts[i:i + CLEAN_CHUNK])]
        else:
            arts = [fn(a) for a in arts]
        times[name] = time.perf_counter() - t
    times.update(dedup_stages(arts, DedupOptions()))
    t = time.perf_counter()
    lines = [a.to_json() for a in arts]
    times["write"] = time.perf_counter() - t
    peak = peak_rss_mb()
    # The same dedup stages with two worker processes for fingerprinting
    # (--jobs 2); reported apart, not added to the stage table.
    jobs2 = dedup_stages(arts, DedupOptions(jobs=2))
    return {"articles": len(arts), "seconds": times, "total": sum(times.values()),
            "dedup_jobs2_seconds": jobs2,
            "written_bytes": sum(len(l) + 1 for l in lines), "peak_mb": peak}


def dedup_stages(arts, options) -> dict:
    """Fingerprint, LSH and cluster times, from dedup's own stage timer."""
    from normtool import dedup
    from normtool.dedup.minhash import permutations
    permutations(options.num_perm)   # import datasketch before timing, as the reference does
    if hasattr(dedup, "timed_stages"):
        return dedup.timed_stages(arts, options)
    t = time.perf_counter()
    list(dedup.dedup_articles(arts, options))
    return {"dedup": time.perf_counter() - t}


def run_command(args: list[str], stdin=None) -> dict:
    """Run a command; wall time and its own peak RSS (via wait4)."""
    t = time.perf_counter()
    proc = subprocess.Popen(args, stdin=stdin, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode(errors="replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {err.strip()[-500:]}")
    return {"seconds": wall, "peak_mb": usage.ru_maxrss / 1024.0}


def in_subprocess(task: str, path: str) -> dict:
    """Run ``task`` of this module in a fresh interpreter; its JSON result."""
    out = subprocess.run([sys.executable, "-m", "bench.perf", task, path],
                         capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    if out.returncode != 0:
        raise RuntimeError(f"bench.perf {task} failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout)


if __name__ == "__main__":
    task, corpus = sys.argv[1], sys.argv[2]
    print(json.dumps({"reference": reference, "stages": stages}[task](corpus)))
