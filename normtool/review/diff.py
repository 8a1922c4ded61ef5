"""Word-level diff of a copy against its canonical, stored compactly.

A text is split into words (runs of anything but ASCII space, tab, CR, LF)
and the separators between them; page.js splits with the same pattern, so
both sides agree on word numbers.  A copy is stored as ``ops`` against the
canonical's words (keep n, drop n, insert these words) plus the separators
where it differs from one space, so the page rebuilds the copy's exact text
without storing it twice.

>>> d = encode("The cat sat on the mat.", "The dog sat on the mat.")
>>> d
{'o': [1, -1, 'dog', 4]}
>>> decode("The cat sat on the mat.", d)
'The dog sat on the mat.'
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

# The same pattern is in page.js (WORD); change both together.
WORD = re.compile(r"[^ \t\n\r]+")
PARAGRAPH = "\n\n"


def split(text: str) -> tuple[list[str], list[str]]:
    """Words and the separators around them (one more separator than words).

    >>> split(" a b\\n\\nc")
    (['a', 'b', 'c'], [' ', ' ', '\\n\\n', ''])
    """
    return WORD.findall(text), WORD.split(text)


def word_count(text: str) -> int:
    """Words as the page counts them."""
    return len(WORD.findall(text))


def opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes of two word lists, computed on the part between their
    common prefix and suffix (most copies differ in a few places only)."""
    n = min(len(a), len(b))
    pre = 0
    while pre < n and a[pre] == b[pre]:
        pre += 1
    suf = 0
    while suf < n - pre and a[len(a) - 1 - suf] == b[len(b) - 1 - suf]:
        suf += 1
    mid_a, mid_b = a[pre:len(a) - suf], b[pre:len(b) - suf]
    codes = []
    if pre:
        codes.append(("equal", 0, pre, 0, pre))
    if mid_a or mid_b:
        sm = SequenceMatcher(None, mid_a, mid_b, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            codes.append((tag, i1 + pre, i2 + pre, j1 + pre, j2 + pre))
    if suf:
        codes.append(("equal", len(a) - suf, len(a), len(b) - suf, len(b)))
    return codes


def encode(canonical: str, copy: str) -> dict:
    """The copy as a diff against the canonical (see the module docstring).

    Keys: ``o`` ops (int > 0 keep, int < 0 drop, str insert words joined by
    one space), ``p`` separator numbers holding a paragraph break, ``x``
    other separators ``[number, text]``; separator 0 is before the first
    word, so a single space between words is the default everywhere but at
    the two ends, where it is the empty string.
    """
    a, _ = split(canonical)
    b, seps = split(copy)
    ops: list = []
    codes = opcodes(a, b) if a != b else [("equal", 0, len(a), 0, len(b))] if a else []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal":
            ops.append(i2 - i1)
            continue
        if i2 > i1:
            ops.append(i1 - i2)
        if j2 > j1:
            ops.append(" ".join(b[j1:j2]))
    out: dict = {"o": ops}
    para, other = [], []
    last = len(seps) - 1
    for k, sep in enumerate(seps):
        default = "" if k in (0, last) else " "
        if sep == default:
            continue
        if sep == PARAGRAPH and 0 < k < last:
            para.append(k)
        else:
            other.append([k, sep])
    if para:
        out["p"] = para
    if other:
        out["x"] = other
    return out


def decode(canonical: str, diff: dict) -> str:
    """The copy's text back from its diff (what page.js does, for tests)."""
    a, _ = split(canonical)
    words: list[str] = []
    pos = 0
    for op in diff["o"]:
        if isinstance(op, str):
            words += op.split(" ")
        elif op > 0:
            words += a[pos:pos + op]
            pos += op
        else:
            pos -= op
    seps = [""] + [" "] * max(len(words) - 1, 0) + ([""] if words else [])
    for k in diff.get("p", ()):
        seps[k] = PARAGRAPH
    for k, sep in diff.get("x", ()):
        seps[k] = sep
    return "".join(s + w for s, w in zip(seps, words + [""]))


def changed_words(canonical: str, copy: str) -> tuple[list[str], list[str]]:
    """Words only in the canonical and words only in the copy, in order."""
    a, _ = split(canonical)
    b, _ = split(copy)
    gone, new = [], []
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag != "equal":
            gone += a[i1:i2]
            new += b[j1:j2]
    return gone, new
