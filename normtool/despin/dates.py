"""Months a spinner rewrote inside a date: "on Process 5" -> "on March 5".

A spinner takes a month for the common word it also is and writes one of
that word's synonyms ("March" -> "Process", "Tread"; "August" ->
"Venerable"; "Sept" -> "Phratry"; "Mar" -> "Spoil"), keeping the capital.
The names pass does not see it (a lone capitalised word is no name), and
the context model skips capitalised words.  But a date is a slot only a
month fills, so here a capitalised word that is no month is put back to
the month the links say it may stand for when it stands:

* before a day and a year: "Process 5, 1987";
* after a word that opens a date (``$DATEPREP`` of the spin table: "on",
  "since", "until", ...) and before a day: "on Process 5";
* between a day and a year, or after such a word and a day: "5 Process
  1987", "on 5 Process";
* after such a word and before a year: "since Process 1987".

Months are the spin table's ``$MONTH`` set (names and abbreviations),
data a user's table may extend.  Only a word that links to exactly one
month is restored.  The step runs in spun articles only, like every repair.
"""
from __future__ import annotations

import re
from typing import Sequence

from .context import Model, candidates, load_model
from .match import Match
from .table import Entry, Table
from .tokens import Tokens, covered

DATE = "date"        # the rule family
_DAY = re.compile(r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?")
_YEAR = re.compile(r"1[89]\d\d|20\d\d")


def _day(tok: Tokens, j: int) -> bool:
    return 0 <= j < len(tok.surf) and _DAY.fullmatch(tok.surf[j]) is not None


def _year(tok: Tokens, j: int) -> bool:
    return 0 <= j < len(tok.surf) and _YEAR.fullmatch(tok.surf[j]) is not None


def _opens(tok: Tokens, j: int, preps: frozenset) -> bool:
    """Word ``j`` opens a date and nothing but a space follows it."""
    return 0 <= j < len(tok.keys) and tok.keys[j] in preps and tok.gaps[j + 1] == " "


def date_slot(tok: Tokens, i: int, preps: frozenset) -> bool:
    """Does word ``i`` stand where only a month can?

    >>> preps = frozenset({"on", "since"})
    >>> [date_slot(Tokens(t), i, preps) for t, i in
    ...  (("It fell on Process 5.", 3), ("Take Exit 5 on Route 9.", 1), ("since Process 1987", 1))]
    [True, False, True]
    """
    gap_after = tok.gaps[i + 1] if i + 1 < len(tok.gaps) else ""
    if gap_after == " " and _day(tok, i + 1):
        after_day = tok.gaps[i + 2] if i + 2 < len(tok.gaps) else ""
        if after_day in (", ", " ") and _year(tok, i + 2):
            return True                                     # Process 5, 1987
        if _opens(tok, i - 1, preps) and tok.gaps[i] == " ":
            return True                                     # on Process 5
    if tok.gaps[i] == " " and _day(tok, i - 1):
        if gap_after == " " and _year(tok, i + 1):
            return True                                     # 5 Process 1987
        if tok.gaps[i - 1] == " " and _opens(tok, i - 2, preps):
            return True                                     # on 5 Process
    return (gap_after == " " and _year(tok, i + 1) and tok.gaps[i] == " "
            and _opens(tok, i - 1, preps))                  # since Process 1987


def month_for(model: Model, word: str, months: frozenset) -> str | None:
    """The one month ``word`` (a key) is linked to, or None (none, or several)."""
    found = {}      # by a month's first three letters: "mar" and "march" name one month
    for original, penalty, _ in candidates(model, word, down=True):
        if original in months:
            found.setdefault(original[:3], (penalty, original))
    if len(found) != 1:
        return None
    return min(found.values())[1]


def date_matches(tok: Tokens, table: Table, taken: Sequence[tuple] = (),
                 model: Model | None = None) -> list[Match]:
    """Spun months in date slots, as matches (rule ``date:<written word>``).

    >>> from .table import load_table
    >>> [m.replacement for m in date_matches(Tokens("Talks began on Process 5, 1987."), load_table())]
    ['March']
    """
    months = table.sets.get("MONTH", frozenset())
    preps = table.sets.get("DATEPREP", frozenset())
    if not months:
        return []
    used = covered(taken)
    model = model or load_model()
    out = []
    for i, (surf, key) in enumerate(zip(tok.surf, tok.keys)):
        if (i in used or not surf[:1].isupper() or not surf.isalpha() or key in months
                or not date_slot(tok, i, preps)):
            continue
        month = month_for(model, key, months)
        if month is None:
            continue
        rep = month.upper() if surf.isupper() and len(surf) > 1 else month.capitalize()
        start, end = tok.spans[i]
        out.append(Match(start, end, Entry(surf, (key,), (), rep, (), DATE, 0.0, True, DATE), rep))
    return out


__all__ = ["date_matches", "date_slot", "month_for"]
