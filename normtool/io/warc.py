"""Web archives: WARC 1.0 and 1.1 files (and Common Crawl's WET), one article per page.

News corpora are often collected as WARC files (Common Crawl's CC-News:
``response`` records holding the HTTP response with the page) or WET files
(the text Common Crawl extracted: ``conversion`` records).  A file named
``.warc`` or ``.wet`` (gzipped or not: Common Crawl gzips each record as
its own gzip member, and the members are read through), or read by content
(its first line ``WARC/1.0`` or ``WARC/1.1``), is read here:

- a ``response`` holding an HTTP response (``application/http``) with status
  200 and an HTML or XHTML ``Content-Type`` is one article: its payload (the
  HTTP body, chunked transfer coding and gzip or deflate content coding
  undone) is handed on as a page, so clean reads its markup as a saved
  page's.  It is decoded by the charset of the HTTP ``Content-Type``, else
  of the page's ``<meta>`` (or XML declaration), else as UTF-8; bytes that
  do not decode become U+FFFD (a byte-order mark wins over all of these);
- a ``resource`` of ``text/html`` (a page) or ``text/plain``, and a
  ``conversion`` (WET text), are one article each, their block the text;
- every other record (``warcinfo``, ``request``, ``metadata``, ``revisit``,
  a response that is an image, a PDF, ``robots.txt``, a redirect or a 404)
  is no article: it is counted by kind for the run summary (``on_skip``).

Fields: ``id`` the ``WARC-Record-ID`` without its angle brackets
(``urn:uuid:...``); ``url`` the ``WARC-Target-URI``; ``crawled`` the
``WARC-Date`` as given (not the publication ``date``: clean finds that in
the page); ``source`` ``PATH:OFFSET``, the byte offset of the record's
``WARC/1.x`` line; in a gzipped file, of the gzip member it starts
(Common Crawl's index offset; in the bytes piped in, for a pipe), else
in the data as unpacked (a file gzipped whole).  Bytes are read in
``warc_stream.py``.

Hostile input is a reject naming the file and offset, never a traceback.
Memory is bounded whatever the file: headers are read up to ``HEAD_LIMIT``,
a record's block up to ``max_bytes`` + ``HEAD_LIMIT`` (more is read on and
dropped in chunks), a gzip-coded body inflated up to ``max_bytes``.  A
record that would be an article but is truncated (``WARC-Truncated``), too
large or malformed is one reject.  A damaged record (no numeric
``Content-Length``, a block not followed by the record's end, the file
ending inside it), damaged gzip data, or bytes where a record should start
are one reject too, and reading resumes at the next record: the next line
starting ``WARC/1.0`` or ``WARC/1.1`` after the damaged record's first line
(a record may start inside what a wrong ``Content-Length`` claimed), or,
after damaged gzip data, the next gzip member that starts a record.
"""
from __future__ import annotations

import codecs
import gzip
import re
import zlib
from typing import BinaryIO, Callable, Iterator

from ..article import Article, json_line
from ..errors import InputError
from .schema import check_record
from .warc_stream import RECORD_LINE, Bytes, GzipDamage, open_bytes

