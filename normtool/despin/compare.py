"""Is a copy a spinner's rewrite of another?  The word swaps between them.

Two copies of one story align word for word (``align.opcodes``).  Where
they differ in short runs between long runs that agree, each difference is
a *swap*; ``swaps`` finds them, each with how much better the other copy's
words fit the copy's context (the news bigrams), and ``compare`` weighs
them into a ``Verdict``: a spinner's words fit worse at most swaps, an
editor's as well or better.  Figures are never swaps (an updated story),
and differences an editor makes as often as a spinner (one word's forms,
spellings, abbreviations, grammar words) are no evidence
(``plain_swaps``).

The judging lives here, apart from the putting back (``siblings``: which
member of a story is a copy's source, and the rewriting of its words),
because both a source and another spun copy (``siblings.from_peer``) are
judged by it.
"""
from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from .. import settings
from ..article import Article
from ..data import word_list
from .align import opcodes
from .context import Model, load_model, logp
from .forms import editorial
from .tokens import Tokens

_CLOSING = " \n.,;:!?\"')\u201d\u2019"   # what may follow words that close a clause
GRAMMAR = "match_stopwords.txt"     # grammar words: no evidence of spinning
NUMBERS = "match_numbers.txt"       # figures written as words
_FIGURE = re.compile(r"\d+")         # the numbers of a swap's side


class Swap(NamedTuple):
    """Words ``[i1, i2)`` of the copy where its sibling has words ``[j1, j2)``."""

    i1: int
    i2: int
    j1: int
    j2: int
    gain: float         # fit of the sibling's words minus the copy's, in the copy's context


class Verdict(NamedTuple):
    """How a copy compares with its sibling."""

    spun: bool          # the copy is a spun rewrite of the sibling
    swaps: tuple        # word swaps a spinner may have made (``Swap``)
    agree: int          # words the two have in common, in order
    words: int          # words of the copy
    cases: tuple = ()   # capitals the copy lost on words the two agree on (``_cases``)


def bigram_fit(model: Model, prev: str, words: Sequence[str], nxt: str) -> float:
    """log P of ``words`` between ``prev`` and ``nxt`` by the news bigrams."""
    chain = [prev, *words, nxt]
    return sum(logp(model, a, b) for a, b in zip(chain, chain[1:]))


def _figures(a: Sequence[str], b: Sequence[str]) -> bool:
    """Figures differ: an updated story, not a spinner (which leaves figures):
    other numbers on each side or a number on one only, or a number word on
    both ("three" for "two"; a spinner may write "single" for "one").  The
    same numbers in other words are a spinner's swap of the words around
    them ("559-information" for "559-member", "13 year" for "13-year").

    >>> _figures(["two"], ["three"]), _figures(["one"], ["single"]), _figures(["12"], ["dozen"])
    (True, False, True)
    >>> _figures(["559-member"], ["559-information"]), _figures(["13-year"], ["13", "year"])
    (False, False)
    >>> _figures(["13-year"], ["14-year"]), _figures(["13-year"], ["year"])
    (True, True)
    """
    if any(w[:1].isdigit() for w in list(a) + list(b)) and _FIGURE.findall(" ".join(a)) != \
            _FIGURE.findall(" ".join(b)):
        return True
    words = word_list(NUMBERS)
    return any(w in words for w in a) and any(w in words for w in b)


def _plain_gaps(tok: Tokens, i1: int, i2: int, closing: bool = False) -> bool:
    """Words ``[i1, i2)`` stand inside a sentence with plain spaces around
    them; with ``closing``, they may end a clause or sentence ("an ash
    tree," for "an ash,").
    """
    if not (0 < i1 < len(tok.keys) and not tok.starts[i1]):
        return False
    if closing and i2 > i1 and tok.gap(i2).strip(" ") and not tok.gap(i2).strip(_CLOSING):
        i2 -= 1
    return all(tok.gap(i) == " " for i in range(i1, i2 + 1))


