"""Scale benchmark for dedup: synthetic corpora of any size with planted copies.

    python -m bench.scale generate -n 80000 -o corpus.jsonl --truth truth.tsv
    python -m bench.scale generate -n 80000 --format raw -o raw.jsonl --truth truth.tsv
    python -m bench.scale metrics --truth truth.tsv --report report.jsonl
    python -m bench.scale measure -- normtool dedup corpus.jsonl -o out.jsonl
    python -m bench.scale run --sizes 20000,80000        # the table (make bench-scale)

Why synthetic: Reuters has 19,043 stories; a million-article run needs
stories that are distinct yet written in real news sentences.  Each story
is built from real Reuters sentences, and a sentence recurs in many stories
(about 35 at 320k articles), as quotes, stock phrases and boilerplate recur
in real feeds: that is what makes candidates and false matches grow with
the corpus.  Each story also has its own lead: a template sentence with a
company, person and place drawn Zipf-like from made-up names (the same
names recur in unrelated stories, as they do) and figures of its own; 30%
of the borrowed sentences get their figures redrawn.

Planted copies: ~10% of the stories get one copy, placed within
``WINDOW`` articles of its original (before it, one time in four):

* ``furniture``: the same body under another site's furniture;
* ``retitle``: another headline, dateline dropped;
* ``cut``: the first paragraphs only, sometimes cut mid-paragraph;
* ``edit``: small edits (typos, British spellings, number formats, a
  sentence dropped or added);
* ``spun``: a context-free synonym swapper over 10-20% of the words;
* ``spun_names``: the same, and names spun too ("Wall Road").

Everything is a function of ``(seed, story number)``: a story or its copy
is generated again when needed instead of being kept, so 1.28M articles
are written in constant memory.  ``--format clean`` writes what
``normtool clean`` would output (canonical paragraphs, title, date,
dateline; spun copies go through despin when normtool is importable);
``--format raw`` writes wire copy and web pages for ``normtool clean`` to
run on.  Article ids are ``a`` + position (``a0000042``), so the truth
file loads into arrays: ``id<TAB>story<TAB>kind`` (``orig`` or the copy kind).

Metrics (``metrics``) come from dedup's ``--report`` in memory linear in
the article count (a few integer arrays, no dicts of ids): recall of the
planted copies (a copy in the same cluster as its original) and wrongly
merged pairs (two articles of different stories in one cluster), with the
wrong links (a member whose story is not its canonical's) by relation.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.scale_corpus import (BODY_PARAGRAPHS, COPY_FIRST, COPY_RATE, ID_DIGITS, KINDS, LEADS,
                                NAME_SWAPS, PARAGRAPH_SENTENCES, REUTERS, ROOT, SENTENCES,
                                SPIN_RATE, SYNONYMS, WINDOW, Copy, Pool, Slot, Story, article_id,
                                clean_record, generate, load_pool, make_copy, make_story, reflow,
                                schedule, sentences, spin)

__all__ = ["BODY_PARAGRAPHS", "COPY_FIRST", "COPY_RATE", "Copy", "FILL_BATCH", "ID_DIGITS", "KINDS",
           "LEADS", "LIMIT_MB", "NAME_SWAPS", "PARAGRAPH_SENTENCES", "Pool", "REUTERS", "ROOT",
           "SENTENCES", "SIZES", "SPIN_RATE", "STEPS", "SYNONYMS", "Slot", "Story", "WINDOW",
           "article_id", "clean_record", "datasketch_loop", "generate", "load_pool", "load_truth",
           "main", "make_copy", "make_story", "measure", "metrics", "reflow", "run_sizes",
           "schedule", "sentences", "spin", "table"]


# ------------------------------------------------------------------ metrics
def load_truth(path: str):
    """The truth file as arrays indexed by position: story number, kind code."""
    import numpy as np
    from array import array
    stories, kinds = array("q"), array("b")     # 9 bytes an article while reading
    names = ["orig", *KINDS]
    code = {k: i for i, k in enumerate(names)}
    with open(path, encoding="utf-8") as fh:
        for pos, line in enumerate(fh):
            aid, story, kind = line.rstrip("\n").split("\t")
            if int(aid[1:]) != pos:
                raise SystemExit(f"{path}:{pos + 1}: ids must be a0000000, a0000001, ...")
            stories.append(int(story))
            kinds.append(code[kind])
    return np.frombuffer(stories, dtype=np.int64), np.frombuffer(kinds, dtype=np.int8), names


def metrics(truth_path: str, report_path: str, examples: int = 0) -> dict:
    """Recall of planted copies and wrong merges, from dedup's ``--report``.

    Memory: a few integer arrays of the article count; the report is read
    one line (one cluster) at a time.  ``examples``: keep that many wrong
    links (canonical, member, relation, similarity) for analysis.
    """
    import numpy as np
    story, kind, names = load_truth(truth_path)
    n = len(story)
    cluster = np.full(n, -1, dtype=np.int64)
    wrong_pairs = wrong_links = clusters = 0
    by_relation: Counter = Counter()
    wrong_kinds: Counter = Counter()
    found: list[dict] = []
    with open(report_path, encoding="utf-8") as fh:
        for c, line in enumerate(fh):
            rec = json.loads(line)
            members = rec.get("members")
            if members is None:
                continue            # index runs: copies of indexed stories, seen articles
            clusters += 1
            idx = np.array([int(m["id"][1:]) for m in members], dtype=np.int64)
            if (cluster[idx] >= 0).any():
                raise SystemExit(f"{report_path}:{c + 1}: an article is in two clusters")
            cluster[idx] = c
            s = story[idx]
            _, per_story = np.unique(s, return_counts=True)
            k = len(idx)
            wrong_pairs += k * (k - 1) // 2 - int((per_story * (per_story - 1) // 2).sum())
            for m, i in zip(members[1:], idx[1:]):
                if story[i] != s[0]:
                    wrong_links += 1
                    by_relation[m["relation"]] += 1
                    wrong_kinds[f"{names[kind[idx[0]]]}~{names[kind[i]]}"] += 1
                    if len(found) < examples:
                        found.append({"canonical": members[0]["id"], "member": m["id"],
                                      "relation": m["relation"], "similarity": m["similarity"]})
    missing = int((cluster < 0).sum())
    orig_at = np.full(int(story.max()) + 1, -1, dtype=np.int64)
    orig_at[story[kind == 0]] = np.flatnonzero(kind == 0)
    copies = np.flatnonzero(kind > 0)
    together = cluster[copies] == cluster[orig_at[story[copies]]]
    recall = {names[k]: round(float(together[kind[copies] == k].mean()), 4)
              for k in range(1, len(names)) if (kind[copies] == k).any()}
    return {"articles": n, "clusters": clusters, "missing": missing,
            "planted": len(copies), "recall": round(float(together.mean()), 4),
            "recall_by_kind": recall, "missed": int((~together).sum()),
            "wrong_pairs": wrong_pairs, "wrong_links": wrong_links,
            "wrong_per_10k": round(wrong_pairs * 10_000 / n, 2),
            "wrong_links_by_relation": dict(sorted(by_relation.items())),
            "wrong_links_by_kinds": dict(wrong_kinds.most_common()), "examples": found}


# ------------------------------------------------------------------ measure
def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc/PID/task/TID/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def _rss(pids: list[int]) -> int:
    """Resident bytes summed over ``pids`` (``/proc/PID/statm``: cheap to read)."""
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * page
        except (OSError, IndexError):
            pass
    return total


def _pss(pids: list[int]) -> int:
    """Proportional set size summed over ``pids``: pages a forked worker still
    shares with its parent count once.  Costly on big processes (the kernel
    walks their page tables), so it is sampled rarely."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += sum(int(line.split()[1]) * 1024 for line in fh if line.startswith("Pss:"))
        except OSError:
            pass
    return total


