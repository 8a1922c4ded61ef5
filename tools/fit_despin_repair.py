"""Fit despin's repair score: which misfits of a flagged article to repair.

    .venv/bin/python tools/fit_despin_repair.py [--reuters FILE] [--cache FILE] [--write]

Tuning text as ``tools/fit_despin.py`` takes it, never the benchmark's:
Reuters evaluation-split stories (the context model never counted them)
other than the 300 that ``bench.despin_eval`` reports on, every ``STEP``-th,
spun by the tuning spinners ``TUNING`` at 10, 15 and 20% with seed 7.

Each flagged copy is repaired as despin does (with the repair score off);
every misfit its loose pass judges (``despin.loose_matches``: upgrades and
downgrades, any bigram seen) gives a row of ``despin.REPAIR_FEATURES``,
labelled right when its upgrade is the original word at that place (the
copy aligned with its original).  Gradient-boosted trees (``TREES`` of
depth ``DEPTH``, scikit-learn) give the repair score, written to
``normtool/data/despin_repair.tsv`` with ``--write``.  To choose
``repair_level``, trees fitted on one half of the stories are scored on the
other half: for each level, the repairs the score adds to the hand rules'
and their precision per spinner, with and without a least gain on each
side (``repair_side``), and with ``repair_side_name`` beside a name as
``loose_matches`` asks.  The level (and side) chosen adds the most right
repairs whose precision there is at least 85% for ``wordnet`` and 75% for
``moby`` (about the precision of despin's repairs before): ``repair_level``
1.0 and ``repair_side`` 0.5 until round 11 (round 11's trees, with the
topical fit, add 922 at 86% and 361 at 74% there).  Round 11 keeps 0.5
beside a name (``repair_side_name``) and lowers ``repair_side`` to -1.0 elsewhere: 1,256
at 85.6% and 455 at 73.9% (the precision of the two sides' levels alike;
the trees read both sides' gains).  Round 12's links (an original linked
as written where it is a headword of its own; function words as originals
of rare words) and the trees refit on them: 1,366 at 86.6% and 692 at
78.4%.  Round 13's trees read word triples too (``trigrams.trigram_gains``):
1,518 at 88.4% and 857 at 81.2% at level 1.0, and the rule now picks
``repair_level`` 0.75 (a level added to ``LEVELS``): 1,750 at 85.7% and
1,116 at 78.9%.  Round 15 lowers it to 0.25, chosen on the development
sets' damage undone and word error after repair rather than on the
precision of the repairs added (docs/despin-notes.md, round 15).  Needs
(build time only) numpy and scikit-learn.
"""
from __future__ import annotations

import argparse
import difflib
import pickle
import sys
from pathlib import Path
from typing import Iterator

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from bench import spinners  # noqa: E402
from bench.corpus import REUTERS  # noqa: E402
from fit_despin import dev_stories, fit_trees  # noqa: E402
from normtool import settings  # noqa: E402
from normtool.article import Article  # noqa: E402
from normtool.despin import despin as ds  # noqa: E402
from normtool.despin.context import load_model  # noqa: E402
from normtool.despin.tokens import Tokens, covered  # noqa: E402
from normtool.despin.topics import Passage  # noqa: E402

TUNING = ("wordnet", "moby")
RATES = (0.10, 0.15, 0.20)
SEED = 7
STEP = 3
REPAIR = ROOT / "normtool" / "data" / ds.REPAIR
LEVELS = (0.0, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0)
SIDES = (-99.0, -1.0, 0.0, 0.5, 1.0)


def aligned(original: str, tok: Tokens) -> dict:
    """Word index in ``tok`` -> lower-case original word, where a word was replaced one for one."""
    ref = [w.lower() for w in Tokens(original).surf]
    out = {}
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ref, [w.lower() for w in tok.surf],
                                                      autojunk=False).get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            out.update(zip(range(j1, j2), ref[i1:i2]))
    return out


def flagged_copies(dev: list, seen, rows: list) -> Iterator[tuple]:
    """(spinner, story index, story, spun record) for every tuning copy
    despin flags: each development story spun by each tuning spinner at
    each rate.  ``seen``, the caller's record of what despin judged, is
    emptied before each copy is despun; a progress line per spinner and
    rate counts the caller's ``rows``."""
    for name in TUNING:
        for rate in RATES:
            for k, r in enumerate(dev):
                s = spinners.spin_record(r, name, rate, SEED, True)
                seen.clear()
                if ds.despin_article(Article(id=r["id"], text=s["text"])).spun:
                    yield name, k, r, s
            print(name, rate, len(rows), file=sys.stderr, flush=True)


