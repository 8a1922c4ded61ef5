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
    .venv/bin/python -m bench.despin_time clean.jsonl --against /tmp/normtool-e41c220

``--against`` runs the two checkouts in turn (other, this, other, this,
...) and prints each one's median and their ratio: the machine's speed
drifts between minutes, and a ratio of runs taken apart drifts with it.
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
# A cleaned record's own verdict is dropped: it would stand (fields given win), and
# the stage would judge nothing.
VERDICT = ("spun", "spin_score", "repairs")
with open(sys.argv[2], encoding="utf-8") as fh:
    arts = [Article.from_dict({k: v for k, v in json.loads(line).items() if k not in VERDICT})
            for line in fh if line.strip()]
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


def in_turn(roots: list, corpus: Path, runs: int, report=print) -> list[float]:
    """The median CPU seconds of each checkout in ``roots``, their runs taken
    in turn (all roots once, then again, ``runs`` times)."""
    times: list[list[float]] = [[] for _ in roots]
    for _ in range(runs):
        for root, got in zip(roots, times):
            seconds, n, spun = time_once(root, corpus)
            got.append(seconds)
            report(f"{seconds:.2f} s  ({n} articles, {spun} flagged)  {root}")
    return [statistics.median(t) for t in times]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path, help="cleaned articles (JSONL)")
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                    help="the checkout whose normtool package is timed")
    ap.add_argument("--against", type=Path, default=None,
                    help="another checkout, timed in turn with --root; prints the ratio")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    roots = ([args.against.resolve()] if args.against else []) + [args.root.resolve()]
    medians = in_turn(roots, args.corpus, args.runs, report=lambda line: print(line, flush=True))
    for root, median in zip(roots, medians):
        print(f"median {median:.2f} s over {args.runs} runs ({root})")
    if args.against:
        print(f"ratio {medians[1] / medians[0]:.2f}x ({roots[1]} against {roots[0]})")


if __name__ == "__main__":
    main()