def measure(cmd: list[str], interval: float = 0.25, pss_every: int = 8,
            env: dict | None = None, stdout=subprocess.DEVNULL,
            limit_mb: float | None = None) -> dict:
    """Run ``cmd``: wall time, and peak memory summed over its process tree.

    The tree's RSS is summed every ``interval`` seconds (a peak shorter than
    that can be missed), its PSS every ``pss_every`` samples.  The command
    runs under ``/usr/bin/time -v`` when present: its memory figure is the
    largest single process (``max_single_mb``), its CPU time (user + system,
    children included) says more than wall time on a busy machine.
    With ``limit_mb``, a run whose tree goes over it is stopped (its process
    group killed) and reported as ``stopped`` with the time it had run.
    """
    timer = ["/usr/bin/time", "-v"] if os.path.exists("/usr/bin/time") else []
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(timer + cmd, stdout=stdout, stderr=err, env=env,
                                start_new_session=True)
        peak_rss = peak_pss = samples = 0
        stopped = False
        while proc.poll() is None:
            tree = _tree(proc.pid)
            peak_rss = max(peak_rss, _rss(tree))
            if limit_mb and peak_rss > limit_mb * 2**20 and not stopped:
                os.killpg(proc.pid, 9)      # the group this call started, nothing else
                stopped = True
            if pss_every and samples % pss_every == 0:
                peak_pss = max(peak_pss, _pss(tree))
            samples += 1
            time.sleep(interval)
        wall = time.perf_counter() - t0
        err.seek(0)
        text = err.read()
    if stopped:
        return {"stopped": f"over {limit_mb:.0f} MB", "seconds": round(wall, 2),
                "cpu_seconds": None, "peak_rss_mb": round(peak_rss / 2**20), "peak_pss_mb": 0,
                "max_single_mb": None, "load": round(os.getloadavg()[0], 1)}
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {text[-1500:]}")
    single = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text))
    return {"seconds": round(wall, 2), "cpu_seconds": round(cpu, 2) if timer else None,
            "peak_rss_mb": round(peak_rss / 2**20), "peak_pss_mb": round(peak_pss / 2**20),
            "max_single_mb": round(int(single.group(1)) / 1024) if single else None,
            "load": round(os.getloadavg()[0], 1)}


