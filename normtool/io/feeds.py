"""Feeds: a saved RSS 2.0, RSS 1.0 (RDF) or Atom file, one article per item.

News collectors keep the feeds they poll as well as pages, so a feed
(``.xml``, ``.rss``, ``.atom``, or read by content: ``feed_start``) is read
here, each ``<item>`` or ``<entry>`` one ``Article``:

- ``text``: ``content:encoded``, else Atom ``content``, else ``description``
  or ``summary``.  HTML in it (and Atom's XHTML) is handed on as a page's
  ``<article>``, so that clean reads the markup as it reads a saved page's;
  a text without HTML tags is kept as it is.
- ``title``; ``date`` as given (``pubDate``, ``published``, ``dc:date``,
  else ``updated``: the publication date before a revision's); ``url``
  (``link``, Atom's ``rel="alternate"`` ``href``; a relative one resolved
  against ``xml:base``, else an RSS channel's ``link``); ``credits`` from
  ``author`` and ``dc:creator``, else the feed's own (an Atom feed's
  ``author``, an RSS channel's ``dc:creator``: for the items after it);
  ``id`` from ``guid`` or Atom ``id``, else
  the link, else ``FILE-STEM:N`` (the Nth item); ``site``, the feed's own
  title (the outlet: a collector polls many feeds into one corpus).  Given fields win over
  clean's guesses, as in JSONL.

One ``<item>`` or ``<entry>`` copied out of its feed is a feed of one, and
the prefixes feeds use are declared for a file that uses them undeclared
(``declare_prefixes``): such a fragment carries none of its feed's
declarations, and expat would stop at its first ``dc:creator``.

Hostile input is a reject naming the file and line, never a traceback.  The
parser is expat fed 64 KiB at a time and only an item's own fields are
kept, so memory stays bounded: an item's text is limited by ``max_bytes``
(what it gathers by ``line_limit``), and a tag or comment that does not end
within that is a reject too.  A DOCTYPE declaring entities is refused
outright (no entity expansion, whatever expat's own limits); expat never
fetches external entities.  HTML entities a feed uses undeclared
(``&nbsp;``) are read as HTML reads them.  Malformed XML ends the file:
the items before it are kept and the error is one reject (items are
streamed out as read, as with damaged gzip data).
"""
from __future__ import annotations

import html
import re
from html.entities import name2codepoint
from typing import BinaryIO, Iterator
from urllib.parse import urljoin, urlsplit
from xml.parsers import expat

from ..article import Article, json_line
from ..errors import InputError
from .schema import check_record

FEED_SUFFIXES = (".xml", ".rss", ".atom")
FEED_CHUNK = 1 << 16    # bytes fed to the parser at a time
SNIFF = 1 << 16         # bytes looked at to tell a feed read by content
BLANK = b"\xef\xbb\xbf \t\r\n"    # what may come before a feed read by content
MAX_DEPTH = 256         # elements nested deeper: no feed (and no stack without end)
ATOM = frozenset({"http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#"})
RSS = frozenset({"", "http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/",
                 "http://backend.userland.com/rss2"})
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_BASE = "http://www.w3.org/XML/1998/namespace base"
ROOTS = ("rss", "feed", "RDF")
ITEM_ROOTS = ("item", "entry")      # one item copied out of its feed: a feed of one
# Prefixes feeds use, declared on the root when a file uses them undeclared
# (an item copied out of its feed leaves the declarations behind).
PREFIXES = (("dc", DC), ("content", CONTENT), ("atom", "http://www.w3.org/2005/Atom"),
            ("media", "http://search.yahoo.com/mrss/"), ("rdf", RDF))
DATES = ("pubDate", "published", "date", "updated")     # the first one given is the date
# HTML elements that make a feed's text markup (a Reuters-style <ACME CORP> does not).
HTML_TAGS = frozenset(
    "a abbr address article aside audio b big blockquote br caption center cite code dd del "
    "details div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i iframe "
    "img ins kbd li main mark nav ol p picture pre q s section small source span strike "
    "strong sub sup table tbody td tfoot th thead time tr tt u ul video".split())
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.S | re.I)
_ROOT = re.compile(rb"\s*<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF|item|entry)(?=[\s/>])")