WARC_SUFFIXES = (".warc", ".wet")
HEAD_LIMIT = 1 << 16    # the longest WARC or HTTP header read
HTML_TYPES = ("text/html", "application/xhtml+xml")
SKIPPED = ("warcinfo", "request", "metadata", "revisit", "continuation")
GZIP_ERRORS = (OSError, EOFError, zlib.error)
_STARTS = (b"WARC/1.0\r\n", b"WARC/1.1\r\n")
_DIGITS = re.compile(r"[0-9]{1,18}")
_HTTP = re.compile(rb"HTTP/[0-9](?:\.[0-9])?[ \t]+([0-9]{3})\b")
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_CHUNK_SIZE = re.compile(rb"[ \t]*([0-9A-Fa-f]{1,15})[ \t]*(?:;[^\r\n]*)?\r?\n")
_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_META = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML = re.compile(rb"""\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_PAGE = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def warc_start(head: bytes) -> bool:
    """Does ``head`` (a stream's first bytes) start a WARC file?

    >>> warc_start(b"WARC/1.0\\r\\nWARC-Type: warcinfo"), warc_start(b"WARC/0.17\\r\\n")
    (True, False)
    """
    return RECORD_LINE.match(head) is not None


def warc_prefix(head: bytes) -> bool:
    """Could ``head``, read further, still start a WARC file (so a sniffer reads on)?"""
    return len(head) < len(_STARTS[0]) and any(s.startswith(head) for s in _STARTS)


class _Stop(Exception):
    """A damaged record, or bytes where a record should start: ``offset``,
    where it starts (the data are read on at the next record)."""

    def __init__(self, offset: int, message: str, record: int | None = None):
        super().__init__(message)
        self.offset, self.message, self.record = offset, message, record


class _Bad(Exception):
    """A record that would be an article cannot be read (its message)."""


def read_warc(stream: BinaryIO, path: str, stem: str, max_bytes: int | None,
              on_skip: Callable[[str], None] | None = None
              ) -> Iterator[tuple[Article, str, int] | InputError]:
    """Each article of the WARC file in ``stream`` as ``(article, raw,
    offset)``, or an ``InputError`` for a record rejected (with ``raw``
    naming it), for damage (the file read on at the next record), or for a
    file that cannot be read on (the last one).  ``on_skip(kind)`` is called
    for each record that is no article."""
    s = open_bytes(stream)
    records, yielded, scanning, where = 0, 0, False, 0
    skipped: dict[str, int] = {}
    try:
        while True:
            where = s.where(s.pos)      # (named by an error of the gzip data before the next record)
            try:
                start = _next_record(s, scanning)
            except _Stop as stop:           # bytes where a record should start
                yield InputError(path, s.where(stop.offset), stop.message)
                yielded, scanning, start = yielded + 1, True, stop.record
                if start is None:
                    continue
            except GzipDamage as exc:
                if not scanning:
                    yield InputError(path, exc.offset, f"damaged gzip data: {exc.message}")
                    yielded += 1
                scanning = True
                s.resync(exc.offset + 1)
                continue
            if start is None:
                if s.stop is None:
                    break
                at, message = s.stop
                yield InputError(path, at, message)
                yielded, scanning = yielded + 1, True
                s.resync(at)
                continue
            records, scanning, after = records + 1, False, s.pos
            s.mark(start)
            where = s.where(start)
            try:
                out = _record(s, start, where, path, stem, max_bytes)
            except _Stop as stop:
                yield InputError(path, where, stop.message)
                yielded, scanning = yielded + 1, True
                try:
                    s.rewind(after)     # (the next record may start inside what it claimed)
                except GzipDamage as exc:
                    s.resync(s.member_at(start, exc.offset) + 1)
                continue
            except GzipDamage as exc:
                yield InputError(path, where, f"damaged gzip data: {exc.message}")
                yielded, scanning = yielded + 1, True
                s.resync(s.member_at(start, exc.offset) + 1)
                continue
            if isinstance(out, str):
                skipped[out] = skipped.get(out, 0) + 1
                if on_skip is not None:
                    on_skip(out)
                continue
            yielded += 1
            yield out
    except GZIP_ERRORS as exc:      # (reading the file, or gzip data on a pipe)
        what = "cannot read" if isinstance(exc, OSError) and not isinstance(
            exc, gzip.BadGzipFile) else "damaged gzip data"
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield InputError(path, where, f"{what}: {reason}")
        return
    if not records and not yielded:
        yield InputError(path, None, "a WARC file without records")
    elif not yielded:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(skipped.items()))
        yield InputError(path, None, f"a WARC file without articles ({records} records "
                                     f"skipped: {kinds})")


def _next_record(s: Bytes, scanning: bool) -> int | None:
    """Read up to and including the next record's version line (blank lines
    before it are passed over); its offset, or None at the end of the data.
    Other bytes are a ``_Stop``, or, ``scanning`` (after damage), passed over
    up to the next line that starts a record."""
    fresh = True        # (at the start of a line: a long one is read in parts)
    while True:
        at = s.pos
        line = s.readline(HEAD_LIMIT)
        if not line:
            return None
        if fresh and RECORD_LINE.fullmatch(line):
            return at
        tail = _tail_record(line)
        if not scanning and line.strip(b"\r\n"):
            text = line[:40].decode("utf-8", "backslashreplace")
            raise _Stop(at, f"not a WARC record: expected WARC/1.0 or WARC/1.1, found {text!r}",
                        None if tail is None else at + tail)
        if tail is not None:
            return at + tail
        fresh = line.endswith(b"\n")


def _tail_record(line: bytes) -> int | None:
    """Where a record starts in ``line`` when it ends with a version line
    (the line before it cut short: a crawler stopped mid-record).

    >>> _tail_record(b"Content-LenWARC/1.0\\r\\n"), _tail_record(b"WARC/1.0 was here\\n")
    (11, None)
    """
    for n in (10, 9):
        if len(line) >= n and RECORD_LINE.fullmatch(line, len(line) - n):
            return len(line) - n
    return None


def _ends(s: Bytes) -> bool:
    """Does a record end where its block does (after it, blank lines, the
    end of the data or of its gzip member, or the next record)?  Reads the
    line ends after the block, and its gzip member's checksum."""
    newlines = s.line_ends()
    if s.ended() or newlines >= 2:
        return True
    after = s.peek(len(_STARTS[0]))
    return not after or RECORD_LINE.match(after) is not None


def _fields(s: Bytes, start: int) -> tuple[dict[str, str], str | None]:
    """A record's named fields (names in lower case; the first of a name
    wins), and the first line that is no field, if any."""
    fields: dict[str, str] = {}
    bad, last, size = None, None, 0
    while True:
        line = s.readline(HEAD_LIMIT + 1)
        size += len(line)
        if not line.endswith(b"\n"):
            if not line or size <= HEAD_LIMIT:
                raise _Stop(start, "truncated record: the file ends inside its WARC header")
        if size > HEAD_LIMIT:
            raise _Stop(start, f"a WARC header of more than {HEAD_LIMIT} bytes")
        if not line.strip(b"\r\n"):
            return fields, bad
        if _tail_record(line) is not None:
            raise _Stop(start, "truncated record: another record starts inside its WARC header")
        text = line.decode("utf-8", "replace").rstrip("\r\n")
        if text[:1] in (" ", "\t") and last is not None:
            if last in fields:
                fields[last] += " " + text.strip()
            continue
        name, colon, value = text.partition(":")
        name = name.strip().lower()
        if not colon or not name:
            bad = bad or text[:80]
            last = None
            continue
        last = name if name not in fields else None
        fields.setdefault(name, value.strip())


def _record(s: Bytes, start: int, where: int, path: str, stem: str, max_bytes: int | None
            ) -> tuple[Article, str, int] | InputError | str:
    """The record at ``start`` (its version line read; named by offset
    ``where``): an article, a reject, or the kind of record it is when no
    article."""
    fields, bad = _fields(s, start)
    length = fields.get("content-length")
    if length is None:
        raise _Stop(start, "a WARC header without Content-Length")
    if not _DIGITS.fullmatch(length):
        raise _Stop(start, f"a WARC header with a bad Content-Length: {length[:40]!r}")
    length = int(length)
    kind = fields.get("warc-type", "").lower()
    media, charset = _content_type(fields.get("content-type", ""))
    if not kind:
        what = "bad"
    elif kind == "response":
        what = "http" if media == "application/http" else "response not HTTP"
    elif kind == "resource":
        what = "html" if media in HTML_TYPES else "text" if media == "text/plain" \
            else "resource not text"
    elif kind == "conversion":
        what = "text" if media in ("", "text/plain") else "conversion not text"
    else:
        what = kind if kind in SKIPPED else "other WARC-Type"
    keep = 0 if what not in ("http", "html", "text") else \
        length if max_bytes is None else min(length, max_bytes + HEAD_LIMIT)
    block = s.read(keep)
    rest = length - len(block)
    if len(block) < keep or s.drop(rest) < rest:
        raise _Stop(start, f"truncated record: the file ends inside its block of {length} bytes")
    if not _ends(s):
        raise _Stop(start, f"a WARC record that does not end after its block of {length} "
                           f"bytes (a wrong Content-Length)")
    name = {"id": _bare(fields.get("warc-record-id", "")) or f"{stem}:{where}",
            "url": _bare(fields.get("warc-target-uri", "")), "type": kind}

    def reject(message: str) -> InputError:
        error = InputError(path, where, message)
        error.raw = json_line({k: v for k, v in name.items() if v})
        return error

    if what == "bad":
        return reject("a WARC record without WARC-Type")
    if what not in ("http", "html", "text"):
        return what
    if bad is not None:
        return reject(f"a WARC header line without a name: {bad!r}")
    try:
        if what == "http":
            status, headers, block = _http(block)
            media, charset = _content_type(headers.get("content-type", ""))
            media = media or _content_type(fields.get("warc-identified-payload-type", ""))[0]
            if status != 200:
                return f"response HTTP {status}"
            if media and media not in HTML_TYPES:
                return "response not HTML"
        if "warc-truncated" in fields:
            raise _Bad(f"truncated record (WARC-Truncated: {fields['warc-truncated'][:40]})")
        if "warc-segment-number" in fields:
            raise _Bad("a segmented record (its rest in continuation records): not read")
        if rest:
            raise _Bad(f"article too large: a record of {length} bytes "
                       f"(--max-bytes {max_bytes})")
        if what == "http":
            block = _payload(headers, block, max_bytes)
            if not media and not _PAGE.match(block[:4096]):
                return "response not HTML"
            what = "html"
        if max_bytes is not None and len(block) > max_bytes:
            raise _Bad(f"article too large: {len(block)} bytes of payload "
                       f"(--max-bytes {max_bytes})")
    except _Bad as exc:
        return reject(str(exc))
    text = _decode(block, charset, what == "html")
    if not text.strip():
        return reject("empty article (no text)")
    record = {k: v for k, v in (("id", name["id"]), ("url", name["url"]),
                                 ("crawled", fields.get("warc-date", ""))) if v}
    record["text"] = text
    problem = check_record(record)
    if problem:
        return reject(problem)
    return Article.from_dict(record, source=f"{path}:{where}"), json_line(record), where


def _bare(value: str) -> str:
    """A WARC id or URI without the angle brackets WARC 1.0 writes around it.

    >>> _bare("<urn:uuid:1f0e>"), _bare("https://a.example/x")
    ('urn:uuid:1f0e', 'https://a.example/x')
    """
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1].strip()
    return value


