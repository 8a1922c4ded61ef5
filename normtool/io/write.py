"""Write step: JSONL out; every output of a run committed together, or none.

What an output path names decides how it is written:

* ``-``: standard output (UTF-8), written as the run goes.
* a regular file, or a name that does not exist yet in an existing folder:
  a temporary file beside the target, fsynced and renamed over it when the
  run commits, so a failed or killed run leaves the previous file intact.
  A symlink is followed: the temporary file goes beside the link's target
  and replaces the target, so the link stays a link.  The new file keeps the
  old file's mode (and owner, where allowed); a new file gets 0666 minus the
  umask, as a shell redirection would give it.
* anything else that can be written (a device such as ``/dev/null``, a FIFO,
  ``/dev/stdout``): opened and written directly (appending), as a shell
  redirection would; never replaced.

A path ending in ``.gz`` is written gzip-compressed, with no name and no time
in the gzip header, so that the same records give the same bytes.

A missing folder is an error, not created: a typo in a cron line should not
make a tree of folders.  ``Outputs`` opens every output of a run before any
work is done (so a read-only folder fails before anything is committed) and
``commit()`` publishes them together at the end; an output that is also an
input of the run or its index is refused first (``paths.ReadFiles``,
``OutputClash``: exit 2).  On an error, or SIGTERM,
SIGHUP or Ctrl-C inside ``stop_on_signals()``, every temporary file is removed.
"""
from __future__ import annotations

import atexit
import gzip
import io
import os
import signal
import stat
import sys
import tempfile
from contextlib import contextmanager
from typing import IO, Iterable, Iterator

from ..article import json_line
from ..errors import NormtoolError
from .paths import ReadFiles


class OutputError(NormtoolError):
    """An output that cannot be opened or written: ``output PATH: message``."""

    def __init__(self, path: str, message: str):
        super().__init__(f"output {path}: {message}")


class OutputClash(OutputError):
    """An output that is also an input, the index or another output (or
    ``--parts`` to standard output): a usage error (exit 2), refused before
    anything is written."""

    exit_code = 2


