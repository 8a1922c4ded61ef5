"""What the readers yield, and the bounds they read within.

``read`` (files, folders, plain text, and the items of feeds and web
archives) and ``jsonl`` yield an article as ``Read`` (with what the
duplicate-id check needs) or a bad item as ``Rejected``, and read lines
no longer than ``line_limit(max_bytes)`` (``read_lines``: a longer one is
a ``LongLine``, its rest read on in chunks), so memory stays bounded
whatever the input.  These shared pieces are here so that the readers
need not import one another.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import BinaryIO, Iterator

from ..article import Article
from ..errors import InputError

# The longest JSONL line read whole, for a --max-bytes of N: 16 N + 1 MiB.  Room
# for the text JSON-escaped (at most 6 bytes for one: "\u0000") and the record's
# other fields (removed paragraphs, repairs, duplicates, titles of up to 64 KiB).
LINE_FACTOR, LINE_SLACK = 16, 1 << 20
CHUNK = 1 << 20     # what is read at a time of an item too large to keep
BLANK = b"\xef\xbb\xbf \t\r\n"    # what may come before a JSONL stream's first "{"
LEAD = re.compile(rb"[^\xef\xbb\xbf \t\r\n]")


@dataclass
class Rejected:
    """An input item that could not be read or used, and why.

    ``raw`` is the item as read (a JSONL line, a file's text), with bytes
    that are not UTF-8 escaped as ``\\xNN``; None when it is too large to copy.
    """

    error: InputError
    raw: str | None = None

    def to_dict(self) -> dict:
        return {"source": self.error.path + (f":{self.error.line}" if self.error.line else ""),
                "error": self.error.message, "raw": self.raw}


def raw_text(data: bytes) -> str:
    """Bytes as text for a reject record: invalid UTF-8 escaped, one line end dropped.

    >>> raw_text(b'{"id": "caf\\xe9"}\\n')
    '{"id": "caf\\\\xe9"}'
    """
    if data.endswith(b"\n"):
        data = data[:-1]
    if data.endswith(b"\r"):
        data = data[:-1]
    return data.decode("utf-8", "backslashreplace")


def line_limit(max_bytes: int | None) -> int | None:
    """The longest line (in bytes, its end included) read whole; None: any.

    >>> line_limit(1000)
    1064576
    """
    return None if max_bytes is None else LINE_FACTOR * max_bytes + LINE_SLACK


@dataclass
class LongLine:
    """A line longer than the limit it was read with: only how much of it
    was read, and its first byte that is not ``BLANK``, are kept."""

    size: int
    limit: int
    lead: bytes = b""


def read_lines(stream: BinaryIO, limit: int | None) -> Iterator[bytes | LongLine]:
    """The lines of ``stream``; one longer than ``limit`` bytes is a
    ``LongLine``, and once the caller goes on its rest is read and dropped
    in chunks: memory stays bounded on a line without end."""
    while True:
        line = stream.readline() if limit is None else stream.readline(limit + 1)
        if not line:
            return
        if limit is None or len(line) <= limit:
            yield line
            continue
        lead = LEAD.search(line)
        yield LongLine(len(line), limit, lead.group() if lead else b"")
        # (a caller that stops at the long line reads no further)
        while not line.endswith(b"\n"):
            line = stream.readline(CHUNK)
            if not line:
                return


@dataclass
class Read:
    """An article as read, with what the duplicate-id check needs."""

    article: Article
    raw: str                 # the line (or file) as text, for a reject record
    int_id: bool = False     # the id was a JSON integer
    path: str = ""           # where it was read (a given ``source`` field may say otherwise)
    line: int | None = None

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


def file_stem(path: str) -> str:
    """A file's article id: its name without extension (and ``.gz``)."""
    name = os.path.basename(path)
    return os.path.splitext(name[:-3] if name.endswith(".gz") else name)[0]


def too_large(path: str, line: int | None, size: int, max_bytes: int) -> InputError:
    """Why an article of ``size`` bytes of text is rejected."""
    return InputError(path, line, f"article too large: {size} bytes of text "
                                  f"(--max-bytes {max_bytes})")


__all__ = ["Rejected", "Read", "LongLine", "raw_text", "line_limit", "read_lines", "file_stem", "too_large",
           "CHUNK", "BLANK", "LEAD"]
