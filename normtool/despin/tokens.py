"""Despin's view of a text: its words, their offsets, and where sentences start.

Every despin step works on one ``Tokens`` of the text, so the text is
split into words once.  A word is letters and digits joined by inner
hyphens or apostrophes ("Secretary-Basic", "Yoon's"); its key is the
lower-case form with quotes folded (``norm_word``).
"""
from __future__ import annotations

import re
from itertools import accumulate, chain, compress

from ..text import FOLD

# A word: letters/digits, joined by inner hyphens or apostrophes ("Secretary-Basic",
# "received't", "Yoon's").
APOSTROPHES = "'\u2019"            # the only quotes a word may hold
WORD = re.compile(rf"[^\W_]+(?:[-{APOSTROPHES}][^\W_]+)*")
_SPLIT = re.compile(f"({WORD.pattern})")    # split() keeps the words between the gaps
_SENT_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s")
PUNCT = re.compile(r"[.,;:!?\"\u201c\u201d()\[\]\u2014\u2013]|--|\s-\s")
QUOTE = re.compile(r"[\"\u201c\u201d]")
END = re.compile(r"\s*[\"\u201d']?\s*[.!?]")
ABBREV = frozenset("mr mrs ms dr st jr sr gen sen rep gov lt col sgt capt corp inc co ltd "
                   "no vs jan feb mar apr aug sep sept oct nov dec prof rev ft mt".split())


def norm_word(word: str) -> str:
    """A word as tables and models key it: lower case, quotes folded.

    >>> norm_word("Won\u2019t")
    "won't"
    """
    return word.lower().translate(FOLD)


def norm_gap(gap: str) -> str:
    """The text between two words, quotes folded and spaces collapsed."""
    return " ".join(gap.translate(FOLD).split()) or " "


def covered(spans) -> set:
    """Word indices inside word spans ``(first, count)`` (repaired or matched
    words that later steps skip).

    >>> sorted(covered([(2, 2), (7, 1)]))
    [2, 3, 7]
    """
    out: set = set()
    for a, n in spans:
        out.update(range(a, a + n))
    return out


