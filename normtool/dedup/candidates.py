"""Candidates: which pairs of articles are worth verifying (MinHash LSH).

Three signatures per article (whole text, head, anchors) each go through
LSH with the bands and rows datasketch picks for their thresholds; two
articles are candidates when all rows of one band of one signature agree.
A batch builds its buckets at once (``BatchCandidates``); a persistent index
stores the same band keys (``band_keys``, ``index_keys``).

A second path finds spun copies whose whole-text Jaccard has fallen to
about 0.3 (15-20% of words swapped, names too): a spinner leaves the
skeleton (function words and numbers) in place, so a few bands of many rows
over the skeleton shingles (``skeleton_keys_of``) collide for such pairs
and rarely for different stories.  Its pairs are capped on their own
(``skeleton_pairs``: a wire template gives different stories one skeleton)
and join the first path's before verification.  One-shot dedup uses both
paths; an index stores both (``index_skeleton_keys``: band numbers after
the first path's, so the two never share a bucket) and asks for each
path's candidates with that path's caps (see ``incremental``).

A third path, the skeleton head (``skeleton_head_keys_of``), does the same
over the first ``skeleton_head`` skeleton shingles of each text: a spun
copy cut to its first paragraphs holds a third of its source's skeleton,
too little for the second path, but nearly all of its opening's.  Its
pairs have caps of their own, as the skeleton path's; an index stores its
bands after the skeleton path's (``index_skeleton_head_keys``).
"""
from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np

from .. import settings
from ..index.base import kept_places
from ..options import DedupOptions
from .fingerprint import Fingerprint
from .minhash import signatures_concat


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
    """The LSH candidates of a whole batch, built at once.

    Same three signatures, same (bands, rows) as datasketch picks, same
    rule: two articles are candidates when all rows of one band of one
    signature agree, within the caps of ``capped_pairs``.  Every band of
    every article is hashed to a 64-bit key in one numpy pass
    (``band_keys_of``) and the pairs are listed at once, so a query is a
    list lookup.  (Two different bands colliding on a 64-bit key would
    only add a candidate, which verification then rejects.)
    ``insert``/``query`` keep the ``CandidateIndex`` contract: ``query``
    returns inserted ids (the article itself included, once inserted).
    """

    def __init__(self, fps: list[Fingerprint], options: DedupOptions = DedupOptions()):
        from .verify import preference_rank
        self.ids = [fp.id for fp in fps]
        self.row = {i: n for n, i in enumerate(self.ids)}
        self.inserted = [False] * len(fps)
        # Article n's partners are partners[first[n]:first[n + 1]].
        self.partners: list[int] = []
        self.first: list[int] = [0] * (len(fps) + 1)
        if not fps:
            return
        keys, owners = band_keys_of(fps, lsh_params(options))
        rank = np.array([preference_rank(fp) for fp in fps], dtype=np.uint64)
        a, b = capped_pairs(*bucket_pairs(keys, owners, rank), rank)
        a, b = union_pairs((a, b), skeleton_pairs(*skeleton_keys_of(fps), rank),
                           skeleton_pairs(*skeleton_head_keys_of(fps), rank))
        i, j = np.concatenate([a, b]), np.concatenate([b, a])
        order = np.lexsort((j, i))
        self.partners = j[order].tolist()
        self.first = np.r_[0, np.cumsum(np.bincount(i, minlength=len(fps)))].tolist()

    def insert(self, fp: Fingerprint) -> None:
        n = self.row.get(fp.id)
        if n is not None and (len(fp.shingles) or len(fp.anchors)):
            self.inserted[n] = True

    def query(self, fp: Fingerprint) -> set[str]:
        n = self.row.get(fp.id)
        if n is None:
            return set()
        ins, ids = self.inserted, self.ids
        found = {ids[m] for m in self.partners[self.first[n]:self.first[n + 1]] if ins[m]}
        if ins[n]:
            found.add(ids[n])
        return found


