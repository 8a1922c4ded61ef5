"""Hashing for fingerprints: stable token hashes, shingles, MinHash signatures.

Token hashes are blake2b (stable across processes, unlike ``hash()``);
shingle hashes combine neighbouring token hashes with numpy.  Signatures
use datasketch's ``affine32`` scheme with seed 1, so
``LeanMinHash(seed=1, hashvalues=sig, scheme="affine32")`` is the sketch
datasketch would build; they are computed for many sets at once.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Sequence

import numpy as np

SEED = 1                    # datasketch's default MinHash seed
SCHEME = "affine32"         # datasketch 2 default permutation scheme
_CHUNK = 8_192              # shingles per vectorised signature block (cache-sized)
M1 = np.uint64(0x9E3779B97F4A7C15)
M2 = np.uint64(0xBF58476D1CE4E5B9)
M3 = np.uint64(0x94D049BB133111EB)


_TOKEN_HASH: dict[str, int] = {}


def token_hashes(tokens: Sequence[str]) -> np.ndarray:
    """Stable 64-bit hashes of tokens (blake2b, cached per process)."""
    cache = _TOKEN_HASH
    missing = set(tokens).difference(cache)
    if missing:
        if len(cache) + len(missing) > 2_000_000:
            cache.clear()           # bounded: a long run sees ever new names and numbers
        for tok in missing:
            cache[tok] = int.from_bytes(
                hashlib.blake2b(tok.encode("utf-8"), digest_size=8).digest(), "little")
    return np.fromiter(map(cache.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


def mix64(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads combined hashes over all 64 bits."""
    h = h ^ (h >> np.uint64(30))
    h = h * M2
    h = h ^ (h >> np.uint64(27))
    h = h * M3
    return h ^ (h >> np.uint64(31))


def shingle_hashes(tok: np.ndarray, k: int) -> np.ndarray:
    """Hashes of every run of ``k`` token hashes, in text order.

    A text shorter than ``k`` words is one shingle of all its words.
    """
    n = len(tok)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    k = min(k, n)
    with np.errstate(over="ignore"):
        h = tok[: n - k + 1].copy()
        for j in range(1, k):
            h = h * M1 + tok[j: n - k + 1 + j]
        return mix64(h)


@lru_cache(maxsize=8)
def permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters for ``num_perm``."""
    from datasketch import MinHash
    a, b = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signatures(sets: Sequence[np.ndarray], num_perm: int) -> np.ndarray:
    """MinHash signatures of many hash sets at once, shape (len(sets), num_perm).

    Each 64-bit set element is fed to datasketch's affine32 scheme as its
    low 32 bits, exactly as ``MinHash.update`` with a hash function
    returning those bits would; an empty set gets the all-max signature.
    """
    counts = np.array([len(x) for x in sets], dtype=np.int64)
    values = np.concatenate(list(sets)) if len(sets) else np.empty(0, np.uint64)
    return signatures_concat(values.astype(np.uint64, copy=False), counts, num_perm)


def signatures_concat(values: np.ndarray, counts: np.ndarray, num_perm: int) -> np.ndarray:
    """``signatures`` of sets given concatenated, with each set's size.

    The permuted values are laid out one permutation per row so that the
    per-set minimum runs over contiguous memory, in blocks of about
    ``_CHUNK`` elements that stay in cache (15x faster than row-per-element).
    """
    a, b = permutations(num_perm)
    out = np.full((len(counts), num_perm), np.uint32(0xFFFFFFFF), dtype=np.uint32)
    ends = np.cumsum(counts)
    starts = ends - counts
    n = len(counts)
    first = 0
    while first < n:
        # Sets [first, last) hold about _CHUNK values (at least one set).
        last = max(first + 1, int(np.searchsorted(ends, starts[first] + _CHUNK, side="right")))
        sizes = counts[first:last]
        nonempty = np.flatnonzero(sizes)
        if len(nonempty):
            with np.errstate(over="ignore"):
                hv = _fmix32(values[starts[first]:ends[last - 1]].astype(np.uint32))
                phv = np.multiply.outer(a, hv)
                phv += b[:, None]
            offsets = (starts[first:last] - starts[first])[nonempty]
            out[first + nonempty] = np.minimum.reduceat(phv, offsets, axis=1).T
        first = last
    return out


__all__ = ["token_hashes", "mix64", "shingle_hashes", "permutations", "signatures",
           "signatures_concat", "SEED", "SCHEME", "M1", "M2"]