class Tokens:
    """Words of a text with their offsets, sentence starts and the gaps between."""

    __slots__ = ("text", "keys", "surf", "gaps", "starts", "abbr", "_spans", "_breaks", "_lm")

    def __init__(self, text: str):
        self.text = text
        # One split gives words and gaps as strings; no match object per word.
        parts = _SPLIT.split(text)
        self.gaps = parts[0::2]              # gaps[i]: text before word i; gaps[-1]: the tail
        self.surf = parts[1::2]
        self._spans = None
        if text.isascii():                   # lower case word by word is the text's, and FOLD
            self.keys = list(map(str.lower, self.surf))     # changes no ASCII character
        else:
            low = norm_word(text)
            if len(low) == len(text):        # lower() kept every offset (nearly always)
                self.keys = [low[a:b] for a, b in self.spans]
            else:
                self.keys = [norm_word(s) for s in self.surf]
        self.abbr = self._abbreviations()
        self.starts = self._sentence_starts()
        self._breaks = self._lm = None

    @property
    def spans(self) -> list:
        """spans[i]: (start, end) offsets of word i in the text; computed once,
        as most texts need none (only the words a repair replaces)."""
        if self._spans is None:
            ends = list(accumulate(map(len, chain.from_iterable(zip(self.gaps, self.surf)))))
            self._spans = list(zip(ends[0::2], ends[1::2]))
        return self._spans

    def _sentence_starts(self) -> list:
        """starts[i]: word i begins a sentence.  A plain space before a word,
        the common case, never starts one: only other gaps are tested."""
        n = len(self.surf)
        starts = [g != " " for g in self.gaps[:n]]
        for i in compress(range(1, n), starts[1:]):
            starts[i] = self._is_start(i)
        if n:
            starts[0] = True
        return starts

    @property
    def breaks(self) -> list:
        """breaks[i]: word i starts a sentence or punctuation comes before it
        (the news models' context stops there); computed once."""
        if self._breaks is None:
            starts = self.starts
            out = [s or g != " " for s, g in zip(starts, self.gaps)]
            for i in compress(range(len(out)), out):    # a plain space: no regex
                if not starts[i]:
                    out[i] = not self.clean_gap(i)
            self._breaks = out
        return self._breaks

    @property
    def lm(self) -> list:
        """Each word as the news models count it (``lm_key``); computed once."""
        if self._lm is None:
            lm = list(self.keys)
            # A word starting a-z is its key: only the others are looked at.
            for i in [i for i, s in enumerate(self.surf) if not "a" <= s < "{"]:
                lm[i] = lm_key(self, i)
            self._lm = lm
        return self._lm

    def _abbreviations(self) -> dict:
        """Word index -> "u.s." for the last letter of dotted initials (U.S., U.N.)."""
        out, run = {}, []
        gaps = self.gaps
        for j in [j for j, s in enumerate(self.surf) if len(s) == 1]:   # only 1-letter words matter
            s = self.surf[j]
            if run and run[-1] != j - 1:
                run = []
            if s.isalpha() and gaps[j + 1][:1] == ".":       # gaps[j + 1] follows word j
                if run and len(gaps[j]) != 1:                 # "U. S.": more than the dot between
                    run = []
                run.append(j)
                if len(run) >= 2:
                    out[j] = ".".join(self.keys[k] for k in run) + "."
            else:
                run = []
        return out

    def neighbours(self, i: int, n: int = 1) -> tuple[str, str]:
        """(prev, next) of words [i, i+n) as the news models key them ("|":
        a break).

        >>> Tokens("Oil rose. Prices fell in London.").neighbours(3)
        ('prices', 'in')
        >>> Tokens("Oil rose. Prices fell in London.").neighbours(1)
        ('oil', '|')
        """
        brk, lm = self.breaks, self.lm
        j = i + n
        return ("|" if brk[i] else lm[i - 1]), ("|" if j >= len(brk) or brk[j] else lm[j])

    def view(self) -> "Tokens":
        """A copy sharing everything but ``keys``, which the caller may change
        (to judge words again as if their neighbours were repaired)."""
        out = object.__new__(Tokens)
        for slot in Tokens.__slots__:
            setattr(out, slot, getattr(self, slot))
        out.keys = list(self.keys)
        out._lm = None
        return out

    def clean_gap(self, i: int) -> bool:
        """No punctuation between word i-1 and word i (an initials' dot is fine)."""
        gap = self.gap(i)
        if i > 0 and (i - 1) in self.abbr and gap.startswith("."):
            gap = gap[1:]
        return not PUNCT.search(gap)

    def gap(self, i: int) -> str:
        """Text between word i-1 and word i (0 <= i <= len; len: the tail)."""
        return self.gaps[i]

    def _is_start(self, i: int) -> bool:
        if i == 0:
            return True
        gap = self.gap(i)
        if "\n" in gap:
            return True
        if not _SENT_END.search(gap + " "):
            return False
        prev = self.keys[i - 1]
        if (len(prev) == 1 and prev.isalpha()) or prev in ABBREV:
            return False
        if (i - 1) in self.abbr:      # "the U.S. Treasury": a sentence end only before a lowercase
            return not self.surf[i][0].isupper()
        return True


def lm_key(tok: Tokens, i: int) -> str:
    """Word i as the news model counts it: lower case, but a capitalised word
    inside a sentence keeps its case (a name); numbers are ``<num>``."""
    s = tok.surf[i]
    if s[0].isdigit():
        return "<num>"
    if s[0].isupper() and not tok.starts[i]:
        return s.translate(FOLD)
    return tok.keys[i]


__all__ = ["covered", "Tokens", "lm_key", "norm_word", "norm_gap", "APOSTROPHES", "WORD", "PUNCT", "QUOTE", "END"]
