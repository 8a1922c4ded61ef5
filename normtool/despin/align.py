"""Word alignment of two texts, in time about linear in their length.

``despin.siblings`` aligns a spun copy with its source word for word.
difflib's matcher is quadratic or worse on long or repetitive texts, so a
long pair is first cut at anchors: word ``ANCHOR``-grams found once in each
text, in the same order in both.
"""
from __future__ import annotations

import bisect
import difflib
from typing import Sequence

ANCHOR, GAP = 4, 300      # anchor words; the longest stretch difflib aligns


def opcodes(a: Sequence[str], b: Sequence[str]) -> list:
    """difflib's opcodes for two word lists, in time about linear in their
    length: anchors kept where they come in the same order in both (a
    longest increasing chain), each stretch between them aligned by difflib
    when both sides are under ``GAP`` words, else counted one replaced block.

    >>> opcodes("a b c d".split(), "a x c d".split())
    [('equal', 0, 1, 0, 1), ('replace', 1, 2, 1, 2), ('equal', 2, 4, 2, 4)]
    """
    if len(a) <= GAP and len(b) <= GAP:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    anchors = _anchors(a, b)
    ops: list = []
    pi = pj = 0
    for i, j in anchors + [(len(a), len(b))]:
        if i > pi or j > pj:
            if i - pi <= GAP and j - pj <= GAP:
                ops += [(op, i1 + pi, i2 + pi, j1 + pj, j2 + pj) for op, i1, i2, j1, j2 in
                        difflib.SequenceMatcher(None, a[pi:i], b[pj:j], autojunk=False).get_opcodes()]
            else:
                ops.append(("replace" if i > pi and j > pj else "delete" if i > pi else "insert",
                            pi, i, pj, j))
        if i < len(a):
            ops.append(("equal", i, i + ANCHOR, j, j + ANCHOR))
            pi, pj = i + ANCHOR, j + ANCHOR
    merged: list = []
    for op in ops:                      # neighbouring equal stretches become one
        if merged and op[0] == "equal" == merged[-1][0]:
            merged[-1] = ("equal", merged[-1][1], op[2], merged[-1][3], op[4])
        else:
            merged.append(op)
    return merged


def _anchors(a: Sequence[str], b: Sequence[str]) -> list:
    """(i, j) starts of ``ANCHOR``-grams found once in each text, in the
    same order in both and not overlapping."""
    def once(seq):
        seen: dict = {}
        for k in range(len(seq) - ANCHOR + 1):
            g = tuple(seq[k:k + ANCHOR])
            seen[g] = -1 if g in seen else k
        return seen
    ua, ub = once(a), once(b)
    pairs = sorted((i, ub[g]) for g, i in ua.items() if i >= 0 and ub.get(g, -1) >= 0)
    # longest chain increasing in j (patience sorting), then no overlaps
    tails: list = []
    tail_at: list = []
    back: list = []
    for i, j in pairs:
        k = bisect.bisect_left(tails, j)
        back.append(tail_at[k - 1] if k else -1)
        if k == len(tails):
            tails.append(j)
            tail_at.append(len(back) - 1)
        else:
            tails[k], tail_at[k] = j, len(back) - 1
    chain, k = [], tail_at[-1] if tail_at else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    out: list = []
    for i, j in reversed(chain):
        if not out or (i >= out[-1][0] + ANCHOR and j >= out[-1][1] + ANCHOR):
            out.append((i, j))
    return out


__all__ = ["opcodes", "ANCHOR", "GAP"]
