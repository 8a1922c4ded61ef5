"""Fit despin's article decision: boosted trees over the evidence of a text.

    python tools/fit_despin_article.py --reuters clean.jsonl --clean brown.jsonl [--cache FILE] [--write]

(scikit-learn and numpy are build-time needs only: run it with a Python
that has them and the project on ``PYTHONPATH``.)

Training text, never the benchmark's: Reuters TRAINING-split stories
(numeric id not divisible by 10) and the Brown training half (odd-numbered
samples), clean and spun by the tuning spinners ``TUNING`` of
``bench.spinners`` (one spinner per story in turn, a rate drawn from
``RATES``, names spun).  The evaluation split and the held-out spinners are
never read for fitting.

The news and context models counted exactly that training text, so its
clean copy would look cleaner than any text they never saw: every bigram of
it is known.  The text is therefore read in ``FOLDS`` folds, each with its
own stories' (and Brown files') counts taken out of both models first, as
if they had been built without them; only then are its clean and spun
copies scored.

Each text gives one row of ``detect.ARTICLE_FEATURES`` (texts longer than
``window_words`` are left out: despin scores them by their median window).
Gradient-boosted trees (``TREES`` of depth ``DEPTH``), spun against clean,
are written to ``normtool/data/despin_article.tsv`` with ``--write``.  The
level at which the trees alone flag a text (``article_level``) is then
calibrated on clean copy with the shipped models: every cleaned Reuters
story (19,043) and the whole clean corpus of other outlets must stay under
it with ``MARGIN`` to spare (the Brown share at most ``BROWN_SHARE``).
Prints the settings to paste into ``normtool/settings.py``.  Refit after
any change to the models, the misfit trees or the hand-made constants: the
features read them.
"""
from __future__ import annotations

import argparse
import json
import math
import pickle
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import spinners  # noqa: E402
from normtool import settings  # noqa: E402
from normtool.despin import context, detect, model as news  # noqa: E402
from normtool.despin.tokens import Tokens, lm_key  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))
from build_despin_model import lm_sequence  # noqa: E402  (the tokens the models count)
from fit_despin import Trees  # noqa: E402  (the ensemble as despin evaluates it)

TUNING = ("wordnet", "moby", "distrib")
RATES = (0.08, 0.22)
FOLDS = (1, 2, 3, 4, 5, 6, 7, 8, 9)   # Reuters training stories whose id ends in each digit: a fold
PER_FOLD = 1000               # stories spun per fold (every story of the fold is scored clean)
TREES, DEPTH, RATE, LEAF = 60, 3, 0.15, 20
CLEAN_WEIGHT = 3.0            # clean texts weigh this much more, in all, than spun ones
BROWN_SHARE = 0.002           # share of the clean corpus of other outlets the trees may flag
MARGIN = 0.5                  # log-odds between the cleanest-flagging clean text and the level
ARTICLE = ROOT / "normtool" / "data" / "despin_article.tsv"


def num(ident: str) -> int:
    tail = ident.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else -1


def brown_num(ident: str) -> int:
    return int(ident.split("-")[1][2:4])


# ------------------------------------------------------------------ leaving text out of the models

def news_seq(text: str) -> list:
    """The tokens ``tools/build_spin_data.py`` counts for ``text``."""
    tok = Tokens(text)
    seq: list = []
    for i in range(len(tok.keys)):
        if tok.starts[i] or not tok.clean_gap(i):
            if not seq or seq[-1] != "|":
                seq.append("|")
        seq.append(lm_key(tok, i))
    seq.append("|")
    return seq


class LeftOut:
    """Takes the counts of ``texts`` out of the context and news models
    (bigrams that fall to 0 disappear, with their continuation counts), and
    puts every touched value back on exit."""

    def __init__(self, texts):
        self.texts = texts

    def __enter__(self):
        m, s = context.load_model(), news.load_stats()
        self.saved = []
        for d in (m.uni, m.bi, m.follow, m.precede, s.uni, s.bi):
            self.saved.append((d, {}))
        cu, cb, cf, cp, su, sb = (x for _, x in self.saved)

        def take(d, back, key, n, gone=None):
            if d.get(key, 0) > 0:       # the context model's bi holds English-only pairs at 0
                back.setdefault(key, d[key])
                d[key] -= n
                if d[key] <= 0:
                    if d is m.bi and key in m.google:
                        d[key] = 0      # still an English pair
                    else:
                        del d[key]
                    if gone:
                        gone(key)

        def drop_bigram(key):
            a, _, b = key.partition(" ")
            take(m.follow, cf, a, 1)
            take(m.precede, cp, b, 1)
        for text in self.texts:
            seq = lm_sequence(Tokens(text))
            for w in seq:
                take(m.uni, cu, w, 1)
            for a, b in zip(seq, seq[1:]):
                take(m.bi, cb, a + " " + b, 1, drop_bigram)
            seq = news_seq(text)
            for w in seq:
                take(s.uni, su, w, 1)
            for a, b in zip(seq, seq[1:]):
                take(s.bi, sb, a + " " + b, 1)
        m.cache.clear()
        s.cache.clear()
        return self

    def __exit__(self, *exc):
        for d, back in self.saved:
            d.update(back)
        context.load_model().cache.clear()
        news.load_stats().cache.clear()


