"""Verification of candidate pairs: is one article a copy of another, and how?

``verify(a, b)`` decides from two fingerprints whether ``b`` is a copy of
``a`` and how (``exact``, ``near``, ``contained``, ``spun``), on exact set
arithmetic, so an LSH false positive never merges.  ``assign(fp, ...)``
picks the best verified canonical for one article (no chaining: a link to
a member counts only when its canonical confirms it).  ``preference_key``
orders articles so the best candidate for canonical of a story comes first.
The thresholds are ``settings.MatchSettings``; ``near`` is the user's
``--threshold``.
"""
from __future__ import annotations

import math
from typing import Callable, Iterable, NamedTuple

import numpy as np

from ..settings import MATCH, MatchSettings
from .fingerprint import Fingerprint


class Match(NamedTuple):
    """A verified link: ``id`` is a copy of ``canonical`` by ``relation``."""

    canonical: str
    id: str
    similarity: float
    relation: str


def _overlap(x: np.ndarray, y: np.ndarray) -> int:
    if not len(x) or not len(y):
        return 0
    return len(np.intersect1d(x, y, assume_unique=True))


def _share(x: np.ndarray, y: np.ndarray) -> float:
    """Share of the smaller set's elements also in the other (1.0 if one is empty)."""
    n = min(len(x), len(y))
    return _overlap(x, y) / n if n else 1.0


def scores(a: Fingerprint, b: Fingerprint) -> dict:
    """Exact similarity figures of a pair (small = the copy with fewer shingles)."""
    small, large = (a, b) if len(a.shingles) <= len(b.shingles) else (b, a)
    inter = _overlap(small.shingles, large.shingles)
    union = len(a.shingles) + len(b.shingles) - inter
    return {
        "jaccard": inter / union if union else 1.0,
        "containment": inter / len(small.shingles) if len(small.shingles) else 0.0,
        "small_shingles": len(small.shingles),
        "numbers": _share(small.numbers, large.numbers),
        "small_numbers": min(len(a.numbers), len(b.numbers)),
        "anchors": _share(small.anchors, large.anchors),
        "small_anchors": min(len(a.anchors), len(b.anchors)),
        "words": _share(small.words, large.words),
        "skeleton": _share(small.skeleton, large.skeleton),
    }


def numbers_agree(s: dict, th: MatchSettings) -> bool:
    """Do the figures of two texts agree?

    No shared number, or a small share of the smaller set's numbers
    (smoothed: ``(shared + 1) / (n + 1)``), means different stories:
    another quarter, another company, another result.
    """
    n = s["small_numbers"]
    if n <= 1:
        return True       # one figure is too little to tell stories apart
    shared = round(s["numbers"] * n)
    return shared > 0 and (shared + 1) / (n + 1) >= th.numbers


def verify(a: Fingerprint, b: Fingerprint, th: MatchSettings = MATCH) -> Match | None:
    """Is ``b`` a copy of ``a`` (or ``a`` of ``b``)?  The verified relation, or None.

    Numbers must agree (the smaller copy's numbers are mostly in the larger)
    before any relation but ``exact``: two formulaic stories about different
    companies or quarters share most words but not their figures.
    """
    if a.content_hash == b.content_hash:
        return Match(a.id, b.id, 1.0, "exact")
    s = scores(a, b)
    if not numbers_agree(s, th):
        return None
    spun = a.spun or b.spun
    if s["small_shingles"] < th.min_shingles:
        return None       # too short to tell a copy from a template: exact only
    if s["jaccard"] >= th.near:
        return Match(a.id, b.id, round(s["jaccard"], 4), "spun" if spun else "near")
    if s["containment"] >= th.contained and (s["small_anchors"] < th.few_anchors
                                             or s["anchors"] >= th.contained_anchors):
        return Match(a.id, b.id, round(s["containment"], 4), "spun" if spun else "contained")
    anchors_needed = th.spun_anchors_flagged if spun else th.spun_anchors
    enough_anchors = s["small_anchors"] >= th.min_anchors or (
        s["small_anchors"] >= th.few_anchors and s["skeleton"] >= th.strong_skeleton
        and s["words"] >= th.strong_words)
    if (enough_anchors and s["small_shingles"] >= th.min_spun
            and s["anchors"] >= anchors_needed and s["words"] >= th.spun_words
            and s["containment"] >= th.spun_shingles
            and (spun or s["skeleton"] >= th.spun_skeleton)):
        sim = (s["anchors"] + s["words"] + s["containment"]) / 3
        return Match(a.id, b.id, round(sim, 4), "spun")
    return None


def confirms(canonical: Fingerprint, fp: Fingerprint, th: MatchSettings = MATCH) -> bool:
    """Does the canonical vouch for a copy that matched one of its members?

    Looser than ``verify``: the copy's figures and names must be those of
    the canonical, and a fair share of its text, or of its words in the
    same skeleton (the canonical may be a spun copy clean did not flag).
    """
    s = scores(canonical, fp)
    if not numbers_agree(s, th):
        return False
    if s["small_anchors"] >= th.few_anchors and s["anchors"] < th.spun_anchors_flagged:
        return False
    return s["containment"] >= th.confirm or (s["words"] >= th.spun_words
                                              and s["skeleton"] >= th.spun_skeleton)


RELATIONS = ("exact", "near", "contained", "spun")   # best first, for ties


def _rank(m: Match) -> tuple:
    return (-m.similarity, RELATIONS.index(m.relation), m.canonical)


def assign(fp: Fingerprint, candidates: Iterable[Fingerprint],
           canonical_of: Callable[[str], str], get: Callable[[str], Fingerprint],
           th: MatchSettings = MATCH) -> Match | None:
    """The best verified link of ``fp`` to an existing story, or None.

    ``candidates`` are fingerprints of indexed articles (canonicals or
    members); ``canonical_of(id)`` names an article's canonical and
    ``get(id)`` fetches a fingerprint.  A direct match with a canonical is
    taken as is; a match with a member counts only when that member's
    canonical ``confirms`` the copy, and then links to the canonical.
    """
    best: Match | None = None
    for cand in candidates:
        m = verify(cand, fp, th)
        if m is None:
            continue
        canon_id = canonical_of(cand.id)
        if canon_id != cand.id:
            canon = get(canon_id)
            direct = verify(canon, fp, th)
            if direct is not None:
                m = direct
            elif confirms(canon, fp, th):
                m = Match(canon_id, fp.id, m.similarity, m.relation)
            else:
                continue
        m = Match(m.canonical, fp.id, m.similarity, m.relation)
        if best is None or _rank(m) < _rank(best):
            best = m
    return best


def preference_key(fp: Fingerprint) -> tuple:
    """Canonical preference, best first.

    Unspun before spun; longer (complete) before shorter (truncated), by
    the story's own shingles (furniture left out) in ~10% steps so small
    differences defer to metadata; richer
    metadata; earliest date (undated last); smallest id.
    """
    length_step = int(math.log(max(len(fp.shingles), 1), 1.1))
    return (fp.spun, -length_step, -fp.richness, fp.date or "\uffff", fp.id)
