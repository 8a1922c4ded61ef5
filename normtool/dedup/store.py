"""The fingerprint store of streaming dedup: fingerprints on disk, read by number.

Each map task of the fingerprint stage writes the fingerprints of its range
of articles as one file of ``Fingerprint.to_bytes()`` payloads (signatures
left out: once banded, nothing needs them) with their offsets, and small
per-article arrays every article needs later: the preference rank (for the
candidate caps) and the content hash (exact copies are one story).
Verification and clustering read fingerprints back by article number;
reads are ``os.pread`` calls, never ``mmap`` (mapped pages would count
as resident memory).
"""
from __future__ import annotations

import os
from dataclasses import replace

import numpy as np

from .fingerprint import Fingerprint
from .spill import save_array

_NO_SIG = np.empty(0, dtype=np.uint32)


def write_part(folder: str, task: int, fps: list[Fingerprint], ranks: np.ndarray) -> None:
    """The fingerprints of one task (its range of articles, in order)."""
    offsets = np.zeros(len(fps) + 1, dtype=np.int64)
    path = os.path.join(folder, f"t{task:05d}.fp")
    with open(path + ".part", "wb") as fh:
        for k, fp in enumerate(fps):
            data = replace(fp, sig=_NO_SIG, head_sig=_NO_SIG, anchor_sig=_NO_SIG).to_bytes()
            fh.write(data)
            offsets[k + 1] = offsets[k] + len(data)
    os.replace(path + ".part", path)
    save_array(path + ".off.npy", offsets)
    save_array(path + ".rank.npy", ranks.astype(np.uint64))
    hashes = np.frombuffer(b"".join(fp.content_hash for fp in fps), dtype=np.uint64)
    save_array(path + ".hash.npy", hashes.reshape(-1, 2) if len(fps) else np.empty((0, 2), np.uint64))
    save_array(path + ".text.npy", np.array([len(fp.shingles) > 0 for fp in fps], dtype=bool))


class FingerprintStore:
    """Every task's part, read as one array of fingerprints by article number."""

    def __init__(self, folder: str, bounds: list[tuple[int, int]]):
        self.folder, self.bounds = folder, bounds
        self.starts = np.array([lo for lo, _ in bounds] + [bounds[-1][1] if bounds else 0])
        self._offsets: dict[int, np.ndarray] = {}
        self._fds: dict[int, int] = {}

    def _path(self, task: int) -> str:
        return os.path.join(self.folder, f"t{task:05d}.fp")

    def _task(self, k: int) -> int:
        return int(np.searchsorted(self.starts, k, side="right")) - 1

    def _open(self, task: int) -> tuple[int, np.ndarray]:
        if task not in self._fds:
            self._offsets[task] = np.load(self._path(task) + ".off.npy")
            self._fds[task] = os.open(self._path(task), os.O_RDONLY)
        return self._fds[task], self._offsets[task]

    def get(self, k: int) -> Fingerprint:
        task = self._task(k)
        fd, off = self._open(task)
        i = k - self.bounds[task][0]
        return Fingerprint.from_bytes(os.pread(fd, int(off[i + 1] - off[i]), int(off[i])))

    def many(self, ks) -> dict[int, Fingerprint]:
        """Fingerprints of article numbers ``ks`` (any order, repeats allowed)."""
        return {k: self.get(k) for k in sorted(set(int(x) for x in ks))}

    def range(self, lo: int, hi: int) -> list[Fingerprint]:
        """Fingerprints ``lo`` to ``hi - 1`` (contiguous reads, one per task part)."""
        out: list[Fingerprint] = []
        k = lo
        while k < hi:
            task = self._task(k)
            t_lo, t_hi = self.bounds[task]
            end = min(hi, t_hi)
            fd, off = self._open(task)
            a, b = k - t_lo, end - t_lo
            data = memoryview(os.pread(fd, int(off[b] - off[a]), int(off[a])))
            rel = (off[a:b + 1] - off[a]).tolist()
            out += [Fingerprint.from_bytes(bytes(data[rel[i]:rel[i + 1]])) for i in range(b - a)]
            k = end
        return out

    def column(self, suffix: str) -> np.ndarray:
        """A per-article array of every part (``rank``, ``hash``, ``text``), concatenated."""
        return np.concatenate([np.load(self._path(t) + f".{suffix}.npy")
                               for t in range(len(self.bounds))])

    def close(self) -> None:
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()

    def __getstate__(self):
        return {"folder": self.folder, "bounds": self.bounds, "starts": self.starts,
                "_offsets": {}, "_fds": {}}


__all__ = ["write_part", "FingerprintStore"]
