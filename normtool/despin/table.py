"""The spinner phrase table: spun phrases, their originals, and when to repair.

The table is data (``normtool/data/spin_table.tsv``, format in its header);
users extend or override it with ``--spin-table`` files of the same format.
Each row names a spun phrase ("Related Press"), its original ("Associated
Press"), optional context conditions on the neighbouring words, a family
(the rule name in ``repairs``) and an evidence weight for detection.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..data import read_text
from ..errors import NormtoolError
from .tokens import WORD, norm_gap, norm_word

BUILTIN = "spin_table.tsv"


class SpinTableError(NormtoolError):
    """A spin table file that cannot be read: ``file:line: message``."""


@dataclass(frozen=True)
class Cond:
    """One context test: ``side`` prev/next, a set of words/classes, negated or not."""

    side: str
    values: frozenset
    negate: bool = False


@dataclass(frozen=True)
class Entry:
    """One table row: a spun phrase, its original, when to repair, evidence weight."""

    spun: str
    key: tuple
    gaps: tuple              # normalised text between the phrase's words
    original: str
    conds: tuple
    family: str
    weight: float
    cased: bool              # the spun phrase has capitals: match its case exactly
    source: str              # file:line, for error messages and audits

    @property
    def rule(self) -> str:
        return f"{self.family}:{' '.join(self.key)}"


class Table(NamedTuple):
    """Entries indexed by first word; ``longest`` bounds the phrase scan."""

    by_first: dict           # first key word -> list of (length, [Entry, ...]) longest first
    sets: dict               # name -> frozenset of words
    size: int
    by_key: dict = {}        # key words tuple -> [Entry, ...]
    lengths: dict = {}       # first key word -> phrase lengths, longest first
    seconds: dict = {}       # first key word -> second words of its longer phrases
    disabled: frozenset = frozenset()  # key word tuples a user table disabled (original "-")


def _split_phrase(phrase: str) -> tuple[tuple, tuple]:
    words = list(WORD.finditer(phrase))
    key = tuple(norm_word(m.group()) for m in words)
    gaps = tuple(norm_gap(phrase[a.end():b.start()]) for a, b in zip(words, words[1:]))
    return key, gaps


def _parse_conds(text: str, sets: dict, where: str) -> tuple:
    conds = []
    for part in text.split():
        if part == "-":
            continue
        negate = part.startswith("!")
        body = part[1:] if negate else part
        side, eq, vals = body.partition("=")
        if not eq or side not in ("prev", "next", "prev2", "next2", "before", "after"):
            raise SpinTableError(f"{where}: bad context condition {part!r} "
                                 "(use prev=, next=, prev2=, next2=, before=, after=, ! to negate)")
        values: set = set()
        for v in vals.split("|"):
            if v.startswith("$") and len(v) > 1:
                if v[1:] not in sets:
                    raise SpinTableError(f"{where}: unknown word set {v!r}")
                values |= sets[v[1:]]
            elif v:
                values.add(v if v.isupper() else norm_word(v))
        conds.append(Cond(side, frozenset(values), negate))
    return tuple(conds)


def _read_lines(path: str | None) -> list[str]:
    """Lines of a user table, or of the built-in one (``path`` None)."""
    try:
        if path is None:
            return read_text(BUILTIN).splitlines()
        with open(path, encoding="utf-8") as fh:
            return fh.read().splitlines()
    except OSError as exc:
        raise SpinTableError(f"{path or BUILTIN}: cannot read spin table: "
                             f"{exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:      # the line, as every other fault of a table names it
        with open(path, "rb") as fh:
            line = fh.read(exc.start).count(b"\n") + 1
        raise SpinTableError(f"{path}:{line}: invalid UTF-8 (byte {exc.start})") from None


def _read_rows(path: str | None, sets: dict) -> list:
    lines = _read_lines(path)
    path = path or BUILTIN
    rows = []
    for n, line in enumerate(lines, 1):
        where = f"{path}:{n}"
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if cols[0] == "@set":
            if len(cols) < 3:
                raise SpinTableError(f"{where}: @set needs a name and words")
            sets[cols[1]] = frozenset(w if w.isupper() else norm_word(w) for w in cols[2].split("|") if w)
            continue
        if cols[0] == "spun":          # header
            continue
        if len(cols) < 2 or not cols[0].strip():
            raise SpinTableError(f"{where}: need at least 'spun<TAB>original'")
        cols += [""] * (5 - len(cols))
        spun, original, context, family, weight = (c.strip() for c in cols[:5])
        try:
            w = float(weight) if weight else 0.0
        except ValueError:
            raise SpinTableError(f"{where}: weight {weight!r} is not a number") from None
        if not 0.0 <= w <= 1.0:
            raise SpinTableError(f"{where}: weight must be in [0, 1]")
        key, gaps = _split_phrase(spun)
        if not key:
            raise SpinTableError(f"{where}: spun phrase {spun!r} has no words")
        rows.append(Entry(spun, key, gaps, original, _parse_conds(context, sets, where),
                          family or "misc", w, spun != spun.lower(), where))
    return rows


@lru_cache(maxsize=16)
def load_table(extra_files: tuple = ()) -> Table:
    """The built-in table plus user tables, parsed once per combination.

    A user table's entries for a spun phrase replace every earlier entry for
    that phrase (same words, any case); an original of ``-`` disables the
    phrase altogether.

    >>> load_table().size > 300
    True
    """
    sets: dict = {}
    entries: dict = {}
    for path in (None,) + tuple(extra_files):
        rows = _read_rows(path, sets)
        replaced = set()
        for e in rows:
            k = e.key
            if k not in replaced:
                entries[k] = []
                replaced.add(k)
            if e.original != "-":
                entries[k].append(e)
    by_first: dict = {}
    for key, es in entries.items():
        if es:
            by_first.setdefault(key[0], []).append((len(key), es))
    for lst in by_first.values():
        lst.sort(key=lambda t: -t[0])
    lengths = {first: tuple(sorted({n for n, _ in lst}, reverse=True))
               for first, lst in by_first.items()}
    by_key = {key: es for key, es in entries.items() if es}
    return Table(by_first, sets, sum(len(v) for v in entries.values()), by_key, lengths,
                 second_words(by_key), frozenset(k for k, es in entries.items() if not es))


def second_words(keys) -> dict:
    """First word -> the second words of the phrases (word tuples) it starts
    that are longer than one word: a scan tries a long phrase only where the
    next word fits, as most first words start none there."""
    out: dict = {}
    for key in keys:
        if len(key) > 1:
            out.setdefault(key[0], set()).add(key[1])
    return out


def phrase_starts(keys: list, lengths: dict, seconds: dict, possessive: bool = False) -> list:
    """(word index, phrase lengths longest first) where a phrase of
    ``lengths`` (first word -> lengths) may start in ``keys``: a phrase
    longer than one word only where the next word can be its second
    (``seconds``, from ``second_words``), as most first words start none.
    ``possessive``: "X's" also starts X's one-word phrases, and "Y's" after
    X counts as Y (the last word of a phrase may carry the "'s").
    """
    out = []
    last = len(keys) - 1
    get = lengths.get
    for i, k, lens in [(i, k, lens) for i, k in enumerate(keys)
                       if (lens := get(k)) is not None or (possessive and "'s" in k)]:
        if lens is None:            # "X's" (possessive only)
            if k.endswith("'s") and 1 in lengths.get(k[:-2], ()):
                out.append((i, (1,)))
            continue
        if lens[0] > 1:             # may the next word be a second word?
            k1 = keys[i + 1] if i < last else None
            follows = seconds[k]
            if not (k1 in follows or (possessive and k1 is not None and k1.endswith("'s")
                                      and k1[:-2] in follows)):
                if lens[-1] != 1:
                    continue
                lens = (1,)
        out.append((i, lens))
    return out


__all__ = ["Cond", "Entry", "Table", "SpinTableError", "load_table", "second_words",
           "phrase_starts", "BUILTIN"]
