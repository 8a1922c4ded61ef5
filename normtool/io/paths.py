"""The files a run reads, so that no output of the run replaces one of them.

An output is published by renaming a new file over its target, so an output
that names an input (``clean in.jsonl --rejects in.jsonl``) or the index
(``dedup --index s.db -o s.db``) would destroy it.  ``ReadFiles.clash``
tells, before anything is written, whether an output is one of them: the
same file however it is spelled (``./x``, an absolute path, a symlink, a
hard link), compared by device and inode; files found in an input folder
count.  Devices, FIFOs and standard output never clash: they are written
through, never replaced.
"""
from __future__ import annotations

import os
import re
import stat
from typing import Iterable

from ..errors import InputError
from ..index import index_kind
from .read import expand_inputs, file_identity

PART_FILE = re.compile(r"part-\d{5,}\.jsonl\Z")   # what a --parts output writes or removes


class ReadFiles:
    """Inputs (files, folders, ``-``) and the index location of one run.

    The folders are walked only when an output could clash, and only once.
    """

    def __init__(self, inputs: Iterable[str] = (), index: str | None = None):
        self._inputs = [p for p in inputs if p and p != "-"]
        self._index = index if index_kind(index) == "sqlite" else None
        self._files: dict[tuple[int, int], str] | None = None

    def _read(self) -> dict[tuple[int, int], str]:
        if self._files is None:
            self._files = {}
            for item in self._inputs:
                try:
                    found = expand_inputs([item])
                except InputError:      # missing: reported by the read step
                    continue
                for path in found:
                    key = file_identity(path)
                    if key is not None:
                        self._files.setdefault(key, path)
        return self._files

    def clash(self, output: str, parts: bool = False) -> str | None:
        """Why ``output`` (with ``parts``: a folder of part files) may not be
        written, or None: ``is also an input (NAME)``, ``is also the index``."""
        for target in (self._parts(output) if parts else [output]):
            why = self._clash(target, output)
            if why:
                return why
        return None

    def _parts(self, folder: str) -> list[str]:
        try:
            names = os.listdir(folder)
        except OSError:
            return []
        return [os.path.join(folder, n) for n in sorted(names) if PART_FILE.match(n)]

    def _clash(self, path: str, output: str) -> str | None:
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):
            return None         # a device, FIFO or folder: never replaced
        if self._index is not None:
            index = file_identity(self._index)
            if (st is None and index is None
                    and os.path.realpath(path) == os.path.realpath(self._index)) or (
                    st is not None and index == (st.st_dev, st.st_ino)):
                return "is also the index" + _spelled(output, self._index)
        if st is None or not self._inputs:
            return None
        name = self._read().get((st.st_dev, st.st_ino))
        return None if name is None else "is also an input" + _spelled(output, name)


def _spelled(path: str, name: str) -> str:
    return "" if name == path else f" ({name})"


__all__ = ["ReadFiles"]
