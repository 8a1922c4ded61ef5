"""Repair a spun word wherever it stands, once one of its occurrences is repaired.

A dictionary spinner writes the same synonym wherever the original stood:
every "said" of a story becomes "mentioned", every "military" "navy".  Each
occurrence alone may sit in a context too weak to decide (the context model
needs a clear winner on both sides), but one confident repair of the written
word speaks for the others.  An occurrence takes the same original only where
that original fits at least ``consistent_side`` better than the written word
on each side (the news bigrams with general English): a story may also use
the written word in its own sense ("a navy ship" beside a spun "navy
cooperation").  A written word repaired to two different originals speaks
for none of its other occurrences.

Measured on the development sets with the tuning spinners (docs/despin-notes.md,
round 10): where each word always becomes the same synonym, about 790 more
words restored against 8 broken; where the spinner draws a synonym afresh at
every occurrence, 53 against 12.
"""
from __future__ import annotations

from typing import Sequence

from .. import settings
from .context import Model, load_model, logp
from .detect import word_spans
from .match import Match, replacement
from .table import Entry
from .tokens import Tokens, covered, norm_word

CONSISTENT = "consistent"


def consistent_matches(tok: Tokens, done: Sequence[Match], disabled: frozenset = frozenset(),
                       model: Model | None = None) -> list[Match]:
    """The other occurrences of each lower-case word that ``done`` repaired
    by one word, where its original fits better on each side (rule
    ``consistent:<written word>``); never a word a user's table disabled.
    Off with ``settings.DESPIN.consistent_side`` None.

    >>> from normtool.despin.match import find_matches
    >>> tok = Tokens("The spy company mentioned on Friday that the troops left. "
    ...              "Officials mentioned the troops would return.")
    >>> done = [m for m in find_matches(tok.text, tok=tok) if m.start < 30]
    >>> [(m.entry.rule, m.replacement) for m in consistent_matches(tok, done)]
    [('consistent:mentioned', 'said')]
    """
    side = settings.DESPIN.consistent_side
    if side is None or not done:
        return []
    model = model or load_model()
    spans = word_spans(tok, done)
    fixes: dict = {}
    for (i, n), m in zip(spans, done):
        if n == 1 and tok.surf[i].islower() and m.replacement.islower() and " " not in m.replacement:
            fixes.setdefault(tok.keys[i], set()).add(norm_word(m.replacement))
    taken = covered(spans)
    out = []
    for i, k in enumerate(tok.keys):
        originals = fixes.get(k)
        if (not originals or len(originals) > 1 or i in taken or not tok.surf[i].islower()
                or (k,) in disabled):
            continue
        (x,) = originals
        if side_gain(model, tok, i, x) < side:
            continue
        e = Entry(k, (k,), (), x, (), CONSISTENT, 0.0, False, CONSISTENT)
        out.append(Match(tok.spans[i][0], tok.spans[i][1], e, replacement(tok, i, 1, e)))
    return out


def side_gain(model: Model, tok: Tokens, i: int, x: str) -> float:
    """How much better ``x`` fits than word ``i`` on its worse side: the
    smaller of the two gains, with the word before and the word after
    (``|`` at a sentence break), by the news bigrams with general English."""
    k = tok.keys[i]
    prev, nxt = tok.neighbours(i)
    return min(logp(model, prev, x) - logp(model, prev, k), logp(model, x, nxt) - logp(model, k, nxt))


__all__ = ["CONSISTENT", "consistent_matches", "side_gain"]
