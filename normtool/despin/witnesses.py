"""What the other copies of a story say about a source of a spun copy.

A story often runs in the same corpus as its original and as near-identical
copies of it: a site's repost with a few typos, an editor's changed word.
When a spun copy is restored from such a copy (``siblings.restore``), every
place where that source differs from the original shows as a swap too, and
the restore would write the source's typos into the copy.  A third copy
settles it: where a member that is near-identical to the source agrees with
the spun copy, the spinner did not touch the word, and the source's word is
its own.

Where the spinner swapped a word the source misspelt, no copy agrees
with the spun one; so a member with misspellings no other member shares is
tried as a source after the rest (``misspelt``).

Only a near-identical member may vote: one that differs from the source at
no more places than twice its votes and ``witness_slack`` (a copy in other
number formats differs at some the spinner rewrote too); another spin of
the story differs from it at most of the spinner's swaps.  And it must be no twin of
the spun copy: where they agree, the copy's words may fit their context
clearly worse than the source's (``witness_margin``), and not as one word's
forms or abbreviations, at no more than ``witness_worse`` of the swaps (a
typo fits better than the word it misspells, an editor's word about as
well, "mln" is "million" abbreviated;
the same spin run twice, or cut short, agrees with the copy where it fits
worse, at the spinner's swaps).
"""
from __future__ import annotations

from typing import Sequence

from .. import settings
from .align import opcodes
from .context import Model, zipf
from .forms import editorial, spelling, variant
from .tokens import Tokens


def _agreed(copy: Tokens, member: Tokens) -> dict:
    """The copy's words that ``member`` has word for word: copy index -> member index."""
    return {i1 + k: j1 + k for op, i1, i2, j1, _ in opcodes(copy.keys, member.keys)
            if op == "equal" for k in range(i2 - i1)}


def _differences(a: Tokens, b: Tokens) -> int:
    """Places where two texts differ, leaving out a head or tail only one has
    (a copy cut short differs from its story by its cut, not in its words)."""
    ops = opcodes(a.keys, b.keys)
    return sum(op[0] != "equal" for op in ops[1:-1])


def _framed(s, agreed: dict) -> bool:
    """Does the member hold the swap's frame: the copy's words on either side
    of it, as far apart as in the copy?  (A cut copy aligns a stray word of
    its own with the copy's tail.)"""
    before, after = s.i1 - 1, s.i2
    return (before in agreed and after in agreed
            and agreed[after] - agreed[before] == after - before)


def _split(copy: Tokens, source: Tokens, found: Sequence, agreed: dict
           ) -> tuple[list, int, list]:
    """The swaps less the words the member agrees with the copy on, how
    many words those are, and the swaps they stand in.  A swap of one run of words for as many is judged
    word by word (a spinner's "kid priorities" beside a typo copy's "absolute
    prioriites": the member's "priorities" votes down the typo only); words
    the source adds are voted down where the member has none there either."""
    kept, votes, voted = [], 0, []
    for s in found:
        n = s.i2 - s.i1
        if not _framed(s, agreed):
            kept.append(s)
            continue
        if n == s.j2 - s.j1:
            own = [k for k in range(n) if s.i1 + k in agreed
                   and not variant(copy.keys[s.i1 + k], source.keys[s.j1 + k])]
            votes += len(own)
            voted += [s] if own else []
            kept += [s._replace(i1=s.i1 + k, i2=s.i1 + k + 1, j1=s.j1 + k, j2=s.j1 + k + 1)
                     for k in range(n) if k not in own] if own else [s]
        elif all(i in agreed for i in range(s.i1, s.i2)):
            votes += 1
            voted.append(s)
        else:
            kept.append(s)
    return kept, votes, voted


def _spinners(copy: Tokens, source: Tokens, s, margin: float) -> bool:
    """Is swap ``s`` a spinner's: the copy's words fit clearly worse
    (``margin``), and the two sides are not one word's forms, spellings or
    abbreviations ("mln" and "million", "percent" and "per cent")?"""
    a, b = copy.keys[s.i1:s.i2], source.keys[s.j1:s.j2]
    return s.gain >= margin and not (editorial("".join(a), "".join(b)) or len(a) == len(b)
                                     and all(editorial(x, y) for x, y in zip(a, b)))


def outvoted(copy: Tokens, source: Tokens, found: Sequence, members: Sequence[Tokens]) -> list:
    """``found``, the swaps that restore ``copy`` from ``source``, less those
    a near-identical member votes down.

    >>> orig = Tokens("The spy agency said the rebels had attacked a convoy near the "
    ...     "border and that three soldiers were killed in the morning.")
    >>> typo = Tokens("The spy agency said the rebles had attacked a convoy near the "
    ...     "border and that three soldiers were killed in the morning.")
    >>> spun = Tokens("The spy company mentioned the rebels had assaulted a convoy close to "
    ...     "the border and that three troopers were killed in the morning.")
    >>> from .siblings import swaps
    >>> found, _ = swaps(spun, typo)
    >>> [" ".join(typo.keys[s.j1:s.j2]) for s in outvoted(spun, typo, found, [orig])]
    ['agency said', 'attacked', 'near', 'soldiers']
    """
    cfg = settings.DESPIN
    kept = list(found)
    for member in members:
        rest, votes, voted = _split(copy, source, kept, _agreed(copy, member))
        if (votes and sum(_spinners(copy, source, s, cfg.witness_margin) for s in voted)
                <= cfg.witness_worse * len(voted)
                and _differences(member, source) <= 2 * votes + cfg.witness_slack):
            kept = rest
    return kept


def misspelt(member: Tokens, others: Sequence[Tokens], model: Model) -> int:
    """Words of ``member`` unknown to English where one of the story's
    ``others`` has, at the same place, a known word of nearly the same
    letters: a repost's typos of the story.  (A typo of the original's own,
    which its copies kept or cut, says nothing.)

    >>> from normtool.despin.context import load_model
    >>> a = Tokens("The comapny said slaes of the produer rose.")
    >>> b = Tokens("The company said sales of the produer rose.")
    >>> misspelt(a, [b], load_model()), misspelt(b, [a], load_model())
    (2, 0)
    """
    mine = member.keys
    found = set()
    for other in others:
        theirs = other.keys
        for op, i1, i2, j1, j2 in opcodes(mine, theirs):
            if op == "replace" and i2 - i1 == j2 - j1:
                found.update(i for i, j in zip(range(i1, i2), range(j1, j2))
                             if _typo(mine[i], theirs[j], model))
    return len(found)


def _typo(word: str, right: str, model: Model) -> bool:
    """``word`` is a misspelling of ``right``: unknown, and of nearly its letters."""
    return (word.isalpha() and word.islower() and not zipf(model, word)
            and zipf(model, right) > 0 and spelling(word, right))


__all__ = ["misspelt", "outvoted"]
