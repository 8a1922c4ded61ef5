"""The package's data files (rules, tables, models), located one way.

Every module reads its data through these helpers, which use
``importlib.resources``, so the files are found in a source checkout, an
installed wheel or a zip alike.
"""
from __future__ import annotations

import gzip
import io
import json
import re
from functools import lru_cache
from importlib import resources
from typing import IO, Iterator

from ..errors import NormtoolError


def read_text(name: str) -> str:
    """The whole text of data file ``name`` (UTF-8)."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def open_text(name: str) -> IO[str]:
    """A text stream over data file ``name``; ``.gz`` files are decompressed."""
    fh = resources.files(__name__).joinpath(name).open("rb")
    if name.endswith(".gz"):
        return gzip.open(fh, "rt", encoding="utf-8")
    return io.TextIOWrapper(fh, encoding="utf-8")


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset:
    """A data file of one word a line (``#`` lines are comments), read once."""
    return frozenset(w.strip() for w in read_text(name).splitlines()
                     if w.strip() and not w.startswith("#"))


class WordTableError(NormtoolError):
    """A word table that cannot be read: ``file:line: message``."""


def word_pairs(text: str, where: str, error: type[WordTableError] = WordTableError,
               lower: bool = True) -> Iterator[tuple[int, str, str]]:
    r"""The ``FROM<TAB>TO`` lines of a word table, as (line number, FROM, TO),
    stripped and lower-case (unless not ``lower``: a table of regexes, where
    ``\W`` is not ``\w``); ``#`` starts a comment.  The one reader of the
    two-column tables (``spelling.tsv``, ``spelling_variants.tsv``,
    ``match_words.tsv``, a user's ``--match-words`` file), so that each user
    reads them alike.  A line that
    is not two non-empty tab-separated columns raises ``error`` naming
    ``where`` and the line; a user of the pairs checks their words itself.

    >>> list(word_pairs("# mine\nColour\tcolor  # US\n\n", "mine.tsv"))
    [(2, 'colour', 'color')]
    >>> list(word_pairs("colour color", "mine.tsv"))
    Traceback (most recent call last):
    ...
    normtool.data.WordTableError: mine.tsv:1: need 'FROM<TAB>TO': two tab-separated columns, not 1
    """
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].rstrip() if not line.startswith("#") else ""
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise error(f"{where}:{n}: need 'FROM<TAB>TO': two tab-separated "
                        f"columns, not {len(parts)}")
        if not parts[0].strip() or not parts[1].strip():
            raise error(f"{where}:{n}: need 'FROM<TAB>TO': a column is empty")
        src, dst = parts[0].strip(), parts[1].strip()
        yield (n, src.lower(), dst.lower()) if lower else (n, src, dst)


@lru_cache(maxsize=None)
def word_table(name: str) -> dict[str, str]:
    """Data file ``name``'s word table (``word_pairs``) as FROM -> TO, read
    once; callers must not change it."""
    return {src: dst for _, src, dst in word_pairs(read_text(name), name)}


@lru_cache(maxsize=1)
def agencies() -> dict:
    """``agencies.json``, the news agencies' names and hosts, read once for its
    two users: clean's date lines and credits (``clean.stamps``) and dedup's
    choice of the agency's own copy (``dedup.origin``)."""
    return json.loads(read_text("agencies.json"))


@lru_cache(maxsize=1)
def agency_names() -> frozenset:
    """The agencies' names, and in capitals those longer than an acronym
    ("BERNAMA", "ANADOLU AGENCY").  A short name that is also a word or an
    acronym ("MAP", "TAP", "TT") counts only where a credit or a dateline
    stands (a closing credit line, a date line, "ANKARA (AA) -"), never in prose.
    """
    names = {n for a in agencies()["agencies"] for n in a["names"]}
    return frozenset(names | {n.upper() for n in names if len(n) > 4})


@lru_cache(maxsize=1)
def agency_alternation() -> str:
    """``agency_names`` as one regex alternation, longest first (so "AFP"
    is not taken for the "AF" of a longer name), for clean's date lines and
    credits and for rule patterns' ``(?&agency)``."""
    return _alternation(agency_names())


@lru_cache(maxsize=1)
def city_alternation() -> str:
    """``cities.txt`` as one regex alternation, each name as written and in
    capitals, longest first ("Kuwait City" before "Kuwait"), for rule
    patterns' ``(?&city)``."""
    names = word_list("cities.txt")
    return _alternation(names | {n.upper() for n in names})


def _alternation(names: frozenset) -> str:
    """``names`` as one regex alternation, longest first (a name is never
    taken for the start of a longer one), in a fixed order."""
    return "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))


__all__ = ["read_text", "open_text", "word_list", "WordTableError", "word_pairs", "word_table",
           "agencies", "agency_names", "agency_alternation",
           "city_alternation"]
