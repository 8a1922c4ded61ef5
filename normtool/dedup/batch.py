"""One-shot dedup: a whole batch in memory, one canonical record per story.

1. Fingerprint every article (``fingerprint``), leaving out lines and
   shingles frequent in the batch (``boilerplate``).
2. Candidates from the batch's LSH buckets (``candidates``).
3. Place each article, best canonical first (``cluster.place``), verifying
   every candidate on exact set arithmetic (``verify``).

Output: canonical records in input order, each with ``cluster`` (derived
from the canonical id) and ``duplicates``.  Every input id appears exactly
once, as a record or in one ``duplicates`` list; texts are never changed.
Dedup compares the texts it is given: to match spun copies by their
repaired text, pass despun copies as ``matching`` (the runner does).
"""
from __future__ import annotations

import time
from typing import Iterable, Iterator, Sequence

from ..article import Article
from ..options import DedupOptions
from ..settings import MATCH, MatchSettings
from .boilerplate import boilerplate_lines
from .candidates import BatchCandidates, CandidateIndex
from .cluster import Placement, place, story_records
from .fingerprint import Fingerprint, fingerprints


def thresholds(options: DedupOptions) -> MatchSettings:
    """Verification settings with the user's ``--threshold``."""
    return MATCH._replace(near=options.threshold)


def dedup_articles(articles: Iterable[Article], options: DedupOptions = DedupOptions(),
                   stats: dict | None = None, matching: Sequence[Article] | None = None
                   ) -> Iterator[Article]:
    """Yield one canonical record per story, in input order, with its ``duplicates``.

    ``matching``: the same articles (same ids, same order) with the text to
    compare, e.g. despun; the records written are always ``articles``.
    ``stats`` gets the number of clusters and of copies by relation.
    """
    arts = list(articles)
    placement = _place(list(matching) if matching is not None else arts, options)
    if stats is not None:
        stats["clusters"] = len(placement.stories)
        for matches in placement.stories.values():
            for m in matches:
                stats[m.relation] = stats.get(m.relation, 0) + 1
    yield from story_records(arts, placement)


def group(fps: list[Fingerprint], options: DedupOptions = DedupOptions()) -> dict:
    """Canonical id -> verified matches of its copies, for fingerprints at hand."""
    return place(fps, thresholds(options), BatchCandidates(fps, options)).stories


def batch_fingerprints(arts: list[Article], options: DedupOptions) -> list[Fingerprint]:
    """Fingerprints with the batch's frequent lines and shingles left out."""
    boiler = boilerplate_lines((a.text for a in arts), options.boilerplate_docs)
    return fingerprints(arts, options.num_perm, options.shingle_size, options.match_words, boiler,
                        options.common_docs, jobs=options.jobs)


def _place(arts: list[Article], options: DedupOptions, seconds: dict | None = None
           ) -> Placement:
    """Fingerprint, find candidates, verify and cluster; ``seconds`` gets stage times."""
    clock = time.perf_counter
    t0 = clock()
    fps = batch_fingerprints(arts, options)
    t1 = clock()
    index = _TimedIndex(BatchCandidates(fps, options))
    t2 = clock()
    placement = place(fps, thresholds(options), index)
    t3 = clock()
    if seconds is not None:
        seconds["fingerprint"] = t1 - t0
        seconds["lsh"] = (t2 - t1) + index.seconds
        seconds["cluster"] = (t3 - t2) - index.seconds
    return placement


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
    _place(list(articles), options, seconds)
    return seconds


__all__ = ["dedup_articles", "batch_fingerprints", "group", "thresholds", "timed_stages"]