def _content_type(value: str) -> tuple[str, str | None]:
    """``(media type in lower case, charset or None)`` of a Content-Type
    (of the first, when a header given twice joined them with a comma).

    >>> _content_type('Text/HTML; charset="ISO-8859-1"'), _content_type("text/html, text/html")
    (('text/html', 'ISO-8859-1'), ('text/html', None))
    """
    m = _CHARSET.search(value)
    return value.split(";", 1)[0].split(",", 1)[0].strip().lower(), m.group(1) if m else None


def _http(block: bytes) -> tuple[int, dict[str, str], bytes]:
    """``(status, headers, body)`` of an HTTP response: header names in lower
    case, a repeated one's values joined by commas."""
    m = _HTTP.match(block)
    end = _HEAD_END.search(block, 0, HEAD_LIMIT)
    if m is None or end is None:
        raise _Bad("malformed HTTP response: " + ("no status line" if m is None
                                                  else "no end of its header"))
    headers: dict[str, str] = {}
    for line in block[:end.start()].decode("latin-1").split("\n")[1:]:
        name, colon, value = line.partition(":")
        if colon:
            key = name.strip().lower()
            headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    return int(m.group(1)), headers, block[end.end():]


def _payload(headers: dict[str, str], body: bytes, max_bytes: int | None) -> bytes:
    """An HTTP body with its transfer codings (chunked) and content codings undone."""
    transfer = _codings(headers.get("transfer-encoding", ""))
    if "chunked" in transfer:
        body = _dechunk(body)
    for coding in reversed(_codings(headers.get("content-encoding", ""))
                           + [c for c in transfer if c != "chunked"]):
        body = _inflate(body, coding, max_bytes)
    return body