# ------------------------------------------------------------------ rows

def text_rows(text: str) -> list:
    """``ARTICLE_FEATURES`` rows of each window ``detect`` scores in ``text``
    (every window with any evidence; [] when none has)."""
    rows: list = []
    real = detect.article_row

    def record(*args):
        row = real(*args)
        rows.append(row)
        return row
    cfg = settings.DESPIN
    detect.article_row = record
    settings.DESPIN = cfg._replace(article_gate=-1e9)
    try:
        detect.spin_evidence(text)
    finally:
        detect.article_row = real
        settings.DESPIN = cfg
    windows = math.ceil(len(Tokens(text).keys) / cfg.window_words)
    return rows, windows


def collect(reuters_path: Path, clean_path: Path, cache: Path) -> dict:
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    reuters = [json.loads(line) for line in open(reuters_path, encoding="utf-8")]
    clean = [json.loads(line) for line in open(clean_path, encoding="utf-8")]
    brown_train = [r for r in clean if r["id"].startswith("brown-") and brown_num(r["id"]) % 2 == 1]
    files = sorted({r["id"].split("-")[1] for r in brown_train})
    out: dict = {"train": []}
    for k, digit in enumerate(FOLDS):
        every_story = [r for r in reuters if num(r["id"]) % 10 == digit]
        stories = [r for r in every_story if len(r["text"].split()) >= 20]
        spun = {r["id"] for r in stories[::max(1, len(stories) // PER_FOLD)][:PER_FOLD]}
        mine = {f for j, f in enumerate(files) if j % len(FOLDS) == k}
        brown = [r for r in brown_train if r["id"].split("-")[1] in mine]
        spun.update(r["id"] for r in brown)
        with LeftOut([r["text"] for r in every_story] + [r["text"] for r in brown]):
            for j, r in enumerate(every_story + brown):
                rows, windows = text_rows(r["text"])
                if windows == 1:
                    out["train"].append((r["id"], "clean", 0.0, rows))
                if r["id"] not in spun:
                    continue
                name = TUNING[j % len(TUNING)]
                rate = round(random.Random(f"rate:{r['id']}").uniform(*RATES), 3)
                s = spinners.spin_record(r, name, rate, 11, True)
                rows, windows = text_rows(s["text"])
                if windows == 1:
                    out["train"].append((r["id"], name, rate, rows))
        print(f"fold {digit}: {len(every_story)} stories, {len(brown)} Brown chunks", file=sys.stderr, flush=True)
    # clean copy for calibration, with the shipped models
    out["reuters"] = [(r["id"], *text_rows(r["text"])) for r in reuters]
    print("reuters", len(out["reuters"]), file=sys.stderr, flush=True)
    out["clean"] = [(r["id"], *text_rows(r["text"])) for r in clean]
    cache.write_bytes(pickle.dumps(out))
    return out


# ------------------------------------------------------------------ trees

def fit_trees(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> Trees:
    """Histogram gradient boosting (scikit-learn), exported node by node."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    g = HistGradientBoostingClassifier(max_iter=TREES, max_depth=DEPTH, learning_rate=RATE,
                                       min_samples_leaf=LEAF, l2_regularization=1.0,
                                       early_stopping=False, random_state=0).fit(X, y, sample_weight=w)
    trees = []
    for (pred,) in g._predictors:
        nodes = pred.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append((np.where(leaf, -1, nodes["feature_idx"].astype(np.int64)),
                      nodes["num_threshold"].astype(np.float64),
                      np.where(leaf, -1, nodes["left"].astype(np.int64)),
                      np.where(leaf, -1, nodes["right"].astype(np.int64)),
                      np.where(leaf, nodes["value"], 0.0)))
    model = Trees(0.0, trees, digits=9)
    model.base = float(g.decision_function(X[:1])[0] - model.score(X[:1])[0])
    assert np.allclose(model.score(X[:2000]), g.decision_function(X[:2000]), atol=1e-6)
    return model


def gated(row, gate: float) -> bool:
    """``detect._gate`` read from a row."""
    f = detect.ARTICLE_FEATURES
    return (row[f.index("top misfit score")] > gate or row[f.index("suspects >= dense per 100 words")] > 0
            or row[f.index("table hits")] + row[f.index("spun attributions")] > 0)


def training(data: dict, gate: float) -> tuple:
    X, y = [], []
    for _, kind, _, rows in data["train"]:
        for row in rows[:1]:
            if gated(row, gate):
                X.append(row)
                y.append(kind != "clean")
    X, y = np.array(X), np.array(y, dtype=float)
    w = np.where(y == 1, 1.0, CLEAN_WEIGHT * (y == 1).sum() / max(1, (y == 0).sum()))
    print(f"rows: {int(y.sum())} spun, {int((1 - y).sum())} clean", file=sys.stderr)
    return X, y, w


def doc_points(rows: list, windows: int, trees: Trees, level: float, gate: float) -> float:
    """The points ``detect`` gives a text (median window of those with evidence;
    windows without evidence count 0)."""
    cfg = settings.DESPIN
    need = -math.log(1.0 - cfg.threshold) * cfg.scale
    pts = []
    for row in rows:
        p = row[-1]
        if gated(row, gate):
            z = trees.score(np.array([row]))[0]
            p = max(p, need + cfg.article_weight * (z - level))
        pts.append(p)
    pts += [0.0] * (windows - len(pts))
    pts.sort()
    return pts[(len(pts) - 1) // 2] if pts else 0.0


def doc_z(rows: list, windows: int, trees: Trees, gate: float) -> float:
    """The level a text would need to stay clean: its median window's trees' log-odds."""
    zs = [trees.score(np.array([r]))[0] if gated(r, gate) else -math.inf for r in rows]
    zs += [-math.inf] * (windows - len(zs))
    zs.sort()
    return zs[(len(zs) - 1) // 2] if zs else -math.inf


def calibrate(data: dict, trees: Trees, gate: float) -> float:
    rz = np.array([doc_z(r, n, trees, gate) for _, r, n in data["reuters"]])
    cz = np.array([doc_z(r, n, trees, gate) for i, r, n in data["clean"]])
    brown = np.array([i.startswith("brown-") for i, _, _ in data["clean"]])
    level = max(rz.max(), cz[~brown].max(),
                np.quantile(cz[brown], 1 - BROWN_SHARE, method="higher")) + MARGIN
    print(f"reuters top z: {np.sort(rz)[-5:]}; clean corpus top: {np.sort(cz)[-8:]}", file=sys.stderr)
    return float(level)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reuters", type=Path, required=True, help="cleaned Reuters JSONL (every story)")
    ap.add_argument("--clean", type=Path, required=True, help="bench.cleancorpus JSONL")
    ap.add_argument("--cache", type=Path, default=Path("fit_despin_article.pkl"))
    ap.add_argument("--write", action="store_true", help=f"write the trees to {ARTICLE.name}")
    args = ap.parse_args(argv)
    data = collect(args.reuters, args.clean, args.cache)
    gate = settings.DESPIN.article_gate
    trees = fit_trees(*training(data, gate))
    level = calibrate(data, trees, gate)
    print(f"article_level={level:.3f} article_gate={gate}")
    report(data, trees, level, gate)
    if args.write:
        trees.write(ARTICLE, "article decision: boosted trees over detect.ARTICLE_FEATURES "
                             "(tools/fit_despin_article.py)")


def report(data: dict, trees: Trees, level: float, gate: float) -> None:
    need = -math.log(1.0 - settings.DESPIN.threshold) * settings.DESPIN.scale
    groups: dict = {}
    for _, kind, rate, rows in data["train"]:
        key = (kind, "lo" if rate < 0.15 else "hi")
        old = rows[0][-1] >= need if rows else False
        new = doc_points(rows, 1, trees, level, gate) >= need
        a = groups.setdefault(key, [0, 0, 0])
        a[0] += 1
        a[1] += old
        a[2] += new
    for key, (n, old, new) in sorted(groups.items()):
        print(f"  train {key}: {n} texts, flagged by points {old / n:.1%}, with trees {new / n:.1%}",
              file=sys.stderr)
    for name in ("reuters", "clean"):
        f = [doc_points(r, n, trees, level, gate) >= need for _, r, n in data[name]]
        print(f"  {name}: {sum(f)}/{len(f)} flagged", file=sys.stderr)


if __name__ == "__main__":
    main()