# ------------------------------------------------------------------- anchor
def datasketch_loop(path: str, threshold: float = 0.8, num_perm: int = 128) -> dict:
    """The plain loop: one ``MinHash.update`` per word 3-shingle, ``MinHashLSH``
    query then insert per article, read as a stream (the anchor of the table)."""
    from datasketch import MinHash, MinHashLSH
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    pairs = n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            words = rec["text"].lower().split()
            m = MinHash(num_perm=num_perm)
            for i in range(max(1, len(words) - 2)):
                m.update(" ".join(words[i:i + 3]).encode("utf-8"))
            pairs += len(lsh.query(m))
            lsh.insert(rec["id"], m)
            n += 1
    return {"articles": n, "candidate_pairs": pairs}


# ---------------------------------------------------------------------- run
SIZES = (20_000, 80_000, 320_000, 1_280_000)
LIMIT_MB = 16_000       # a step using more than this (all processes) is stopped
STEPS = ("clean", "dedup", "dask", "index", "anchor")


def _normtool() -> list[str]:
    return [sys.executable, "-m", "normtool"]


def _has_option(command: str, option: str) -> bool:
    """Does this normtool's ``command`` know ``option`` (e.g. ``--engine``)?"""
    out = subprocess.run(_normtool() + [command, "--help"], capture_output=True, text=True)
    return option in out.stdout


FILL_BATCH = 32_000     # index fill: articles per run (a 288k one-batch fill did not finish)


