"""``make bench``: one reproducible benchmark run.

On ``../shared/data/reuters21578.jsonl.gz`` when present (else a synthetic
corpus) it measures, in one run on one machine:

* normtool stage by stage (read, clean, despin, langdetect, fingerprint, LSH,
  cluster, write): articles/s and share of time;
* the plain reference pipeline (ftfy.fix_text, langdetect.detect, one
  datasketch ``MinHash.update`` per shingle, ``MinHashLSH``) and the ratios;
* end to end (``normtool clean | normtool dedup``) with ``--jobs 1`` and 2;
* growth of time and peak memory at 1x, 4x and 16x a base corpus;
* the quality benchmarks (despin WER, syndication P/R/F1, Reuters ground
  truth, index batch times, clean's title/date/body accuracy on many
  layouts) when their modules are present.

Results go to ``out/bench.json`` and a table on stdout.
Environment: BENCH_SCALE_BASE (articles in the 1x scaling corpus, default
2000), BENCH_QUICK=1 (skip scaling and quality runs).
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import corpus
from .perf import in_subprocess, run_command

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "bench.json"
NORMTOOL = [sys.executable, "-m", "normtool"]
QUALITY = ("bench.spinset", "bench.syndication", "bench.reuters_truth", "bench.index_bench",
           "bench.layouts")


def pipeline(path: Path, work: Path, jobs: int) -> dict:
    """``normtool clean`` then ``normtool dedup`` as a user runs them."""
    cleaned, final = work / f"clean-{jobs}.jsonl", work / f"corpus-{jobs}.jsonl"
    c = run_command(NORMTOOL + ["clean", str(path), "-o", str(cleaned), "-q", "--jobs", str(jobs)])
    d = run_command(NORMTOOL + ["dedup", str(cleaned), "-o", str(final), "-q", "--jobs", str(jobs)])
    return {"clean": c, "dedup": d, "seconds": c["seconds"] + d["seconds"],
            "records_out": sum(1 for _ in open(final, encoding="utf-8"))}


def _ratio(ref: float, seconds: dict, keys: tuple) -> float | None:
    took = sum(v for k, v in seconds.items() if k in keys)
    return round(ref / took, 2) if took else None


def rate(n: int, seconds: float) -> float:
    return round(n / seconds, 1) if seconds > 0 else float("inf")


def main() -> int:
    quick = os.environ.get("BENCH_QUICK") == "1"
    rows, name = corpus.load()
    n = len(rows)
    result: dict = {"corpus": name, "articles": n, "machine": {"cpus": os.cpu_count()}}
    with tempfile.TemporaryDirectory(prefix="normtool-bench-") as tmp:
        work = Path(tmp)
        path = corpus.write_jsonl(rows, work / "corpus.jsonl")
        print(f"corpus: {name}", flush=True)

        ref = in_subprocess("reference", str(path))
        st = in_subprocess("stages", str(path))
        result["reference"], result["stages"] = ref, st
        e2e = {j: pipeline(path, work, j) for j in (1, 2)}
        result["end_to_end"] = {f"jobs{j}": v for j, v in e2e.items()}

        dd = st["seconds"]
        fp_lsh = sum(v for k, v in dd.items() if k in ("fingerprint", "lsh"))
        ref_fp_lsh = ref["seconds"]["minhash"] + ref["seconds"]["lsh"]
        clean_time = dd["clean"] + dd.get("despin", 0) + dd["langdetect"]
        result["ratios"] = {
            "end_to_end_jobs2_vs_reference": round(ref["total"] / e2e[2]["seconds"], 2),
            "end_to_end_jobs1_vs_reference": round(ref["total"] / e2e[1]["seconds"], 2),
            "fingerprint_lsh_vs_datasketch_loop": round(ref_fp_lsh / fp_lsh, 2) if fp_lsh else None,
            "fingerprint_lsh_jobs2_vs_datasketch_loop": _ratio(
                ref_fp_lsh, st.get("dedup_jobs2_seconds", {}), ("fingerprint", "lsh")),
            "clean_vs_ftfy_alone": round(ref["seconds"]["ftfy"] / dd["clean"], 2),
            "clean_despin_lang_vs_ftfy_plus_langdetect": round(
                (ref["seconds"]["ftfy"] + ref["seconds"]["langdetect"]) / clean_time, 2),
            "langdetect_vs_langdetect_alone": round(ref["seconds"]["langdetect"] / dd["langdetect"], 2),
            "dedup_vs_datasketch_loop": round(ref_fp_lsh / sum(
                v for k, v in dd.items() if k in ("fingerprint", "lsh", "cluster", "dedup")), 2),
        }
        if not quick:
            result["scaling"] = scaling(rows, work)
    if not quick:
        result["quality"] = quality()
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    print_table(result)
    print(f"\nwrote {OUT.relative_to(ROOT)}")
    return 0


def scaling(rows: list[dict], work: Path) -> dict:
    """Time and peak memory of clean and dedup at 1x, 4x, 16x a base corpus."""
    base = rows[: int(os.environ.get("BENCH_SCALE_BASE", "2000"))]
    out = {}
    for k in (1, 4, 16):
        path = corpus.write_jsonl(corpus.scaled(base, k), work / f"scale{k}.jsonl")
        run = pipeline(path, work, 1)
        m = len(base) * k
        out[f"{k}x"] = {"articles": m, "seconds": round(run["seconds"], 2),
                        "clean_peak_mb": round(run["clean"]["peak_mb"], 1),
                        "dedup_peak_mb": round(run["dedup"]["peak_mb"], 1),
                        "dedup_kb_per_article": round(run["dedup"]["peak_mb"] * 1024 / m, 2),
                        "articles_per_s": rate(m, run["seconds"])}
        print(f"scaling {k}x: {out[f'{k}x']}", flush=True)
        path.unlink()
    return out


def quality() -> dict:
    """Run each quality benchmark module that exists; keep what it printed."""
    found = {}
    for mod in QUALITY:
        if importlib.util.find_spec(mod) is None:
            continue
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", mod], capture_output=True, text=True, cwd=ROOT)
        text = proc.stdout.strip()
        entry = {"exit": proc.returncode, "seconds": round(time.perf_counter() - t, 1),
                 "output": text.splitlines()[-40:]}
        for line in reversed(text.splitlines()):
            if line.startswith("{"):
                try:
                    entry["result"] = json.loads(line)
                    break
                except json.JSONDecodeError:
                    pass
        if proc.returncode != 0:
            entry["stderr"] = proc.stderr.strip().splitlines()[-5:]
        found[mod] = entry
        print(f"\n== {mod} ({entry['seconds']} s)\n{text}", flush=True)
    return found


def print_table(r: dict) -> None:
    n = r["articles"]
    st = r["stages"]["seconds"]
    total = sum(st.values())
    print(f"\nnormtool stages on {r['corpus']}  (peak {r['stages']['peak_mb']:.0f} MB)")
    print(f"{'stage':<12}{'seconds':>10}{'articles/s':>14}{'share':>8}")
    for k, v in st.items():
        print(f"{k:<12}{v:>10.2f}{rate(n, v):>14}{v / total:>8.1%}")
    j2 = r["stages"].get("dedup_jobs2_seconds")
    if j2:
        print("dedup with --jobs 2: " + ", ".join(f"{k} {v:.2f} s" for k, v in j2.items()))
    ref = r["reference"]
    print(f"\nreference (plain) pipeline  (peak {ref['peak_mb']:.0f} MB)")
    for k, v in ref["seconds"].items():
        print(f"{k:<12}{v:>10.2f}{rate(n, v):>14}")
    print(f"{'total':<12}{ref['total']:>10.2f}{rate(n, ref['total']):>14}")
    print("\nend to end (normtool clean | normtool dedup)")
    for k, v in r["end_to_end"].items():
        print(f"{k:<12}{v['seconds']:>10.2f}{rate(n, v['seconds']):>14}"
              f"   clean peak {v['clean']['peak_mb']:.0f} MB, dedup peak {v['dedup']['peak_mb']:.0f} MB")
    print("\nratios (reference time / normtool time; >1 means normtool is faster)")
    for k, v in r["ratios"].items():
        print(f"  {k:<45}{v}")
    for k, v in r.get("scaling", {}).items():
        print(f"  scale {k}: {v}")


if __name__ == "__main__":
    sys.exit(main())