def swaps(copy: Tokens, sibling: Tokens, model: Model | None = None,
          ops: list | None = None) -> tuple[list, int]:
    """The short word swaps between two aligned texts, and the words they agree on.

    A swap is up to ``sibling_span`` words against up to ``sibling_span``
    (a word for a phrase, a phrase for nothing) between agreeing words;
    swaps of figures are left out.  A word added or dropped must stand
    inside a sentence (cut tails and furniture are no swaps).  Runs of
    words replaced by as many, up to ``sibling_run`` (neighbouring swaps
    of a heavy spinner), and phrases of up to ``sibling_phrase`` words
    for a shorter one ("to a lesser extent" for "less") are swaps too,
    but never evidence (``is_short``).  ``ops``: the two texts' alignment
    (``align.opcodes``), when already made.
    """
    model = model or load_model()
    cfg = settings.DESPIN
    span, run, phrase = cfg.sibling_span, cfg.sibling_run, cfg.sibling_phrase
    a, b = copy.keys, sibling.keys
    ops = opcodes(a, b) if ops is None else ops
    agree = sum(i2 - i1 for op, i1, i2, _, _ in ops if op == "equal")
    out = []
    lm, blm = copy.lm, sibling.lm
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            continue
        if (i2 - i1 > span or j2 - j1 > span) and not (op == "replace" and (
                i2 - i1 == j2 - j1 <= run or min(i2 - i1, j2 - j1) <= span
                and max(i2 - i1, j2 - j1) <= phrase)):
            continue
        if (k > 0 and ops[k - 1][0] != "equal") or (k + 1 < len(ops) and ops[k + 1][0] != "equal"):
            continue        # a swap stands between agreeing words (or a text's ends)
        if op == "delete" and not _plain_gaps(copy, i1, i2, closing=True):
            continue
        if op == "insert" and not (_plain_gaps(copy, i1, i1) and _plain_gaps(sibling, j1, j2)):
            continue
        if _figures(a[i1:i2], b[j1:j2]):
            continue
        prev, nxt = copy.neighbours(i1, i2 - i1)
        gain = bigram_fit(model, prev, blm[j1:j2], nxt) - bigram_fit(model, prev, lm[i1:i2], nxt)
        out.append(Swap(i1, i2, j1, j2, round(gain, 4)))
    return out, agree


def _cases(copy: Tokens, sibling: Tokens, ops: list) -> list:
    """Words the two agree on whose capital the copy lost inside a
    sentence: a name spun as a lower-case word of the same letters
    ("union" for "Union").  Put back, never evidence."""
    out = []
    for op, i1, i2, j1, _ in ops:
        if op != "equal":
            continue
        for i, j in zip(range(i1, i2), range(j1, j1 + i2 - i1)):
            u, v = copy.surf[i], sibling.surf[j]
            if (u != v and u.islower() and v[:1].isupper() and not copy.starts[i]
                    and not sibling.starts[j]):
                out.append(Swap(i, i + 1, j, j + 1, 0.0))
    return out


def plain_swaps(copy: Tokens, sibling: Tokens, s: Swap, grammar: frozenset) -> int:
    """Plain swaps in ``s``: a lower-case content word for another, word by
    word, no form, spelling or abbreviation of it; or, counted once, a
    phrase for a word or phrase of another length ("per centum" for "pct",
    "business firm" for "house"), both sides holding such a word and
    sharing none.  Editors rewrite too, but mostly around grammar words
    ("while" for "and", "do so" for "call it").  A capitalised word for
    another counts too where the copy's words fit far worse
    (``sibling_name_gain``): a spinner's "Protections and Exchange
    Commission"; an editor's changed name or day ("Tuesday" for "Monday")
    fits as well as the old one.
    """
    a, b = copy.keys[s.i1:s.i2], sibling.keys[s.j1:s.j2]
    if len(a) != len(b):
        ca = [k for w, k in zip(copy.surf[s.i1:s.i2], a) if w.islower() and k not in grammar]
        cb = [k for w, k in zip(sibling.surf[s.j1:s.j2], b) if w.islower() and k not in grammar]
        return int(bool(ca and cb) and not set(a) & set(b)
                   and not editorial("".join(a), "".join(b))
                   and not any(editorial(x, y) for x in ca for y in cb))
    cap = settings.DESPIN.sibling_name_gain
    names = cap is not None and s.gain >= cap
    return sum((u.islower() and v.islower() or names and u[:1].isupper() and v[:1].isupper())
               and x not in grammar and y not in grammar and not editorial(x, y)
               for u, v, x, y in zip(copy.surf[s.i1:s.i2], sibling.surf[s.j1:s.j2], a, b))