def _split(path: Path, n: int, work: Path) -> tuple[list[Path], Path]:
    """The first 90% of a corpus in files of ``FILL_BATCH`` lines, and the last 10%."""
    cut = n - n // 10
    heads: list[Path] = []
    tail = work / "tail.jsonl"
    out = None
    with open(path, encoding="utf-8") as src:
        for i, line in enumerate(src):
            if i == cut or (i < cut and i % FILL_BATCH == 0):
                if out:
                    out.close()
                heads.append(work / f"head-{len(heads):03d}.jsonl")
                out = open(tail if i == cut else heads[-1], "w", encoding="utf-8")
                if i == cut:
                    heads.pop()
            out.write(line)
    if out:
        out.close()
    return heads, tail


def run_sizes(sizes, steps, work: Path, seed: int = 1, jobs: int = 2,
              limit_mb: float | None = LIMIT_MB) -> list[dict]:
    """Generate (once per size and seed, kept in ``work``) and measure each step.

    A step whose processes go over ``limit_mb`` together is stopped and
    reported as such (today's one-shot dedup at 1.28M articles).
    """
    def measure_step(cmd: list[str]) -> dict:
        return measure(cmd, limit_mb=limit_mb)

    pool = None
    rows = []
    dask = "dask" in steps and _has_option("dedup", "--engine")
    for n in sizes:
        corpus, truth = work / f"scale-{seed}-{n}.jsonl", work / f"scale-{seed}-{n}.truth.tsv"
        if not corpus.exists() or not truth.exists():
            pool = pool or load_pool()
            with open(corpus, "w", encoding="utf-8") as out, open(truth, "w", encoding="utf-8") as tr:
                generate(n, out, tr, "clean", seed, pool=pool)
        row: dict = {"articles": n}
        out, report = work / "out.jsonl", work / "report.jsonl"
        if "clean" in steps:
            raw = work / f"scale-{seed}-{n}.raw.jsonl"
            if not raw.exists():
                pool = pool or load_pool()
                with open(raw, "w", encoding="utf-8") as fh, open(os.devnull, "w") as null:
                    generate(n, fh, null, "raw", seed, pool=pool)
            row["clean"] = measure_step(_normtool() + ["clean", str(raw), "-o", str(out), "-q",
                                                  "--jobs", str(jobs)])
        if "dedup" in steps:
            row["dedup"] = measure_step(_normtool() + ["dedup", str(corpus), "-o", str(out), "-q",
                                                  "--jobs", str(jobs), "--report", str(report)])
            if "stopped" not in row["dedup"]:
                row["quality"] = {k: v for k, v in metrics(str(truth), str(report)).items()
                                  if k != "examples"}
        if dask:
            dout = work / "out-dask.jsonl"
            row["dask"] = measure_step(_normtool() + ["dedup", str(corpus), "-o", str(dout), "-q",
                                                 "--engine", "dask", "--jobs", str(jobs)])
            row["dask"]["same_output"] = (_same(out, dout) if "quality" in row
                                          and "stopped" not in row["dask"] else None)
        if "index" in steps:
            index = work / "index.sqlite"
            for f in work.glob("index.sqlite*"):
                f.unlink()
            heads, tail = _split(corpus, n, work)
            fills = [measure_step(_normtool() + ["dedup", str(h), "-o", os.devnull, "-q",
                                            "--index", str(index)]) for h in heads]
            row["index_fill"] = {"seconds": round(sum(f["seconds"] for f in fills), 1),
                                 "peak_rss_mb": max(f["peak_rss_mb"] for f in fills),
                                 "runs": len(fills),
                                 "stopped": any("stopped" in f for f in fills)}
            row["index_add"] = measure_step(_normtool() + ["dedup", str(tail), "-o", str(out), "-q",
                                                      "--index", str(index)])
            row["index_add"]["batch"] = n // 10
        if "anchor" in steps:
            row["anchor"] = measure_step([sys.executable, "-m", "bench.scale", "anchor", str(corpus)])
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def _same(a: Path, b: Path) -> bool:
    with open(a, "rb") as x, open(b, "rb") as y:
        while True:
            p, q = x.read(1 << 20), y.read(1 << 20)
            if p != q:
                return False
            if not p:
                return True


