"""Read step: files, directories and standard input into ``Article`` records.

A ``.txt`` file is one article whose id is the file name without extension;
so is a saved page or Markdown file (``.html``, ``.htm``, ``.md``: clean
reads its markup).
A ``.jsonl`` file holds one article per line (``jsonl.py``: ``text``
required; ``id``, ``title``, ``date``, ``url``, ``source`` and any other
fields optional and kept).  A feed (``.xml``, ``.rss``, ``.atom``: RSS
2.0, RSS 1.0, Atom) holds one article per item (``feeds.py``); a web archive (``.warc``, ``.wet``:
WARC 1.0 and 1.1) one article per page record (``warc.py``).  Any may be
gzip-compressed (``.txt.gz``, ``.jsonl.gz``): corpora are often shipped
so.  Directories are searched recursively for all these, in sorted order
so runs are deterministic.  Any other file named on the command line
(``split``'s ``xaa``, ``feed.json``) and ``-`` (or no input at all,
standard input) are read by content: gzip data is decompressed first, then
a feed if its root element is ``rss``, ``feed`` or ``rdf:RDF`` (an XHTML
page stays a text), a web archive if it starts ``WARC/1.0`` or
``WARC/1.1``, JSONL if the first non-blank character is ``{``, otherwise
one plain-text article.

Everything a later step relies on is checked here, so a hostile line is one
reject, never a traceback further on: valid UTF-8 and JSON (no NaN, no lone
surrogates, no absurd nesting), the types of the known fields
(``schema.py``), an article no bigger than ``max_bytes``, and ids unique
across all inputs (ids are text: ``1`` and ``"1"`` are the same id).

Memory is bounded whatever the input (``/dev/zero``, a gzip bomb): a text
is read up to ``max_bytes``, a line up to ``line_limit(max_bytes)``; what
is longer is rejected after reading on only in fixed-size chunks.

Bad items are yielded as ``Rejected`` rather than raised, so the caller decides
whether to stop (``--on-error fail``) or skip and record them.  A reject keeps
the raw line (or file) as text, undecodable bytes written as ``\\xNN``.
``Read``, ``Rejected`` and the line bounds, which every reader shares, are
in ``items.py``.
"""
from __future__ import annotations

import gzip
import io
import itertools
import os
import stat
import sys
import zlib
from contextlib import contextmanager
from typing import BinaryIO, Callable, Iterable, Iterator

from ..article import Article
from ..errors import InputError, printable_name
from .feeds import FEED_SUFFIXES, SNIFF, feed_start, read_feed
from .items import (BLANK, CHUNK, LEAD, LongLine, Read, Rejected, file_stem, line_limit, read_lines,
                    too_large)
from .jsonl import read_jsonl
from .warc import WARC_SUFFIXES, read_warc, warc_prefix, warc_start
from .warc_stream import Replay, gzip_head

TEXT_SUFFIXES = (".txt", ".html", ".htm", ".md")     # one article each (clean reads the markup)
SUFFIXES = tuple(x + gz for gz in ("", ".gz")
                 for x in (*TEXT_SUFFIXES, ".jsonl", *FEED_SUFFIXES, *WARC_SUFFIXES))
GZIP_MAGIC = b"\x1f\x8b"
# What a damaged gzip stream raises, first to last byte.
GZIP_ERRORS = (OSError, EOFError, zlib.error)


@contextmanager
def open_input(path: str) -> Iterator[BinaryIO]:
    """A named file's bytes as every reader takes them: decompressed when
    the name ends in ``.gz`` or (any other name) the data starts as gzip
    data does.  Errors reading it are ``GZIP_ERRORS`` (``read_error``)."""
    with open(path, "rb") as raw:
        yield gzip.GzipFile(fileobj=raw) if path.endswith(".gz") else _gunzipped(raw)