def collect(reuters: Path, cache: Path) -> list:
    """(spinner, story index, X row, right, taken by the hand rules) for every judged misfit."""
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    dev = dev_stories(reuters, STEP)
    model = load_model()
    rows: list = []
    seen: dict = {}
    rules = ds.loose_matches

    def spy(tok, fits, taken=(), given=None, passage=None):
        out = rules(tok, fits, taken, given, passage)
        made = {m.start for m in out}
        skip = covered(taken)
        present = set(tok.keys)
        density = ds.repaired_share(tok, taken)
        passage = passage or Passage(tok)
        for f in fits:
            if f.start not in skip:
                seen[f.start, f.original] = (ds.judged_row(model, tok, f, present, density, passage),
                                             tok.spans[f.start][0] in made)
        return out

    cfg = settings.DESPIN
    settings.DESPIN = cfg._replace(repair_level=None)
    ds.loose_matches = spy
    try:
        for name, k, r, s in flagged_copies(dev, seen, rows):
            truth = aligned(r["text"], Tokens(s["text"]))
            for (i, x), (row, taken) in seen.items():
                rows.append((name, k, row, truth.get(i) == x, taken))
    finally:
        ds.loose_matches = rules
        settings.DESPIN = cfg
    cache.write_bytes(pickle.dumps(rows))
    return rows


def arrays(rows: list) -> tuple:
    X = np.array([r[2] for r in rows], dtype=np.float64)
    y = np.array([r[3] for r in rows], dtype=bool)
    return X, y


def report(rows: list) -> None:
    """Trees fitted on the even stories scored on the odd ones and back:
    the repairs each level adds to the hand rules', right/all, per spinner."""
    halves = [[r for r in rows if r[1] % 2 == h] for h in (0, 1)]
    scored = []
    for h in (0, 1):
        X, y = arrays(halves[h])
        trees = fit_trees(X, y, np.ones(len(y)))
        Xo, _ = arrays(halves[1 - h])
        scored += list(zip(halves[1 - h], trees.score(Xo)))
    for name in TUNING:
        part = [(r, s) for r, s in scored if r[0] == name]
        base_right = sum(r[3] for r, _ in part if r[4])
        base_all = sum(1 for r, _ in part if r[4])
        print(f"{name}: hand rules {base_right}/{base_all}; right upgrades in all {sum(r[3] for r, _ in part)}")
        for lv in LEVELS:
            for side in SIDES:
                for named in (None, settings.DESPIN.repair_side_name):
                    add = [r for r, s in part if not r[4] and s >= lv and _side(r[2]) >= _need(r[2], side, named)]
                    right = sum(r[3] for r in add)
                    beside = "" if named is None else f", >= {named:.1f} beside a name"
                    print(f"  level {lv:4.2f}, gain on each side >= {side:4.1f}{beside}: adds {right}/{len(add)} "
                          f"right ({right / max(1, len(add)):.1%})")


_FEATURE = {name: k for k, name in enumerate(ds.REPAIR_FEATURES)}


def _side(row) -> float:
    """The row's smaller gain on one side (``loose_matches``' ``side``)."""
    return min(row[_FEATURE["gain left"]], row[_FEATURE["gain right"]])


def _need(row, side: float, named: float | None) -> float:
    """The least gain on each side ``loose_matches`` asks of the row:
    ``named`` beside a name (``repair_side_name``) when given, else ``side``."""
    beside = row[_FEATURE["name on the left"]] or row[_FEATURE["name on the right"]]
    return named if named is not None and beside else side


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reuters", type=Path, default=REUTERS)
    ap.add_argument("--cache", type=Path, default=Path("fit_despin_repair.pkl"),
                    help="rows kept here between runs (delete after a model change)")
    ap.add_argument("--write", action="store_true", help=f"write the trees to {REPAIR.name}")
    args = ap.parse_args(argv)
    rows = collect(args.reuters, args.cache)
    print(f"{len(rows)} judged misfits, {sum(r[3] for r in rows)} right", file=sys.stderr)
    report(rows)
    if args.write:
        X, y = arrays(rows)
        trees = fit_trees(X, y, np.ones(len(y)))
        trees.write(REPAIR, "repair score: boosted trees over despin.REPAIR_FEATURES (tools/fit_despin_repair.py)")


if __name__ == "__main__":
    main()