def feed_start(head: bytes) -> bool:
    """Is ``head`` (a stream's first bytes, blanks and byte-order mark
    stripped) the start of a feed: its root element ``rss``, ``feed`` or
    ``rdf:RDF`` (or one ``item`` or ``entry``), after an XML declaration,
    comments and a DOCTYPE?  An XHTML page (``<?xml ...?><html>``) is no feed.

    >>> feed_start(b'<?xml version="1.0"?>\\n<rss version="2.0">'), feed_start(b"<feed xmlns=")
    (True, True)
    >>> feed_start(b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">')
    False
    """
    return _root(head) is not None


def _root(head: bytes) -> "re.Match | None":
    """The root element's start (its name as group 1) after the prolog, if a feed's."""
    pos = 0
    while (m := _PROLOG.match(head, pos)) and m.end() > pos:
        pos = m.end()
    return _ROOT.match(head, pos)


def declare_prefixes(head: bytes) -> bytes:
    """``head`` (a feed's first bytes) with the ``PREFIXES`` its root does not
    declare declared on it, and Atom the default namespace of an ``<entry>``
    root that declares none: an item or entry copied out of its feed, or a
    feed written without them, is read as if they were there (otherwise
    expat stops at "unbound prefix").  Line numbers are unchanged.

    >>> declare_prefixes(b'<item><dc:creator>Jo</dc:creator></item>')[:60]
    b'<item xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:cont'
    >>> declare_prefixes(b'<rss xmlns:dc="urn:x" xmlns:content="a" xmlns:atom="b" xmlns:media="c" xmlns:rdf="d">')
    b'<rss xmlns:dc="urn:x" xmlns:content="a" xmlns:atom="b" xmlns:media="c" xmlns:rdf="d">'
    >>> declare_prefixes(b'<entry xmlns = "http://www.w3.org/2005/Atom" xmlns:dc =\\n"urn:x">').count(b"xmlns")
    6
    """
    m = _root(head)
    if m is None:
        return head
    end = head.find(b">", m.end())
    tag = head[m.start():end if end >= 0 else len(head)]
    add = [b' xmlns:%s="%s"' % (p.encode(), uri.encode()) for p, uri in PREFIXES
           if not re.search(rb"\bxmlns:%s\s*=" % p.encode(), tag)]
    if m.group(1) == b"entry" and not re.search(rb"\bxmlns\s*=", tag):
        add.append(b' xmlns="http://www.w3.org/2005/Atom"')
    return head[:m.end()] + b"".join(add) + head[m.end():]


def as_markup(text: str) -> str:
    """A feed's HTML as clean reads a page: inside ``<article>`` when it holds
    HTML tags (clean then takes them off), else as it is.

    >>> as_markup("Acme <b>bought</b> Widgets."), as_markup("<ACME CORP> rose 5 pct.")
    ('<article>Acme <b>bought</b> Widgets.</article>', '<ACME CORP> rose 5 pct.')
    """
    if any(m.group(1).lower() in HTML_TAGS for m in _TAG.finditer(text)):
        return f"<article>{text}</article>"
    return text


