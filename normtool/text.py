"""Character folding shared by every stage: one table of quote and dash forms.

Typography differs between outlets (curly or straight quotes, en or em
dashes, no-break spaces) while the words do not.  Comparisons that must not
care (a repeated headline, dedup's matching copy, despin's phrase keys) fold
with this one table; the text shown to users is never folded.
"""
from __future__ import annotations

# Every entry maps one character to one character, so folding keeps offsets.
FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": " ", "\u2014": " ", "\u2015": " ", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})


def fold_quotes(text: str) -> str:
    """Straight quotes for curly ones, spaces for dashes and no-break spaces.

    >>> fold_quotes("\u201cIt\u2019s\u201d \u2014 done")
    '"It\\'s"   done'
    """
    return text.translate(FOLD)


__all__ = ["FOLD", "fold_quotes"]