def table(rows: list[dict]) -> str:
    """The benchmark as a Markdown table: seconds (CPU) and peak GB per step."""
    def cell(m):
        if not m:
            return ""
        if m.get("stopped"):
            return f"stopped at {m['peak_rss_mb'] / 1024:.1f} GB after {m['seconds']:.0f} s"
        return f"{m['seconds']:.0f} s ({m['cpu_seconds'] or 0:.0f}) {m['peak_rss_mb'] / 1024:.2f} GB"
    head = ["articles", *[s for s in STEPS if any(s in r or f"{s}_add" in r for r in rows)],
            "recall", "wrong pairs (per 10k)"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in rows:
        cells = [f"{r['articles']:,}"]
        for s in head[1:-2]:
            cells.append(cell(r.get(s) or r.get(f"{s}_add")))
        q = r.get("quality") or {}
        cells += [str(q.get("recall", "")),
                  f"{q['wrong_pairs']} ({q['wrong_per_10k']})" if q else ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------------- cli
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate", help="write a synthetic corpus and its truth file")
    g.add_argument("-n", type=int, required=True, help="articles")
    g.add_argument("-o", "--output", required=True)
    g.add_argument("--truth", required=True)
    g.add_argument("--format", choices=("clean", "raw"), default="clean")
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--copy-rate", type=float, default=COPY_RATE)
    g.add_argument("--no-despin", action="store_true",
                   help="clean format: leave spun copies as spun (no normtool despin)")
    m = sub.add_parser("metrics", help="recall and wrong merges from a dedup --report")
    m.add_argument("--truth", required=True)
    m.add_argument("--report", required=True)
    m.add_argument("--examples", type=int, default=0)
    r = sub.add_parser("measure", help="time and peak memory (all processes) of a command")
    r.add_argument("command", nargs=argparse.REMAINDER)
    a = sub.add_parser("anchor", help="the plain datasketch loop over a JSONL file")
    a.add_argument("path")
    b = sub.add_parser("run", help="the scale table: generate, then time each step")
    b.add_argument("--sizes", default=",".join(map(str, SIZES)))
    b.add_argument("--steps", default=",".join(STEPS), help=f"any of {','.join(STEPS)}")
    b.add_argument("--work", default=str(ROOT / "out" / "scale"),
                   help="where corpora are kept between runs")
    b.add_argument("--seed", type=int, default=1)
    b.add_argument("--jobs", type=int, default=2)
    b.add_argument("--limit-mb", type=float, default=LIMIT_MB,
                   help="stop a step whose processes use more memory than this together")
    args = ap.parse_args(argv)
    if args.cmd == "generate":
        t0 = time.perf_counter()
        with open(args.output, "w", encoding="utf-8") as out, \
                open(args.truth, "w", encoding="utf-8") as truth:
            counts = generate(args.n, out, truth, args.format, args.seed, args.copy_rate,
                              despin=not args.no_despin)
        print(json.dumps({"articles": args.n, "kinds": dict(sorted(counts.items())),
                          "seconds": round(time.perf_counter() - t0, 1)}))
    elif args.cmd == "metrics":
        print(json.dumps(metrics(args.truth, args.report, args.examples)))
    elif args.cmd == "measure":
        cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
        print(json.dumps(measure(cmd)))
    elif args.cmd == "anchor":
        print(json.dumps(datasketch_loop(args.path)))
    elif args.cmd == "run":
        work = Path(args.work)
        work.mkdir(parents=True, exist_ok=True)
        rows = run_sizes([int(x) for x in args.sizes.split(",")], args.steps.split(","), work,
                         args.seed, args.jobs, args.limit_mb)
        result = ROOT / "out" / "bench-scale.json"
        result.write_text(json.dumps(rows, indent=1) + "\n")
        print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())