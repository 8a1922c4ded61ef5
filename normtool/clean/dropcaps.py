"""Drop caps: a paragraph's first letter printed apart from its word.

Print copy set with a drop cap reaches us with the big letter on a line of
its own ("T" / "HE Scottish government ...") or split off by a space
("T he Scottish government ...").  ``mend_drop_caps`` puts the letter back
on its word, only where the joined word is a common English word and the
rest is not a commoner word of its own: "T cells", "X marks the spot",
"S and W Berisford", "A new law" and "I said" stay as they are.
"""
from __future__ import annotations

import re

from .joins import english_zipf

# the letter, a space, and the rest of its word (lower case, or capitals as a paper sets its first word)
_SPLIT = re.compile(r"([A-Z]) ([a-z]+|[A-Z]{2,})(?=[\s,.;:!?\"')\u2019\u201d]|$)")
_WORD_LETTERS = "AIO"     # letters that are words themselves ("A new law", "I said", "O Canada")


def mended(line: str) -> str | None:
    """``line`` with a drop cap split off its first word put back, or None.

    >>> mended("T he Scottish government said so."), mended("T cells attack the virus.")
    ('The Scottish government said so.', None)
    >>> mended("I n a statement, the bank said so."), mended("A new law takes effect.")
    ('In a statement, the bank said so.', None)
    >>> mended("S and W Berisford Plc said profits rose.") is None
    True
    """
    m = _SPLIT.match(line)
    if m is None:
        return None
    letter, rest = m.groups()
    zipf = english_zipf()
    if zipf((letter + rest).lower()) == 0:
        return None         # "T cells", "X marks": no word when joined
    if letter in _WORD_LETTERS and (len(rest) > 1 and zipf(rest.lower())):
        return None         # "A new", "I AM": the letter is a word before another
    if zipf(rest.lower()) >= zipf((letter + rest).lower()):
        return None         # "S and W Berisford": an initial before a commoner word
    return letter + line[m.end(1) + 1:]


def mend_drop_caps(lines: list[str]) -> list[str]:
    """``lines`` with the drop cap opening a paragraph back on its word:
    a capital alone on a line over the rest of its word, or split from it by
    a space.

    >>> mend_drop_caps(["", "T", "HE Scottish government has ordered ferries."])
    ['', 'THE Scottish government has ordered ferries.']
    >>> mend_drop_caps(["B", "Section two opens here."])
    ['B', 'Section two opens here.']
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        opens = not out or not out[-1].strip()
        if opens and len(line.strip()) == 1 and i + 1 < len(lines) and lines[i + 1].strip():
            joined = mended(line.strip() + " " + lines[i + 1].strip())
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        elif opens and line[:1].isupper():
            line = mended(line) or line
        out.append(line)
        i += 1
    return out


__all__ = ["mend_drop_caps", "mended"]
