"""Disk-backed pieces of streaming dedup: work folder, spools, partitioned arrays.

Streaming dedup (``stream``) never holds the corpus: articles go to a
*spool* (a file of records read back by number), and what stages pass on
(line keys, shingle hashes, band keys, candidate pairs) goes to *partitioned
arrays*: each map task writes its rows into one file per partition, each
reduce task reads one partition whole.  Partitions are chosen by the top
bits of a uniform 64-bit hash, or by ranges of article numbers, so sorting
each partition in memory gives a global order without a merge step.

Everything lives in one temporary folder (``WorkDir``), removed at the end
of the run, also on errors and signals.  Files are plain ``.npy`` arrays
and pickles written by this same program: nothing here reads foreign data.
"""
from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from array import array
from typing import Iterator

import numpy as np

from ..errors import NormtoolError


class WorkDirError(NormtoolError):
    """The work folder cannot be made or written (one line for the CLI)."""


class WorkDir:
    """A temporary folder for one run, inside ``parent`` (or the system's)."""

    def __init__(self, parent: str | None = None):
        if parent is not None and not os.path.isdir(parent):
            raise WorkDirError(f"--work-dir {parent}: not a folder")
        try:
            self.path = tempfile.mkdtemp(prefix="normtool-dedup-", dir=parent)
        except OSError as exc:
            raise WorkDirError(f"work folder in {parent or tempfile.gettempdir()}: "
                               f"{exc.strerror or exc}") from None

    def sub(self, *names: str) -> str:
        """A folder inside the work folder (made on first use)."""
        path = os.path.join(self.path, *names)
        os.makedirs(path, exist_ok=True)
        return path

    def file(self, *names: str) -> str:
        return os.path.join(self.sub(*names[:-1]) if len(names) > 1 else self.path, names[-1])

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> "WorkDir":
        return self

    def __exit__(self, *exc) -> None:
        self.remove()


# ----------------------------------------------------------------- spools
class SpoolWriter:
    """Objects appended to a file, each pickled; offsets kept for reading back."""

    def __init__(self, path: str):
        self.path = path
        self._fh = open(path, "wb")
        self._offsets = array("q", [0])

    def append(self, obj) -> int:
        """Write ``obj``; its number."""
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        self._fh.write(data)
        self._offsets.append(self._offsets[-1] + len(data))
        return len(self._offsets) - 2

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def close(self) -> "Spool":
        self._fh.close()
        offsets = np.frombuffer(self._offsets, dtype=np.int64).copy()
        np.save(self.path + ".off.npy", offsets)
        return Spool(self.path)


class Spool:
    """A spool written by ``SpoolWriter``: objects read back by number.

    Reads use ``os.pread`` into small buffers (no ``mmap``: mapped pages
    would count in the process's resident memory).
    """

    def __init__(self, path: str):
        self.path = path
        self.offsets = np.load(path + ".off.npy")
        self._fd: int | None = None

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def _read(self, start: int, end: int) -> bytes:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDONLY)
        return os.pread(self._fd, end - start, start)

    def get(self, k: int):
        return pickle.loads(self._read(int(self.offsets[k]), int(self.offsets[k + 1])))

    def range(self, lo: int, hi: int) -> list:
        """Objects ``lo`` to ``hi - 1``, read in one piece."""
        if hi <= lo:
            return []
        base = int(self.offsets[lo])
        data = self._read(base, int(self.offsets[hi]))
        view = memoryview(data)
        ends = (self.offsets[lo + 1:hi + 1] - base).tolist()
        out, start = [], 0
        for end in ends:
            out.append(pickle.loads(view[start:end]))
            start = end
        return out

    def iterate(self, step: int = 1024) -> Iterator:
        for lo in range(0, len(self), step):
            yield from self.range(lo, min(len(self), lo + step))

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __getstate__(self):      # sent to workers: they open their own descriptor
        return {"path": self.path, "offsets": self.offsets, "_fd": None}


# ----------------------------------------------------- partitioned arrays
def hash_partition(keys: np.ndarray, bits: int) -> np.ndarray:
    """Partition of each uniform 64-bit key: its top ``bits`` bits."""
    if bits == 0:
        return np.zeros(len(keys), dtype=np.int64)
    return (keys >> np.uint64(64 - bits)).astype(np.int64)


def range_partition(article: np.ndarray, n: int, parts: int) -> np.ndarray:
    """Partition of each article number when ``n`` articles are cut into ``parts`` ranges."""
    return (article.astype(np.int64) * parts) // max(n, 1)


def range_bounds(n: int, parts: int) -> list[tuple[int, int]]:
    """The article ranges of ``range_partition``: ``[(lo, hi)]``."""
    lo = [-(-p * n // parts) for p in range(parts + 1)]     # smallest a with a*parts//n >= p
    return list(zip(lo[:-1], lo[1:]))


def write_partitions(folder: str, task: int, part: np.ndarray, parts: int,
                     columns: dict[str, np.ndarray]) -> None:
    """Rows of one map task into ``folder/pNNNN/tNNNNN.npz`` by partition.

    ``part`` gives each row's partition; a partition without rows gets no file.
    """
    if not len(part):
        return
    order = np.argsort(part, kind="stable")
    counts = np.bincount(part, minlength=parts)
    bounds = np.r_[0, np.cumsum(counts)]
    sorted_cols = {k: v[order] for k, v in columns.items()}
    for p in np.flatnonzero(counts):
        path = os.path.join(folder, f"p{p:04d}")
        os.makedirs(path, exist_ok=True)
        rows = {k: v[bounds[p]:bounds[p + 1]] for k, v in sorted_cols.items()}
        _save(os.path.join(path, f"t{task:05d}.npz"), rows)


def _save(path: str, arrays: dict[str, np.ndarray]) -> None:
    tmp = path + ".part"
    with open(tmp, "wb") as fh:
        np.savez(fh, **arrays)
    os.replace(tmp, path)      # a reader never sees half a file


def read_partition(folder: str, p: int, names: dict[str, type]) -> dict[str, np.ndarray]:
    """Every map task's rows of partition ``p``, in task order, concatenated.

    ``names``: column name -> dtype (for a partition no task wrote to).
    """
    path = os.path.join(folder, f"p{p:04d}")
    files = sorted(f for f in os.listdir(path) if f.endswith(".npz")) if os.path.isdir(path) else []
    parts: dict[str, list] = {k: [] for k in names}
    for f in files:
        with np.load(os.path.join(path, f)) as data:
            for k in names:
                parts[k].append(data[k])
    return {k: np.concatenate(v) if v else np.empty(0, dtype=names[k]) for k, v in parts.items()}


def save_array(path: str, arr: np.ndarray) -> None:
    tmp = path + ".part.npy"
    np.save(tmp, arr)
    os.replace(tmp, path)


__all__ = ["WorkDir", "WorkDirError", "SpoolWriter", "Spool", "hash_partition", "range_partition",
           "range_bounds", "write_partitions", "read_partition", "save_array"]
