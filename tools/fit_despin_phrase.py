"""Fit despin's phrase score: which thesaurus phrases of a flagged article to rewrite as one word.

    .venv/bin/python tools/fit_despin_phrase.py [--reuters FILE] [--cache FILE] [--write]

Tuning text as ``tools/fit_despin_repair.py`` takes it, never the
benchmark's: Reuters evaluation-split stories other than the 300 that
``bench.despin_eval`` reports on, every ``STEP``-th, spun by the tuning
spinners ``TUNING`` at 10, 15 and 20% with seed 7.

Each flagged copy is repaired as despin does with the phrase pass off; at
the point where the pass would run, every phrase ``phrases.phrase_rows``
judges gives a row of ``phrases.PHRASE_FEATURES``, labelled right when the
copy aligned with its original (difflib over the words) shows some word of
the phrase changed and the original words there hold the candidate.
Gradient-boosted trees (as ``tools/fit_despin.py``: 60 of depth 3) give the
phrase score, written to ``normtool/data/despin_phrase.tsv`` with
``--write``.  To choose ``phrase_level``, trees fitted on one half of the
stories (by id) are scored on the other half: for each level and least side
gain, the phrases rewritten and how many are right, per spinner.  Needs
(build time only) numpy and scikit-learn.
"""
from __future__ import annotations

import argparse
import difflib
import pickle
import sys
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from bench.corpus import REUTERS  # noqa: E402
from fit_despin import dev_stories, fit_trees  # noqa: E402
# The repair fit's tuning copies and row arrays: rows as (spinner, story, X row, right, ...).
from fit_despin_repair import RATES, SEED, STEP, TUNING, arrays, flagged_copies  # noqa: E402
from normtool import settings  # noqa: E402
from normtool.despin import despin as ds  # noqa: E402
from normtool.despin import phrases  # noqa: E402
from normtool.despin.detect import word_spans  # noqa: E402
from normtool.despin.tokens import Tokens  # noqa: E402

OUT = ROOT / "normtool" / "data" / phrases.PHRASE
LEVELS = (0.0, 1.0, 1.5, 2.0, 2.5, 3.0)
SIDES = (-99.0, -1.0, -0.5, 0.0)


def aligned(original: str, tok: Tokens) -> list:
    """For each word of ``tok``: (kept as in the original?, the original's
    lower-case words it stands for): one word where kept, the whole replaced
    stretch where replaced, none where inserted."""
    ref = [w.lower() for w in Tokens(original).surf]
    out: list = [(True, set())] * len(tok.surf)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ref, [w.lower() for w in tok.surf],
                                                      autojunk=False).get_opcodes():
        for j in range(j1, j2):
            out[j] = (True, {ref[i1 + j - j1]}) if op == "equal" else (False, set(ref[i1:i2]))
    return out


def right(truth: list, i: int, n: int, x: str) -> bool:
    """Did the spinner change some word of the phrase at words [i, i+n), and
    does the original there hold ``x`` ("more than" for "more": the "more"
    kept, "than" inserted)?"""
    part = truth[i:i + n]
    return not all(kept for kept, _ in part) and any(x in words for _, words in part)


def collect(reuters: Path, cache: Path) -> list:
    """(spinner, story id, X row, right, left, right gain) for every judged phrase."""
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    dev = dev_stories(reuters, STEP)
    rows: list = []
    seen: list = []
    loose = ds._loose_pass

    def spy(tok, done, model=None):
        spans = word_spans(tok, done)
        seen.extend(phrases.phrase_rows(tok, spans, density=ds.repaired_share(tok, spans)))
        return loose(tok, done, model)

    cfg = settings.DESPIN
    settings.DESPIN = cfg._replace(phrase_level=None)
    ds._loose_pass = spy
    try:
        for name, _, r, s in flagged_copies(dev, seen, rows):
            truth = aligned(r["text"], Tokens(s["text"]))
            for i, n, x, left, right_gain, row in seen:
                rows.append((name, r["id"], row, right(truth, i, n, x), left, right_gain))
    finally:
        ds._loose_pass = loose
        settings.DESPIN = cfg
    cache.write_bytes(pickle.dumps(rows))
    return rows


def report(rows: list) -> None:
    """Rewrites by level and least side gain, trees fitted on the other half of the stories."""
    X, y = arrays(rows)
    half = np.array([zlib.crc32(r[1].encode()) % 2 for r in rows])
    side = np.array([min(r[4], r[5]) for r in rows])
    spinner = np.array([r[0] for r in rows])
    score = np.zeros(len(rows))
    for h in (0, 1):
        score[half == h] = fit_trees(X[half != h], y[half != h], np.ones(int((half != h).sum()))).score(X[half == h])
    print("level  side   " + "   ".join(f"{s:>16s}" for s in TUNING))
    for level in LEVELS:
        for least in SIDES:
            cells = []
            for s in TUNING:
                a = (score >= level) & (side >= least) & (spinner == s)
                cells.append(f"{int((a & y).sum()):>6d}/{int(a.sum()):<6d} {(a & y).sum() / max(1, a.sum()):4.0%}")
            print(f"{level:5.1f} {least:5.1f}   " + "   ".join(cells))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reuters", type=Path, default=REUTERS)
    ap.add_argument("--cache", type=Path, default=Path("fit_despin_phrase.pkl"),
                    help="rows kept here between runs (delete after a model change)")
    ap.add_argument("--write", action="store_true", help=f"write the trees to {OUT.name}")
    args = ap.parse_args(argv)
    rows = collect(args.reuters, args.cache)
    print(f"{len(rows)} judged phrases, {sum(r[3] for r in rows)} right", file=sys.stderr)
    report(rows)
    if args.write:
        X, y = arrays(rows)
        trees = fit_trees(X, y, np.ones(len(y)))
        trees.write(OUT, "phrase score: boosted trees over phrases.PHRASE_FEATURES (tools/fit_despin_phrase.py)")


if __name__ == "__main__":
    main()