def read_error(path: str, exc: BaseException) -> InputError:
    """One of ``GZIP_ERRORS`` raised reading ``path``, as the user sees it."""
    what = "cannot read" if isinstance(exc, OSError) and not isinstance(
        exc, gzip.BadGzipFile) else "damaged gzip data"
    return InputError(path, None, f"{what}: {_reason(exc)}")


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Files to read, in a deterministic order; ``-`` stands for stdin.

    Directories expand to their ``*.txt``, ``*.html``, ``*.htm``, ``*.md``,
    ``*.jsonl``, ``*.xml``, ``*.rss``, ``*.atom``, ``*.warc`` and ``*.wet``
    files (gzipped or not),
    recursively, sorted by path.  A
    missing path is an error named after the path; so is a folder inside
    that cannot be read (its articles would go unaccounted for).  A FIFO,
    device or socket found in a folder is no article file and is passed
    over (reading one could wait for ever); named as an input, it is read.
    A file reached twice (named twice, or named and inside a folder named)
    is an error too: every article of it would come twice.
    """
    paths: list[str] = []
    for item in inputs or ["-"]:
        if item == "-":
            paths.append("-")
        elif os.path.isdir(item):
            found = []
            for root, dirs, files in os.walk(item, onerror=_unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [p for p in (os.path.join(root, f) for f in files
                                      if f.endswith(SUFFIXES) and not f.startswith("."))
                          if os.path.isfile(p) or not os.path.exists(p)]
            paths += sorted(found)
        elif os.path.exists(item):
            paths.append(item)
        else:
            raise InputError(item, None, "no such file or directory")
    _once(paths)
    return paths


def file_identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of the file ``path`` leads to; None if there is none:
    the same file however it is spelled (``./x``, a symlink, a hard link)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _once(paths: list[str]) -> None:
    """Raise when a regular file comes twice among ``paths``."""
    seen: dict = {}
    for path in paths:
        key = file_identity(path) if path != "-" and os.path.isfile(path) else None
        if key is None:
            continue            # (stdin, a device; or missing: named by the reader's error)
        first = seen.get(key)
        if first is not None:
            also = "" if first == path else f" (also as {first})"
            raise InputError(path, None, f"input given twice{also}: its articles would come twice")
        seen[key] = path


def _unreadable(exc: OSError) -> None:
    raise InputError(exc.filename or "?", None, f"cannot read: {exc.strerror or exc}")


def read_inputs(inputs: Iterable[str], stdin: BinaryIO | None = None,
                max_bytes: int | None = None, unique_ids: bool = True,
                on_skip: Callable[[str], None] | None = None
                ) -> Iterator[Article | Rejected]:
    """Yield every article (or rejected item) from ``inputs``, in order.

    ``max_bytes``: an article whose text is longer (in UTF-8 bytes) is rejected.
    The second and later articles with an id already read are rejected
    (unless not ``unique_ids``: ``clean --sources`` may hold a story twice).
    The ids in a record's ``duplicates`` (dedup's output read again) count
    as read too, so that every id stays once in a corpus: a record with an
    id listed earlier, or listing one read earlier (or its own id, or an id
    twice), is rejected whole.  ``on_skip(kind)`` is told of each record of
    a web archive that is no article (a WARC ``request``, an image).
    """
    seen: dict[str, tuple[str, bool | None]] = {}   # id -> (where first read, was an integer)
    for item in _read_all(inputs, stdin, max_bytes, on_skip):
        if isinstance(item, Read) and not unique_ids:
            item = item.article
        elif isinstance(item, Read):
            art = item.article
            problem = _id_conflict(item, seen)
            if problem is not None:
                yield Rejected(problem, item.raw)
                continue
            seen[art.id] = (item.where, item.int_id)
            for d in art.duplicates or ():
                seen[d["id"]] = (f"{item.where}, in the duplicates of {art.id!r}", None)
            item = art
        yield item


def _id_conflict(item: Read, seen: dict) -> InputError | None:
    """Why ``item`` repeats an id already read (as a record or a listed
    duplicate) or lists one twice; None when its ids are new."""
    art = item.article
    first = seen.get(art.id)
    if first is not None:
        message = f"duplicate id {art.id!r} (first seen at {first[0]})"
        if first[1] is not None and first[1] != item.int_id:
            message += f"; ids are text, so {art.id} and \"{art.id}\" are the same id"
        return InputError(item.path, item.line, message)
    listed: set[str] = set()
    for d in art.duplicates or ():
        i = d["id"]
        if i == art.id or i in listed:
            what = "its own id" if i == art.id else f"id {i!r} twice"
            return InputError(item.path, item.line, f"'duplicates' lists {what}")
        if i in seen:
            return InputError(item.path, item.line, f"'duplicates' lists id {i!r}, "
                                                    f"first seen at {seen[i][0]}")
        listed.add(i)
    return None


def _read_all(inputs: Iterable[str], stdin: BinaryIO | None, max_bytes: int | None,
              on_skip: Callable[[str], None] | None = None) -> Iterator[Read | Rejected]:
    for path in expand_inputs(inputs):
        name = path[:-3] if path.endswith(".gz") else path     # the format: by inner suffix
        label = printable_name(path)        # (``path`` opens the file, ``label`` names it)
        try:
            if path == "-":
                stream = stdin if stdin is not None else sys.stdin.buffer
                yield from _read_piped(stream, "-", "stdin", max_bytes, on_skip)
                continue
            if name.endswith(WARC_SUFFIXES):      # (gzip data inflated there, member by member)
                with open(path, "rb") as raw:
                    yield from _items(read_warc(raw, label, file_stem(label), max_bytes, on_skip),
                                      label)
                continue
            if _piped(path):        # (a named pipe read by content: <(curl ...))
                with open(path, "rb") as raw:
                    yield from _read_piped(raw, label, file_stem(label), max_bytes, on_skip)
                continue
            with open_input(path) as fh:
                if name.endswith(".jsonl"):
                    yield from read_jsonl(read_lines(fh, line_limit(max_bytes)), label,
                                           max_bytes)
                elif name.endswith(FEED_SUFFIXES):
                    yield from _read_feed(fh, label, file_stem(label), max_bytes)
                elif not name.endswith(TEXT_SUFFIXES):
                    yield from _read_stream(fh, label, file_stem(label), max_bytes, on_skip)
                elif max_bytes is not None and (size := _file_size(fh)) > max_bytes:
                    yield Rejected(too_large(label, None, size, max_bytes))
                else:
                    yield from _text_article(fh, b"", 0, label, file_stem(label), max_bytes)
        except GZIP_ERRORS as exc:
            yield Rejected(read_error(label, exc))


def _file_size(fh: BinaryIO) -> int:
    """The size of a plain regular file, known before it is read; -1 for
    anything else (gzip data, a device, a pipe): those are read to know."""
    if isinstance(fh, gzip.GzipFile):
        return -1
    st = os.fstat(fh.fileno())
    return st.st_size if stat.S_ISREG(st.st_mode) else -1


def _piped(path: str) -> bool:
    """Is ``path`` read by content (named with no suffix read otherwise, nor
    ``.gz``) from a stream that cannot be sought (a named pipe)?"""
    if path.endswith((".gz", ".jsonl", *FEED_SUFFIXES, *TEXT_SUFFIXES)):
        return False
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _read_piped(stream: BinaryIO, name: str, text_id: str, max_bytes: int | None,
                on_skip: Callable[[str], None] | None = None) -> Iterator[Read | Rejected]:
    """A stream read by content that cannot be sought (stdin, a pipe): gzip
    data whose unpacked start is a WARC record is given to ``read_warc``
    compressed, read member by member and named by members' offsets as a
    file is (``gzip_head``); the rest as ``_read_stream`` reads it."""
    stream, head = gzip_head(stream)
    if warc_start(head):
        yield from _items(read_warc(stream, name, text_id, max_bytes, on_skip), name)
    else:
        yield from _read_stream(_gunzipped(stream), name, text_id, max_bytes, on_skip)


def _gunzipped(stream: BinaryIO) -> BinaryIO:
    """``stream``, decompressed when it starts as gzip data does (stdin, a file
    named without a suffix)."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)
    return gzip.GzipFile(fileobj=stream) if stream.peek(2)[:2] == GZIP_MAGIC else stream


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _read_stream(stream: BinaryIO, name: str, text_id: str, max_bytes: int | None,
                 on_skip: Callable[[str], None] | None = None) -> Iterator[Read | Rejected]:
    """A stream read by content: a feed (``feeds.feed_start``), a web archive
    (``warc.warc_start``), JSONL line by line, or one text article ``text_id``."""
    head = _sniff(stream)
    if warc_start(head):
        stream = (_rewound(stream) if name != "-" else None) \
            or io.BufferedReader(Replay(head, stream), CHUNK)
        yield from _items(read_warc(stream, name, text_id, max_bytes, on_skip), name)
        return
    stream = io.BufferedReader(Replay(head, stream), CHUNK)
    if feed_start(head.lstrip(BLANK)):
        yield from _read_feed(stream, name, text_id, max_bytes)
        return
    limit = line_limit(max_bytes)
    lines = read_lines(stream, limit)
    blank, size, count = bytearray(), 0, 0     # the blank lines before the first other one
    last: bytes | LongLine = b""
    for line in lines:  # read up to the first non-blank line to decide the format
        if isinstance(line, LongLine) or line.lstrip(b"\xef\xbb\xbf").strip():
            last = line
            break
        size, count = size + len(line), count + 1
        if max_bytes is None or size <= max_bytes + 1:  # (a text's start; a longer one is
            blank += line                               # rejected by its size)
        elif size > limit:          # blank lines only: too large for a text, absurd for JSONL
            break
    if (last.lead if isinstance(last, LongLine) else last.lstrip(BLANK)[:1]) == b"{":
        blanks = itertools.repeat(b"\n", count)     # (only counted, as line numbers)
        yield from read_jsonl(itertools.chain(blanks, [last], lines), name, max_bytes)
        return
    if isinstance(last, LongLine):
        yield from _text_article(stream, bytes(blank), size + last.size, name, text_id,
                                 max_bytes)
    else:
        yield from _text_article(stream, bytes(blank) + last, size + len(last), name, text_id,
                                 max_bytes)


