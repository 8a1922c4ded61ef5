"""Which words misfit their context, and the commoner word that fits better.

A word is judged when it is a plain lower-case word (or a sentence's first
word that is no name), not a function word, has upgrades, and forms a
bigram seen in neither the news counts nor the English bigrams with either
neighbour.  Clean copy has few such words besides rare ones, and skipping
the rest keeps despin fast (the repair of an article already flagged
judges the rest too: ``every``).  Each upgrade ``c`` of a judged word ``w`` gains
``fit(c) - fit(w)``, ``fit(x) = log P(x | prev) + log P(next | x)``; a
``Fit`` holds the best upgrade and ``score``, the trees' log-odds over
``FEATURES``, whose value above 0 reads "more likely spun than not".

The model judged against (counts, bigrams, upgrade lists, the trees) is
``context``; this module is the judging, kept apart so that each reads in
one sitting: ``judge`` one slot, ``judged_slots`` every slot of a text with
its ``feature_row``, ``find_fits`` a ``Fit`` for each.
"""
from __future__ import annotations

import math
from typing import Callable, NamedTuple, Sequence

from .. import settings
from .context import (GOOGLE_FLOOR, Model, base_prob, candidates, load_model, logp, logp_around, score_trees,
                      seen_bigram, zipf)
from .tokens import Tokens, covered


class Fit(NamedTuple):
    """A judged word, its best upgrade and the evidence for it."""

    start: int               # word index
    original: str            # best upgrade
    odds: float              # its gain: fit(upgrade) - fit(written word), prior penalty taken off
    left: float              # ... on the left neighbour alone
    right: float             # ... on the right neighbour alone
    total: float             # gains summed over every upgrade, prior penalties taken off (log)
    gap: float               # gain of the best over the runner-up
    score: float             # logistic misfit score (> 0: more likely spun than not)
    seen: int = 0            # bigrams seen in the news or English counts: 1 left, 2 right (``every``)


def judge(model: Model, prev: str, word: str, nxt: str, down: bool = False) -> tuple | None:
    """(best upgrade, gain, left, right, total, gap, ``FEATURES`` values but
    the last) for ``word`` between ``prev`` and ``nxt``; None when it has no
    upgrade (``down``: downgrades count as upgrades).  Cached by context
    (``fit_cache`` entries at most)."""
    key = (prev, word, nxt, down)
    hit = model.cache.get(key, False)
    if hit is not False:
        return hit
    if len(model.cache) > settings.DESPIN.fit_cache:
        model.cache.clear()
    hit = model.cache[key] = _judge(model, prev, word, nxt, down)
    return hit


def _judge(model: Model, prev: str, word: str, nxt: str, down: bool = False,
           topical: Callable[[str], float] | None = None) -> tuple | None:
    """``judge`` uncached; ``topical`` (upgrade -> topical gain, see
    ``judged_slots``) adds ``topic_weight`` times it to each upgrade's rank
    and to the gap, never to the bigram gains reported."""
    cands = candidates(model, word, down)
    if not cands:
        return None
    log = math.log
    lw = logp(model, prev, word)
    rw = logp(model, word, nxt)
    weight = settings.DESPIN.topic_weight if topical is not None else 0.0
    scored = []
    around = logp_around(model, prev, [x for x, _, _ in cands], nxt)
    for (x, pen, _), (a, b) in zip(cands, around):
        left, right = a - lw, b - rw
        gain = left + right - pen
        scored.append((gain + weight * topical(x) if weight else gain, x, left, right, gain))
    scored.sort(reverse=True)
    rank, x, left, right, gain = scored[0]
    best = max(g for *_, g in scored)
    total = best + log(sum(math.exp(g - best) for *_, g in scored))
    gap = min(10.0, rank - scored[1][0]) if len(scored) > 1 else 10.0
    bw, bx = base_prob(model, word), base_prob(model, x)
    size = model.google_size / GOOGLE_FLOOR
    ew = model.english.get(word, 1e-10)
    feats = (min(gain, 30.0), left, right, min(total, 30.0), log(bx / bw),
             lw - log(bw), rw - log(base_prob(model, nxt)),
             zipf(model, word), math.log1p(model.uni.get(word, 0)),
             zipf(model, prev), zipf(model, nxt),
             float(seen_bigram(model, prev, x)), float(seen_bigram(model, x, nxt)),
             math.log1p(model.bi.get(prev + " " + x, 0)), math.log1p(model.bi.get(x + " " + nxt, 0)),
             log(model.google.get(prev + " " + x, 1e6) / 1e6), log(model.google.get(x + " " + nxt, 1e6) / 1e6),
             math.log10(model.english.get(prev, 1e-10) * ew * size),
             math.log10(model.english.get(nxt, 1e-10) * ew * size))
    return (x, gain, left, right, total, gap, feats)


