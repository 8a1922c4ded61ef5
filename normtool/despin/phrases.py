"""Multi-word rewrites in an article already flagged: a phrase written for one word.

A spinner writes a multi-word synonym: WordNet's "applied science" for
"technology", "charge per unit" for "rate", "gone up" for "rose"; Moby's
"field train" for "company".  The reverse thesaurus (``spin_thesaurus.tsv``)
lists WordNet's phrases, but the news model raises a phrase as a suspect
only when neither of its outer bigrams was ever seen ("the applied" and
"science in" are ordinary bigrams), and the context model's links keep
single words, so most of them stayed.  In a flagged article this pass
judges every phrase of two words or more that the reverse thesaurus or
the phrase links (``despin_phrases.tsv.gz``: WordNet and Moby phrases and
their one-word originals, by ``tools/build_despin_model.py``) list, each
candidate with the context model's bigrams (news and general English) on
both sides:

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
from functools import lru_cache
from typing import Iterable, NamedTuple, Sequence

from .. import settings
from ..data import cache, open_text
from .context import (Model, load_model, load_trees, logp, logp_around, prior_penalty, score_trees, seen_bigram,
                      zipf)
from .model import Stats, load_stats, lower_ok
from .table import phrase_starts, second_words
from .tokens import Tokens, covered

PHRASE = "despin_phrase.tsv"
LINKS = "despin_phrases.tsv.gz"
PHRASE_FEATURES = ("gain", "gain left", "gain right", "inner log p", "gap", "prior penalty",
                   "left bigram seen", "right bigram seen", "upgrade seen after prev", "upgrade seen before next",
                   "log1p news count(first two words)", "log1p English count(first two words)",
                   "zipf(upgrade)", "least zipf of the words", "words", "candidates",
                   "upgrade elsewhere in the text", "words repaired so far per word",
                   "in the reverse thesaurus", "linking sources")


class PhraseFit(NamedTuple):
    """A judged phrase, its best one-word original and the evidence."""

    start: int               # first word index
    n: int                   # words
    original: str            # best candidate
    left: float              # gain on the left neighbour
    right: float             # gain on the right neighbour
    score: float             # the trees' log-odds (> 0: more likely spun than not)


class PhraseLinks(NamedTuple):
    """Written phrases and their one-word originals (``despin_phrases.tsv.gz``)."""

    links: dict              # phrase words joined by " " -> raw field, or parsed ((original, sources), ...)
    lengths: dict            # first word -> phrase lengths, longest first
    seconds: dict            # first word -> second words of its phrases


def load_phrase_trees() -> tuple:
    """The phrase score's trees (``despin_phrase.tsv``), read once."""
    return load_trees(PHRASE)


@lru_cache(maxsize=1)
def load_phrase_links() -> PhraseLinks:
    """The shipped phrase links, read once (from the compiled cache when it holds them)."""
    return cache.load(PhraseLinks, "despin-phrases", (LINKS,), parse_phrase_links, (__name__,))


def parse_phrase_links() -> PhraseLinks:
    with open_text(LINKS) as fh:
        return make_phrase_links(fh)


def make_phrase_links(lines: Iterable[str]) -> PhraseLinks:
    """Phrase links from lines ``phrase TAB original:sources|...`` (tests build small ones)."""
    links: dict = {}
    lens: dict = {}
    keys = []
    for line in lines:
        w, _, rest = line.rstrip("\n").partition("\t")
        if rest and " " in w:
            links[w] = rest
            words = tuple(w.split(" "))
            keys.append(words)
            lens.setdefault(words[0], set()).add(len(words))
    return PhraseLinks(links, {w: tuple(sorted(ns, reverse=True)) for w, ns in lens.items()},
                       {w: sorted(ws) for w, ws in second_words(keys).items()})


def linked(pl: PhraseLinks, words: tuple) -> tuple:
    """((original, sources), ...) the phrase links give ``words``; () when none."""
    key = " ".join(words)
    got = pl.links.get(key)
    if got is None:
        return ()
    if isinstance(got, str):
        got = pl.links[key] = tuple(tuple(item.rsplit(":", 1)) for item in got.split("|"))
    return got


_STARTS: dict = {}


def _starts(stats: Stats, pl: PhraseLinks) -> tuple:
    """(first word -> lengths longest first, first word -> second words) of the
    phrases of two words or more in the reverse thesaurus or the phrase
    links, made once per pair (a scan looks only there)."""
    key = (id(stats), id(pl))
    got = _STARTS.get(key)
    if got is None or got[0] is not stats or got[1] is not pl:
        lens = dict(pl.lengths)
        seconds = {w: set(ws) for w, ws in pl.seconds.items()}
        for w, ws in stats.seconds.items():          # first words of the thesaurus's longer phrases
            lens[w] = tuple(sorted(set(lens.get(w, ())) | {n for n in stats.lengths[w] if n > 1}, reverse=True))
            seconds.setdefault(w, set()).update(ws)
        _STARTS.clear()
        got = _STARTS[key] = (stats, pl, lens, seconds)
    return got[2], got[3]


