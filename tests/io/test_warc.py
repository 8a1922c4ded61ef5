"""Web archives (``normtool/io/warc.py``): WARC and WET files, one article per page record."""
from __future__ import annotations

import gzip
import io
import json
import os
import random
import threading
import tracemalloc
import zlib
from pathlib import Path

from click.testing import CliRunner

from normtool.cli import main
from normtool.io import Rejected, read_inputs
from normtool.io.warc_stream import WINDOW
from normtool.runner import Summary

LEDE = "Acme Corp said on Monday it had agreed to buy Widgets Inc for $2 billion in cash."
MORE = "The deal is expected to close in June, the company said."
PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Acme buys Widgets | Example News</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Acme buys Widgets</h1><p>{LEDE}</p><p>{MORE}</p></article>
<footer>Copyright Example News</footer></body></html>
"""
UUID = "urn:uuid:{:08d}-0000-4000-8000-000000000000"


def record(kind: str, block: bytes, n: int = 1, ctype: str | None = None,
           uri: str = "https://news.example.com/acme", extra: str = "",
           version: str = "1.0", length: int | str | None = None) -> bytes:
    """One WARC record as written by a crawler (CRLF line ends)."""
    if ctype is None:
        ctype = {"response": "application/http; msgtype=response",
                 "request": "application/http; msgtype=request",
                 "warcinfo": "application/warc-fields"}.get(kind, "text/plain")
    head = (f"WARC/{version}\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <{UUID.format(n)}>\r\n"
            f"WARC-Date: 2024-03-0{n % 9 + 1}T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: {ctype}\r\n{extra}"
            f"Content-Length: {len(block) if length is None else length}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def http(body: bytes | str, ctype: str = "text/html; charset=UTF-8", status: str = "200 OK",
         headers: str = "") -> bytes:
    body = body.encode() if isinstance(body, str) else body
    return (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n{headers}"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def crawl(*pages: bytes) -> bytes:
    """A small crawl: warcinfo, then request and response for each page."""
    out = [record("warcinfo", b"software: test-crawler\r\nformat: WARC\r\n", 0)]
    for i, page in enumerate(pages, 1):
        out.append(record("request", b"GET /acme HTTP/1.1\r\nHost: news.example.com\r\n\r\n",
                          100 + i))
        out.append(record("response", page, i))
    return b"".join(out)


def members(data: bytes) -> bytes:
    """``data``'s records each gzipped as its own member, as Common Crawl does."""
    parts = data.split(b"\r\n\r\nWARC/")
    recs = [parts[0] + b"\r\n\r\n"] + [b"WARC/" + p + b"\r\n\r\n" for p in parts[1:]]
    recs[-1] = recs[-1][:-4]
    return b"".join(gzip.compress(r, mtime=0) for r in recs)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read(*paths, **kw) -> list:
    return list(read_inputs([str(p) for p in paths], **kw))


class Pipe(io.RawIOBase):
    """Bytes read as from a pipe: forward only (cannot be sought), in pieces."""

    def __init__(self, data: bytes):
        self.data, self.at = memoryview(data), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), 50_000, len(self.data) - self.at)
        buffer[:n] = self.data[self.at:self.at + n]
        self.at += n
        return n


def piped(data: bytes, via: str, tmp_path: Path, name: str = "p.warc.gz", **kw) -> list:
    """``data`` read through a stream that cannot be sought: on standard
    input (``stdin``), or a FIFO called ``name`` written by a thread."""
    if via == "stdin":
        return list(read_inputs(["-"], stdin=io.BufferedReader(Pipe(data)), **kw))
    path = tmp_path / name
    os.mkfifo(path)

    def feed() -> None:
        with open(path, "wb") as fh:
            fh.write(data)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        got = read(path, **kw)
    finally:
        writer.join(10)
        path.unlink()
    return got