def _rewound(stream: BinaryIO) -> BinaryIO | None:
    """The file under ``stream`` (gzip data or not) back at its start, so a
    web archive read by content is read as one named ``.warc``; None when
    it cannot be sought."""
    raw = stream.fileobj if isinstance(stream, gzip.GzipFile) else stream
    try:
        if raw.seekable() and hasattr(raw, "peek"):
            raw.seek(0)
            return raw
    except (OSError, ValueError, AttributeError):
        pass
    return None


def _sniff(stream: BinaryIO) -> bytes:
    """The first bytes of ``stream``, as many as tell whether it is a feed
    (at most ``SNIFF``): read as they come, so that JSONL on a pipe is
    not held up waiting for more."""
    read = getattr(stream, "read1", stream.read)
    head = b""
    while len(head) < SNIFF:
        more = read(SNIFF - len(head))
        if not more:
            break
        head += more
        lead = LEAD.search(head)
        if lead and (lead.group() != b"<" or feed_start(head[lead.start():])) \
                and not warc_prefix(head):
            break
    return head


def _read_feed(stream: BinaryIO, path: str, stem: str, max_bytes: int | None
               ) -> Iterator[Read | Rejected]:
    """The items of a feed (``feeds.py``) as articles read or rejected."""
    yield from _items(read_feed(stream, path, stem, max_bytes, line_limit(max_bytes)), path)