def phrase_rows(tok: Tokens, taken: Sequence[tuple] = (), model: Model | None = None,
                stats: Stats | None = None, density: float = 0.0, links: PhraseLinks | None = None):
    """(start, n, best candidate, left, right, ``PHRASE_FEATURES`` row) for
    each phrase of two words or more in ``tok`` that the reverse thesaurus
    or the phrase links list, lower case (a sentence's first word may be
    capitalised), no punctuation inside, outside word spans ``taken``; the
    longest phrase at a word first, phrases never overlap.  Candidates: the
    reverse thesaurus's (its sense penalty) and the links' (the prior
    penalty of ``context.candidates``)."""
    model = model or load_model()
    stats = stats or load_stats()
    links = links or load_phrase_links()
    lengths, seconds = _starts(stats, links)
    phrases, keys = stats.phrases, tok.keys
    skip = covered(taken)
    present = None
    total, next_free = len(keys), 0
    for i, lens in phrase_starts(keys, lengths, seconds):
        if i < next_free:
            continue
        for n in lens:
            if i + n > total:
                continue
            words = tuple(keys[i:i + n])
            thes, link = phrases.get(words, ()), linked(links, words)
            if not (thes or link) or any(k in skip for k in range(i, i + n)) \
                    or not all(tok.clean_gap(k) and not tok.starts[k] for k in range(i + 1, i + n)) \
                    or not lower_ok(tok, i, n, stats):
                continue
            prev, nxt = tok.neighbours(i, n)
            got = _judge(model, prev, words, nxt, thes, link)
            if present is None:
                present = set(keys)
            x, left, right = got[0], got[2], got[3]
            yield i, n, x, left, right, got[1] + (float(x in present), density) + got[4]
            next_free = i + n
            break


_CACHE: dict = {}


def _judge(model: Model, prev: str, words: tuple, nxt: str, thes: tuple, link: tuple) -> tuple:
    """(best candidate, the first 16 ``PHRASE_FEATURES``, left, right, the last
    two) for ``words`` between ``prev`` and ``nxt`` with candidates ``thes``
    (reverse thesaurus) and ``link`` (phrase links), cached by context (at
    most ``fit_cache`` entries, as ``fits.judge``)."""
    key = (prev, words, nxt)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is model and hit[1] is thes and hit[2] is link:
        return hit[3]
    if len(_CACHE) > settings.DESPIN.fit_cache:
        _CACHE.clear()
    cands = {x: (pen, 1.0, "w") for x, pen in thes}
    for x, src in link:
        if x not in cands:
            cands[x] = (prior_penalty(model, x, src), 0.0, src)
        else:
            cands[x] = cands[x][:2] + (src,)
    lw, rw = logp(model, prev, words[0]), logp(model, words[-1], nxt)
    scored = []
    for (x, (pen, _, _)), (a, b) in zip(cands.items(), logp_around(model, prev, list(cands), nxt)):
        left, right = a - lw, b - rw
        scored.append((left + right - pen, x, left, right))
    scored.sort(reverse=True)
    gain, x, left, right = scored[0]
    pen, thes_x, src = cands[x]
    gap = min(10.0, gain - scored[1][0]) if len(scored) > 1 else 10.0
    inner = sum(logp(model, a, b) for a, b in zip(words, words[1:]))
    first = words[0] + " " + words[1]
    row = (gain, left, right, inner, gap, pen,
           float(seen_bigram(model, prev, words[0])), float(seen_bigram(model, words[-1], nxt)),
           float(seen_bigram(model, prev, x)), float(seen_bigram(model, x, nxt)),
           math.log1p(model.bi.get(first, 0)), math.log1p(model.google.get(first, 0)),
           zipf(model, x), min(zipf(model, w) for w in words), float(len(words)), float(len(scored)))
    got = (x, row, left, right, (thes_x, float(len(src))))
    _CACHE[key] = (model, thes, link, got)
    return got


def phrase_fits(tok: Tokens, taken: Sequence[tuple] = (), model: Model | None = None,
                stats: Stats | None = None, density: float = 0.0, trees: tuple | None = None,
                links: PhraseLinks | None = None) -> list[PhraseFit]:
    """A ``PhraseFit`` for each phrase ``phrase_rows`` judges, scored by
    ``trees`` (``read_trees``; the shipped phrase trees by default)."""
    trees = trees or load_phrase_trees()
    return [PhraseFit(i, n, x, round(left, 4), round(right, 4), round(score_trees(row, trees), 4))
            for i, n, x, left, right, row in phrase_rows(tok, taken, model, stats, density, links)]


def confident(fits: Sequence[PhraseFit]) -> list[PhraseFit]:
    """The fits to rewrite: score at least ``phrase_level``, no side worse than ``phrase_side``.

    >>> confident([PhraseFit(0, 2, "rose", 1.2, 0.3, 2.5), PhraseFit(5, 2, "oil", 3.0, -2.0, 4.0)])
    [PhraseFit(start=0, n=2, original='rose', left=1.2, right=0.3, score=2.5)]
    """
    cfg = settings.DESPIN
    return [f for f in fits if f.score >= cfg.phrase_level and min(f.left, f.right) >= cfg.phrase_side]


__all__ = ["PhraseFit", "PhraseLinks", "PHRASE", "LINKS", "PHRASE_FEATURES", "phrase_rows", "phrase_fits",
           "confident", "load_phrase_trees", "load_phrase_links", "make_phrase_links", "linked"]