def _codings(value: str) -> list[str]:
    return [c for c in (x.strip().lower() for x in value.split(",")) if c and c != "identity"]


def _dechunk(body: bytes) -> bytes:
    """A chunked body's data; a body that does not start as one is taken as
    it is (a crawler that undid the coding and kept the header).

    >>> _dechunk(b"5\\r\\nHello\\r\\n7;x=1\\r\\n, world\\r\\n0\\r\\n\\r\\n"), _dechunk(b"<html>")
    (b'Hello, world', b'<html>')
    """
    out, pos = bytearray(), 0
    while True:
        m = _CHUNK_SIZE.match(body, pos)
        if m is None:
            if pos == 0:
                return body
            raise _Bad("malformed chunked transfer coding")
        size, pos = int(m.group(1), 16), m.end()
        if size == 0:
            return bytes(out)
        if pos + size > len(body):
            raise _Bad("truncated chunked transfer coding")
        out += body[pos:pos + size]
        pos += size
        pos += 2 if body.startswith(b"\r\n", pos) else 1 if body.startswith(b"\n", pos) else 0


def _inflate(body: bytes, coding: str, max_bytes: int | None) -> bytes:
    """``body`` with its gzip or deflate coding undone, up to ``max_bytes``
    (more is a reject: a gzip bomb costs nothing).  A gzip-coded body that
    does not start as gzip data is taken as it is (already decoded)."""
    if coding in ("gzip", "x-gzip"):
        if not body.startswith(b"\x1f\x8b"):
            return body
        wbits = (31,)
    elif coding == "deflate":
        wbits = (15, -15)       # (zlib data as the RFC says, or raw deflate as servers send)
    else:
        raise _Bad(f"unsupported content coding {coding[:40]!r}: only gzip and deflate are "
                   f"decoded (Python's standard library has no br or zstd decoder)")
    cap = 0 if max_bytes is None else max_bytes + 1
    for bits in wbits:
        d = zlib.decompressobj(bits)
        try:
            out = d.decompress(body, cap)
        except zlib.error:
            continue
        if max_bytes is not None and len(out) > max_bytes:
            raise _Bad(f"article too large: more than {max_bytes} bytes of payload "
                       f"(--max-bytes {max_bytes})")
        if not d.eof:
            raise _Bad(f"truncated {coding} content coding")
        return out
    raise _Bad(f"damaged {coding} content coding")


