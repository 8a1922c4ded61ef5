"""Write step: JSONL out, atomically.

A file output is written to a temporary file in the same folder, flushed and
fsynced, then renamed over the target, so a failed or killed run leaves any
previous output untouched.  ``-`` writes to standard output.
"""
from __future__ import annotations

import os
import sys
import tempfile
from typing import IO, Iterable


class AtomicOutput:
    """Context manager giving a text stream; commits on success only.

    >>> import os, tempfile
    >>> d = tempfile.mkdtemp(); p = os.path.join(d, "x.jsonl")
    >>> with AtomicOutput(p) as fh:
    ...     _ = fh.write("{}\\n")
    >>> open(p).read()
    '{}\\n'
    """

    def __init__(self, path: str | None, stdout: IO[str] | None = None):
        self.path = path
        self._stdout = stdout
        self._tmp: str | None = None
        self._fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if self.path in (None, "-"):
            self._fh = self._stdout or sys.stdout
            return self._fh
        folder = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(folder, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(
            prefix="." + os.path.basename(self.path) + ".", suffix=".tmp", dir=folder)
        self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self._fh

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._tmp is None:
            if self._fh is not None:
                self._fh.flush()
            return
        try:
            if exc_type is None:
                self._fh.flush()
                os.fsync(self._fh.fileno())
                self._fh.close()
                os.replace(self._tmp, self.path)
                _fsync_dir(os.path.dirname(os.path.abspath(self.path)))
                self._tmp = None
        finally:
            if self._tmp is not None:
                self._fh.close()
                try:
                    os.unlink(self._tmp)
                except FileNotFoundError:
                    pass


def _fsync_dir(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_jsonl(records: Iterable, fh: IO[str]) -> int:
    """Write records (``Article`` or objects with ``to_json``/dicts); count them."""
    import json
    n = 0
    for rec in records:
        line = rec.to_json() if hasattr(rec, "to_json") else json.dumps(rec, ensure_ascii=False)
        fh.write(line + "\n")
        n += 1
    return n
