"""Streaming one-shot dedup: the corpus on disk, memory set by a budget.

``StreamDedup`` gives the same records as ``batch.dedup_articles`` (byte for
byte) without holding the corpus: articles are spooled to a work folder,
the stages of ``stages`` run as tasks of an engine (the local pool, or Dask)
over ranges of articles and partitions of their hashes, and only a few
numbers per article stay in memory (canonical, similarity, relation:
13 bytes).  ``--memory`` sets the size of map tasks and the number of
partitions; the corpus size sets only how many there are.

    sd = StreamDedup(options, memory=2**30)
    for article in articles:
        sd.add(article)
    stats = sd.run()
    for record in sd.records():      # canonical records, in input order
        ...
    sd.close()
"""
from __future__ import annotations

import itertools
import math
import os
import re
import time
from typing import Iterator

import numpy as np

from .. import settings
from ..article import Article
from ..options import DedupOptions
from .boilerplate import line_threshold
from .cluster import kept_duplicates, cluster_id
from .spill import SpoolWriter, Spool, WorkDir, range_bounds, range_partition, save_array
from .stages import BLOCK, Job, blocks_task, buckets_reduce, cluster_task, common_reduce, \
    finish_task, lines_reduce, lines_task, select_reduce, store, verify_reduce
from .verify import RELATIONS

DEFAULT_MEMORY = "1G"
# Bytes a map task holds per article at its peak (fingerprints of the task,
# band keys, hashes); and per article of the data each reduce stage sorts,
# with numpy's working copies.  Measured on bench.scale corpora.
MAP_BYTES = 16_000
REDUCE_BYTES = {"lines": 400, "common": 12_000, "bands": 8_000, "pairs": 4_000}
MAX_TASK = 64 * BLOCK


def parse_memory(text: str) -> int:
    """``"1G"``, ``"512M"``, ``"2.5G"`` or bytes -> bytes.

    >>> parse_memory("1G"), parse_memory("512m"), parse_memory("1000000")
    (1073741824, 536870912, 1000000)
    """
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)[bB]?\s*", text)
    if not m:
        raise ValueError(f"not a size: {text!r} (e.g. 512M, 2G)")
    scale = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}[m[2].lower()]
    size = float(m[1]) * scale
    if not math.isfinite(size):     # hundreds of digits: no int of it
        raise ValueError(f"not a size: {text!r} (too large)")
    return int(size)