class Terminated(BaseException):
    """SIGTERM, SIGHUP or SIGINT arrived; raised like KeyboardInterrupt so
    that every ``with`` block unwinds and temporary files are removed."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_TEMPS: set[str] = set()   # temporary files not yet committed or removed


@atexit.register
def _remove_leftover_temps() -> None:
    for path in list(_TEMPS):
        _unlink(path)


def _unlink(path: str) -> None:
    _TEMPS.discard(path)
    try:
        os.unlink(path)
    except OSError:
        pass


@contextmanager
def stop_on_signals(signums=(signal.SIGTERM, signal.SIGHUP, signal.SIGINT)) -> Iterator[None]:
    """Turn SIGTERM/SIGHUP/SIGINT into ``Terminated`` inside the block (main thread only)."""
    def raise_terminated(signum, frame):
        raise Terminated(signum)

    old = {}
    try:
        for s in signums:
            try:
                old[s] = signal.signal(s, raise_terminated)
            except ValueError:     # not the main thread: leave signals alone
                break
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


def _is_descriptor(path: str) -> bool:
    """Does ``path`` lead through ``/proc`` (``/dev/stdout``, ``/dev/fd/N``), i.e.
    to a descriptor of this process rather than to a file that could be replaced?"""
    path = os.path.abspath(path)
    for _ in range(40):   # symlink hops, as the kernel allows
        if os.path.realpath(os.path.dirname(path)).startswith("/proc/"):
            return True
        if not os.path.islink(path):
            return False
        path = os.path.join(os.path.dirname(path), os.readlink(path))
    return False


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _Guarded:
    """A text stream whose write errors become one-line ``OutputError``s."""

    def __init__(self, fh: IO[str], name: str):
        self._fh, self._name = fh, name

    def write(self, s: str) -> int:
        try:
            return self._fh.write(s)
        except BrokenPipeError:
            raise
        except (OSError, UnicodeEncodeError) as exc:
            raise OutputError(self._name, f"cannot write: {_reason(exc)}") from None

    def flush(self) -> None:
        try:
            self._fh.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(self._name, f"cannot write: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc)


class Output:
    """One output of a run: opened at once, published by ``commit()``."""

    def __init__(self, path: str | None, stdout: IO[str] | None = None):
        self.path = "-" if path in (None, "-") else path
        self.kind = ""          # "stdout", "file" (temp + rename) or "direct"
        self.target = ""        # the file renamed over (symlinks followed)
        self._tmp: str | None = None
        self._raw: IO[str] | None = None
        self._bin: IO[bytes] | None = None     # the file under ``_raw`` (files, devices)
        self._gz = self.path.endswith(".gz")
        self._detach = False
        self.fh: _Guarded
        self._open(stdout)

    def _open(self, stdout: IO[str] | None) -> None:
        if self.path == "-":
            self.kind = "stdout"
            if stdout is not None:
                self._raw = stdout
            elif sys.stdout is None:    # started with it closed (">&-")
                raise OutputError("-", "standard output is closed")
            else:   # UTF-8 whatever the locale (cron often runs with LANG=C)
                sys.stdout.flush()
                self._raw = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8",
                                             newline="\n")
                self._detach = True
            self.fh = _Guarded(self._raw, "-")
            return
        if _is_descriptor(self.path):       # /dev/stdout and the like: as ">>" would
            self._open_direct()
            return
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise OutputError(self.path, _reason(exc)) from None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise OutputError(self.path, "is a directory")
        if st is not None and not stat.S_ISREG(st.st_mode):
            self._open_direct()
            return
        target = os.path.realpath(self.path)
        folder = os.path.dirname(target)
        if not os.path.isdir(folder):
            raise OutputError(self.path, f"folder {os.path.dirname(self.path) or folder} "
                                         "does not exist")
        try:
            fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".",
                                       suffix=".tmp", dir=folder)
        except OSError as exc:
            raise OutputError(self.path, f"cannot create a file in {folder}: "
                                         f"{_reason(exc)}") from None
        _TEMPS.add(tmp)
        self.kind, self.target, self._tmp = "file", target, tmp
        try:
            if st is None:
                os.fchmod(fd, 0o666 & ~_umask())
            else:
                os.fchmod(fd, stat.S_IMODE(st.st_mode))
                try:
                    os.fchown(fd, st.st_uid, st.st_gid)
                except OSError:
                    pass    # not allowed to give it away: it stays ours
        except OSError as exc:
            os.close(fd)
            self.discard()
            raise OutputError(self.path, f"cannot set the mode: {_reason(exc)}") from None
        self._raw = self._text(os.fdopen(fd, "wb"))
        self.fh = _Guarded(self._raw, self.path)

    def _text(self, binary: IO[bytes]) -> IO[str]:
        """UTF-8 text written to ``binary``, through gzip for a ``.gz`` path."""
        self._bin = binary
        if self._gz:
            binary = gzip.GzipFile(filename="", mode="wb", fileobj=binary, mtime=0,
                                   compresslevel=6)
        return io.TextIOWrapper(binary, encoding="utf-8", newline="\n")

    def _open_direct(self) -> None:
        """A device, FIFO or open descriptor: write to it as ``>>`` would (a FIFO
        waits for its reader; a file behind ``/dev/stdout`` is appended to)."""
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        except OSError as exc:
            raise OutputError(self.path, f"cannot open: {_reason(exc)}") from None
        self.kind = "direct"
        self._raw = self._text(os.fdopen(fd, "wb"))
        self.fh = _Guarded(self._raw, self.path)

    def finish(self) -> None:
        """Flush (and for files fsync) everything written; nothing published yet."""
        self.fh.flush()
        try:
            if self._gz and self._raw is not None:     # gzip ends its stream on close
                raw, self._raw = self._raw, None
                raw.close()
            if self.kind == "file":
                os.fsync(self._bin.fileno())
        except OSError as exc:
            raise OutputError(self.path, f"cannot write: {_reason(exc)}") from None

    def publish(self) -> None:
        """Rename the temporary file over the target (files); close the rest."""
        if self.kind == "file" and self._tmp is not None:
            self._close()
            try:
                os.replace(self._tmp, self.target)
            except OSError as exc:
                raise OutputError(self.path, f"cannot replace: {_reason(exc)}") from None
            _TEMPS.discard(self._tmp)
            self._tmp = None
            _fsync_dir(os.path.dirname(self.target))
        else:
            self._close()

    def discard(self) -> None:
        """Forget everything written (files); the target is left as it was."""
        try:
            self._close()
        except (OSError, OutputError):
            pass
        if self._tmp is not None:
            _unlink(self._tmp)
            self._tmp = None

    def _close(self) -> None:
        raw, self._raw = self._raw, None
        binary, self._bin = self._bin, None
        if raw is None and binary is None:
            return
        if self.kind == "stdout":
            try:
                raw.flush()
            finally:
                if self._detach:
                    raw.detach()
            return
        try:
            if raw is not None:
                raw.close()
            if binary is not None:      # gzip leaves the file under it open
                binary.close()
        except OSError as exc:
            raise OutputError(self.path, f"cannot write: {_reason(exc)}") from None


class PartsOutput:
    """One output as a folder of ``parts`` JSONL files: ``part-00000.jsonl``, ...

    The records, in order, are cut into ``parts`` runs of (nearly) equal
    length, so the parts read in name order are the one-file output byte for
    byte.  Records are written to a temporary file in the folder as the run
    goes, cut into parts when the run commits (the count is known only
    then), and the parts published together; part files of an earlier run
    beyond ``parts`` are removed.  The folder is made if only it is missing.
    """

    PATTERN = "part-{:05d}.jsonl"

    def __init__(self, folder: str, parts: int):
        self.path, self.parts = folder, parts
        if os.path.exists(folder) and not os.path.isdir(folder):
            raise OutputError(folder, "--parts writes a folder, and this is not one")
        if not os.path.isdir(folder):
            try:
                os.mkdir(folder)
            except OSError as exc:
                raise OutputError(folder, f"cannot make the folder: {_reason(exc)}") from None
        try:
            fd, self._tmp = tempfile.mkstemp(prefix=".parts.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise OutputError(folder, f"cannot create a file: {_reason(exc)}") from None
        _TEMPS.add(self._tmp)
        self._raw = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self.fh = _Guarded(self._raw, folder)
        self._outs: list[Output] = []

    def finish(self) -> None:
        """Cut what was written into the part files (temporary, fsynced)."""
        self.fh.flush()
        self._raw.close()
        with open(self._tmp, "rb") as fh:
            total = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
        with open(self._tmp, "rb") as src:
            for k in range(self.parts):
                out = Output(os.path.join(self.path, self.PATTERN.format(k)))
                self._outs.append(out)
                for _ in range((k + 1) * total // self.parts - k * total // self.parts):
                    out.fh.write(src.readline().decode("utf-8"))
                out.finish()
        _unlink(self._tmp)

    def publish(self) -> None:
        for out in self._outs:
            out.publish()
        names = {self.PATTERN.format(k) for k in range(self.parts)}
        for name in os.listdir(self.path):
            if name.startswith("part-") and name.endswith(".jsonl") and name not in names:
                _unlink(os.path.join(self.path, name))

    def discard(self) -> None:
        try:
            self._raw.close()
        except OSError:
            pass
        _unlink(self._tmp)
        for out in self._outs:
            out.discard()


class Outputs:
    """Every output of one run, opened together and committed together.

    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> with Outputs() as outs:
    ...     a, b = outs.open(os.path.join(d, "a.jsonl")), outs.open(os.path.join(d, "b.jsonl"))
    ...     _ = a.write("{}\\n")
    ...     outs.commit()
    >>> sorted(os.listdir(d)), open(os.path.join(d, "a.jsonl")).read()
    (['a.jsonl', 'b.jsonl'], '{}\\n')
    """

    def __init__(self, stdout: IO[str] | None = None, inputs: Iterable[str] = (),
                 index: str | None = None):
        self._stdout = stdout
        self._outs: list[Output] = []
        self._names: dict[str, str] = {}
        self._reads = ReadFiles(inputs, index)

    def check(self, path: str | None, parts: int | None = None) -> None:
        """Refuse an output that is one of the run's ``inputs`` or its
        ``index`` (``OutputClash``); standard output and descriptors never are."""
        if path in (None, "-") or _is_descriptor(path):
            return
        why = self._reads.clash(path, parts is not None)
        if why:
            raise OutputClash(path, why)

    def open(self, path: str | None, parts: int | None = None) -> _Guarded:
        """Open one more output (checked now); its stream.  ``parts``: ``path``
        is a folder of that many part files (``PartsOutput``)."""
        self.check(path, parts)
        key = "-" if path in (None, "-") else os.path.realpath(path)
        if key in self._names:      # (usage errors, exit 2, as an output that is an input)
            raise OutputClash(path or "-", "standard output is already another output"
                              if key == "-" else f"given twice (also as {self._names[key]})")
        self._names[key] = path or "-"
        if parts is not None and key == "-":
            raise OutputClash("-", "--parts needs a folder (-o FOLDER), not standard output")
        out = PartsOutput(path, parts) if parts is not None else Output(path, self._stdout)
        self._outs.append(out)
        return out.fh

    def commit(self) -> None:
        """Flush and fsync every output, then publish them all."""
        for out in self._outs:
            out.finish()
        for out in self._outs:
            out.publish()
        self._outs = []

    def discard(self) -> None:
        for out in self._outs:
            out.discard()
        self._outs = []

    def __enter__(self) -> "Outputs":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.discard()    # after commit() there is nothing left to discard


class AtomicOutput:
    """One output as a context manager: committed when the block succeeds.

    >>> import os, tempfile
    >>> d = tempfile.mkdtemp(); p = os.path.join(d, "x.jsonl")
    >>> with AtomicOutput(p) as fh:
    ...     _ = fh.write("{}\\n")
    >>> open(p).read()
    '{}\\n'
    """

    def __init__(self, path: str | None, stdout: IO[str] | None = None,
                 inputs: Iterable[str] = (), index: str | None = None):
        self._outs = Outputs(stdout, inputs, index)
        self._path = path

    def __enter__(self) -> _Guarded:
        return self._outs.open(self._path)

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self._outs.commit()
        self._outs.discard()


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
    n = 0
    for rec in records:
        line = rec.to_json() if hasattr(rec, "to_json") else json_line(rec)
        fh.write(line + "\n")
        n += 1
    return n


__all__ = ["AtomicOutput", "Output", "OutputClash", "OutputError", "Outputs", "PartsOutput", "Terminated",
           "stop_on_signals",
           "write_jsonl"]