def test_a_response_with_an_html_page_is_an_article(tmp_path):
    src = write(tmp_path, "crawl.warc", crawl(http(PAGE)))
    skipped = Summary("clean")
    [art] = read(src, on_skip=skipped.skip)
    assert art.id == UUID.format(1)
    assert art.url == "https://news.example.com/acme"
    assert art.extra == {"crawled": "2024-03-02T10:00:00Z"}
    assert art.date is None                 # (the crawl date is no publication date)
    assert art.text == PAGE
    offset = int(art.source.rsplit(":", 1)[1])
    assert src.read_bytes()[offset:offset + 28] == b"WARC/1.0\r\nWARC-Type: respons"
    assert skipped.steps == {"not articles": {"warcinfo": 1, "request": 1}}


def test_records_that_are_no_articles_are_counted_by_kind(tmp_path):
    data = b"".join([
        record("warcinfo", b"software: test\r\n", 0),
        record("request", b"GET / HTTP/1.1\r\n\r\n", 1),
        record("request", b"GET / HTTP/1.1\r\n\r\n", 13, extra="Not a field\r\n"),
        record("response", http(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png"), 2),
        record("response", http("User-agent: *\nDisallow:\n", "text/plain"), 3),
        record("response", http("%PDF-1.4 ...", "application/pdf"), 4),
        record("response", http("", status="301 Moved Permanently",
                                headers="Location: https://news.example.com/b\r\n"), 5),
        record("response", http(PAGE.replace("Acme buys", "Not found"), status="404 Not Found"), 6),
        record("response", b"news.example.com. 300 IN A 192.0.2.1\n", 7, ctype="text/dns"),
        record("metadata", b"via: https://news.example.com/\r\n", 8,
               ctype="application/warc-fields"),
        record("revisit", http(""), 9, extra="WARC-Profile: http://netpreserve.org/warc/1.0/"
                                               "revisit/identical-payload-digest\r\n"),
        record("resource", b"GIF89a", 10, ctype="image/gif"),
        record("response", http(PAGE), 11),
        record("nonesuch", b"x", 12),
    ])
    summary = Summary("clean")
    [art] = read(write(tmp_path, "crawl.warc", data), on_skip=summary.skip)
    assert art.id == UUID.format(11)
    assert summary.steps["not articles"] == {
        "warcinfo": 1, "request": 2, "response not HTML": 3, "response HTTP 301": 1,
        "response HTTP 404": 1, "response not HTTP": 1, "metadata": 1, "revisit": 1,
        "resource not text": 1, "other WARC-Type": 1}
    [rej] = read(write(tmp_path, "none.warc", data.replace(b"WARC-Type: response\r\nWARC-Record-ID: "
                                                             b"<urn:uuid:00000011", b"WARC-Type: request"
                                                             b"\r\nWARC-Record-ID: <urn:uuid:00000011")))
    assert rej.error.line is None
    assert rej.error.message.startswith("a WARC file without articles (14 records skipped: ")
    assert read(write(tmp_path, "empty.warc", b""))[0].error.message == \
        "a WARC file without records"


def test_gzipped_per_record_members_are_read_through_and_files_found_by_content(tmp_path):
    page2 = PAGE.replace("Acme buys Widgets", "Rain floods valley")
    data = crawl(http(PAGE), http(page2)).replace(b"WARC/1.0", b"WARC/1.1")
    packed = members(data)
    assert packed.count(b"\x1f\x8b") >= 5
    want = [UUID.format(1), UUID.format(2)]
    got = read(write(tmp_path, "CC-NEWS-20240301-00000.warc.gz", packed))
    assert [a.id for a in got] == want
    assert got[1].text == page2
    # offsets of the records' gzip members in the file, as Common Crawl's index gives them
    offsets = [int(a.source.rsplit(":", 1)[1]) for a in got]
    for art, at in zip(got, offsets):
        unpacked = zlib.decompressobj(31).decompress(packed[at:])
        assert unpacked.startswith(b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <"
                                   + art.id.encode())
    plain = [int(a.source.rsplit(":", 1)[1]) for a in read(write(tmp_path, "c.warc", data))]
    assert [data[at:at + 28] for at in plain] == [b"WARC/1.1\r\nWARC-Type: respons"] * 2
    # by content: a file named without a suffix (offsets as named), and standard input
    assert [(a.id, a.source) for a in read(write(tmp_path, "xaa", packed))] == \
        [(a.id, f"{tmp_path / 'xaa'}:{at}") for a, at in zip(got, offsets)]
    assert [a.id for a in read(write(tmp_path, "xab", data))] == want
    stdin = list(read_inputs(["-"], stdin=io.BytesIO(packed)))
    assert [a.id for a in stdin] == want
    # (gzip members' offsets, as for a file: found with dd in the file piped in)
    assert [a.source for a in stdin] == [f"-:{at}" for at in offsets]
    # in a folder, among other inputs
    folder = tmp_path / "d"
    folder.mkdir()
    write(folder, "a.warc.gz", packed)
    write(folder, "b.txt", LEDE.encode())
    assert [a.id for a in read(folder)] == [*want, "b"]


def test_wet_conversion_records_are_plain_text_articles(tmp_path):
    text = f"Acme buys Widgets\n{LEDE}\n{MORE}\n"
    data = (record("warcinfo", b"isPartOf: CC-MAIN-2024-10\r\n", 0)
            + record("conversion", text.encode(), 1,
                     extra=f"WARC-Refers-To: <{UUID.format(50)}>\r\n"
                           "WARC-Block-Digest: sha1:AAAA\r\n")
            + record("conversion", "Caf\u00e9 prices rose.\n".encode(), 2,
                     uri="https://cafe.example.com/"))
    got = read(write(tmp_path, "CC-MAIN-x.warc.wet.gz", members(data)))
    assert [(a.id, a.text, a.url) for a in got] == [
        (UUID.format(1), text, "https://news.example.com/acme"),
        (UUID.format(2), "Caf\u00e9 prices rose.\n", "https://cafe.example.com/")]
    resource = (record("resource", PAGE.encode(), 1, ctype="text/html")
                + record("resource", b"Plain copy.\n", 2, ctype="text/plain; charset=utf-8"))
    assert [a.text for a in read(write(tmp_path, "saved.warc", resource))] == [PAGE, "Plain copy.\n"]


def test_charset_from_http_header_then_meta_then_utf8_with_replacement(tmp_path):
    quote = "\u201cWe are pleased,\u201d Acme said of the caf\u00e9 deal."
    body = f"<html><body><p>{quote}</p></body></html>"
    latin = http(body.encode("cp1252"), "text/html; charset=iso-8859-1")
    meta = http(body.replace("<body>", '<head><meta http-equiv="Content-Type" '
                             'content="text/html; charset=windows-1252"></head><body>')
                .encode("cp1252"), "text/html")
    koi = http('<meta charset="koi8-r"><p>\u041f\u0440\u0438\u0432\u0435\u0442</p>'
               .encode("koi8-r"), "text/html")
    header_wins = http('<meta charset="koi8-r"><p>caf\u00e9</p>'.encode(), "text/html;charset=utf-8")
    broken = http(b"<p>caf\xe9 \xff</p>", "text/html")
    bom = http(codecs_bom() + '<p>caf\u00e9</p>'.encode("utf-16-le"), "text/html; charset=latin-1")
    bogus = http('<p>caf\u00e9</p>'.encode(), "text/html; charset=rot13")
    data = b"".join(record("response", b, i) for i, b in
                    enumerate([latin, meta, koi, header_wins, broken, bom, bogus], 1))
    texts = [a.text for a in read(write(tmp_path, "enc.warc", data))]
    assert quote in texts[0] and quote in texts[1]
    assert "\u041f\u0440\u0438\u0432\u0435\u0442" in texts[2]
    assert "<p>caf\u00e9</p>" in texts[3]
    assert texts[4] == "<p>caf\ufffd \ufffd</p>"
    assert texts[5].lstrip("\ufeff") == "<p>caf\u00e9</p>"
    assert texts[6] == "<p>caf\u00e9</p>"


def codecs_bom() -> bytes:
    return b"\xff\xfe"


def test_chunked_and_gzip_coded_bodies_are_decoded_within_max_bytes(tmp_path):
    raw = PAGE.encode()
    chunked = b"".join(b"%x;ext=1\r\n%s\r\n" % (len(raw[i:i + 100]), raw[i:i + 100])
                       for i in range(0, len(raw), 100)) + b"0\r\nX-Trailer: 1\r\n\r\n"
    zipped = gzip.compress(raw, mtime=0)
    deflated = zlib.compress(raw)[2:-4]       # raw deflate, as many servers send it
    both = gzip.compress(raw, mtime=0)
    both = b"%x\r\n%s\r\n0\r\n\r\n" % (len(both), both)
    stale = raw                               # coding undone by the crawler, header kept
    pages = [(b"Transfer-Encoding: chunked\r\n", chunked),
             (b"Content-Encoding: gzip\r\n", zipped),
             (b"Content-Encoding: deflate\r\n", deflated),
             (b"Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", both),
             (b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", stale)]
    data = b"".join(record("response", http(body, headers=h.decode()), i)
                    for i, (h, body) in enumerate(pages, 1))
    assert [a.text for a in read(write(tmp_path, "coded.warc", data))] == [PAGE] * 5
    # a gzip bomb: inflated only up to --max-bytes
    bomb = gzip.compress(b"<p>" + b"a" * (50 << 20), mtime=0)
    bad = [(b"Content-Encoding: gzip\r\n", bomb),
           (b"Content-Encoding: gzip\r\n", zipped[:-30]),
           (b"Content-Encoding: br\r\n", b"\x8b\x02\x80"),
           (b"Content-Encoding: zstd\r\n", b"\x28\xb5\x2f\xfd"),
           (b"Transfer-Encoding: chunked\r\n", chunked[:300]),
           (b"Transfer-Encoding: chunked\r\n", b"5\r\nab")]
    data = b"".join(record("response", http(body, headers=h.decode()), i)
                    for i, (h, body) in enumerate(bad, 1)) + record("response", http(PAGE), 9)
    tracemalloc.start()
    got = read(write(tmp_path, "bad.warc", data), max_bytes=100_000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 4 << 20
    assert [x.error.message if isinstance(x, Rejected) else x.id for x in got] == [
        "article too large: more than 100000 bytes of payload (--max-bytes 100000)",
        "truncated gzip content coding",
        "unsupported content coding 'br': only gzip and deflate are decoded "
        "(Python's standard library has no br or zstd decoder)",
        "unsupported content coding 'zstd': only gzip and deflate are decoded "
        "(Python's standard library has no br or zstd decoder)",
        "truncated chunked transfer coding",
        "truncated chunked transfer coding",
        UUID.format(9)]
    assert json.loads(got[0].raw) == {"id": UUID.format(1), "url": "https://news.example.com/acme",
                                      "type": "response"}


def test_damaged_records_are_one_line_rejects_naming_the_offset(tmp_path):
    good = record("response", http(PAGE), 1)
    cases = {
        "huge length": record("response", http(PAGE), 2, length=10 ** 15),
        "no length": record("response", http(PAGE), 2).replace(b"Content-Length: ", b"X-Len: ", 1),
        "bad length": record("response", http(PAGE), 2, length="12abc"),
        "long length": record("response", http(PAGE), 2, length="9" * 5000),
        "cut header": record("response", http(PAGE), 2)[:60],
        "cut block": record("response", http(PAGE), 2)[:-200],
        "garbage": bytes(range(256)) * 4 + b"\n" + good.replace(b"00000001", b"00000003"),
        "no header end": b"WARC/1.0\r\n" + b"X: " + b"y" * 100_000,
    }
    messages = {}
    for name, tail in cases.items():
        got = read(write(tmp_path, "x.warc", good + tail))
        assert got[0].id == UUID.format(1), name
        after = [type(got[0])] if name == "garbage" else []     # (read on at the next record)
        assert [type(x) for x in got] == [type(got[0]), Rejected, *after], name
        assert got[1].error.line == len(good), name
        messages[name] = got[1].error.message
    assert messages == {
        "huge length": f"truncated record: the file ends inside its block of {10 ** 15} bytes",
        "no length": "a WARC header without Content-Length",
        "bad length": "a WARC header with a bad Content-Length: '12abc'",
        "long length": "a WARC header with a bad Content-Length: '" + "9" * 40 + "'",
        "cut header": "truncated record: the file ends inside its WARC header",
        "cut block": f"truncated record: the file ends inside its block of "
                     f"{len(http(PAGE))} bytes",
        "garbage": "not a WARC record: expected WARC/1.0 or WARC/1.1, found "
                   "'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\n'",
        "no header end": "a WARC header of more than 65536 bytes",
    }
    # records that would be articles but are damaged: a reject each, the file read on
    bad = [record("response", http(PAGE), 2, extra="WARC-Truncated: length\r\n"),
           record("response", b"<html><p>no HTTP</p></html>", 3),
           record("response", http(PAGE), 4).replace(b"WARC-Type: response\r\n", b""),
           record("response", http(PAGE), 5, extra="Not a field\r\n"),
           record("response", http("  \n"), 6),
           record("response", http(PAGE), 7).replace(b"<urn:uuid:", b"<urn:uuid:" + b"x" * 5000),
           record("response", http(PAGE), 8, extra="WARC-Segment-Number: 1\r\n"),
           record("response", http(PAGE), 1)]
    got = read(write(tmp_path, "y.warc", good + b"".join(bad)))
    assert [x.error.message for x in got[1:]] == [
        "truncated record (WARC-Truncated: length)",
        "malformed HTTP response: no status line",
        "a WARC record without WARC-Type",
        "a WARC header line without a name: 'Not a field'",
        "empty article (no text)",
        got[6].error.message,
        "a segmented record (its rest in continuation records): not read",
        f"duplicate id '{UUID.format(1)}' (first seen at {tmp_path / 'y.warc'}:0)"]
    assert "id" in got[6].error.message
    assert got[1].error.line == len(good) and str(got[1].error).startswith(f"{tmp_path / 'y.warc'}:")


def test_a_damaged_gzip_member_at_the_end_is_one_reject(tmp_path):
    packed = members(crawl(http(PAGE), http(PAGE.replace("Acme", "Zeta"))))
    cut = packed[:-40]
    got = read(write(tmp_path, "cut.warc.gz", cut))
    assert [type(x).__name__ for x in got] == ["Article", "Rejected"]
    assert got[1].error.message.startswith("damaged gzip data: ")
    assert got[1].error.line is not None and got[1].error.line > 0
    flipped = bytearray(packed)
    flipped[-60] ^= 0xFF
    got = read(write(tmp_path, "flip.warc.gz", bytes(flipped)))
    assert [type(x).__name__ for x in got] == ["Article", "Rejected"]
    assert got[1].error.message.startswith("damaged gzip data")


def items(got: list, want: list | None = None) -> list:
    """Articles by their number, rejects as (offset, message), the message
    cut to the length of the one in ``want`` at the same place."""
    out = []
    for i, x in enumerate(got):
        if isinstance(x, Rejected):
            w = want[i] if want and i < len(want) and isinstance(want[i], tuple) else None
            out.append((x.error.line, x.error.message[:len(w[1])] if w else x.error.message))
        else:
            out.append(int(x.id[9:17]))
    return out


OVERRUN = "a WARC record that does not end after its block of {} bytes (a wrong Content-Length)"


def test_damage_is_one_reject_and_the_file_is_read_on_at_the_next_record(tmp_path):
    """Garbage between records, a wrong Content-Length, a record cut short:
    one reject naming the offset, then the next line starting WARC/1.x."""
    a, b, c, d = (record("response", http(PAGE.replace("Acme", f"Co{i}")), i)
                  for i in range(1, 5))
    ask = record("request", b"GET / HTTP/1.1\r\n\r\n", 9)
    size = len(http(PAGE.replace("Acme", "Co2")))
    junk = b"<junk>\r\n" * 3 + b"x" * 300_000 + b"\n"
    cases = {   # name: (data, want)
        "garbage": (a + junk + ask + b, [1, (len(a), "not a WARC record: expected WARC/1.0 or"), 2]),
        "short overrun": (a + record("response", http(PAGE.replace("Acme", "Co2")), 2,
                                     length=size + 40) + ask + c + d,
                          [1, (len(a), OVERRUN.format(size + 40)[:40]), 3, 4]),
        # (its claimed block swallows the next record whole: read again from there)
        "long overrun": (a + record("response", http(PAGE.replace("Acme", "Co2")), 2,
                                    length=size + len(ask) + len(c) + 100) + ask + c + d,
                         [1, (len(a), OVERRUN.format(size + len(ask) + len(c) + 100)[:40]), 3, 4]),
        "cut record": (a + b[:120] + ask + c, [1, (len(a), "truncated record: another record sta"), 3]),
        "cut block": (a + b[:-300] + ask + c, [1, (len(a), OVERRUN.format(size)[:40]), 3]),
    }
    for name, (data, want) in cases.items():
        for via in ("file", "pipe"):
            summary = Summary("clean")
            if via == "file":
                got = read(write(tmp_path, "d.warc", data), on_skip=summary.skip)
            else:
                got = list(read_inputs(["-"], stdin=io.BytesIO(data), on_skip=summary.skip))
            assert items(got, want) == want, (name, via)
            assert summary.steps == {"not articles": {"request": 1}}, (name, via)
    got = read(write(tmp_path, "d.warc", cases["garbage"][0]))
    assert str(got[1].error) == f"{tmp_path / 'd.warc'}:{len(a)}: not a WARC record: expected " \
                                "WARC/1.0 or WARC/1.1, found '<junk>\\r\\n'"


def test_damaged_gzip_data_is_one_reject_and_the_next_member_is_read(tmp_path):
    """A member cut short (or its checksum wrong, or bytes that are no gzip
    data between members): one reject naming the member's offset in the
    file, then the next member that starts a record."""
    recs = [record("response", http(PAGE.replace("Acme", f"Co{i}")), i) for i in range(1, 5)]
    packed = [gzip.compress(r, mtime=0) for r in recs]
    at = [sum(map(len, packed[:i])) for i in range(5)]
    flipped = bytearray(packed[1])
    flipped[len(flipped) // 2] ^= 0x55
    bad_crc = packed[1][:-8] + bytes(4) + packed[1][-4:]
    cases = {
        "cut member": (packed[1][:-30], [1, (at[1], "damaged gzip data: "), 3, 4]),
        "cut trailer": (packed[1][:-4], [1, (at[1], "damaged gzip data: "), 3, 4]),
        "cut header": (packed[1][:6], [1, (at[1], "damaged gzip data: "), 3, 4]),
        "flipped byte": (bytes(flipped), [1, (at[1], "damaged gzip data: "), 3, 4]),
        "checksum": (bad_crc, [1, (at[1], "damaged gzip data: Error -3 while decomp"), 3, 4]),
        "junk": (b"junk" * 1000 + packed[1], [1, (at[1], "not gzip data where a gzip member sh"),
                                              2, 3, 4]),
        "overrun": (gzip.compress(record("response", http(PAGE.replace("Acme", "Co2")), 2,
                                         length=len(http(PAGE.replace("Acme", "Co2"))) + 99),
                                  mtime=0), [1, (at[1], OVERRUN.format(0)[:40]), 3, 4]),
    }
    for name, (member, want) in cases.items():
        data = packed[0] + member + packed[2] + packed[3]
        for via in ("file", "stdin", "fifo", "xaa"):    # (piped: the same, members' offsets)
            got = read(write(tmp_path, "d.warc.gz", data)) if via == "file" else \
                piped(data, via, tmp_path, "xaa" if via == "xaa" else "p.warc.gz")
            assert items(got, want) == want, (name, via)
            for art in got:
                if not isinstance(art, Rejected):       # (named by their members' offsets)
                    offset = int(art.source.rsplit(":", 1)[1])
                    head = zlib.decompressobj(31).decompress(data[offset:], 100)
                    assert head.startswith(b"WARC/1.0\r\nWARC-Type: response\r\n"
                                           b"WARC-Record-ID: <" + art.id.encode()), (name, via)
            assert got[1].error.line == at[1], (name, via)


def test_piped_damage_found_past_what_is_held_is_read_on_as_in_a_file(tmp_path):
    """A damaged member of 6 MiB (more than a pipe keeps to go back to):
    the next member is searched for from the oldest byte kept."""
    recs = [record("response", http(PAGE.replace("Acme", f"Co{i}")), i) for i in range(1, 4)]
    packed = [gzip.compress(r, mtime=0) for r in recs]
    noise = random.Random(1).randbytes(6 << 20)
    big = bytearray(gzip.compress(record("response", http(noise, "video/mp4"), 9), mtime=0))
    big[-100] ^= 0x55       # (found wrong at its checksum)
    assert len(big) > WINDOW
    for mid in (bytes(big), bytes(big[:-5000])):
        data = packed[0] + mid + packed[1] + packed[2]
        want = [1, (len(packed[0]), "damaged gzip data: "), 2, 3]
        assert items(read(write(tmp_path, "e.warc.gz", data)), want) == want
        assert items(piped(data, "stdin", tmp_path), want) == want


def test_a_file_gzipped_whole_has_offsets_in_its_unpacked_data(tmp_path):
    """One gzip member for the whole file: member offsets would all be 0, so
    records are named by their offsets in the data as unpacked; damage is
    read past as in a plain file."""
    a, b, c = (record("response", http(PAGE.replace("Acme", f"Co{i}")), i) for i in (1, 2, 3))
    over = record("response", http(PAGE), 2, length=len(http(PAGE)) + 60)
    got = read(write(tmp_path, "w.warc.gz", gzip.compress(a + b + c, mtime=0)))
    assert [x.source.rsplit(":", 1)[1] for x in got] == ["0", str(len(a)), str(len(a + b))]
    got = read(write(tmp_path, "w.warc.gz", gzip.compress(a + over + c, mtime=0)))
    want = [1, (len(a), OVERRUN.format(len(http(PAGE)) + 60)), 3]
    assert items(got, want) == want
    assert got[2].source.endswith(f":{len(a + over)}")
    # piped: the same; the overrun also after more compressed bytes than are held
    # to go back to (the record's inflated bytes are kept instead)
    noise = random.Random(5).randbytes(1 << 16)
    videos = b"".join(record("response", http(noise, "video/mp4"), 10 + i) for i in range(90))
    assert len(gzip.compress(a + videos)) > WINDOW
    for via in ("stdin", "fifo"):
        got = piped(gzip.compress(a + b + c, mtime=0), via, tmp_path)
        assert [x.source.rsplit(":", 1)[1] for x in got] == ["0", str(len(a)), str(len(a + b))]
        got = piped(gzip.compress(a + over + c, mtime=0), via, tmp_path)
        assert items(got, want) == want, via
        assert got[2].source.endswith(f":{len(a + over)}"), via
        got = piped(gzip.compress(a + videos + over + c, mtime=0), via, tmp_path)
        assert items(got, want) == [1, (len(a + videos), want[1][1]), 3], via
        assert got[2].source.endswith(f":{len(a + videos + over)}"), via


def test_scanning_for_the_next_record_keeps_memory_bounded(tmp_path):
    """15 MiB of garbage between records, plain and between gzip members,
    and a wrong Content-Length claiming it: read past in chunks."""
    a, b = (record("response", http(PAGE.replace("Acme", f"Co{i}")), i) for i in (1, 2))
    junk = (b"\x07" * 4095 + b"\n") * (15 << 8)
    liar = record("response", http(PAGE), 3, length=len(http(PAGE)) + len(junk))
    cases = [("p.warc", a + junk + b, [1, (len(a), "not a WARC record: expected WARC/1.0 or"), 2]),
             ("q.warc", a + liar + junk + b, [1, (len(a), OVERRUN.format(
                 len(http(PAGE)) + len(junk))[:40]), 2]),
             ("g.warc.gz", gzip.compress(a) + junk + gzip.compress(b), None)]
    for name, data, want in cases:
        path = write(tmp_path, name, data)
        del data
        tracemalloc.start()
        got = read(path, max_bytes=1 << 20)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert items(got)[0] == 1 and items(got)[-1] == 2 and len(got) == 3, name
        assert want is None or items(got, want) == want
        assert peak < 8 << 20, (name, peak)
        path.unlink()
    # piped: gzip members read on past the junk, in bounded memory too
    data = gzip.compress(a) + junk + gzip.compress(b)
    for via in ("stdin", "fifo"):
        tracemalloc.start()
        got = piped(data, via, tmp_path, max_bytes=1 << 20)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert items(got, [1, (len(gzip.compress(a)), "not gzip data where")]) == \
            [1, (len(gzip.compress(a)), "not gzip data where"), 2], via
        assert peak < 8 << 20, (via, peak)


def test_a_big_warc_streams_in_bounded_memory(tmp_path):
    """Records read one at a time: a 64 MiB video skipped, a 32 MiB page
    rejected unread past --max-bytes, a thousand pages passed on."""
    path = tmp_path / "big.warc.gz"
    page = http(PAGE + "<p>" + "Acme rose. " * 2000 + "</p>")
    with open(path, "wb") as fh:
        fh.write(gzip.compress(record("warcinfo", b"x: y\r\n", 0)))
        video = http(b"\0" * (64 << 20), "video/mp4")
        fh.write(gzip.compress(record("response", video, 1)))
        del video
        huge = http(b"<p>" + b"a" * (32 << 20), "text/html")
        size = len(huge)
        fh.write(gzip.compress(record("response", huge, 2)))
        del huge
        for i in range(3, 1003):
            fh.write(gzip.compress(record("response", page, i), compresslevel=1))
    n = rejects = 0
    tracemalloc.start()
    for item in read_inputs([str(path)], max_bytes=1 << 20):
        if isinstance(item, Rejected):
            rejects += 1
            assert item.error.message == (f"article too large: a record of {size} "
                                          f"bytes (--max-bytes 1048576)")
        else:
            n += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (n, rejects) == (1000, 1)
    assert peak < 8 << 20, peak


def test_clean_reads_a_warc_into_clean_articles(tmp_path):
    page2 = PAGE.replace("Acme buys Widgets", "Rain floods valley").replace(
        LEDE, "Heavy rain flooded parts of the northern valley on Sunday, officials said.")
    src = write(tmp_path, "x.warc.gz", members(crawl(http(PAGE), http(page2))))
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(main, ["clean", str(src), "-o", str(out), "--no-despin"])
    assert res.exit_code == 0, res.output
    assert "not articles: request 2, warcinfo 1" in res.output
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["id"], r["title"], r["url"], r["crawled"]) for r in recs] == [
        (UUID.format(1), "Acme buys Widgets", "https://news.example.com/acme",
         "2024-03-02T10:00:00Z"),
        (UUID.format(2), "Rain floods valley", "https://news.example.com/acme",
         "2024-03-03T10:00:00Z")]
    assert recs[0]["text"] == f"{LEDE}\n\n{MORE}"
    assert recs[0]["date"] is None
    assert recs[0]["source"] == f"{src}:{int(recs[0]['source'].rsplit(':', 1)[1])}"


def test_lenient_line_ends_and_http_versions(tmp_path):
    """LF-only line ends (hand-made files), HTTP/2, a header given twice,
    a page served without Content-Type: read as a browser would."""
    lf = record("response", http(PAGE).replace(b"\r\n", b"\n"), 1).replace(b"\r\n", b"\n")
    h2 = record("response", http(PAGE).replace(b"HTTP/1.1 200 OK", b"HTTP/2 200"), 2)
    twice = record("response", http(PAGE, headers="Content-Type: text/html\r\n"), 3)
    untyped = record("response", http(PAGE).replace(b"Content-Type: text/html; charset=UTF-8\r\n",
                                                     b""), 4)
    identified = record("response", http(b"\x00\x01").replace(
        b"Content-Type: text/html; charset=UTF-8\r\n", b""), 5,
        extra="WARC-Identified-Payload-Type: image/png\r\n")
    data = b"\n\n" + lf + h2 + twice + untyped + identified + b"\r\n\r\n\n"
    summary = Summary("clean")
    assert [a.id for a in read(write(tmp_path, "lax.warc", data), on_skip=summary.skip)] == \
        [UUID.format(i) for i in range(1, 5)]
    assert summary.steps == {"not articles": {"response not HTML": 1}}
