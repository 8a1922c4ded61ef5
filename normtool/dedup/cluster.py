"""Clustering: the one loop that places a batch of articles into stories.

Articles are visited best-canonical-first (``verify.preference_key``):
unspun, complete (longer), richer metadata, earliest date, smallest id.
Each is linked to the best verified existing story (``verify.assign``) or
starts a story of its own, whose canonical it is (star clustering: copies
join a canonical, never each other, so A~B~C never chains A to an
unrelated C).  A last pass gives stories of one article a second chance
against the members placed after them; only single articles move.  Then
each story's head is settled among its full copies (``_settle_heads``):
a copy within one length step of the head with less leftover furniture,
or richer metadata, takes its place.

One-shot and incremental dedup share this loop; the only difference is
what a persistent index knows (``Known``): candidates among indexed
articles, their canonicals and fingerprints.  Indexed articles are
"before" every article of the batch, so an indexed canonical keeps its
story.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Protocol

import numpy as np

from ..article import Article
from ..settings import MatchSettings
from .candidates import CandidateIndex
from .fingerprint import Fingerprint
from .verify import LENGTH_STEP, Match, assign, preference_key, verify


class Known(Protocol):
    """What a persistent index contributes to placing a batch."""

    def candidates(self, fp: Fingerprint) -> set[str]:
        """Indexed articles that may be copies of ``fp`` (their stories are known)."""

    def canonical(self, article_id: str) -> str:
        """The canonical of an indexed article."""

    def get(self, article_id: str) -> Fingerprint:
        """The fingerprint of an indexed article."""

    def keeps_head(self, article_id: str) -> bool:
        """An indexed canonical whose text changed: it keeps heading its story."""

    def has_text(self, fp: Fingerprint, ids: Iterable[str]) -> bool:
        """An indexed article among ``ids`` has ``fp``'s matching text."""


@dataclass
class Placement:
    """Where each article of a batch went."""

    canonical_of: dict = field(default_factory=dict)   # batch id -> its canonical (itself if one)
    match_of: dict = field(default_factory=dict)       # batch id -> Match, for copies
    stories: dict = field(default_factory=dict)        # canonical id -> [Match] of its copies
    inserted: set = field(default_factory=set)         # batch ids with buckets of their own


def place(fps: list[Fingerprint], th: MatchSettings, index: CandidateIndex,
          known: Known | None = None) -> Placement:
    """Place every fingerprint of a batch; ``index`` holds the batch's buckets."""
    by_id = {fp.id: fp for fp in fps}
    out = Placement()
    canonical_of, match_of, stories = out.canonical_of, out.match_of, out.stories
    by_hash: dict[bytes, str] = {}

    def canon(i: str) -> str:
        return canonical_of[i] if i in canonical_of else known.canonical(i)

    def get(i: str) -> Fingerprint:
        return by_id[i] if i in by_id else known.get(i)

    for fp in sorted(fps, key=preference_key):
        first = by_hash.get(fp.content_hash) if len(fp.shingles) else None
        if known is not None and known.keeps_head(fp.id):
            m = None
        elif first is not None:
            # Same matching text as an article already placed: same story.
            prior = match_of.get(first)
            m = (Match(first, fp.id, 1.0, "exact") if prior is None
                 else Match(prior.canonical, fp.id, prior.similarity, prior.relation))
        else:
            ids = {i for i in index.query(fp) if i in canonical_of}
            if known is not None:
                ids |= known.candidates(fp)
            m = assign(fp, [get(i) for i in sorted(ids)], canon, get, th)
            if known is not None and len(fp.shingles) and known.has_text(fp, ids):
                first = ""   # same text as an indexed article: no buckets of its own
        if m is None:
            canonical_of[fp.id] = fp.id
            stories[fp.id] = []
        else:
            canonical_of[fp.id] = m.canonical
            match_of[fp.id] = m
            stories.setdefault(m.canonical, []).append(m)
        if first is None:
            index.insert(fp)
            out.inserted.add(fp.id)
        by_hash.setdefault(fp.content_hash, fp.id)
    _rehome_singletons(out, by_id, index, th, get, known)
    _settle_heads(out, by_id, th, known)
    _label_cuts(out, by_id)
    return out


