"""Finding table phrases in a text, and rewriting a text with its matches.

A phrase matches where its words (and the gaps between them) appear, its
case rule holds (a lower-case entry never changes a capitalised word inside
a sentence, so names change only by entries that name them) and its context
conditions on the neighbouring words hold.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, NamedTuple

from ..text import FOLD
from .table import Cond, Entry, Table, load_table, phrase_starts
from .tokens import APOSTROPHES, END, QUOTE, WORD, Tokens, norm_gap, norm_word


class Match(NamedTuple):
    """A phrase to rewrite: characters ``[start, end)`` of the text become ``replacement``."""

    start: int
    end: int
    entry: Entry
    replacement: str


def _word_class(tok: Tokens, j: int, values: frozenset) -> bool:
    """Does word j belong to ``values`` (words, or classes CAP/NUM/POSS/LOWER)?"""
    key = tok.keys[j]
    if key in values or tok.abbr.get(j) in values:
        return True
    s = tok.surf[j]
    if "CAP" in values and s[0].isupper() and not tok.starts[j]:
        return True
    if "NUM" in values and s[0].isdigit():
        return True
    if "POSS" in values and key.endswith("'s"):
        return True
    if "LOWER" in values and s.islower():
        return True
    return False


def _cond_holds(tok: Tokens, i: int, n: int, c: Cond) -> bool:
    """Context test for the phrase at words [i, i+n)."""
    v = c.values
    if c.side in ("prev", "prev2"):
        j = i - (1 if c.side == "prev" else 2)
        clean = tok.clean_gap(i) and (c.side == "prev" or (j >= 0 and tok.clean_gap(i - 1)))
        edge_start = tok.starts[i] if c.side == "prev" else (j < 0 or tok.starts[i] or tok.starts[i - 1])
        hit = (("START" in v and edge_start)
               or ("QUOTE" in v and bool(QUOTE.search(tok.gap(i))))
               or ("PUNCT" in v and (i == 0 or not tok.clean_gap(i)))
               or (j >= 0 and not edge_start and clean and _word_class(tok, j, v)))
    elif c.side in ("next", "next2"):
        j = i + n + (0 if c.side == "next" else 1)
        total = len(tok.keys)
        after = tok.gap(i + n)
        end = i + n >= total or tok.starts[i + n]
        clean = (i + n < total and tok.clean_gap(i + n)
                 and (c.side == "next" or (j < total and tok.clean_gap(j))))
        hit = (("END" in v and (end or bool(END.match(after))))
               or ("QUOTE" in v and bool(QUOTE.search(after)))
               or ("PUNCT" in v and (end or not tok.clean_gap(i + n)))
               or (j < total and not end and clean
                   and (c.side == "next" or not tok.starts[j])
                   and _word_class(tok, j, v)))
    else:                                   # before= / after=: within 3 words, same sentence
        hit = False
        rng = range(i - 1, max(-1, i - 4), -1) if c.side == "before" else \
            range(i + n, min(len(tok.keys), i + n + 3))
        for j in rng:
            if c.side == "before" and tok.starts[j + 1]:
                break
            if c.side == "after" and tok.starts[j]:
                break
            if _word_class(tok, j, v):
                hit = True
                break
    return hit != c.negate


def _case_ok(tok: Tokens, i: int, e: Entry) -> bool:
    """Lower-case entries touch only lower-case words (or a sentence's first)."""
    n = len(e.key)
    if e.cased:
        words = _cased_words(e)
        for k, w in enumerate(words):
            s = tok.surf[i + k].translate(FOLD)
            if s != w and not (k == n - 1 and s == w + "'s"):
                return False
        return True
    for k in range(n):
        s = tok.surf[i + k]
        if s.islower() or not any(ch.isalpha() for ch in s):
            continue
        if k == 0 and tok.starts[i] and s[0].isupper() and s[1:] == s[1:].lower():
            continue
        return False
    return True


@lru_cache(maxsize=4096)
def _cased_words_cached(spun: str) -> tuple:
    return tuple(m.group().translate(FOLD) for m in WORD.finditer(spun))


def _cased_words(e: Entry) -> tuple:
    return _cased_words_cached(e.spun)


def replacement(tok: Tokens, i: int, n: int, e: Entry) -> str:
    """The entry's original in the case and quote style of the matched words."""
    out = e.original
    if not e.cased and tok.surf[i][0].isupper() and out[:1].islower():
        out = out[0].upper() + out[1:]
    matched = tok.text[tok.spans[i][0]:tok.spans[i + n - 1][1]]
    if "\u2019" in matched:
        out = out.replace("'", "\u2019")
    return out


def find_matches(text: str, table: Table | None = None, tok: "Tokens | None" = None
                 ) -> list[Match]:
    """Every table phrase in ``text`` whose case and context conditions hold.

    Left to right, longest phrase first, no overlaps.

    >>> [m.replacement for m in find_matches("The Related Press mentioned that.")]
    ['Associated Press', 'said']
    """
    table = table or load_table()
    tok = tok or Tokens(text)
    keys = tok.keys
    out: list[Match] = []
    total, next_free = len(keys), 0
    by_key = table.by_key
    # No apostrophe in the text: no "X's" either, and no need to look for one in every word.
    possessive = any(a in tok.text for a in APOSTROPHES)
    for i, lens in phrase_starts(keys, table.lengths, table.seconds, possessive=possessive):
        if i < next_free:
            continue
        found = None
        for n in lens:
            if i + n > total:
                continue
            key = tuple(keys[i:i + n])
            entries = by_key.get(key)
            if entries is None and key[-1].endswith("'s"):      # "X's" matches "X"
                entries = by_key.get(key[:-1] + (key[-1][:-2],))
            if entries is None or (n > 1 and not _gaps_ok(tok, i, n, entries[0])):
                continue
            for e in entries:
                if _case_ok(tok, i, e) and all(_cond_holds(tok, i, n, c) for c in e.conds):
                    found = (n, e)
                    break
            if found:
                break
        if found:
            n, e = found
            start, end = tok.spans[i][0], tok.spans[i + n - 1][1]
            rep = replacement(tok, i, n, e)
            last = tok.surf[i + n - 1]
            if norm_word(last) != e.key[-1]:            # matched "X's" against "X": keep "'s"
                end -= 2
            out.append(Match(start, end, e, rep))
            next_free = i + n
    return out


def _gaps_ok(tok: Tokens, i: int, n: int, e: Entry) -> bool:
    for k in range(1, n):
        if norm_gap(tok.gap(i + k)) != e.gaps[k - 1]:
            return False
    return True


def apply_matches(text: str, matches: Iterable[Match]) -> tuple[str, list[dict]]:
    """Rewrite ``text``; repairs carry offsets into the rewritten text."""
    parts, repairs, pos, shift = [], [], 0, 0
    for m in matches:
        frm = text[m.start:m.end]
        if frm == m.replacement:
            continue
        parts.append(text[pos:m.start])
        parts.append(m.replacement)
        repairs.append({"offset": m.start + shift, "from": frm, "to": m.replacement,
                        "rule": m.entry.rule})
        shift += len(m.replacement) - len(frm)
        pos = m.end
    parts.append(text[pos:])
    return "".join(parts), repairs


__all__ = ["Match", "find_matches", "apply_matches", "replacement"]
