"""Word triples: does a word fit both neighbours at once?

The bigram model judges a word by each neighbour alone, and a spinner's
word often makes two ordinary bigrams ("company told" and "told it") where
the news writes one phrase ("company said it").  The counts of word
triples in the news training text (``despin_trigrams.tsv.gz``, written by
``tools/build_despin_model.py``: triples seen twice or more) tell whether
an upgrade with its neighbours is a phrase the news wrote and the written
word with them is not.  Only the repair score of a flagged article reads
them (``despin.repair_row``); detection does not, so clean copy never
loads them.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Iterable, NamedTuple, Sequence

from ..data import cache, open_text
from .tokens import Tokens

TRIGRAMS = "despin_trigrams.tsv.gz"
NO_TRIGRAMS = (0.0, 0.0, 0.0)     # nothing known (``trigram_gains``)


class Trigrams(NamedTuple):
    """Counts of word triples: ``counts["w1 w2 w3"]``."""

    counts: dict


def make_trigrams(lines: Iterable[str]) -> Trigrams:
    """Trigrams from ``w1 w2 w3 TAB count`` lines (``#`` lines are comments).

    >>> make_trigrams(["the company said\\t412", "# note"]).counts
    {'the company said': 412}
    """
    counts = {}
    for line in lines:
        if line.startswith("#") or not line.strip():
            continue
        key, _, n = line.rstrip("\n").rpartition("\t")
        counts[key] = int(n)
    return Trigrams(counts)


def parse_trigrams() -> Trigrams:
    with open_text(TRIGRAMS) as fh:
        return make_trigrams(fh)


@lru_cache(maxsize=1)
def load_trigrams() -> Trigrams:
    """The shipped trigram counts, read once (from the compiled cache when it holds them)."""
    return cache.load(Trigrams, "despin-trigrams", (TRIGRAMS,), parse_trigrams, (__name__,))


def window(tok: Tokens, i: int, keys: Sequence[str] | None = None) -> tuple:
    """(prev2, prev, next, next2) of word i as the news counts key them:
    ``|`` at a break, None beyond one; ``keys`` stands in for the
    lower-case words (repaired neighbours).

    >>> window(Tokens("Oil rose. Prices fell in London."), 3)
    ('|', 'prices', 'in', 'London')
    >>> window(Tokens("Oil rose. Prices fell in London."), 1)
    ('|', 'oil', '|', None)
    """
    brk, lm, surf = tok.breaks, tok.lm, tok.surf
    n = len(brk)

    def key(k: int) -> str:
        return keys[k] if keys is not None and surf[k].islower() else lm[k]

    prev = "|" if brk[i] else key(i - 1)
    prev2 = None if prev == "|" else ("|" if brk[i - 1] else key(i - 2))
    nxt = "|" if i + 1 >= n or brk[i + 1] else key(i + 1)
    nxt2 = None if nxt == "|" else ("|" if i + 2 >= n or brk[i + 2] else key(i + 2))
    return prev2, prev, nxt, nxt2


def trigram_gains(tri: Trigrams, win: tuple, word: str, original: str) -> tuple:
    """(middle, left, right): log(1 + count) of the triple ``original``
    makes with its neighbours minus the one ``word`` makes, with one
    neighbour on each side, the two on the left, the two on the right
    (0 where ``window`` has none).

    >>> tri = Trigrams({"company said it": 40, "the company said": 90})
    >>> [round(g, 2) for g in trigram_gains(tri, ("the", "company", "it", "would"), "told", "said")]
    [3.71, 4.51, 0.0]
    """
    counts = tri.counts
    prev2, prev, nxt, nxt2 = win

    def gain(before: str, after: str) -> float:
        return (math.log1p(counts.get(f"{before}{original}{after}", 0))
                - math.log1p(counts.get(f"{before}{word}{after}", 0)))

    middle = gain(f"{prev} ", f" {nxt}")
    left = gain(f"{prev2} {prev} ", "") if prev2 is not None else 0.0
    right = gain("", f" {nxt} {nxt2}") if nxt2 is not None else 0.0
    return middle, left, right


__all__ = ["Trigrams", "TRIGRAMS", "NO_TRIGRAMS", "load_trigrams", "make_trigrams", "window", "trigram_gains"]
