"""Multi-word rewrites in an article already flagged: a phrase written for one word.

A WordNet-style spinner writes a multi-word lemma of the word's synset:
"applied science" for "technology", "charge per unit" for "rate", "per
centum" for "pct", "gone up" for "rose".  The reverse thesaurus
(``spin_thesaurus.tsv``) lists these phrases and their one-word originals,
but the news model raises a phrase as a suspect only when neither of its
outer bigrams was ever seen ("the applied" and "science in" are ordinary
bigrams), so most of them stayed.  In a flagged article this pass judges
every phrase of two words or more that the reverse thesaurus lists, with
the context model's bigrams (news and general English) on both sides:

* ``left``: log P(x | prev) - log P(first word | prev);
* ``right``: log P(next | x) - log P(next | last word);
* ``inner``: log P of the phrase's own bigrams (a collocation such as
  "carried out" is likely inside; "charge per unit" much less so);

and boosted trees over ``PHRASE_FEATURES`` (``despin_phrase.tsv``, fitted by
``tools/fit_despin_phrase.py`` on tuning spinners' flagged copies) give the
log-odds that the best candidate is the word the spinner replaced.  A
phrase is rewritten when the score reaches ``phrase_level`` and the
candidate fits no worse than the phrase by ``phrase_side`` on either side.
Clean copy is never judged (the pass runs in flagged articles only).
"""
from __future__ import annotations

import math
from typing import NamedTuple, Sequence

from .. import settings
from .context import Model, load_model, load_trees, logp, score_trees, seen_bigram, zipf
from .model import Stats, load_stats, lower_ok, neighbours
from .table import phrase_starts
from .tokens import Tokens, covered

PHRASE = "despin_phrase.tsv"
PHRASE_FEATURES = ("gain", "gain left", "gain right", "inner log p", "gap", "prior penalty",
                   "left bigram seen", "right bigram seen", "upgrade seen after prev", "upgrade seen before next",
                   "log1p news count(first two words)", "log1p English count(first two words)",
                   "zipf(upgrade)", "least zipf of the words", "words", "candidates",
                   "upgrade elsewhere in the text", "words repaired so far per word")


class PhraseFit(NamedTuple):
    """A judged phrase of the reverse thesaurus, its best one-word original and the evidence."""

    start: int               # first word index
    n: int                   # words
    original: str            # best candidate
    left: float              # gain on the left neighbour
    right: float             # gain on the right neighbour
    score: float             # the trees' log-odds (> 0: more likely spun than not)


def load_phrase_trees() -> tuple:
    """The phrase score's trees (``despin_phrase.tsv``), read once."""
    return load_trees(PHRASE)


_LONGER: dict = {}


def _longer(stats: Stats) -> dict:
    """First word -> lengths (longest first) of the reverse thesaurus's phrases
    of two words or more, made once per ``Stats`` (a scan looks only there)."""
    got = _LONGER.get(id(stats))
    if got is None or got[0] is not stats:
        lengths = {w: tuple(n for n in ns if n > 1) for w, ns in stats.lengths.items()}
        _LONGER.clear()
        got = _LONGER[id(stats)] = (stats, {w: ns for w, ns in lengths.items() if ns})
    return got[1]


def phrase_rows(tok: Tokens, taken: Sequence[tuple] = (), model: Model | None = None,
                stats: Stats | None = None, density: float = 0.0):
    """(start, n, best candidate, left, right, ``PHRASE_FEATURES`` row) for
    each phrase of two words or more in ``tok`` that the reverse thesaurus
    lists, lower case (a sentence's first word may be capitalised), no
    punctuation inside, outside word spans ``taken``; the longest phrase
    at a word first, phrases never overlap."""
    model = model or load_model()
    stats = stats or load_stats()
    phrases, keys = stats.phrases, tok.keys
    skip = covered(taken)
    present = None
    total, next_free = len(keys), 0
    for i, lens in phrase_starts(keys, _longer(stats), stats.seconds):
        if i < next_free:
            continue
        for n in lens:
            words = tuple(keys[i:i + n])
            if i + n > total or words not in phrases or any(k in skip for k in range(i, i + n)) \
                    or not all(tok.clean_gap(k) and not tok.starts[k] for k in range(i + 1, i + n)) \
                    or not lower_ok(tok, i, n, stats):
                continue
            prev, nxt = neighbours(tok, i, n)
            lw, rw = logp(model, prev, words[0]), logp(model, words[-1], nxt)
            scored = sorted(((logp(model, prev, x) - lw + logp(model, x, nxt) - rw - pen, x, pen)
                             for x, pen in phrases[words]), reverse=True)
            gain, x, pen = scored[0]
            left = logp(model, prev, x) - lw
            right = gain + pen - left
            gap = min(10.0, gain - scored[1][0]) if len(scored) > 1 else 10.0
            inner = sum(logp(model, a, b) for a, b in zip(words, words[1:]))
            first = words[0] + " " + words[1]
            if present is None:
                present = set(keys)
            row = (gain, left, right, inner, gap, pen,
                   float(seen_bigram(model, prev, words[0])), float(seen_bigram(model, words[-1], nxt)),
                   float(seen_bigram(model, prev, x)), float(seen_bigram(model, x, nxt)),
                   math.log1p(model.bi.get(first, 0)), math.log1p(model.google.get(first, 0)),
                   zipf(model, x), min(zipf(model, w) for w in words), float(n), float(len(scored)),
                   float(x in present), density)
            yield i, n, x, left, right, row
            next_free = i + n
            break


def phrase_fits(tok: Tokens, taken: Sequence[tuple] = (), model: Model | None = None,
                stats: Stats | None = None, density: float = 0.0, trees: tuple | None = None
                ) -> list[PhraseFit]:
    """A ``PhraseFit`` for each phrase ``phrase_rows`` judges, scored by
    ``trees`` (``read_trees``; the shipped phrase trees by default)."""
    trees = trees or load_phrase_trees()
    return [PhraseFit(i, n, x, round(left, 4), round(right, 4), round(score_trees(row, trees), 4))
            for i, n, x, left, right, row in phrase_rows(tok, taken, model, stats, density)]


def confident(fits: Sequence[PhraseFit]) -> list[PhraseFit]:
    """The fits to rewrite: score at least ``phrase_level``, no side worse than ``phrase_side``.

    >>> confident([PhraseFit(0, 2, "rose", 1.2, 0.3, 2.5), PhraseFit(5, 2, "oil", 3.0, -2.0, 4.0)])
    [PhraseFit(start=0, n=2, original='rose', left=1.2, right=0.3, score=2.5)]
    """
    cfg = settings.DESPIN
    return [f for f in fits if f.score >= cfg.phrase_level and min(f.left, f.right) >= cfg.phrase_side]


__all__ = ["PhraseFit", "PHRASE", "PHRASE_FEATURES", "phrase_rows", "phrase_fits", "confident",
           "load_phrase_trees"]
