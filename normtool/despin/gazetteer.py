"""The gazetteer of names, and where names stand in text.

The gazetteer (``despin_names.tsv.gz``: capitalised word sequences and their
counts in the news model's training text, built by
``tools/build_despin_names.py``) is what the names steps restore to.  A name
in text is a *window* of a run of capitalised words (``name_windows``): the
same windows the build counts and despin looks up, so the two agree on what
a name is.  Users add or remove names with ``--names`` files.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple

from ..data import open_text
from ..errors import NormtoolError
from .tokens import Tokens

NAMES = "despin_names.tsv.gz"
MAX_WORDS = 5              # words in a name window
# Lower-case words a name may hold inside ("Bank of England", "Secretary of State").
CONNECT = frozenset("of the and for on de du la le von van der del da y in at to".split())
# Title-case words that never open or close a name (a sentence's "The", "In").
_EDGE = frozenset("""the a an and or but nor of to in on at by for from with as is are was were be
been have has had do does did it its he she they we you i his her their this that these those who
which what not no so if than then there here will would can could may might must shall should
about after before into over under also just only very more most other some such any all each
both many much mr mrs ms dr""".split())


class Gazetteer(NamedTuple):
    """Names and their counts, and every word (cased) that occurs in one."""

    counts: dict             # name -> count
    words: dict              # word of a name (hyphenated words split too) -> summed counts of its names


class NamesFileError(NormtoolError):
    """A names file that cannot be read: ``file:line: message``."""


@lru_cache(maxsize=8)
def load_gazetteer(extra_files: tuple = ()) -> Gazetteer:
    """The shipped gazetteer plus users' names files (``--names``), read
    once per combination (the shipped one on the first spun article).  A
    user file's count for a name replaces the earlier one; a count of 0
    removes the name (it is never restored to)."""
    with open_text(NAMES) as fh:
        lines = fh.read().splitlines()
    for path in extra_files:
        lines += user_names(path)
    return make_gazetteer(lines)


def user_names(path: str) -> list[str]:
    """The ``name TAB count`` lines of a user's names file, checked: a bad
    line raises ``NamesFileError`` naming the file and line."""
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise NamesFileError(f"{path}: cannot read names file: {exc}") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, tab, count = line.partition("\t")
        if not tab or not name.strip() or not count.strip().isdigit():
            raise NamesFileError(f"{path}:{n}: need 'name<TAB>count' (a whole number of 0 or more)")
        out.append(f"{' '.join(name.split())}\t{int(count)}")
    return out


def make_gazetteer(lines: Iterable[str]) -> Gazetteer:
    """A gazetteer from ``name TAB count`` lines (``#`` comments); tests build small ones.

    >>> g = make_gazetteer(["Associated Press\\t3", "Secretary-General\\t40"])
    >>> g.counts["Associated Press"], sorted(g.words.items())[:3]
    (3, [('Associated', 3), ('General', 40), ('Press', 3)])
    """
    counts: dict = {}
    for line in lines:
        if line.startswith("#"):
            continue
        name, _, c = line.rstrip("\n").partition("\t")
        if c:
            counts[name] = int(c)       # a later line (a user's file) replaces the count
    counts = {name: n for name, n in counts.items() if n > 0}
    words: dict = {}
    for name, n in counts.items():
        found = set()
        for w in name.split(" "):
            found.add(w)
            if "-" in w:
                found.update(w.split("-"))
        for w in found:
            words[w] = words.get(w, 0) + n
    return Gazetteer(counts, words)


# ------------------------------------------------------------------ windows

def continues_name(tok: Tokens, j: int) -> bool:
    """May word j continue a name begun before it: same sentence, nothing but
    spaces (or an initial's dot: "U.S. Treasury") in between?"""
    if tok.starts[j]:
        return False
    gap = tok.gaps[j]
    if gap == " ":
        return True
    if gap.startswith(".") and len(tok.surf[j - 1]) == 1:
        gap = gap[1:]
        if gap == "":
            return True
    return gap != "" and not gap.strip() and "\n" not in gap


def _capital(s: str) -> bool:
    return s[0].isupper()


def name_runs(tok: Tokens) -> list[tuple[int, int]]:
    """(first, end) word indices of each run of capitalised words (connectors
    inside allowed) with two words or more, or one hyphenated word.

    >>> t = Tokens("He told the Related Press that NATO Secretary-Basic Rutte spoke.")
    >>> [" ".join(t.surf[a:b]) for a, b in name_runs(t)]
    ['Related Press', 'NATO Secretary-Basic Rutte']
    """
    out = []
    surf, keys = tok.surf, tok.keys
    n = len(surf)
    i = 0
    while i < n:
        if not _capital(surf[i]):
            i += 1
            continue
        j, last = i + 1, i             # last: the run's last capitalised word
        while j < n and continues_name(tok, j) and (_capital(surf[j])
                                                   or (keys[j] in CONNECT and surf[j].islower())):
            if _capital(surf[j]):
                last = j
            j += 1
        if last > i or "-" in surf[i]:
            out.append((i, last + 1))
        i = last + 1
    return out


def edge_ok(tok: Tokens, k: int) -> bool:
    """Can word k open or close a name: capitalised, not a title-case function word."""
    s = tok.surf[k]
    return _capital(s) and not (tok.keys[k] in _EDGE and not s.isupper())


def window_name(tok: Tokens, i: int, n: int) -> str:
    """The text of words [i, i+n) with spaces collapsed, a final "'s" left off.

    >>> window_name(Tokens("the U.S.  Treasury's bill"), 1, 3)
    'U.S. Treasury'
    """
    text = " ".join(tok.text[tok.spans[i][0]:tok.spans[i + n - 1][1]].split())
    if text.endswith(("'s", "\u2019s")):
        text = text[:-2]
    return text


def name_windows(tok: Tokens, max_words: int = MAX_WORDS) -> Iterator[tuple[int, int, str]]:
    """(first word, words, name) of every window of every capitalised run
    that opens and closes with a capitalised word (one word only when
    hyphenated): what the gazetteer counts and what despin looks up.

    >>> [w[2] for w in name_windows(Tokens("He met the Bank of England chief."))]
    ['Bank of England']
    """
    surf = tok.surf
    for a, b in name_runs(tok):
        for i in range(a, b):
            if not edge_ok(tok, i) or (i > a and len(surf[i]) == 1 and len(surf[i - 1]) == 1
                                        and tok.gaps[i].startswith(".")):
                continue                       # never from inside initials ("S. Agriculture")
            for n in range(1, min(max_words, b - i) + 1):
                k = i + n - 1
                if n == 1 and "-" not in surf[i]:
                    continue
                if not edge_ok(tok, k):
                    continue
                yield i, n, window_name(tok, i, n)


def headline_case(title: str, gaz: Gazetteer | None = None) -> str:
    """A headline in capitals with each word as names write it: title case,
    unless the gazetteer's names hold it in capitals more often ("II",
    "NATO").  Same length as ``title``.

    >>> headline_case("GEOSPHERE JOSTLE II VETERANS MEET", make_gazetteer(["World War II\\t5"]))
    'Geosphere Jostle II Veterans Meet'
    """
    words = (gaz or load_gazetteer()).words

    def one(m: re.Match) -> str:
        w = m.group()
        t = w[:1] + w[1:].lower()
        return w if words.get(w, 0) > words.get(t, 0) or len(t) != len(w) else t
    return _WORD_RE.sub(one, title)


_WORD_RE = re.compile(r"[^\W\d_]+")


__all__ = ["Gazetteer", "NamesFileError", "load_gazetteer", "user_names", "make_gazetteer",
           "continues_name", "name_runs", "edge_ok", "window_name", "name_windows", "headline_case",
           "CONNECT", "MAX_WORDS", "NAMES"]
