"""Time the despin stage of one normtool checkout, for comparing commits.

    .venv/bin/python -m bench.despin_time CLEANED.jsonl [--root CHECKOUT] [--runs 3]

Runs ``despin_article`` over every record of ``CLEANED.jsonl`` (the output
of ``normtool clean``) in a fresh process per run, with the ``normtool``
package taken from ``CHECKOUT`` (default: this one), and prints each run's
CPU seconds and their median.  The models load inside the timing, as in
``make bench``'s despin stage.

Issue 15's budget is despin within 1.5x of commit e41c220's time.  Scaling
``make bench``'s figure by its reference pipeline (mostly langdetect) is a
poor stand-in, so time that commit's own despin step on the same machine,
in turn with the current one::

    git worktree add /tmp/normtool-e41c220 e41c220
    .venv/bin/python -m bench.despin_time clean.jsonl --root /tmp/normtool-e41c220
    .venv/bin/python -m bench.despin_time clean.jsonl

Both commits' ``despin_article(article, CleanOptions())`` take the same
arguments, so one timing loop serves both.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

_RUN = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from normtool.article import Article
from normtool.despin import despin_article
from normtool.options import CleanOptions
with open(sys.argv[2], encoding="utf-8") as fh:
    arts = [Article.from_dict(json.loads(line)) for line in fh if line.strip()]
opts = CleanOptions()
t = time.process_time()
spun = sum(1 for a in arts if despin_article(a, opts).spun)
print(round(time.process_time() - t, 3), len(arts), spun)
"""


def time_once(root: Path, corpus: Path) -> tuple[float, int, int]:
    """(CPU seconds, articles, flagged) of one run in a fresh process."""
    out = subprocess.run([sys.executable, "-c", _RUN, str(root), str(corpus)],
                         check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path, help="cleaned articles (JSONL)")
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                    help="the checkout whose normtool package is timed")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    times = []
    for _ in range(args.runs):
        seconds, n, spun = time_once(args.root.resolve(), args.corpus)
        times.append(seconds)
        print(f"{seconds:.2f} s  ({n} articles, {spun} flagged)", flush=True)
    print(f"median {statistics.median(times):.2f} s over {len(times)} runs ({args.root})")


if __name__ == "__main__":
    main()
