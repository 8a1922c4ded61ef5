"""A compiled cache of the models built from the shipped data files.

Parsing despin's models from their text files takes about 2.5 seconds at
every start; loading the same dicts back with ``marshal`` takes about 40%
of that.  So the first run writes what it parsed to a per-user cache
folder and later runs load it.  ``marshal`` (not pickle) because it is the
fastest reader of plain dicts, tuples, sets, strings and numbers and never
runs code on load.

The file's name carries a digest of everything the structure depends on:
the data files' bytes, the source of the modules that parse them, settings
passed as ``extra``, the Python and normtool versions.  A changed file or
Python is therefore never served a stale structure; the file of an older
digest (same name, same Python, same installation) is removed when the new
one is written.  A checksum guards against a damaged file.  Any failure
(no writable folder, a truncated or foreign file, a wrong shape) falls back
to parsing, silently: the cache changes run time, never output.

Folder: ``$NORMTOOL_CACHE_DIR``, else ``$XDG_CACHE_HOME/normtool``, else
``~/.cache/normtool``; ``NORMTOOL_CACHE_DIR=off`` turns the cache off.
Only shipped data is cached, never a user's own files.
"""
from __future__ import annotations

import glob
import hashlib
import marshal
import os
import sys
import zlib
from importlib import metadata
from importlib import resources
from typing import Callable, Sequence, TypeVar, get_type_hints


T = TypeVar("T")
MAGIC = b"normtool-cache\x01"
_HEAD = len(MAGIC) + 32 + 4 + 8          # magic, key digest, crc32, payload length


def cache_dir() -> str | None:
    """The cache folder, or None when turned off (or no home to put it in)."""
    env = os.environ.get("NORMTOOL_CACHE_DIR", "")
    if env == "off":
        return None
    if env:
        return env
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(xdg):                    # unset or relative: ignored, as XDG says
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        xdg = os.path.join(home, ".cache")
    return os.path.join(xdg, "normtool")


def load(kind: type[T], name: str, files: Sequence[str], build: Callable[[], T],
         code: Sequence[str] = (), extra: tuple = ()) -> T:
    """``build()``, a NamedTuple ``kind`` of plain fields made from data
    ``files`` by the modules named in ``code``: from the cache when it holds
    this exact input, else built (and stored for the next run)."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        key = _key(name, files, code, extra)
        where = hashlib.sha256(str(resources.files(__package__)).encode()).hexdigest()[:8]
        stem = os.path.join(folder, f"{name}-{sys.implementation.cache_tag}-{where}-")
        path = stem + key.hex()[:24] + ".marshal"
    except Exception:
        return build()
    got = _read(path, key, kind)
    if got is not None:
        return got
    made = build()
    _write(path, key, tuple(made))
    for old in glob.glob(glob.escape(stem) + "*.marshal"):
        if old != path:
            try:
                os.remove(old)
            except OSError:
                pass
    return made


def _version() -> str:
    """normtool's installed version (read from the installation, so this
    module imports nothing of the package above it)."""
    try:
        return metadata.version("normtool")
    except Exception:
        return "unknown"


def _key(name: str, files: Sequence[str], code: Sequence[str], extra: tuple) -> bytes:
    h = hashlib.sha256(repr((MAGIC, name, _version(), sys.version, sys.implementation.cache_tag,
                             marshal.version, extra)).encode())
    for f in files:
        data = resources.files(__package__).joinpath(f).read_bytes()
        h.update(f"\0{f}\0{len(data)}\0".encode())
        h.update(data)
    for m in code:
        module = sys.modules[m]
        data = module.__loader__.get_data(module.__file__)
        h.update(f"\0{m}\0{len(data)}\0".encode())
        h.update(data)
    return h.digest()


def _read(path: str, key: bytes, kind: type[T]) -> T | None:
    """The structure stored at ``path`` when the file is whole, of this key
    and of ``kind``'s shape; else None."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        body = memoryview(data)[_HEAD:]
        n = len(MAGIC)
        if (data[:n] != MAGIC or data[n:n + 32] != key
                or int.from_bytes(data[n + 36:_HEAD], "little") != len(body)
                or int.from_bytes(data[n + 32:n + 36], "little") != zlib.crc32(body)):
            return None
        fields = marshal.loads(body)
        types = list(get_type_hints(kind).values())
        if (type(fields) is not tuple or len(fields) != len(types)
                or not all(isinstance(v, t) for v, t in zip(fields, types))):
            return None
        return kind(*fields)
    except Exception:
        return None


def _write(path: str, key: bytes, fields: tuple) -> None:
    """Store ``fields`` at ``path`` atomically (a temporary file in the same
    folder, then renamed), with the umask's permissions; failures are ignored."""
    tmp = f"{path}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except Exception:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            body = marshal.dumps(fields)
            fh.write(MAGIC + key + zlib.crc32(body).to_bytes(4, "little")
                     + len(body).to_bytes(8, "little"))
            fh.write(body)
        os.replace(tmp, path)
    except Exception:
        try:
            os.remove(tmp)
        except OSError:
            pass


__all__ = ["cache_dir", "load", "MAGIC"]