def _settle_heads(out: Placement, by_id: dict, th: MatchSettings, known: Known | None) -> None:
    """Let the most central, then the agency's own and cleanest, full copy head each story.

    The visiting order ranks lengths in fixed ~10% steps, so of two full
    copies a few shingles apart (an edited copy, one line of furniture) the
    longer may lead only because a step boundary falls between them, and
    a republishing page leads the agency's own copy when its metadata is
    richer.  The pool is the head and its exact or near copies no more than
    one step shorter than it (same spun flag).  Its most central member
    (``_central``: the copy the others agree with most, so neither a copy
    with typos nor one with leftover furniture lines) is preferred, then
    the agency's own copy (``Fingerprint.relayed``), fewer furniture lines
    (``Fingerprint.stock``, less the story's own short lines, ``_own_lines``),
    more of those own lines, richer metadata; the first such in visiting
    order takes the head's place if every other member verifies against
    it.  Members never change, and date and id alone never move a head.
    An indexed head keeps its story.
    """
    stories, canonical_of, match_of = out.stories, out.canonical_of, out.match_of
    for cid in [c for c, ms in stories.items() if ms and c in by_id]:
        if known is not None and known.keeps_head(cid):
            continue
        head, matches = by_id[cid], stories[cid]
        if not all(m.id in by_id for m in matches):
            continue
        own = _own_lines([head] + [by_id[m.id] for m in matches])
        pool = [by_id[m.id] for m in matches if m.relation in ("exact", "near")]
        # A head with spun copies only may be the spun one (not flagged, longer for the
        # phrases a spinner writes): its copies, if they agree with each other, may lead.
        spun_only = not pool
        pool = [head] + (pool or [by_id[m.id] for m in matches if m.relation == "spun"])
        pool = sorted((fp for fp in pool if fp.spun == head.spun), key=preference_key)
        central, twinned, held = _central(pool[:CENTRAL_POOL], th)
        # A copy that another copy holds (a cut copy) may not lead; a shorter copy
        # may, when another copy has its very text: a text two pages carry is the
        # story's, and a longer page's surplus its own furniture.
        # (The story's own lines left out as stock count as its text, about a
        # shingle a word: a copy that keeps its own variant of such a line is
        # not longer than the original for it.)
        pool = [fp for fp in pool if fp.id == cid or fp.id in twinned or (
            fp.id not in held and _length(fp, own) * LENGTH_STEP >= _length(head, own))]

        def rank(fp: Fingerprint) -> tuple:
            return (-central.get(fp.id, 0.0), _tidiness(fp, own))
        best = min(pool, key=lambda fp: (rank(fp), preference_key(fp)))
        if best.id == cid or rank(best) >= rank(head) or (
                spun_only and central.get(best.id, 0.0) <= central.get(cid, 0.0)):
            continue
        moved = [verify(best, by_id[i], th) for i in [cid] + [m.id for m in matches] if i != best.id]
        if any(m is None for m in moved):
            continue
        del stories[cid], match_of[best.id]
        stories[best.id] = [Match(best.id, m.id, m.similarity, m.relation) for m in moved]
        for m in stories[best.id]:
            canonical_of[m.id], match_of[m.id] = best.id, m
        canonical_of[best.id] = best.id


CENTRAL_POOL = 32   # full copies compared pairwise for centrality (the first, in visiting order)


def _central(pool: list[Fingerprint], th: MatchSettings) -> tuple[dict, set, set]:
    """Each copy's summed shingle Jaccard with the other copies of ``pool``;
    the copies whose shingles another copy has exactly (twins); the copies
    a longer one holds (``th.contained`` of their shingles: a cut copy).

    The original agrees with every copy; a copy with typos, other spellings
    or leftover furniture agrees less with the rest than the original does
    (its changes are its own).  Exact copies score alike.  Of two copies
    the scores are equal: no evidence, the other keys decide.
    """
    score = {fp.id: 0.0 for fp in pool}
    twinned: set = set()
    held: set = set()
    if len(pool) < 3:
        return score, twinned, held
    for i, a in enumerate(pool):
        for b in pool[i + 1:]:
            inter = len(np.intersect1d(a.shingles, b.shingles, assume_unique=True))
            union = len(a.shingles) + len(b.shingles) - inter
            j = inter / union if union else 1.0
            if inter == union:
                twinned |= {a.id, b.id}
            elif len(a.shingles) != len(b.shingles):
                small = a if len(a.shingles) < len(b.shingles) else b
                if inter >= th.contained * len(small.shingles):
                    held.add(small.id)
            score[a.id] += j
            score[b.id] += j
    # rounded, so that sums in another order cannot split exact ties
    return {i: round(v, 9) for i, v in score.items()}, twinned, held


def _tidiness(fp: Fingerprint, own: frozenset = frozenset()) -> tuple:
    """The agency's own copy, fewer furniture lines, more of the story's own
    short lines (``own``: left out as stock, see ``_own_lines``), richer
    metadata (smaller is better)."""
    mine = sum(line[0] in own for line in fp.stock_lines)
    return (fp.relayed, fp.stock - mine, -mine, -fp.richness)


def _length(fp: Fingerprint, own: frozenset) -> int:
    """Shingles, and the words of the story's own lines left out as stock (a shingle a word)."""
    return len(fp.shingles) + sum(line[2] for line in fp.stock_lines if line[0] in own)