def _codec(name: str | None, meta: bool = False) -> str | None:
    """The Python codec for a declared charset, as browsers read it
    (Latin-1 and ASCII as Windows-1252; UTF-16 in a ``<meta>`` as UTF-8);
    None when unknown or no text encoding.

    >>> _codec("ISO-8859-1"), _codec("utf8"), _codec("x-nonesuch"), _codec("rot13")
    ('cp1252', 'utf-8', None, None)
    """
    if not name:
        return None
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    if info.name in ("iso8859-1", "ascii"):
        return "cp1252"
    if meta and info.name.startswith("utf-16"):
        return "utf-8"
    return info.name


def _decode(payload: bytes, charset: str | None, html: bool) -> str:
    """A payload as text: by its byte-order mark, else the declared charset,
    else (a page) its ``<meta>`` or XML declaration, else UTF-8; bytes the
    codec cannot read become U+FFFD."""
    head = payload[:4096]
    bom = next((c for mark, c in _BOMS if payload.startswith(mark)), None)
    meta = None
    if html and bom is None and _codec(charset) is None:
        m = _META.search(head) or _XML.match(head)
        meta = _codec(m.group(1).decode("ascii"), meta=True) if m else None
    for codec in (bom, _codec(charset), meta, "utf-8"):
        if codec is None:
            continue
        try:
            return payload.decode(codec, "replace")
        except (LookupError, UnicodeError, ValueError, TypeError):
            continue
    return payload.decode("utf-8", "replace")


__all__ = ["WARC_SUFFIXES", "read_warc", "warc_prefix", "warc_start"]
