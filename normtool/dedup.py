"""Dedup step: group copies of a story and keep one canonical record per story.

Design (for anyone plugging in a persistent index, issue #6):

1. Fingerprint (``fingerprint.py``).  ``fingerprints(articles, num_perm,
   shingle_size)`` turns each article into a ``Fingerprint``: exact shingle,
   anchor, number and word hash sets plus three MinHash signatures (whole
   text, head, anchors).  ``Fingerprint.to_bytes()`` / ``from_bytes()`` is
   the opaque ``IndexEntry.payload``; ``content_hash`` is its content hash.
2. Candidates (``CandidateIndex``: ``insert(fp)`` / ``query(fp) -> ids``).
   Batch runs use ``BatchCandidates``: the LSH buckets (datasketch's
   bands and rows) of all three signatures of the whole batch, built in
   one numpy pass (tests check it answers as datasketch ``MinHashLSH``
   does, one article at a time).  A persistent backend provides the same
   two calls with
   ``band_keys(fp, lsh_params)`` -> ``IndexBackend.add_buckets`` /
   ``query_buckets``: the keys of all three signatures, numbered band after
   band, so (band, key) never collide across signatures.
3. Decision (``cluster.assign``).  For one article and its candidates'
   fingerprints, the best *verified* link to an existing canonical (exact
   set arithmetic: Jaccard, containment, anchors, numbers), or None, in
   which case the article starts a story.  A candidate that is itself a
   member only counts when its canonical ``confirms`` the article, so
   A~B~C never chains A to an unrelated C.  Incremental mode calls the same
   function with candidates from the index.
4. Order.  Articles are visited best-canonical-first
   (``cluster.preference_key``): unspun, complete (longer), richer
   metadata, earliest date, smallest id.  The first of a story becomes its
   canonical; later copies join it (star clustering).  A last pass gives
   stories of one article a second chance against the members placed
   after them (``_rehome_singletons``); only single articles move.

Output: canonical records in input order, each with ``cluster`` (stable:
derived from the canonical id) and ``duplicates`` ``[{id, similarity,
relation}]`` sorted by similarity (desc) then id.  Every input id appears
exactly once, as a record or in one ``duplicates`` list.  The text is never
changed by fingerprinting.
"""
from __future__ import annotations

import hashlib
import time
from typing import Iterable, Iterator, Protocol

import numpy as np

from .article import Article
from .cluster import Match, Thresholds, assign, preference_key
from .fingerprint import Fingerprint, boilerplate_lines, fingerprints
from .options import DedupOptions

HEAD_LSH_THRESHOLD = 0.5     # head signature: briefs and cut-short copies
ANCHOR_LSH_THRESHOLD = 0.4   # anchor signature: spun copies
RELATION_ORDER = {"exact": 0, "near": 1, "contained": 2, "spun": 3}


class CandidateIndex(Protocol):
    """Where dedup looks for possible copies (LSH in memory, or a backend)."""

    def insert(self, fp: Fingerprint) -> None: ...

    def query(self, fp: Fingerprint) -> set[str]: ...


def candidate_threshold(options: DedupOptions) -> float:
    """LSH threshold of the whole-text signature: well below the verified one."""
    if options.lsh_threshold is not None:
        return options.lsh_threshold
    return max(0.1, options.threshold - 0.2)


def lsh_params(options: DedupOptions) -> list[tuple[int, int]]:
    """(bands, rows) of the three LSH paths: whole text, head, anchors."""
    from datasketch import MinHashLSH
    main = (options.bands, options.rows) if options.bands and options.rows else None
    out = []
    for thr, params in ((candidate_threshold(options), main), (HEAD_LSH_THRESHOLD, None),
                        (ANCHOR_LSH_THRESHOLD, None)):
        lsh = MinHashLSH(threshold=thr, num_perm=options.num_perm, params=params)
        out.append((lsh.b, lsh.r))
    return out


def band_keys(fp: Fingerprint, params: list[tuple[int, int]]) -> list[bytes]:
    """Bucket keys of all three signatures, band after band (for index backends).

    Key ``i`` belongs to band ``i``; an empty text (all-max signature) gets
    no buckets worth sharing, so it is keyed by its content hash instead.
    """
    keys = []
    for sig, (b, r) in zip((fp.sig, fp.head_sig, fp.anchor_sig), params):
        for i in range(b):
            keys.append(sig[i * r:(i + 1) * r].astype("<u4").tobytes())
    return keys