def _own_lines(members: list[Fingerprint]) -> frozenset:
    """Keys of the stock lines that only this story's copies have.

    A short line in several texts of the batch is left out as furniture
    (``boilerplate``), and so is a short paragraph of a story that has that
    many copies: "The company did not give terms." at the end of three
    copies.  Counting it as furniture makes a copy cut before it, or with
    a typo in it, look cleaner than the full original; a line whose every
    text in the batch is in this story is the story's own.
    """
    carriers: dict = {}
    batch: dict = {}
    for fp in members:
        for key, n, _ in set(fp.stock_lines):
            carriers[key] = carriers.get(key, 0) + 1
            batch[key] = n
    return frozenset(k for k, n in carriers.items() if n == batch[k])


def _label_cuts(out: Placement, by_id: dict) -> None:
    """A copy with the head's very shingles that lacks some of the story's
    own lines the head has is ``contained``, not ``exact`` (or ``near`` 1.0).

    The matching text leaves out stock lines, so a copy cut before the
    story's last short paragraph ("The company did not give terms.", left
    out of every copy that has it) has the head's matching text (less the
    figures of the line, if it has any); it is cut short all the same.
    So is a copy whose last line, cut short, was the opening of a stock
    line (listed with 0 words, ``fingerprint._counted``).
    """
    for cid, matches in out.stories.items():
        if not matches or cid not in by_id or not by_id[cid].stock_lines or not all(
                m.id in by_id for m in matches):
            continue
        head = by_id[cid]
        own = _own_lines([head] + [by_id[m.id] for m in matches])
        mine = {line[0] for line in head.stock_lines if line[0] in own}
        for k, m in enumerate(matches):
            same = m.relation == "exact" or (m.relation == "near" and m.similarity == 1.0)
            lines = by_id[m.id].stock_lines
            if same and (mine - {line[0] for line in lines} or any(not line[2] for line in lines)):
                matches[k] = out.match_of[m.id] = m._replace(relation="contained")


def _rehome_singletons(out: Placement, by_id: dict, index: CandidateIndex, th: MatchSettings,
                       get, known: Known | None) -> None:
    """Second look for stories of one article, now that every article is placed.

    A copy visited before the members it matches (an unflagged spun copy
    is not known to be spun, and may come early) started its own story;
    it joins another story if it verifies against one of its members and
    that story's canonical confirms it (``assign``).  Only single
    articles move, so no two stories are ever chained together.  An indexed
    canonical that keeps its story (its copies are indexed) never moves.
    """
    stories, canonical_of = out.stories, out.canonical_of
    singles = sorted((c for c, ms in stories.items() if not ms and c in by_id
                      and not (known is not None and known.keeps_head(c))),
                     key=lambda c: preference_key(by_id[c]))
    for cid in singles:
        fp = by_id[cid]
        cands = [by_id[i] for i in sorted(index.query(fp))
                 if i != cid and canonical_of.get(i, i) != cid and canonical_of.get(i) != i]
        m = assign(fp, cands, canonical_of.__getitem__, get, th)
        if m is None or m.canonical not in stories:
            continue
        del stories[cid]
        stories[m.canonical].append(m)
        canonical_of[cid] = m.canonical
        out.match_of[cid] = m


def cluster_id(canonical_id: str) -> str:
    """Stable cluster id: the same canonical always gives the same id."""
    return hashlib.blake2b(canonical_id.encode("utf-8"), digest_size=8).hexdigest()


def kept_duplicates(art: Article) -> list[dict]:
    return [d for d in (art.duplicates or []) if isinstance(d, dict) and "id" in d]


def story_records(articles: Iterable[Article], placement: Placement,
                  cluster_of=cluster_id) -> Iterator[Article]:
    """One record per story headed by a batch article, in input order.

    Each canonical carries ``cluster`` and ``duplicates`` ``[{id, similarity,
    relation}]`` sorted by similarity (desc) then id.  Records that are
    themselves canonicals of an earlier run keep the copies they stood for:
    when such a record joins another story, its ``duplicates`` move to the
    new canonical.
    """
    arts = list(articles)
    by_id = {a.id: a for a in arts}
    for art in arts:
        if placement.canonical_of.get(art.id) != art.id:
            continue
        dups = kept_duplicates(art)
        for m in placement.stories.get(art.id, []):
            dups.append({"id": m.id, "similarity": m.similarity, "relation": m.relation})
            dups.extend(kept_duplicates(by_id[m.id]))
        dups.sort(key=lambda d: (-d["similarity"], d["id"]))
        yield art.replace(cluster=cluster_of(art.id), duplicates=dups)


def report_line(record: Article) -> dict:
    """The ``--report`` line of one canonical record."""
    members = [{"id": record.id, "relation": "canonical", "similarity": 1.0}]
    members += [{"id": d["id"], "relation": d.get("relation"), "similarity": d.get("similarity")}
                for d in record.duplicates or []]
    return {"cluster": record.cluster, "canonical": record.id, "members": members,
            "size": len(members)}


__all__ = ["Known", "Placement", "place", "story_records", "cluster_id", "report_line",
           "kept_duplicates"]