class StreamDedup:
    """One streaming dedup run: spool, stages, then canonical records."""

    def __init__(self, options: DedupOptions = DedupOptions(), memory: int = 2**30,
                 work_dir: str | None = None, engine=None, task_articles: int | None = None):
        from ..workers import LocalEngine
        self.options, self.memory, self.task_articles = options, memory, task_articles
        self.engine = engine or LocalEngine(options.jobs)
        self.work = WorkDir(work_dir)
        self._records = SpoolWriter(self.work.file("records"))
        self.spool: Spool | None = None
        self.job: Job | None = None
        self.first_source: int | None = None    # articles from here on are sources
        self.seconds: dict[str, float] = {}

    # ------------------------------------------------------------- input
    def add(self, article: Article, source: bool = False) -> None:
        """Spool ``article``; a ``source`` is compared, never yielded by
        ``members`` (sources come after every other article)."""
        if source and self.first_source is None:
            self.first_source = len(self._records)
        elif not source and self.first_source is not None:
            raise ValueError("every source comes after the articles")
        self._records.append(article)

    def __len__(self) -> int:
        return len(self.spool) if self.spool is not None else len(self._records)

    # ------------------------------------------------------------ stages
    def _plan(self, n: int) -> Job:
        """Task size and partitions from the budget (shared by ``jobs`` workers and us)."""
        share = self.memory // (self.options.jobs + 1)
        size = self.task_articles or max(BLOCK, min(MAX_TASK, share // MAP_BYTES // BLOCK * BLOCK,
                                                    _task_size(n, self.engine.jobs)))
        bounds = [(lo, min(n, lo + size)) for lo in range(0, n, size)]

        def parts(per_article: int) -> int:
            need = -(-n * per_article // max(share, 1))
            return 1 << max(0, (need - 1).bit_length())
        opts = self.options
        job = Job(work=self.work.path, n=n, bounds=bounds, options=opts, match=settings.MATCH,
                  parts={k: parts(v) for k, v in REDUCE_BYTES.items()})
        job.boilerplate = line_threshold(n, opts.boilerplate_docs)
        common = max(opts.common_docs, n // 25) if opts.common_docs > 0 else 0
        job.common = common if n >= common else 0
        return job

    def run(self) -> dict:
        """Every stage; returns the stats ``dedup_articles`` gives (clusters, relations).

        ``self.seconds`` gets the wall time of each stage.
        """
        self.spool = self._records.close()
        n = len(self.spool)
        job = self.job = self._plan(n)
        if n == 0:      # every record rejected: nothing to run, nothing to write
            self.canon = self.place = np.empty(0, np.int64)
            return {"clusters": 0}
        eng, tasks = self.engine, range(len(job.bounds))
        clock = _Clock(self.seconds)
        job.despun = [t for t, wrote in zip(tasks, eng.map(lines_task, job, tasks)) if wrote]
        keys = (eng.map(lines_reduce, job, range(job.parts["lines"])) if job.boilerplate > 0
                else [])
        for k, name in enumerate(("boilerplate.npy", "boilerplate_counts.npy")):
            save_array(job.path(name), np.concatenate([c[k] for c in keys])
                       if keys else np.empty(0, np.uint64))
        clock("lines")
        eng.map(blocks_task, job, tasks)
        common = (eng.map(common_reduce, job, range(job.parts["common"])) if job.common > 0
                  else [])
        for k, name in enumerate(("common.npy", "common_anchors.npy")):
            save_array(job.path(name), np.concatenate([c[k] for c in common])
                       if common else np.empty(0, np.uint64))
        clock("blocks")
        eng.map(finish_task, job, tasks)
        fps = store(job)
        save_array(job.path("rank.npy"), fps.column("rank"))
        clock("finish")
        eng.map(buckets_reduce, job, range(job.parts["bands"]))
        clock("buckets")
        eng.map(select_reduce, job, range(job.parts["pairs"]))
        clock("select")
        eng.map(verify_reduce, job, range(job.parts["pairs"]))
        clock("verify")
        groups = self._components(job, fps)
        clock("components")
        self.canon = np.arange(n, dtype=np.int64)
        self.sim = np.ones(n, dtype=np.float64)
        self.rel = np.full(n, -1, dtype=np.int8)
        self.place = np.zeros(n, dtype=np.int32)
        for res in eng.map(cluster_task, job, range(groups)):
            a = res["article"]
            self.canon[a], self.sim[a] = res["canonical"], res["similarity"]
            self.rel[a], self.place[a] = res["relation"], res["place"]
        clock("cluster")
        stats = {"clusters": int((self.canon == np.arange(n)).sum())}
        for code, count in zip(*np.unique(self.rel[self.rel >= 0], return_counts=True)):
            stats[RELATIONS[code]] = int(count)
        return stats

    def _components(self, job: Job, fps) -> int:
        """Connected components of verified pairs and of exact copies, in groups
        of about equal size for ``cluster_task``; returns the number of groups."""
        n = job.n
        parts = job.parts["pairs"]
        edges = [np.load(job.path("kept", f"e{q:04d}.npy")) for q in range(parts)]
        a = np.concatenate([e[0] for e in edges] + [np.empty(0, np.int64)])
        b = np.concatenate([e[1] for e in edges] + [np.empty(0, np.int64)])
        # Exact copies with text are one story whether or not they are candidates.
        hashes, text = fps.column("hash"), fps.column("text")
        with_text = np.flatnonzero(text)
        if len(with_text):
            h = hashes[with_text]
            order = np.lexsort((with_text, h[:, 1], h[:, 0]))
            same = (h[order][1:] == h[order][:-1]).all(axis=1)
            a = np.r_[a, with_text[order][:-1][same]]
            b = np.r_[b, with_text[order][1:][same]]
        label = _components(n, a, b)
        size = np.bincount(label, minlength=n)
        members = np.flatnonzero(size[label] > 1)
        comp = label[members]
        order = np.lexsort((members, comp))
        members, comp = members[order], comp[order]
        kept = [np.load(job.path("kept", f"q{q:04d}.npy")) for q in range(parts)]
        pairs = np.concatenate(kept + [np.empty((2, 0), np.int64)], axis=1)
        inside = (label[pairs[0]] == label[pairs[1]]) & (size[label[pairs[0]]] > 1)
        pairs = pairs[:, inside]
        # Groups: ranges of component labels with about equal member counts.
        groups = max(1, min(len(members) // 4096 + 1, 4 * max(1, self.options.jobs)))
        cuts = [np.searchsorted(comp, comp[k * len(comp) // groups]) for k in range(1, groups)]
        bounds = np.unique(np.r_[0, cuts, len(comp)].astype(np.int64))
        pair_label = label[pairs[0]]
        order = np.argsort(pair_label, kind="stable")
        pairs, pair_label = np.vstack([pairs[:, order], pair_label[order]]), pair_label[order]
        folder = self.work.sub("comp")
        for g, (lo, hi) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist())):
            save_array(os.path.join(folder, f"m{g:04d}.npy"), np.stack([members[lo:hi], comp[lo:hi]]))
            a, b = np.searchsorted(pair_label, [comp[lo], comp[hi - 1] + 1])
            save_array(os.path.join(folder, f"p{g:04d}.npy"), pairs[:, a:b])
        groups = len(bounds) - 1
        return groups

    # ------------------------------------------------------------ output
    def _copies(self) -> tuple[np.ndarray, np.ndarray]:
        """Copies grouped by canonical, each group in placing order, and their canonicals."""
        n = len(self.spool)
        copies = np.flatnonzero(self.canon != np.arange(n))
        order = copies[np.lexsort((self.place[copies], self.canon[copies]))]
        return order, self.canon[order]

    def records(self) -> Iterator[Article]:
        """Canonical records in input order, as ``cluster.story_records`` makes them."""
        order, heads = self._copies()
        for k, art in enumerate(self.spool.iterate()):
            if self.canon[k] != k:
                continue
            dups = kept_duplicates(art)
            lo, hi = np.searchsorted(heads, [k, k + 1])
            for m in order[lo:hi].tolist():
                member = self.spool.get(m)
                dups.append({"id": member.id, "similarity": float(self.sim[m]),
                             "relation": RELATIONS[self.rel[m]]})
                dups.extend(kept_duplicates(member))
            dups.sort(key=lambda d: (-d["similarity"], d["id"]))
            yield art.replace(cluster=cluster_id(art.id), duplicates=dups)

    def members(self, most: int = 8) -> Iterator[tuple[Article, list[Article]]]:
        """Every article but the sources in input order, with the members of
        its story it may be compared with: the story's first ``most`` other
        articles, its canonical first; [] for a story of one.  A copy sees
        the other copies as well as its canonical, since the canonical may
        be a spun copy that despin did not flag (a heavy spinner's phrases
        make a copy longer than its source), and its source is then one of
        the copies.  A story with sources offers its first ``most`` sources
        before those.  Read from the spool, so memory holds one story's few
        records at a time."""
        order, heads = self._copies()
        first = len(self.spool) if self.first_source is None else self.first_source
        for k, art in enumerate(itertools.islice(self.spool.iterate(), first)):
            c = int(self.canon[k])
            lo, hi = np.searchsorted(heads, [c, c + 1])
            story = np.r_[c, order[lo:hi]]          # canonical first, then its copies
            ids = np.r_[story[story >= first][:most], story[(story < first) & (story != k)][:most]]
            yield art, [self.spool.get(m) for m in ids.astype(np.int64).tolist()]

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()
        self.work.remove()

    def __enter__(self) -> "StreamDedup":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Clock:
    """Adds the time since the last call to ``seconds[stage]``."""

    def __init__(self, seconds: dict):
        self.seconds, self.last = seconds, time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(self.seconds.get(stage, 0.0) + now - self.last, 3)
        self.last = now


def _task_size(n: int, workers: int) -> int:
    """Articles per map task so that every worker gets one (whole blocks):
    a single task runs on one core, and map tasks are most of the work.
    The records are the same for any task size.

    >>> _task_size(19_043, 2), _task_size(19_043, 1) >= 19_043, _task_size(100, 4)
    (10240, True, 1024)
    """
    blocks = -(-n // BLOCK)
    return max(1, -(-blocks // max(1, workers))) * BLOCK


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Component label (its smallest article) of every article, from edges ``a``-``b``."""
    label = np.arange(n, dtype=np.int64)
    if not len(a):
        return label
    a, b = a.astype(np.int64), b.astype(np.int64)
    while True:
        low = np.minimum(label[a], label[b])
        before = label.copy()
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        while True:                       # pointer jumping to the roots
            up = label[label]
            if (up == label).all():
                break
            label = up
        if (label == before).all():
            return label


__all__ = ["StreamDedup", "parse_memory", "DEFAULT_MEMORY"]