class _Stop(Exception):
    """Why the feed cannot be read on, and where."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def _split(name: str) -> tuple[str, str]:
    """``(namespace, local name)`` of an expat name (``"URI local"``)."""
    ns, _, local = name.rpartition(" ")
    return ns, local


class _Item:
    """The fields of one item as read; ``size``: characters kept so far."""

    def __init__(self, line: int, about: str | None):
        self.line, self.about = line, about
        self.fields: dict[str, list] = {}     # field -> [(kind, text)], in order
        self.size = 0
        self.too_large = False


class _Reader:
    """Expat's callbacks: items in, ``(line, record)`` or ``InputError`` out."""

    def __init__(self, path: str, stem: str, max_bytes: int | None, limit: int | None):
        self.path, self.stem, self.max_bytes, self.limit = path, stem, max_bytes, limit
        p = self.parser = expat.ParserCreate(namespace_separator=" ")
        p.UseForeignDTD(True)       # undeclared entities are skipped, not fatal
        p.buffer_text = True
        p.StartElementHandler = self.start
        p.EndElementHandler = self.end
        p.CharacterDataHandler = self.data
        p.SkippedEntityHandler = self.skipped
        p.EntityDeclHandler = self.entity
        p.CommentHandler = p.ProcessingInstructionHandler = self.other
        self.out: list = []
        self.lines = 0              # lines left off before the XML (added to expat's)
        self.depth = 0
        self.pos = 0                # byte index of the last event
        self.root = False
        self.count = 0              # items begun
        self.item: _Item | None = None
        self.item_depth = 0
        self.field: tuple[str, str, list] | None = None    # (name, kind, pieces)
        self.field_depth = 0
        self.person = False         # inside an Atom author's <name>
        self.bases = [""]           # xml:base in force at each open element ("": none)
        self.site = ""              # an RSS channel's <link>: what relative links are read against
        self.site_depth = 0         # depth of that <link> while it is read
        self.channel = False        # inside <channel>
        self.pieces: list = []      # the channel's <link> as read
        # the feed's own author (Atom feed/author/name, RSS channel/dc:creator):
        # the credit of the items after it that name none
        self.feed_author = ""
        self.author_depth = 0       # depth of that element while it is read
        self.author_name = False    # inside its <name> (Atom)
        self.author_pieces: list = []
        # the feed's own title (RSS channel/title, Atom feed/title): the ``site``
        # of the items after it, the outlet an item came from
        self.feed_title = ""
        self.title_depth = 0
        self.title_kind = "text"
        self.title_pieces: list = []

    def line(self) -> int:
        """The line expat is at, in the file as read."""
        return self.parser.CurrentLineNumber + self.lines

    # -- expat's callbacks
    def start(self, name, attrs):
        p = self.parser
        self.pos, self.depth = p.CurrentByteIndex, self.depth + 1
        ns, local = _split(name)
        if self.depth > MAX_DEPTH:
            raise _Stop(self.line(), f"elements nested more than {MAX_DEPTH} deep")
        base = self.bases[-1]
        self.bases.append(_join(base, attrs[XML_BASE]) if XML_BASE in attrs else base)
        if not self.root:
            if local not in ROOTS + ITEM_ROOTS:
                raise _Stop(self.line(), f"not an RSS, Atom or RDF feed (root element <{local}>)")
            self.root = True
            if local in ROOTS:
                return
        if self.item is None:
            if (local == "item" and ns in RSS) or (local == "entry" and ns in ATOM):
                self.count += 1
                self.item = _Item(self.line(), attrs.get(f"{RDF} about"))
                self.item_depth = self.depth
            elif local == "channel" and ns in RSS and self.depth == 2:
                self.channel = True
            elif local == "link" and ns in RSS and self.channel and self.depth == 3 \
                    and not self.site:
                self.site_depth, self.pieces = self.depth, []     # rss/channel/link
            elif ((local == "author" and ns in ATOM and self.depth == 2)
                  or (local == "creator" and ns == DC and self.channel and self.depth == 3)):
                self.author_depth, self.author_pieces = self.depth, []
                self.author_name = ns == DC
            elif self.author_depth and local == "name" and self.depth == self.author_depth + 1:
                self.author_name = True
            elif local == "title" and not self.feed_title and (
                    (ns in RSS and self.channel and self.depth == 3) or (ns in ATOM and self.depth == 2)):
                self.title_depth, self.title_pieces = self.depth, []
                self.title_kind = (_content_kind(attrs) or "text") if ns in ATOM else "html"
            return
        if self.field is not None:
            if self.field[1] == "xhtml":
                self.field[2].append(f"<{local}{_attributes(attrs)}>")
            elif self.field[1] == "person" and local == "name":
                self.person = True
            return
        if self.depth == self.item_depth + 1:
            self._begin(ns, local, attrs)

    def _begin(self, ns: str, local: str, attrs: dict) -> None:
        """A field of the item starts: what to gather of it, if anything."""
        kind = "text"
        if ns == CONTENT and local == "encoded":
            name, kind = "encoded", "html"
        elif local == "content" and ns in ATOM:
            name, kind = "content", _content_kind(attrs)
            if kind is None:
                return
        elif local in ("description", "summary") and (ns in RSS or ns in ATOM):
            name = "description"
            kind = "html" if ns in RSS else (_content_kind(attrs) or "text")
        elif local == "title" and (ns in RSS or ns in ATOM):
            name, kind = "title", (_content_kind(attrs) or "text") if ns in ATOM else "html"
        elif local == "link" and (ns in RSS or ns in ATOM):
            if "href" in attrs:
                if attrs.get("rel", "alternate") == "alternate":
                    self._add("link", "text", self._absolute(attrs["href"]))
                return
            name = "link"
        elif (local == "guid" and ns in RSS) or (local == "id" and ns in ATOM):
            name = "id"
        elif local in DATES and (ns == DC if local == "date" else ns in RSS or ns in ATOM):
            name = local
        elif local == "author" and ns in ATOM:
            name, kind = "author", "person"
        elif (local == "author" and ns in RSS) or (local == "creator" and ns == DC):
            name = "author"
        else:
            return
        self.field, self.field_depth = (name, kind, []), self.depth

    def end(self, name):
        self.pos = self.parser.CurrentByteIndex
        depth, self.depth = self.depth, self.depth - 1
        try:
            self._end(name, depth)
        finally:
            self.bases.pop()

    def _end(self, name, depth):
        if depth == 2:
            self.channel = False
        if self.site_depth and depth == self.site_depth:
            self.site = _join(self.bases[-1], "".join(self.pieces).strip()[:4096])
            self.site_depth, self.pieces = 0, []
        if self.title_depth and depth == self.title_depth:
            self.feed_title = " ".join((_plain(self.title_kind, "".join(self.title_pieces)) or "").split())[:256]
            self.title_depth, self.title_pieces = 0, []
        if self.author_depth and depth == self.author_depth + 1:
            self.author_name = False
        elif self.author_depth and depth == self.author_depth:
            self.feed_author = " ".join("".join(self.author_pieces).split())[:256]
            self.author_depth, self.author_pieces, self.author_name = 0, [], False
        if self.field is not None:
            if depth == self.field_depth:
                name_, kind, pieces = self.field
                self.field = None
                text = "".join(pieces)
                self._add(name_, kind, self._absolute(text.strip()) if name_ == "link" else text)
            elif self.field[1] == "xhtml":
                self.field[2].append(f"</{_split(name)[1]}>")
            elif self.field[1] == "person":
                self.field[2].append(" ")
                self.person = False
        elif self.item is not None and depth == self.item_depth:
            self.out.append(self._record(self.item))
            self.item = None

    def data(self, text):
        self.pos = self.parser.CurrentByteIndex
        if self.site_depth and len(self.pieces) < 64:
            self.pieces.append(text)
        if self.author_name and len(self.author_pieces) < 64:
            self.author_pieces.append(text)
        if self.title_depth and len(self.title_pieces) < 64:
            self.title_pieces.append(text)
        field = self.field
        if field is None or (field[1] == "person" and not self.person):
            return
        self._keep(field[2], html.escape(text, quote=False) if field[1] == "xhtml" else text)

    def skipped(self, name, is_parameter):
        """An entity used undeclared (``&nbsp;``): as HTML reads it, else as written."""
        self.pos = self.parser.CurrentByteIndex
        code = name2codepoint.get(name)
        self.data(chr(code) if code is not None and not is_parameter else f"&{name};")

    def entity(self, *args):
        raise _Stop(self.line(), "a DOCTYPE declaring entities (refused: entity expansion)")

    def other(self, *args):
        self.pos = self.parser.CurrentByteIndex

    def _absolute(self, link: str) -> str:
        """``link`` made absolute against the ``xml:base`` in force, else the
        channel's link, when these are absolute; else as given."""
        for base in (self.bases[-1], self.site):
            link = _join(base, link)
        return link

    # -- items
    def _keep(self, pieces: list, text: str) -> None:
        item = self.item
        item.size += len(text) + 1
        if self.limit is not None and item.size > self.limit:
            item.too_large = True
        if not item.too_large:
            pieces.append(text)

    def _add(self, name: str, kind: str, text: str) -> None:
        item = self.item
        item.size += 16     # (an empty field repeated without end counts too)
        if self.limit is not None and item.size > self.limit:
            item.too_large = True
        if not item.too_large:
            item.fields.setdefault(name, []).append((kind, text))

    def _record(self, item: _Item) -> tuple[int, dict] | InputError:
        """The item as a JSONL record would give it, or why it is rejected."""
        line = item.line
        if item.too_large:
            return InputError(self.path, line, f"article too large: an item of more than "
                                               f"{self.limit} bytes (--max-bytes {self.max_bytes})")
        f = item.fields

        def first(name: str) -> str | None:
            return next((t.strip() for _, t in f.get(name, ()) if t.strip()), None)

        body = next(((k, t) for name in ("encoded", "content", "description")
                     for k, t in f.get(name, ()) if t.strip()), None)
        record: dict = {"id": first("id") or first("link") or (item.about or "").strip()
                        or f"{self.stem}:{self.count}"}
        title = next((_plain(k, t) for k, t in f.get("title", ()) if t.strip()), None)
        date = full_year(next(filter(None, map(first, DATES)), None))
        credits = [" ".join(t.split()) for _, t in f.get("author", ()) if t.strip()]
        if not credits and self.feed_author:
            credits = [self.feed_author]        # (Atom: an entry's author is its feed's)
        for key, value in (("title", title), ("date", date), ("url", first("link")),
                           ("credits", credits), ("site", self.feed_title)):
            if value:
                record[key] = value
        if body is None:
            return _with_raw(InputError(self.path, line, "empty article (no text)"), record)
        kind, text = body
        size = len(text.encode("utf-8", "surrogatepass"))
        if self.max_bytes is not None and size > self.max_bytes:
            return InputError(self.path, line, f"article too large: {size} bytes of text "
                                               f"(--max-bytes {self.max_bytes})")
        record["text"] = as_markup(text) if kind in ("html", "xhtml") else text
        problem = check_record(record)
        return _with_raw(InputError(self.path, line, problem), record) if problem else (line, record)