def band_keys_of(fps: Sequence[Fingerprint], params, first: int = 0
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Every LSH band key of a run of fingerprints: ``(keys, owners)``.

    Owners are article numbers, ``first`` for ``fps[0]``.  The whole-text
    and head signatures are banded when the text has shingles, the anchor
    signature when it has anchors (as ``index_keys``).
    """
    has_text = np.array([len(fp.shingles) > 0 for fp in fps], dtype=bool)
    has_anchors = np.array([len(fp.anchors) > 0 for fp in fps], dtype=bool)
    keys, owners = [], []
    band = 0
    for name, mask, (b, r) in zip(("sig", "head_sig", "anchor_sig"),
                                  (has_text, has_text, has_anchors), params):
        rows = np.flatnonzero(mask)
        sigs = np.stack([getattr(fps[i], name) for i in rows]) if len(rows) else None
        for i in range(b):
            band += 1
            if sigs is not None:
                keys.append(_band_hash(sigs[:, i * r:(i + 1) * r], band))
                owners.append(rows + first)
    if not keys:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    return np.concatenate(keys), np.concatenate(owners).astype(np.int64)


# ------------------------------------------------------------------ caps
# A frequent sentence or template puts an article in buckets with many
# unrelated ones; without caps, candidates per article grow with the
# corpus, and with them false matches and verification time.  Two rules,
# the same in every path (in memory, streaming, Dask), so the output does
# not depend on the path:
#
# * a bucket of more than ``bucket_cap`` articles pairs each member only
#   with its first ``bucket_cap`` members in preference order (the likely
#   canonicals stay in reach, pairs grow linearly);
# * an article keeps its ``max_partners`` best partners by the number of
#   buckets they share (ties by preference), of which at most
#   ``weak_partners`` share a single bucket: one band in 94 is what a
#   shared sentence gives; true copies share many (at 320k articles, 1% of
#   true pairs share fewer than 6).  A pair is kept when either article
#   keeps it.

def bucket_pairs(keys: np.ndarray, owners: np.ndarray, rank: np.ndarray,
                 cap: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Directed pairs ``(i, j)`` of articles sharing a bucket, once per bucket.

    A pair sharing ``k`` buckets appears ``k`` times in each direction.
    ``rank[owner]`` orders a bucket's members (``preference_rank``).  The
    result does not depend on the order of ``keys``.
    """
    cap = settings.MATCH.bucket_cap if cap is None else cap
    if len(keys) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    order = np.lexsort((owners, rank[owners], keys))
    key, own = keys[order], owners[order]
    start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    size = np.diff(np.r_[start, len(key)])
    shared = size > 1
    start, size = start[shared], size[shared]
    if not len(start):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    # Each member's place p in its bucket of m: members in the first
    # ``cap`` places pair with every other member, the rest with those.
    m = np.repeat(size, size)
    base = np.repeat(start, size)
    p = np.arange(len(m)) - np.repeat(np.cumsum(size) - size, size)
    count = np.where(p < cap, m - 1, np.minimum(m, cap))
    elem = np.repeat(np.arange(len(m)), count)
    k = np.arange(len(elem)) - np.repeat(np.cumsum(count) - count, count)
    q = k + (k >= p[elem])               # skip the member itself
    i, j = own[base[elem] + p[elem]], own[base[elem] + q]
    keep = i != j                          # (a 64-bit key collision within a bucket)
    return i[keep], j[keep]


def capped_pairs(i: np.ndarray, j: np.ndarray, rank: np.ndarray,
                 max_partners: int | None = None, weak_partners: int | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs kept, ``(a, b)`` with ``a < b``, sorted, unique.

    ``(i, j)``: ``bucket_pairs`` (or the part of them whose ``i`` is in a
    range: each article's choice depends on its own pairs only, so the
    union over ranges is the whole answer).
    """
    th = settings.MATCH
    max_partners = th.max_partners if max_partners is None else max_partners
    weak_partners = th.weak_partners if weak_partners is None else weak_partners
    if not len(i):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    pair, shared = np.unique(i.astype(np.uint64) << np.uint64(32) | j.astype(np.uint64),
                             return_counts=True)
    pi = (pair >> np.uint64(32)).astype(np.int64)
    pj = (pair & np.uint64(0xFFFFFFFF)).astype(np.int64)
    order = np.lexsort((pj, rank[pj], -shared, pi))
    pi, pj, shared = pi[order], pj[order], shared[order]
    keep = kept_places(pi, shared, max_partners, weak_partners)
    return union_pairs((np.minimum(pi[keep], pj[keep]), np.maximum(pi[keep], pj[keep])))


def union_pairs(*pairs: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Kept pairs ``(a, b)``, ``a < b``, of one path or several together: sorted, unique."""
    a = np.concatenate([p[0] for p in pairs]).astype(np.uint64)
    b = np.concatenate([p[1] for p in pairs]).astype(np.uint64)
    both = np.unique(a << np.uint64(32) | b)
    return ((both >> np.uint64(32)).astype(np.int64),
            (both & np.uint64(0xFFFFFFFF)).astype(np.int64))


# ------------------------------------------------------- the skeleton path
SKELETON_BAND = 1 << 16     # band numbers of the skeleton path (apart from the others)
SKELETON_HEAD_BAND = 1 << 17    # ... and of the skeleton-head path


def skeleton_keys_of(fps: Sequence[Fingerprint], first: int = 0
                     ) -> tuple[np.ndarray, np.ndarray]:
    """The skeleton path's band keys of a run of fingerprints: ``(keys, owners)``.

    A MinHash of ``skeleton_bands * skeleton_rows`` permutations over each
    skeleton with at least ``skeleton_min`` shingles (a short notice shares
    its whole skeleton with every notice on its template), cut into
    ``skeleton_bands`` bands.  Owners as in ``band_keys_of``.
    """
    th = settings.MATCH
    return _set_bands([fp.skeleton for fp in fps], th.skeleton_min, th.skeleton_bands,
                      th.skeleton_rows, SKELETON_BAND, first)


def skeleton_head_keys_of(fps: Sequence[Fingerprint], first: int = 0
                          ) -> tuple[np.ndarray, np.ndarray]:
    """The skeleton-head path's band keys: as ``skeleton_keys_of``, over the
    first ``skeleton_head`` skeleton shingles of each text (``skeleton_head_*``
    settings).  A spun copy cut to its opening paragraphs shares a third of
    its source's skeleton, too little for the skeleton path, but nearly all
    of its opening's."""
    th = settings.MATCH
    return _set_bands([fp.skeleton_head for fp in fps], th.skeleton_head_min,
                      th.skeleton_head_bands, th.skeleton_head_rows, SKELETON_HEAD_BAND, first)


def _set_bands(sets: Sequence[np.ndarray], min_size: int, b: int, r: int, band0: int,
               first: int) -> tuple[np.ndarray, np.ndarray]:
    """Band keys of a MinHash of ``b * r`` permutations over each set of at
    least ``min_size`` values: ``(keys, owners)``, band-major."""
    rows = np.flatnonzero(np.array([len(v) >= min_size for v in sets], dtype=bool))
    if not len(rows) or b <= 0 or r <= 0:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    counts = np.array([len(sets[i]) for i in rows.tolist()], dtype=np.int64)
    values = np.concatenate([sets[i] for i in rows.tolist()])
    sigs = signatures_concat(values, counts, b * r)
    keys = [_band_hash(sigs[:, k * r:(k + 1) * r], band0 + k) for k in range(b)]
    return np.concatenate(keys), np.tile(rows + first, b).astype(np.int64)


def skeleton_capped(i: np.ndarray, j: np.ndarray, rank: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """``capped_pairs`` with the skeleton path's caps (``skeleton_partners``,
    ``skeleton_weak``): its pairs never take the first path's places."""
    th = settings.MATCH
    return capped_pairs(i, j, rank, th.skeleton_partners, th.skeleton_weak)


def skeleton_pairs(keys: np.ndarray, owners: np.ndarray, rank: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The skeleton path's kept pairs from its band keys (``skeleton_keys_of``)."""
    return skeleton_capped(*bucket_pairs(keys, owners, rank), rank)


_K1 = np.uint64(0x9E3779B97F4A7C15)


def _band_hash(rows: np.ndarray, band: int) -> np.ndarray:
    """A 64-bit key per row of one band of signatures (band number mixed in)."""
    with np.errstate(over="ignore"):
        h = np.full(len(rows), np.uint64(band), dtype=np.uint64)
        for col in rows.T.astype(np.uint64):
            h = (h ^ col) * _K1
            h ^= h >> np.uint64(29)
    return h


def index_skeleton_keys(fps: Sequence[Fingerprint], params) -> list[list[bytes | None]]:
    """The skeleton path's keys for the index, one list per fingerprint.

    ``None`` for each of the first path's bands (``index_keys``), then the
    skeleton bands: the index hashes a key with its place in the list, so
    the paths' keys never meet in a bucket and one query reads one path.
    Empty when the skeleton is too short (``skeleton_min``).
    """
    pad = sum(b for b, _ in params)
    return _index_bands(skeleton_keys_of(fps), len(fps), settings.MATCH.skeleton_bands, pad)


def index_skeleton_head_keys(fps: Sequence[Fingerprint], params) -> list[list[bytes | None]]:
    """The skeleton-head path's keys for the index, one list per fingerprint:
    ``None`` for the first path's bands and the skeleton bands, then its own.
    Empty when the opening's skeleton is too short (``skeleton_head_min``)."""
    th = settings.MATCH
    pad = sum(b for b, _ in params) + th.skeleton_bands
    return _index_bands(skeleton_head_keys_of(fps), len(fps), th.skeleton_head_bands, pad)


def _index_bands(bands: tuple[np.ndarray, np.ndarray], n: int, b: int, pad: int
                 ) -> list[list[bytes | None]]:
    """Band-major ``(keys, owners)`` of ``b`` bands as one key list per
    fingerprint, after ``pad`` places of other paths."""
    keys, owners = bands
    out: list[list[bytes | None]] = [[] for _ in range(n)]
    if not len(keys):
        return out
    rows = owners[:len(owners) // b]    # band-major
    per_row = keys.reshape(b, len(rows)).T
    for k, row in zip(rows.tolist(), per_row):
        out[k] = [None] * pad + [key.to_bytes(8, "big") for key in row.tolist()]
    return out


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
           "index_keys", "index_skeleton_keys", "index_skeleton_head_keys", "band_keys_of",
           "bucket_pairs", "capped_pairs", "skeleton_keys_of", "skeleton_head_keys_of",
           "skeleton_pairs", "skeleton_capped", "union_pairs", "SKELETON_BAND", "SKELETON_HEAD_BAND"]
