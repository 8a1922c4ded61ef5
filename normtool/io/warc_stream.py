"""The bytes of a web archive as ``warc.py`` reads its records: plain, or
gzip members inflated one by one.

Both kinds give the offset of what is read (``pos``, in the data as
unpacked), the offset that names a record (``where``: for a gzipped file
the offset of the gzip member the record starts, as Common Crawl's index
gives it, so a range request or ``dd`` finds it), and a way back after a
damaged record (``rewind``: a file is sought, so memory stays bounded) or
damaged gzip data (``resync``: the next gzip member that starts a record).
Gzip data that cannot be sought (a pipe) is read member by member too,
over a ``Window`` of the compressed bytes read last: going back works as
far as it holds (and the inflated bytes of the record read last are kept,
up to ``LOOKBACK``, for a stream gzipped whole).
"""
from __future__ import annotations

import gzip
import io
import re
import zlib
from collections import deque
from typing import BinaryIO

CHUNK = 1 << 20         # the most read or inflated at a time
RAW = 1 << 16           # compressed bytes read at a time
REWIND_LIMIT = 64 << 20  # the most inflated again to go back inside one gzip member
LOOKBACK = 8 << 20      # the most kept of a stream that cannot be sought, to go back to
WINDOW = 4 << 20        # the compressed bytes of a stream that cannot be sought held to go back to
PROBE = 1 << 12         # compressed bytes tried at a candidate gzip member
MAGIC = b"\x1f\x8b\x08"
RECORD_LINE = re.compile(rb"WARC/1\.[01]\r?\n")   # a record's first line
_LINE_ENDS = re.compile(rb"[\r\n]*")


class GzipDamage(Exception):
    """Gzip data that cannot be inflated: ``offset``, its member's in the file."""

    def __init__(self, offset: int, message: str):
        super().__init__(message)
        self.offset, self.message = offset, message


class Bytes:
    """A byte stream read with its offset known, through a buffer of its
    own (so what comes next can be looked at: ``peek``)."""

    def __init__(self) -> None:
        self.buf, self.i, self.pos = b"", 0, 0
        self.stop: tuple[int, str] | None = None     # bytes that are no gzip data: where, what
        self.kept: list[bytes] | None = None    # read since the last ``mark`` (``_keep``)
        self.kept_at = self.kept_size = 0

    def _more(self, start: bool = True) -> bytes:
        return b""

    def _fill(self, start: bool = True) -> bool:
        data = self._more(start)
        if not data:
            return False
        if self.kept is not None:
            self.kept_size += len(data)
            if self.kept_size > LOOKBACK:
                self.kept = None
            else:
                self.kept.append(data)
        self.buf, self.i = self.buf[self.i:] + data, 0
        return True

    def _keep(self) -> None:
        """Keep what is read from here on, up to ``LOOKBACK`` bytes, for ``_back``
        (the buffer as it is, not copied: from its start)."""
        self.kept, self.kept_at, self.kept_size = [self.buf], self.pos - self.i, len(self.buf)

    def _back(self, pos: int) -> bool:
        """Go back to ``pos`` in what was kept, if it was."""
        if self.kept is None or pos < self.kept_at:
            return False
        self.buf, self.kept = b"".join(self.kept)[pos - self.kept_at:], None
        self.i, self.pos = 0, pos
        return True

    def peek(self, n: int) -> bytes:
        """The next ``n`` bytes (fewer at the end), not read."""
        while len(self.buf) - self.i < n and self._fill():
            pass
        return self.buf[self.i:self.i + n]

    def read(self, n: int) -> bytes:
        """Up to ``n`` bytes, fewer at the end."""
        if len(self.buf) - self.i >= n:         # (most often: no copy but the one returned)
            data = self.buf[self.i:self.i + n]
            self.i, self.pos = self.i + n, self.pos + n
            return data
        parts, left = [], n
        while left and (self.i < len(self.buf) or self._fill()):
            part = self.buf[self.i:self.i + left]
            self.i += len(part)
            left -= len(part)
            parts.append(part)
        data = b"".join(parts)
        self.pos += len(data)
        return data

    def readline(self, limit: int) -> bytes:
        """A line with its line end, or its first ``limit`` bytes."""
        j = self.buf.find(b"\n", self.i, self.i + limit)
        if j >= 0:
            line = self.buf[self.i:j + 1]
            self.i, self.pos = j + 1, self.pos + len(line)
            return line
        parts, size = [], 0
        while size < limit and (self.i < len(self.buf) or self._fill()):
            stop = min(len(self.buf), self.i + limit - size)
            j = self.buf.find(b"\n", self.i, stop)
            end = stop if j < 0 else j + 1
            parts.append(self.buf[self.i:end])
            size += end - self.i
            self.i = end
            if j >= 0:
                break
        line = b"".join(parts)
        self.pos += len(line)
        return line

    def drop(self, n: int) -> int:
        """Read ``n`` bytes and keep none; the number there were."""
        done = 0
        while done < n and (self.i < len(self.buf) or self._fill()):
            take = min(len(self.buf) - self.i, n - done)
            self.i += take
            done += take
        self.pos += done
        return done

    def line_ends(self) -> int:
        """Read the line ends that come next (not past the end of a gzip
        member); the number of newlines among them."""
        newlines = 0
        while not self.ended() and (self.i < len(self.buf) or self._fill()):
            end = _LINE_ENDS.match(self.buf, self.i).end()
            newlines += self.buf.count(b"\n", self.i, end)
            self.pos += end - self.i
            self.i, done = end, end < len(self.buf)
            if done:
                break
        return newlines

    def where(self, pos: int) -> int:
        """The offset naming a record that starts at ``pos``."""
        return pos

    def mark(self, pos: int) -> None:
        """A record starts at ``pos``: what ``rewind`` may go back to."""

    def member_at(self, pos: int, default: int) -> int:
        """The offset of the gzip member holding ``pos`` (``default`` if unknown)."""
        return default

    def rewind(self, pos: int) -> bool:
        """Go back to ``pos`` (at or after the last ``mark``), if it can be done."""
        return False

    def ended(self) -> bool:
        """Is what was read the end of a gzip member (its checksum read)?"""
        return False

    def resync(self, offset: int) -> bool:
        """Go to the first gzip member at or after ``offset`` that starts a
        record; False (and the end of the data) when there is none."""
        return False