# An RFC 822 date with a two-digit year, as RSS 2.0 allows ("Wed, 15 Nov 23 06:00:00 GMT").
_SHORT_YEAR = re.compile(r"((?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+)(\d\d)(?=\s)")


def full_year(date: str | None) -> str | None:
    """An RSS date with its two-digit year written out as RFC 2822 reads it
    (00-49: 2000s), so clean can read the date as it reads a full one.

    >>> full_year("Wed, 15 Nov 23 06:00:00 GMT"), full_year("15 Nov 1987 06:00 GMT")
    ('Wed, 15 Nov 2023 06:00:00 GMT', '15 Nov 1987 06:00 GMT')
    """
    m = _SHORT_YEAR.match(date or "")
    if m is None:
        return date
    yy = int(m[2])
    return f"{m[1]}{2000 + yy if yy < 50 else 1900 + yy}{date[m.end():]}"


def _with_raw(error: InputError, record: dict) -> InputError:
    """``error`` with ``raw``: the item as read (its record as JSON), for the
    reject to say which item it was (id, title, link), as a JSONL reject does."""
    error.raw = json_line(record)
    return error


def _plain(kind: str, title: str) -> str | None:
    """A title as text: Atom's HTML and XHTML titles without their tags.

    >>> _plain("html", "Acme buys <em>Widgets</em> &amp; more"), _plain("text", " A  <B> ")
    ('Acme buys Widgets & more', 'A <B>')
    """
    if kind == "xhtml":
        title = html.unescape(re.sub(r"<[^>]*>", "", title))
    elif kind == "html":
        title = html.unescape(_TAG.sub(lambda m: "" if m.group(1).lower() in HTML_TAGS
                                       else m.group(), title))
    return " ".join(title.split()) or None