def _items(items: Iterable[tuple[Article, str, int] | InputError], path: str
           ) -> Iterator[Read | Rejected]:
    """A feed's or web archive's items, ``(article, raw, line)`` or
    ``InputError``, as articles read or rejected."""
    for item in items:
        if isinstance(item, InputError):
            yield Rejected(item, getattr(item, "raw", None))
        else:
            article, raw, line = item
            yield Read(article, raw, False, path, line)


def _text_article(stream: BinaryIO, data: bytes, size: int, path: str, text_id: str,
                  max_bytes: int | None) -> Iterator[Read | Rejected]:
    """One plain-text article: ``data`` (``size`` bytes read so far, more when
    some were not kept) and the rest of ``stream``, read up to ``max_bytes``."""
    if max_bytes is None:
        yield from _read_text(data + stream.read(), path, text_id)
        return
    if size <= max_bytes:
        data += stream.read(max_bytes + 1 - size)
        size = len(data)
    if size <= max_bytes:
        yield from _read_text(data, path, text_id)
        return
    limit = line_limit(max_bytes)       # its size, read on (not kept) up to a line's limit
    while size <= limit:
        chunk = stream.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            yield Rejected(too_large(path, None, size, max_bytes))
            return
        size += len(chunk)
    yield Rejected(InputError(path, None, f"article too large: more than {limit} bytes of "
                                          f"text (--max-bytes {max_bytes})"))


def _read_text(data: bytes, path: str, article_id: str) -> Iterator[Read | Rejected]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield Rejected(InputError(path, None, f"invalid UTF-8 at byte {exc.start}"),
                       data.decode("utf-8", "backslashreplace"))
        return
    if not text.strip():
        yield Rejected(InputError(path, None, "empty article (no text)"), text)
        return
    yield Read(Article(id=article_id, text=text, source=path), text, path=path)