class Plain(Bytes):
    """Uncompressed data (or gzip data inflated by ``gzip``).  A stream that
    cannot be sought keeps what was read since the last ``mark``, up to
    ``LOOKBACK`` bytes, to go back to."""

    def __init__(self, stream: BinaryIO):
        super().__init__()
        self.stream = stream
        self.read1 = getattr(stream, "read1", stream.read)
        self.base = None if isinstance(stream, gzip.GzipFile) else _tell(stream)

    def _more(self, start: bool = True) -> bytes:
        return self.read1(CHUNK)

    def mark(self, pos: int) -> None:
        if self.base is None:
            self._keep()

    def rewind(self, pos: int) -> bool:
        if self.base is None:
            return self._back(pos)
        self.stream.seek(self.base + pos)
        self.buf, self.i, self.pos = b"", 0, pos
        return True


class Window:
    """A stream that cannot be sought, as one that can (``seek``, ``read``)
    within the last ``WINDOW`` bytes read: ``start`` is the first held."""

    def __init__(self, stream: BinaryIO):
        self.stream, self.held = stream, deque()     # (pieces of at most RAW bytes)
        self.start = self.end = self.at = 0

    def seek(self, pos: int) -> None:
        if pos < self.start:
            raise ValueError(f"offset {pos} is no longer held (from {self.start})")
        self.at = pos

    def read(self, n: int) -> bytes:
        """Up to ``n`` bytes (at most ``WINDOW``), fewer only at the end."""
        while self.end < self.at + n and (data := self.stream.read(min(self.at + n - self.end,
                                                                        RAW))):
            self.held.append(data)
            self.end += len(data)
            while self.end - self.start - len(self.held[0]) >= WINDOW:
                self.start += len(self.held.popleft())
        parts, pos, stop = [], self.start, self.at + n
        for piece in self.held:
            if pos + len(piece) > self.at and pos < stop:
                parts.append(piece[max(0, self.at - pos):stop - pos])
            pos += len(piece)
        data = b"".join(parts)
        self.at += len(data)
        return data


