"""Candidates: which pairs of articles are worth verifying (MinHash LSH).

Three signatures per article (whole text, head, anchors) each go through
LSH with the bands and rows datasketch picks for their thresholds; two
articles are candidates when all rows of one band of one signature agree.
A batch builds its buckets at once (``BatchCandidates``); a persistent index
stores the same band keys (``band_keys``, ``index_keys``).
"""
from __future__ import annotations

from typing import Protocol

import numpy as np

from .. import settings
from ..options import DedupOptions
from .fingerprint import Fingerprint


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
    for thr, params in ((candidate_threshold(options), main),
                        (settings.MATCH.head_lsh_threshold, None),
                        (settings.MATCH.anchor_lsh_threshold, None)):
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


def index_keys(fp: Fingerprint, params) -> list[bytes | None]:
    """Band keys for the index; ``None`` for a signature of an empty set.

    As in ``BatchCandidates``: the whole-text and head signatures are used
    when the text has shingles, the anchor signature when it has anchors.
    """
    keys: list[bytes | None] = list(band_keys(fp, params))
    start = 0
    for (b, _), arr in zip(params, (fp.shingles, fp.shingles, fp.anchors)):
        if not len(arr):
            keys[start:start + b] = [None] * b
        start += b
    return keys


__all__ = ["CandidateIndex", "BatchCandidates", "candidate_threshold", "lsh_params", "band_keys",
           "index_keys"]