def _join(base: str, link: str) -> str:
    """``link`` resolved against ``base`` when ``link`` is relative and ``base``
    absolute (``scheme://host``); else ``link`` as it is.

    >>> _join("https://a.example/news/", "7"), _join("https://a.example/x", "/b")
    ('https://a.example/news/7', 'https://a.example/b')
    >>> _join("", "/b"), _join("https://a.example/", "https://c.example/d"), _join("/x/", "y")
    ('/b', 'https://c.example/d', 'y')
    """
    try:
        if not link or urlsplit(link).scheme:
            return link
        parts = urlsplit(base)
        if not (parts.scheme and parts.netloc):
            return link
        return urljoin(base, link)
    except ValueError:          # what no URL parser reads ("http://[x")
        return link


def _content_kind(attrs: dict) -> str | None:
    """How an Atom text construct is read: ``text``, ``html`` or ``xhtml``;
    None for content elsewhere (``src``) or not text (a base64 image)."""
    kind = attrs.get("type", "text").strip().lower()
    if "src" in attrs:
        return None
    if kind in ("text", "html", "xhtml"):
        return kind
    if kind in ("text/html", "application/xhtml+xml"):
        return "html"
    return "text" if kind.startswith("text/") else None


def _attributes(attrs: dict) -> str:
    """Attributes written back as markup (namespaced ones, which no page uses, left off)."""
    return "".join(f' {k}="{html.escape(v)}"' for k, v in attrs.items() if " " not in k)