class Members(Bytes):
    """Gzip data inflated member by member: a file sought, or a ``Window``
    over a stream that cannot be (going back within it, and, for a member
    left behind it, within the inflated bytes kept since the last ``mark``)."""

    def __init__(self, raw: BinaryIO | Window, base: int):
        super().__init__()
        self.raw, self.base = raw, base
        self._restart(0, 0)

    def _restart(self, at: int, out: int, done: bool = False) -> None:
        """Read on from the gzip member at offset ``at``, as unpacked offset ``out``."""
        self.raw.seek(self.base + at)
        self.inp, self.at, self.d, self.member, self.done = b"", at, None, at, done
        self.buf, self.i, self.pos, self.out, self.stop = b"", 0, out, out, None
        self.kept = None
        self.starts: deque[tuple[int, int]] = deque(maxlen=16)     # (unpacked offset, offset)

    def _more(self, start: bool = True) -> bytes:
        """The next bytes inflated (none at the end, or between members when
        not ``start``); gzip data that cannot be inflated is ``GzipDamage``,
        bytes where a member should start end the data (``stop``)."""
        while not self.done:
            if self.d is None and not start:
                return b""
            if len(self.inp) < 2 and (more := self.raw.read(RAW)):
                self.inp += more
                continue
            if not self.inp:
                self.done = True
                if self.d is not None:
                    raise GzipDamage(self.member, "the file ends inside a gzip member")
                break
            if self.d is None:
                if self.inp[:1] == b"\0":       # (zero padding after a member, as gzip allows)
                    rest = self.inp.lstrip(b"\0")
                    self.at, self.inp = self.at + len(self.inp) - len(rest), rest
                    continue
                if not self.inp.startswith(b"\x1f\x8b"):
                    self.done, self.stop = True, (self.at, f"not gzip data where a gzip member "
                                                           f"should start: {self.inp[:16]!r}")
                    break
                self.d, self.member = zlib.decompressobj(31), self.at
                self.starts.append((self.out, self.at))
            try:
                data = self.d.decompress(self.inp, CHUNK)
            except zlib.error as exc:
                self.done = True
                raise GzipDamage(self.member, str(exc)) from None
            rest = self.d.unused_data if self.d.eof else self.d.unconsumed_tail
            self.at, self.inp = self.at + len(self.inp) - len(rest), rest
            if self.d.eof:
                self.d = None
            elif not self.inp:
                self.inp = self.raw.read(RAW)
                if not self.inp:
                    self.done = True
                    raise GzipDamage(self.member, "the file ends inside a gzip member")
            if data:
                self.out += len(data)
                return data
        return b""

    def where(self, pos: int) -> int:
        for out, at in reversed(self.starts):
            if out == pos:
                return at
            if out < pos:
                break
        return pos

    def mark(self, pos: int) -> None:
        while len(self.starts) > 1 and self.starts[1][0] <= pos:
            self.starts.popleft()
        if isinstance(self.raw, Window):
            self._keep()

    def member_at(self, pos: int, default: int) -> int:
        return next((at for out, at in reversed(self.starts) if out <= pos), default)

    def rewind(self, pos: int) -> bool:
        out, at = next(((o, a) for o, a in reversed(self.starts) if o <= pos), (-1, -1))
        if out < 0 or pos - out > REWIND_LIMIT or at < self._held():
            return self._back(pos)
        self._restart(at, out)
        return self.drop(pos - out) == pos - out

    def ended(self) -> bool:
        while self.i >= len(self.buf):
            if self.d is None:
                return bool(self.starts)
            if not self._fill(start=False):
                return self.d is None and bool(self.starts)
        return False

    def _held(self) -> int:
        """The first offset that can be gone back to."""
        return self.raw.start if isinstance(self.raw, Window) else 0

    def resync(self, offset: int) -> bool:
        pos = max(offset, self._held())
        while True:
            j, size = self._find(pos)
            if j >= 0:
                if self._probe(pos + j):
                    self._restart(pos + j, self.pos)
                    return True
                pos += j + 1
            elif size <= len(MAGIC):
                self._restart(pos + size, self.pos, done=True)
                return False
            else:
                pos += size - len(MAGIC) + 1

    def _find(self, pos: int) -> tuple[int, int]:
        """Where gzip data may start in the ``CHUNK`` bytes at ``pos`` (-1:
        nowhere), and how many bytes there were (one block kept at a time)."""
        self.raw.seek(self.base + pos)
        block = self.raw.read(CHUNK)
        return block.find(MAGIC), len(block)

    def _probe(self, at: int) -> bool:
        """Does a gzip member at ``at`` start with a WARC record's first line?"""
        self.raw.seek(self.base + at)
        try:
            head = zlib.decompressobj(31).decompress(self.raw.read(PROBE), 64)
        except zlib.error:
            return False
        return RECORD_LINE.match(head.lstrip(b"\r\n")) is not None


def open_bytes(stream: BinaryIO) -> Bytes:
    """``stream``'s bytes as read for records: gzip data member by member
    (over a ``Window`` when it cannot be sought), other data as it is."""
    peek = getattr(stream, "peek", None)
    if peek is None or peek(2)[:2] != b"\x1f\x8b":
        return Plain(stream)
    base = _tell(stream)
    return Members(stream, base) if base is not None else Members(Window(stream), 0)


def gzip_head(stream: BinaryIO) -> tuple[BinaryIO, bytes]:
    """``stream`` (read by content, not sought) as read from its start, and
    the first bytes its gzip data unpacks to (``b""`` for other data), so
    the caller can tell a web archive (``warc.warc_start``) and give
    ``read_warc`` the compressed bytes, read member by member."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)
    if stream.peek(2)[:2] != b"\x1f\x8b":
        return stream, b""
    d, head, out = zlib.decompressobj(31), b"", b""
    try:
        while (len(out) < len(b"WARC/1.0\r\n") and not d.eof and len(head) < RAW
               and (more := stream.read1(PROBE))):
            head += more
            out += d.decompress(d.unconsumed_tail + more, 16)
    except zlib.error:
        pass            # (read through gzip then: its error is one reject)
    return io.BufferedReader(Replay(head, stream), RAW), out


class Replay(io.RawIOBase):
    """``head`` (bytes already read of ``stream``), then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self.head, self.stream = memoryview(head), stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = getattr(self.stream, "read1", self.stream.read)(len(buffer))   # (as it comes)
        buffer[:len(data)] = data
        return len(data)


def _tell(stream: BinaryIO) -> int | None:
    """Where a stream that can be sought is; None for one that cannot."""
    try:
        return stream.tell() if stream.seekable() else None
    except (OSError, ValueError, AttributeError):
        return None


__all__ = ["Bytes", "GzipDamage", "RECORD_LINE", "Replay", "gzip_head", "open_bytes"]