class BatchCandidates:
    """The LSH buckets of a whole batch, built at once.

    Same three signatures, same (bands, rows) as datasketch picks, same
    rule: two articles are candidates when all rows of one band of one
    signature agree.  Only the bookkeeping differs: every band of every
    article is hashed to a 64-bit key in one numpy pass and grouped by
    sorting, and only buckets holding two or more articles are kept, so
    a query costs a few list lookups instead of one dict probe per band.
    (Two different bands colliding on a 64-bit key would only add a
    candidate, which verification then rejects.)  ``insert``/``query``
    keep the ``CandidateIndex`` contract: ``query`` returns inserted ids.
    """

    def __init__(self, fps: list[Fingerprint], options: DedupOptions = DedupOptions()):
        self.ids = [fp.id for fp in fps]
        self.row = {i: n for n, i in enumerate(self.ids)}
        self.inserted = [False] * len(fps)
        # Shared buckets as flat lists: bucket b's members are
        # members[starts[b]:starts[b + 1]]; article n's buckets are
        # buckets[first[n]:first[n + 1]].
        self.members: list[int] = []
        self.starts: list[int] = [0]
        self.buckets: list[int] = []
        self.first: list[int] = [0] * (len(fps) + 1)
        if not fps:
            return
        has_text = np.array([len(fp.shingles) > 0 for fp in fps])
        has_anchors = np.array([len(fp.anchors) > 0 for fp in fps])
        keys, owners = [], []
        band = 0
        for name, mask, (b, r) in zip(("sig", "head_sig", "anchor_sig"),
                                      (has_text, has_text, has_anchors), lsh_params(options)):
            rows = np.nonzero(mask)[0]
            sigs = np.stack([getattr(fps[i], name) for i in rows]) if len(rows) else None
            for i in range(b):
                band += 1
                if sigs is not None:
                    keys.append(_band_hash(sigs[:, i * r:(i + 1) * r], band))
                    owners.append(rows)
        if not keys:
            return
        key, owner = np.concatenate(keys), np.concatenate(owners)
        order = np.argsort(key, kind="stable")
        key, owner = key[order], owner[order]
        new_run = np.r_[True, key[1:] != key[:-1]]
        run = np.cumsum(new_run) - 1
        shared = np.bincount(run)[run] > 1          # buckets of two or more articles
        run, owner = run[shared], owner[shared]
        if not len(run):
            return
        bucket = np.cumsum(np.r_[True, run[1:] != run[:-1]]) - 1
        self.members = owner.tolist()
        self.starts = np.r_[0, np.cumsum(np.bincount(bucket))].tolist()
        by_owner = np.argsort(owner, kind="stable")
        self.buckets = bucket[by_owner].tolist()
        self.first = np.r_[0, np.cumsum(np.bincount(owner, minlength=len(fps)))].tolist()

    def insert(self, fp: Fingerprint) -> None:
        n = self.row.get(fp.id)
        if n is not None and (len(fp.shingles) or len(fp.anchors)):
            self.inserted[n] = True

    def query(self, fp: Fingerprint) -> set[str]:
        n = self.row.get(fp.id)
        if n is None:
            return set()
        members, starts = self.members, self.starts
        seen: set[int] = {n}        # an inserted article is in its own buckets
        for b in self.buckets[self.first[n]:self.first[n + 1]]:
            seen.update(members[starts[b]:starts[b + 1]])
        ins, ids = self.inserted, self.ids
        return {ids[m] for m in seen if ins[m]}


_K1 = np.uint64(0x9E3779B97F4A7C15)


def _band_hash(rows: np.ndarray, band: int) -> np.ndarray:
    """A 64-bit key per row of one band of signatures (band number mixed in)."""
    with np.errstate(over="ignore"):
        h = np.full(len(rows), np.uint64(band), dtype=np.uint64)
        for col in rows.T.astype(np.uint64):
            h = (h ^ col) * _K1
            h ^= h >> np.uint64(29)
    return h


def cluster_id(canonical_id: str) -> str:
    """Stable cluster id: the same canonical always gives the same id."""
    return hashlib.blake2b(canonical_id.encode("utf-8"), digest_size=8).hexdigest()


def thresholds(options: DedupOptions) -> Thresholds:
    return Thresholds(near=options.threshold)


def group(fps: list[Fingerprint], options: DedupOptions = DedupOptions(),
          index: CandidateIndex | None = None) -> dict[str, list[Match]]:
    """Canonical id -> verified matches of its copies (star clustering)."""
    th = thresholds(options)
    index = index if index is not None else BatchCandidates(fps, options)
    by_id = {fp.id: fp for fp in fps}
    canonical_of: dict[str, str] = {}
    by_hash: dict[bytes, str] = {}
    stories: dict[str, list[Match]] = {}
    match_of: dict[str, Match] = {}
    for fp in sorted(fps, key=preference_key):
        first = by_hash.get(fp.content_hash) if len(fp.shingles) else None
        if first is not None:
            # Same matching text as an article already placed: same story.
            prior = match_of.get(first)
            m = (Match(first, fp.id, 1.0, "exact") if prior is None
                 else Match(prior.canonical, fp.id, prior.similarity, prior.relation))
        else:
            cands = [by_id[i] for i in sorted(index.query(fp)) if i in canonical_of]
            m = assign(fp, cands, canonical_of.__getitem__, by_id.__getitem__, th)
        if m is None:
            canonical_of[fp.id] = fp.id
            stories[fp.id] = []
        else:
            canonical_of[fp.id] = m.canonical
            match_of[fp.id] = m
            stories[m.canonical].append(m)
        if first is None:
            by_hash[fp.content_hash] = fp.id
            index.insert(fp)
    _rehome_singletons(stories, canonical_of, match_of, by_id, index, th)
    return stories


