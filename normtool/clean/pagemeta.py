"""What a saved web page declares about itself: date, headline, writers,
url and outlet.

The page's ``<meta>`` tags (``article:published_time``, ``og:site_name``,
``author``, Dublin Core, Parse.ly), its ``<link rel="canonical">``, a
``<time>`` marked as the story's, and its JSON-LD (schema.org
``NewsArticle`` and kin, alone, in a list or in an ``@graph``) say these
things more reliably than anything guessed from the copy.  ``markup``'s
parser hands every such tag to a ``Head`` (bounded: a few hundred values,
a few JSON-LD blocks of at most a megabyte), whose ``read`` gives a
``Page``; ``apply_page`` then settles the fields: the declared date wins
over a date found in the copy, credits and url are used when the copy gave
none.  Which meta names are read, and in which order, is data
(``page_meta`` in ``data/markup.json``).  Nothing a page writes there
raises: JSON that does not parse, values of the wrong type and dates that
do not read are passed over.
"""
from __future__ import annotations

import datetime
import email.utils
import html
import json
import re
from functools import lru_cache
from typing import NamedTuple

from ..data import read_text

MAX_VALUES = 400            # meta tags, links and times kept from one page
MAX_VALUE = 2000            # characters of one kept value (longer ones are no name or date)
MAX_LD_BLOCKS = 8           # JSON-LD blocks read from one page
MAX_LD_CHARS = 1_000_000    # a longer block is dropped unread
MAX_NODES = 500             # JSON-LD objects looked at in one block
MAX_DEPTH = 3               # how deep a story's object is looked for (list, @graph, mainEntity)
MAX_CREDITS = 20
MAX_NAME = 200              # characters of a writer's or an outlet's name
MAX_TITLE = 500
MIN_YEAR, MAX_YEAR = 1800, 2200

_ISO = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")
_COMPACT = re.compile(r"\s*(\d{4})(\d{2})(\d{2})(?:T?\d{4,6}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\s*$")
_YMD_SLASHED = re.compile(r"\s*(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])")
_URLISH = re.compile(r"https?:|www\.|\.(?:com|org|net)/|^/|@", re.IGNORECASE)
_ABSOLUTE = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)
SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " : ")


@lru_cache(maxsize=1)
def load_names() -> tuple[dict, frozenset]:
    """``(page_meta, ld_types)`` of ``data/markup.json``: for each field the
    sources read, first first (as ``(key, name as written)``), and the
    JSON-LD types that are a story."""
    data = json.loads(read_text("markup.json"))
    fields = {name: tuple((s.lower(), s) for s in sources) for name, sources in data["page_meta"].items()}
    return fields, frozenset(t.lower() for t in data["ld_types"])


class Page(NamedTuple):
    """The fields a page declares; ``sources`` names where each came from
    (``("date", "article:published_time")``, ``("credits", "ld:author")``)."""

    date: str | None = None         # ISO YYYY-MM-DD
    title: str | None = None
    credits: tuple = ()
    url: str | None = None
    site: str | None = None
    sources: tuple = ()

    def source(self, name: str) -> str | None:
        return next((s for f, s in self.sources if f == name), None)


