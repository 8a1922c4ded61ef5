"""Layout: raw lines into paragraphs (reflow hard wraps, keep real breaks).

Copy reaches us in three layouts, often mixed: blank-line paragraphs, one
paragraph per line (web copy), and hard-wrapped lines (wire copy wrapped at
~70 columns, paragraphs marked by an indented first line, as in Reuters).  A
line break is a paragraph break unless the evidence says it is a wrap:

* the next line starts in lower case and this line does not end a sentence
  ("cannon fodder\\nmercenaries") or ends with an abbreviation ("a U.S.\\n
  government agency"), or this line ends with a comma;
* or the text is hard-wrapped (most lines run to a common width that is at
  most ``MAX_WRAP_WIDTH``) and the next line is not indented; a short line
  that ends a sentence still ends its paragraph there.

Blank lines and indented first lines always start a new paragraph.  Inside a
paragraph whitespace becomes single spaces; words are never changed.
"""
from __future__ import annotations

from typing import Callable

MAX_WRAP_WIDTH = 100    # wider lines are not hard-wrapped copy
MIN_WRAP_WIDTH = 40     # nor is copy whose longest line is this short
WRAP_SLACK = 10         # a wrapped line ends within this many columns of the width
# Characters that end a sentence (after trailing closing quotes/brackets).
SENTENCE_END = frozenset(".!?:;\u2026")
CLOSERS = "\"')]}\u201d\u2019\u00bb*"


def split_lines(text: str) -> list[str]:
    """Lines with tabs expanded and trailing whitespace removed.

    >>> split_lines("a\\tb  \\n\\n c")
    ['a       b', '', ' c']
    """
    return [line.expandtabs(8).rstrip() for line in text.split("\n")]


def indent(line: str) -> int:
    """Leading spaces of a line."""
    return len(line) - len(line.lstrip())


def ends_sentence(line: str) -> bool:
    """True when ``line`` ends with sentence-final punctuation.

    >>> ends_sentence('he said."'), ends_sentence("cannon fodder")
    (True, False)
    """
    stripped = line.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def first_word(line: str) -> str:
    parts = line.split(None, 1)
    return parts[0] if parts else ""


def ends_with_abbreviation(line: str) -> bool:
    """The line's last word is an abbreviation such as "U.S." or "Co.".

    >>> ends_with_abbreviation("a U.S."), ends_with_abbreviation("Acme Co."), ends_with_abbreviation("fell.")
    (True, True, False)
    """
    words = line.split()
    if not words or not words[-1].endswith("."):
        return False
    word = words[-1].strip("\"'(“‘")[:-1]
    if "." in word:
        return True
    return word[:1].isupper() and word.isalpha() and len(word) <= 4


def continues(prev: str, line: str) -> bool:
    """The next line carries on the sentence whatever the layout."""
    nxt = line.lstrip()
    if not nxt:
        return False
    if nxt[0].islower() and (not ends_sentence(prev) or ends_with_abbreviation(prev)):
        return True
    return prev.endswith(",")


def is_hard_wrapped(lines: list[str]) -> bool:
    """Whether ``lines`` look like copy wrapped at a fixed width.

    In wrapped copy most line breaks inside a paragraph fall where the next
    word would not have fitted within the widest line's width, and most of
    them fall mid-sentence (copy with one sentence or paragraph per line
    ends its lines with full stops).

    >>> wire = ["Standard Oil Co and BP North America",
    ...         "Inc said they plan to form a venture to manage the money market",
    ...         "borrowing and investment activities of both companies.",
    ...         "    The venture will be called BP/Standard Financial Trading",
    ...         "and will be operated by Standard Oil."]
    >>> is_hard_wrapped(wire)
    True
    >>> is_hard_wrapped(["A headline", "A whole paragraph on one line.", "Another one."])
    False
    """
    nonblank = [line for line in lines if line.strip()]
    if len(nonblank) < 2:
        return False
    width = max(len(line) for line in nonblank)
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return False
    base = min(indent(line) for line in nonblank)
    candidates = soft = sentence_ends = 0
    indent_style = False
    for prev, line in zip(lines, lines[1:]):
        if not prev.strip() or not line.strip():
            continue
        if indent(line) > base:
            indent_style = True
            continue
        candidates += 1
        if len(prev) + 1 + len(first_word(line)) > width - WRAP_SLACK:
            soft += 1
        if ends_sentence(prev):
            sentence_ends += 1
    return (soft >= (1 if indent_style else 3) and soft * 2 >= candidates
            and sentence_ends * 2 < candidates)


def reflow(lines: list[str], standalone: Callable[[str], bool] | None = None) -> list[str]:
    """Paragraphs (single-spaced, stripped) from raw lines.

    >>> reflow(["Showers continued throughout the week in",
    ...         "the Bahia cocoa zone.", "    The dry period means", "delays."])
    ['Showers continued throughout the week in the Bahia cocoa zone.', 'The dry period means delays.']
    >>> reflow(["Sub-headline", "Body line one.", "", "Next  paragraph"])
    ['Sub-headline', 'Body line one.', 'Next paragraph']

    ``standalone(line)`` marks lines (furniture) that copy not wrapped at a
    width never joins to a neighbour, even before a lower-case line.
    """
    nonblank = [line for line in lines if line.strip()]
    if not nonblank:
        return []
    base = min(indent(line) for line in nonblank)
    wrapped = is_hard_wrapped(lines)
    width = max(len(line) for line in nonblank)
    paras: list[str] = []
    current: list[str] = []
    prev = ""
    for line in lines:
        if not line.strip():
            if current:
                paras.append(" ".join(" ".join(current).split()))
                current = []
            prev = ""
            continue
        if current and not _joins(prev, line, base, wrapped, width, standalone):
            paras.append(" ".join(" ".join(current).split()))
            current = []
        current.append(line)
        prev = line
    if current:
        paras.append(" ".join(" ".join(current).split()))
    return paras


def _joins(prev: str, line: str, base: int, wrapped: bool, width: int,
           standalone: Callable[[str], bool] | None) -> bool:
    if indent(line) > base:
        return False
    if not wrapped:
        return continues(prev, line) and not (
            standalone is not None and (standalone(prev) or standalone(line)))
    if continues(prev, line):
        return True
    clearly_short = len(prev) + 1 + len(first_word(line)) <= width - WRAP_SLACK
    return not (clearly_short and ends_sentence(prev) and not ends_with_abbreviation(prev))
