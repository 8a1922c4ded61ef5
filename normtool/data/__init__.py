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
from typing import IO


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


__all__ = ["read_text", "open_text", "word_list", "agencies", "agency_names", "agency_alternation",
           "city_alternation"]