def _rehome_singletons(stories, canonical_of, match_of, by_id, index, th) -> None:
    """Second look for stories of one article, now that every article is placed.

    A copy visited before the members it matches (an unflagged spun copy
    is not known to be spun, and may come early) started its own story;
    it joins another story if it verifies against one of its members and
    that story's canonical confirms it (``assign``).  Only single
    articles move, so no two stories are ever chained together.
    """
    singles = sorted((c for c, ms in stories.items() if not ms),
                     key=lambda c: preference_key(by_id[c]))
    for cid in singles:
        fp = by_id[cid]
        cands = [by_id[i] for i in sorted(index.query(fp))
                 if i != cid and canonical_of.get(i, i) != cid and canonical_of.get(i) != i]
        m = assign(fp, cands, canonical_of.__getitem__, by_id.__getitem__, th)
        if m is None or m.canonical not in stories:
            continue
        del stories[cid]
        stories[m.canonical].append(m)
        canonical_of[cid] = m.canonical
        match_of[cid] = m


def _sort_duplicates(dups: list[dict]) -> list[dict]:
    return sorted(dups, key=lambda d: (-d["similarity"], d["id"]))


def dedup_articles(articles: Iterable[Article], options: DedupOptions = DedupOptions(),
                   stats: dict | None = None) -> Iterator[Article]:
    """Yield one canonical record per story, in input order, with its ``duplicates``.

    Records that are themselves canonicals of an earlier run keep the
    copies they stood for: when such a record joins another story, its
    ``duplicates`` move to the new canonical.
    """
    arts = list(articles)
    stories = _stories(arts, options)
    by_id = {a.id: a for a in arts}
    if stats is not None:
        stats["clusters"] = len(stories)
        for matches in stories.values():
            for m in matches:
                stats[m.relation] = stats.get(m.relation, 0) + 1
    for art in arts:
        if art.id not in stories:
            continue
        dups = [d for d in (art.duplicates or []) if isinstance(d, dict) and "id" in d]
        for m in stories[art.id]:
            dups.append({"id": m.id, "similarity": m.similarity, "relation": m.relation})
            dups.extend(d for d in (by_id[m.id].duplicates or [])
                        if isinstance(d, dict) and "id" in d)
        yield art.replace(cluster=cluster_id(art.id), duplicates=_sort_duplicates(dups))


def _stories(arts: list[Article], options: DedupOptions, seconds: dict | None = None
             ) -> dict[str, list[Match]]:
    """Fingerprint, find candidates, verify and cluster; ``seconds`` gets stage times."""
    clock = time.perf_counter
    t0 = clock()
    boiler = boilerplate_lines((a.text for a in arts), options.boilerplate_docs)
    fps = fingerprints(arts, options.num_perm, options.shingle_size, options.match_words, boiler,
                       options.common_docs, jobs=options.jobs)
    t1 = clock()
    index = _TimedIndex(BatchCandidates(fps, options))
    t2 = clock()
    stories = group(fps, options, index)
    t3 = clock()
    if seconds is not None:
        seconds["fingerprint"] = t1 - t0
        seconds["lsh"] = (t2 - t1) + index.seconds
        seconds["cluster"] = (t3 - t2) - index.seconds
    return stories


class _TimedIndex:
    """A ``CandidateIndex`` that adds up the time spent in it (for ``timed_stages``)."""

    def __init__(self, index: CandidateIndex):
        self.index, self.seconds = index, 0.0

    def insert(self, fp: Fingerprint) -> None:
        t = time.perf_counter()
        self.index.insert(fp)
        self.seconds += time.perf_counter() - t

    def query(self, fp: Fingerprint) -> set[str]:
        t = time.perf_counter()
        found = self.index.query(fp)
        self.seconds += time.perf_counter() - t
        return found


def timed_stages(articles: Iterable[Article], options: DedupOptions = DedupOptions()) -> dict:
    """Seconds spent fingerprinting, in LSH (building buckets and querying)
    and clustering (verification and star clustering), for ``make bench``."""
    seconds: dict = {}
    _stories(list(articles), options, seconds)
    return seconds


def report_line(record: Article) -> dict:
    """The ``--report`` line of one canonical record."""
    members = [{"id": record.id, "relation": "canonical", "similarity": 1.0}]
    members += [{"id": d["id"], "relation": d.get("relation"), "similarity": d.get("similarity")}
                for d in record.duplicates or []]
    return {"cluster": record.cluster, "canonical": record.id, "members": members,
            "size": len(members)}


__all__ = ["dedup_articles", "group", "BatchCandidates", "CandidateIndex", "band_keys",
           "lsh_params", "cluster_id", "report_line"]