def compare(copy: Tokens, sibling: Tokens, flagged: bool = False,
            model: Model | None = None) -> Verdict:
    """Is ``copy`` a spun rewrite of ``sibling``?

    Most of the copy (or of the sibling, when that is shorter: either may
    be cut short) must agree with the other word for word, and at most of
    the swaps its own words must fit the context worse.  A copy despin
    has ``flagged`` needs one such swap; any other needs ``sibling_swaps``
    plain swaps (``plain_swaps``), ``sibling_density`` of its words (an editor's
    rewrite of wire copy changes a few words, a spinner one in ten), and
    its words must fit worse by ``sibling_gain`` on average over the
    swaps: where neither text looks spun, older or literary prose may fit
    the news model a little worse than a thesaurus's plainer rewrite of
    it, and a source must never be taken for its own copy.
    """
    cfg = settings.DESPIN
    ops = opcodes(copy.keys, sibling.keys)
    found, agree = swaps(copy, sibling, model, ops)
    short = [s for s in found if is_short(s)]
    n = len(copy.keys)
    both = min(n, len(sibling.keys))      # a copy cut short is compared where it runs
    worse = sum(s.gain > 0 for s in short)
    gain = sum(s.gain for s in short)
    spun = (n > 0 and agree >= cfg.sibling_agree * both and bool(short)
            and worse >= cfg.sibling_worse * len(short) and gain > 0)
    if spun and not flagged:
        spun = plain_enough(copy, sibling, short, both) and gain >= cfg.sibling_gain * len(short)
    # A long run is put back only where the sibling's words fit better.  (Capitals
    # for a copy that may be restored: spun, or flagged and judged again by ``restore``.)
    cases = tuple(_cases(copy, sibling, ops)) if spun or flagged else ()
    return Verdict(spun, tuple(s for s in found if is_short(s) or s.gain > 0), agree, n, cases)


def plain_enough(copy: Tokens, sibling: Tokens, short: Sequence[Swap], both: int) -> bool:
    """Do the short swaps hold a spinner's plain swaps (``plain_swaps``): at least
    ``sibling_swaps``, and ``sibling_density`` per word of the ``both``
    compared?"""
    cfg = settings.DESPIN
    grammar = word_list(GRAMMAR)
    plain = sum(plain_swaps(copy, sibling, s, grammar) for s in short)
    return plain >= cfg.sibling_swaps and plain >= cfg.sibling_density * both


def is_short(s: Swap) -> bool:
    """At most ``sibling_span`` words a side: a swap that is evidence.  Longer
    runs and phrases are put back only where the other copy's words fit
    better (``compare``)."""
    span = settings.DESPIN.sibling_span
    return s.i2 - s.i1 <= span and s.j2 - s.j1 <= span


def rewords(article: Article, other: Article, model: Model | None) -> bool:
    """Do the two differ at a plain swap (``plain_swaps``)?  An unflagged copy of
    an article that does may be its source, and the article no source."""
    tok, tother = Tokens(article.text), Tokens(other.text)
    found, _ = swaps(tok, tother, model)
    grammar = word_list(GRAMMAR)
    return any(plain_swaps(tok, tother, s, grammar) for s in found if is_short(s))


__all__ = ["Swap", "Verdict", "GRAMMAR", "NUMBERS", "swaps", "compare", "bigram_fit", "plain_swaps",
           "plain_enough", "is_short", "rewords"]