FEATURES = ("gain", "gain left", "gain right", "total", "log base p(upgrade) / p(word)",
            "pmi(prev, word)", "pmi(word, next)", "zipf(word)", "log1p news count(word)",
            "zipf(prev)", "zipf(next)", "upgrade seen after prev", "upgrade seen before next",
            "log1p news count(prev upgrade)", "log1p news count(upgrade next)",
            "log English count(prev upgrade) / 1e6", "log English count(upgrade next) / 1e6",
            "log10 expected English count(prev word) / floor",
            "log10 expected English count(word next) / floor",
            "sentence start", "upgrade elsewhere in the text")
_CLIP = ((-10, 30), (-10, 15), (-10, 15), (-10, 30), (-5, 20), (-10, 10), (-10, 10), (0, 9), (0, 12),
         (0, 9), (0, 9), (0, 1), (0, 1), (0, 10), (0, 10), (0, 12), (0, 12), (-6, 4), (-6, 4), (0, 1), (0, 1))


def feature_row(judged: tuple, start: bool, repeat: bool) -> tuple:
    """The ``FEATURES`` values of a judged slot, clipped as the weights were fitted."""
    vals = judged[6] + (float(start), float(repeat))
    return tuple(min(hi, max(lo, v)) for v, (lo, hi) in zip(vals, _CLIP))


def score_row(row: Sequence[float], model: Model) -> float:
    """The misfit score of a feature row: the trees' base plus each tree's leaf."""
    return score_trees(row, model.trees)


def _plain_capital(s: str, model: Model) -> bool:
    """Is ``s``, a sentence's first word, plainly capitalised and never seen
    so in the news counts (no name)?  Then it is judged as a lower-case word is."""
    return s[0].isupper() and s[1:].islower() and not model.uni.get(s)


def judged_slots(tok: Tokens, taken: Sequence[tuple] = (), model: Model | None = None,
                 keys: Sequence[str] | None = None, every: bool = False, passage=None):
    """(word index, ``judge`` result, ``feature_row``) for each judged word of
    ``tok`` (see the module doc), skipping word spans ``taken`` ``(i, n)``;
    ``keys`` stands in for ``tok.keys`` (words judged again with repaired
    neighbours).  With ``every`` (an article already flagged), words whose
    bigrams were seen are judged too, and a fourth item tells which were
    (``Fit.seen``), and downgrades are candidates too (``fit_down``); a
    ``topics.Passage`` of the text then ranks upgrades by topical fit too
    (``topic_weight``: a spinner's synonym of another sense is off the
    subject, "bargain" for "buy" in a takeover story)."""
    model = model or load_model()
    skip = covered(taken)
    down = every and settings.DESPIN.fit_down > 0
    judged, known = (model.judged_every if down else model.judged), model.bi   # news or English
    view = keys is not None
    keys = keys if view else tok.keys
    surf, starts = tok.surf, tok.starts
    brk = lm = present = None
    total = len(keys)
    for i in [i for i, k in enumerate(keys) if k in judged]:
        if i in skip or not (surf[i].islower() or starts[i] and _plain_capital(surf[i], model)):
            continue
        k = keys[i]
        if brk is None:
            brk, lm = tok.breaks, tok.lm
        prev = "|" if brk[i] else lm[i - 1]
        if view and prev != "|" and surf[i - 1].islower():     # a repaired neighbour
            prev = keys[i - 1]
        left = prev + " " + k
        if not every and left in known:
            continue
        nxt = "|" if i + 1 >= total or brk[i + 1] else lm[i + 1]
        if view and nxt != "|" and surf[i + 1].islower():
            nxt = keys[i + 1]
        right = k + " " + nxt
        if every:
            seen = (left in known) + 2 * (right in known)
        elif right in known:
            continue
        if every and passage is not None and settings.DESPIN.topic_weight:
            got = _judge(model, prev, k, nxt, down, passage.gains(i))
        else:
            got = judge(model, prev, k, nxt, down)
        if got is None:
            continue
        if present is None:
            present = set(keys)
        if every:
            yield i, got, feature_row(got, tok.starts[i], got[0] in present), seen
        else:
            yield i, got, feature_row(got, tok.starts[i], got[0] in present)


def find_fits(tok: Tokens, taken: Sequence[tuple] = (), model: Model | None = None,
              keys: Sequence[str] | None = None, every: bool = False, passage=None) -> list[Fit]:
    """A ``Fit`` for each judged word of ``tok`` (arguments as ``judged_slots``)."""
    model = model or load_model()
    out = []
    for i, got, row, *seen in judged_slots(tok, taken, model, keys, every, passage):
        x, gain, left, right, total, gap, _ = got
        out.append(Fit(i, x, round(gain, 4), round(left, 4), round(right, 4), round(total, 4),
                       round(gap, 4), round(score_row(row, model), 4), *seen))
    return out


__all__ = ["Fit", "FEATURES", "judge", "judged_slots", "find_fits", "feature_row", "score_row"]