def read_feed(stream: BinaryIO, path: str, stem: str, max_bytes: int | None,
              limit: int | None) -> Iterator[tuple[Article, str, int] | InputError]:
    """Each item of the feed in ``stream`` as ``(article, raw, line)``, or an
    ``InputError`` for an item rejected (with ``raw``, the item's record as
    JSON, when it was read whole), for malformed XML (the last one), or for a
    feed without items.  ``limit``: the most an item may gather."""
    reader = _Reader(path, stem, max_bytes, limit)
    parser, fed = reader.parser, 0
    error, lead = None, True
    while error is None:
        chunk = stream.read(FEED_CHUNK)
        if lead:        # blanks before the XML declaration (where it must stand) are left off
            kept = chunk.lstrip(BLANK)
            reader.lines += chunk.count(b"\n", 0, len(chunk) - len(kept))
            if chunk and not kept:
                continue
            chunk, lead = declare_prefixes(kept), False
        fed += len(chunk)
        try:
            parser.Parse(chunk, not chunk)
            if limit is not None and fed - reader.pos > limit:
                raise _Stop(reader.line(), f"a tag, comment or declaration of more than "
                                           f"{limit} bytes")
        except _Stop as stop:
            error = InputError(path, stop.line, stop.message)
        except expat.ExpatError as exc:
            error = InputError(path, exc.lineno + reader.lines,
                               f"malformed XML: {expat.ErrorString(exc.code)}")
        except ValueError as exc:       # an encoding expat cannot read (Shift JIS)
            error = InputError(path, None, f"unsupported XML encoding: {exc}")
        for out in reader.out:      # (the items ended before an error too)
            if isinstance(out, InputError):
                yield out
            else:
                line, record = out
                yield (Article.from_dict(record, source=f"{path}:{line}"), json_line(record),
                       line)
        reader.out.clear()
        if not chunk:
            break
    if error is not None:
        yield error
    elif not reader.count:
        yield InputError(path, None, "a feed without items")


__all__ = ["FEED_SUFFIXES", "SNIFF", "as_markup", "declare_prefixes", "feed_start", "read_feed"]