def declared_date(value) -> str | None:
    """ISO ``YYYY-MM-DD`` of a machine-written date, on the calendar day it
    is written for (its own time zone kept); anything else is None.

    >>> declared_date("2025-03-04T23:30:00-05:00"), declared_date("20250304"), declared_date("Tue, 04 Mar 2025 10:00:00 GMT")
    ('2025-03-04', '2025-03-04', '2025-03-04')
    >>> declared_date("04/03/2025"), declared_date("2025-13-45"), declared_date(20250304)
    (None, None, None)
    """
    if not isinstance(value, str) or len(value) > 100:
        return None
    m = _ISO.match(value) or _COMPACT.match(value) or _YMD_SLASHED.match(value)
    if m:
        ymd = tuple(int(g) for g in m.groups())
    else:
        try:
            parsed = email.utils.parsedate_tz(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            parsed = None
        if not parsed:
            return None
        ymd = parsed[:3]
    if not MIN_YEAR <= ymd[0] <= MAX_YEAR:
        return None
    try:
        return datetime.date(*ymd).isoformat()
    except (ValueError, TypeError, OverflowError):
        return None


def _text(value, limit: int = MAX_NAME) -> str | None:
    """A string value tidied (entities read, spaces collapsed), or None."""
    if not isinstance(value, str) or len(value) > limit * 4:
        return None
    if "&" in value:
        value = html.unescape(value)
    value = " ".join(value.split())
    return value if value and len(value) <= limit and any(c.isalpha() for c in value) else None


def same_name(a: str | None, b: str | None) -> bool:
    return bool(a and b) and " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def without_site(title: str | None, site: str | None) -> str | None:
    """A page title without the outlet's name after it ("Acme buys Widgets |
    Example News" with the site "Example News"); only the declared name goes.

    >>> without_site("Acme buys Widgets | Example News", "Example News")
    'Acme buys Widgets'
    >>> without_site("Trump - Biden debate", None)
    'Trump - Biden debate'
    """
    if not title or not site:
        return title
    for sep in SEPARATORS:
        head, found, tail = title.rpartition(sep)
        if found and head.strip() and same_name(tail, site):
            return head.strip()
    return title


def _types(node: dict) -> set:
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {k.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for k in kinds[:10] if isinstance(k, str)}


def _nodes(data) -> list:
    """The objects of a JSON-LD block where a story may be: the block, its
    list's items, an ``@graph``'s, a ``mainEntity`` (bounded breadth and depth)."""
    out: list = []
    level = [data]
    for _ in range(MAX_DEPTH):
        below: list = []
        for item in level:
            if len(out) >= MAX_NODES:
                return out
            if isinstance(item, list):
                below.extend(item[:MAX_NODES])
            elif isinstance(item, dict):
                out.append(item)
                for key in ("@graph", "mainEntity"):
                    if isinstance(item.get(key), (list, dict)):
                        below.append(item[key])
        level = below[:MAX_NODES]
    return out


def _resolve(value, ids: dict):
    """A reference (``{"@id": ...}`` only) to an object of the same block, read."""
    if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
        return ids.get(value["@id"], value)
    return value


def _people(value, ids: dict) -> tuple[list, list]:
    """``(persons, organisations)``: the names of an ``author`` value (a
    name, an object, or a list of either)."""
    persons: list = []
    orgs: list = []
    for item in (value if isinstance(value, list) else [value])[:MAX_CREDITS]:
        item = _resolve(item, ids)
        if isinstance(item, str):
            name = _text(item)
            if name and not _URLISH.search(name):
                persons.append(name)
        elif isinstance(item, dict):
            name = _text(item.get("name"))
            if name and not _URLISH.search(name):
                kinds = _types(item)
                (orgs if kinds and "person" not in kinds else persons).append(name)
    return persons, orgs


def _url(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    if isinstance(value, str) and len(value) <= MAX_VALUE and _ABSOLUTE.match(value.strip()):
        return value.strip()
    return None


def _story(blocks: list, types: frozenset) -> dict:
    """The fields of the first story object of the page's JSON-LD blocks."""
    for raw in blocks:
        try:
            data = json.loads(raw.strip().rstrip(";"), strict=False)
        except (ValueError, RecursionError, TypeError):
            continue
        nodes = _nodes(data)
        ids = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
        story = next((n for n in nodes if _types(n) & types), None)
        if story is None:
            continue
        publisher = _resolve(story.get("publisher"), ids)
        if isinstance(publisher, list):
            publisher = _resolve(publisher[0], ids) if publisher else None
        persons, orgs = _people(story.get("author"), ids)
        return {"ld:datepublished": declared_date(story.get("datePublished")),
                "ld:headline": _text(story.get("headline"), MAX_TITLE),
                "ld:author": persons, "ld:author-organisation": orgs,
                "ld:publisher": _text(publisher.get("name")) if isinstance(publisher, dict) else None,
                "ld:url": _url(story.get("url")) or _url(story.get("mainEntityOfPage"))}
    return {}


class Head:
    """The declaring tags of one page as its parser meets them (bounded)."""

    def __init__(self):
        self.values: list[tuple[str, str]] = []     # (meta name, value), in page order
        self.blocks: list[str] = []                 # JSON-LD blocks' text
        self._ld: list[str] | None = None
        self._ld_size = 0

    def start(self, tag: str, attrs, in_header: bool = False) -> None:
        """A ``meta``, ``link``, ``time`` or ``script`` tag opens.  A ``time``
        counts when marked as the story's (``pubdate``, ``itemprop``) or the
        first in a story's ``<header>``, never one only "updated"."""
        if tag == "script":
            kind = next((v for k, v in attrs if k == "type"), None) or ""
            if kind.strip().lower() == "application/ld+json" and len(self.blocks) < MAX_LD_BLOCKS:
                self._ld, self._ld_size = [], 0
            return
        if len(self.values) >= MAX_VALUES:
            return
        a = {k: v for k, v in attrs if isinstance(v, str)}
        if tag == "meta":
            content = a.get("content")
            if content is not None and len(content) <= MAX_VALUE:
                for key in ("property", "name", "itemprop"):
                    if a.get(key):
                        self.values.append((a[key].strip().lower(), content))
        elif tag == "link":
            if "canonical" in (a.get("rel") or "").lower().split() and a.get("href"):
                self.values.append(("canonical", a["href"][:MAX_VALUE]))
        elif tag == "time":
            when = a.get("datetime")
            classes = (a.get("class") or "").lower()
            if not when or len(when) > MAX_VALUE or (
                    ("updated" in classes or "modified" in classes) and "published" not in classes):
                return      # (WordPress marks an unedited post's time "published updated")
            if (a.get("itemprop") or "").strip().lower() == "datepublished":
                self.values.append(("datepublished", when))
            elif any(k == "pubdate" for k, _ in attrs) or in_header:
                self.values.append(("time", when))

    def data(self, text: str) -> None:
        """Text inside an open JSON-LD script."""
        if self._ld is None:
            return
        self._ld_size += len(text)
        if self._ld_size > MAX_LD_CHARS:
            self._ld = None         # too big to be a page's metadata: read none of it
        else:
            self._ld.append(text)

    def end(self, tag: str) -> None:
        if tag == "script" and self._ld is not None:
            self.blocks.append("".join(self._ld))
            self._ld = None

    def read(self) -> Page:
        """The declared fields: for each, its sources in ``page_meta``'s order."""
        if not self.values and not self.blocks:
            return Page()
        order, types = load_names()
        ld = _story(self.blocks, types)
        metas: dict[str, list] = {}
        for key, value in self.values:
            metas.setdefault(key, []).append(value)
        found: dict = {}
        sources: list = []

        def first(name: str, read) -> None:
            for source, shown in order.get(name, ()):
                values = [ld.get(source)] if source.startswith("ld:") else metas.get(source, [])
                for value in values:
                    value = read(value)
                    if value:
                        found[name] = value
                        sources.append((name, shown))
                        return
        first("date", declared_date)
        first("site", _text)
        first("url", _url)
        first("title", lambda v: without_site(_text(v, MAX_TITLE), found.get("site")))
        source, credits = self._credits(order.get("credits", ()), ld, metas, found.get("site"))
        if credits:
            sources.append(("credits", source))
        return Page(date=found.get("date"), title=found.get("title"), credits=credits,
                    url=found.get("url"), site=found.get("site"), sources=tuple(sources))

    @staticmethod
    def _credits(order: tuple, ld: dict, metas: dict, site: str | None):
        """``(source, names)``: persons first (JSON-LD's, then the meta names'
        in order); an organisation only when no person is named, never the
        site itself."""
        orgs: list = []
        for source, shown in order:
            if source.startswith("ld:"):
                names = list(ld.get(source) or ())
                orgs += [(shown, n) for n in ld.get(source + "-organisation") or ()]
            else:
                names = [n for n in map(_text, metas.get(source, ())) if n and not _URLISH.search(n)]
            people = [n for n in names if not same_name(n, site)]
            if people:
                return shown, tuple(dict.fromkeys(people))[:MAX_CREDITS]
        orgs = [(s, n) for s, n in orgs if not same_name(n, site)]
        if orgs:
            return orgs[0][0], tuple(dict.fromkeys(n for _, n in orgs))[:MAX_CREDITS]
        return None, ()


def apply_page(out, page: Page | None, url_given: bool) -> None:
    """Settle ``out`` (a ``clean.Cleaned``) with what the page declares:
    its date over one found in the copy, its credits and url when the copy
    (or the caller) gave none, its outlet as ``site``; ``out.declared``
    lists each field taken with its source
    (``("date", "page:article:published_time", "2025-03-04")``)."""
    if page is None:
        return
    taken: list = []
    if page.date:
        out.date = page.date
        taken.append(("date", page.date))
    if page.credits and not out.credits:
        out.credits = list(page.credits)
        taken.append(("credits", out.credits))
    if page.url and not url_given:
        out.url = page.url
        taken.append(("url", page.url))
    if page.site:
        out.site = page.site
        taken.append(("site", page.site))
    out.declared = [(name, f"page:{page.source(name)}", value) for name, value in taken]


__all__ = ["Head", "Page", "apply_page", "declared_date", "same_name", "without_site"]
