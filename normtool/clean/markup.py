"""Markup: a saved web page (HTML) or Markdown as plain copy.

Collectors often keep the page, or a converter's Markdown, rather than the
text.  Left as it is, the tags, scripts and menus become body text and no
headline is found.  So, before anything else, a page becomes the plain
copy the other steps read (``from_markup``): the headline (the page's first
``<h1>``, else its ``<title>``) on top, then one paragraph per block
element; when the page marks its story with ``<article>``, only that.
Menus, footers, captions and forms (``html_drop`` in ``data/markup.json``)
are taken out and listed in ``removed`` (rule ``html:<tag>``); scripts and
styles are no copy and go unlisted.  What the page declares about itself
in its tags (date, writers, url, outlet, headline) is gathered on the way
(``read_markup``; read by ``pagemeta``).  A text is a page only when it holds a
page's own tags or closes a block element (Reuters' ``<COMPANY>`` marks
do neither).  Markdown marks are taken off each paragraph with the
furniture rules (``plain_paragraph``): heading and quote marks, emphasis,
link targets (the link text stays).  Both are asked of the whole text
wherever a line stands, so that cleaning clean copy changes nothing.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from typing import NamedTuple

from ..data import read_text
from .pagemeta import Head, Page, same_name, without_site

MARKUP = "markup.json"
SAMPLE = 20000          # characters looked at to tell a page from plain copy
MAX_PASSES = 5          # markup inside markup: real copy needs 1-2
MAX_HEAD_AT = 4         # an <h1> among the first paragraphs stays where it is (under a kicker)


_DECLARING = frozenset(("meta", "link", "time", "script"))
_CDATA = re.compile(r"<!\[CDATA\[(.*?)(?:\]\]>|$)", re.DOTALL)


class Spec(NamedTuple):
    """The element lists of ``data/markup.json``."""

    start: re.Pattern
    blocks: frozenset
    drop: frozenset
    code: frozenset
    items: frozenset
    closers: re.Pattern
    drop_classes: tuple = ()


@lru_cache(maxsize=1)
def load_spec() -> Spec:
    """``data/markup.json``, read once."""
    data = json.loads(read_text(MARKUP))
    blocks = frozenset(data["html_blocks"])
    names = "|".join(sorted((b for b in blocks if b != "br"), key=len, reverse=True))
    start = "|".join(re.escape(x) for x in data["html_start"])
    return Spec(re.compile(rf"(?:{start})(?=\s*/?>|\s+[\w:-]+\s*=)", re.IGNORECASE), blocks, frozenset(data["html_drop"]),
                frozenset(data["html_code"]), frozenset(data["html_items"]),
                re.compile(rf"</(?:{names})>|<br ?/?>", re.IGNORECASE),
                tuple(data.get("html_drop_classes", ())))


def is_html(text: str, spec: Spec | None = None) -> bool:
    """Does ``text`` hold a page's own tags (``<html>``, ``<body>``, ``<article>``),
    or close a block element (a scraped body: ``<p>One.</p>``)?

    >>> is_html("<!DOCTYPE html><html><body><p>Hi.</p></body></html>")
    True
    >>> is_html("<p>One.</p>\\n<p>Two.</p>"), is_html("<GENZYME CORP> said it had bought <BIOGEN>.")
    (True, False)
    >>> is_html("<Headline words here"), is_html("<HEAD OFFICE> moved")
    (False, False)
    """
    spec = spec or load_spec()
    if spec.start.search(text, 0, SAMPLE):     # anywhere: where a line stands must not matter
        return True
    return spec.closers.search(text, 0, SAMPLE) is not None


def _dropped_class(attrs, spec: Spec) -> str | None:
    """The furniture class an element is marked with (``<p class="wp-caption-text">``
    gives ``caption``), if any."""
    classes = next((v for k, v in attrs if k == "class" and v), "").lower()
    return next((c for c in spec.drop_classes if c in classes), None)


def _element(entry: str) -> str:
    """The element name of a dropped entry: ``"div.share"`` (a class the
    spec drops) -> ``"div"``."""
    return entry.split(".", 1)[0]


class _Page(HTMLParser):
    """Paragraphs of a page, each marked as inside an ``<article>`` or not."""

    def __init__(self, spec: Spec):
        super().__init__(convert_charrefs=True)
        self.spec = spec
        self.paras: list[tuple[str, bool]] = []
        self.dropped: list[dict] = []
        self.title: list[str] = []
        self.h1: list[str] | None = None    # the first <h1>'s words, once closed
        self._h1: list[str] | None = None
        self._pieces: list[str] = []
        self._skip: list[tuple[str, list[str]]] = []   # open dropped elements, their text
        self._head = self._in_title = False
        self._article = self._header = self._stories = 0     # (stories: top <article>s met)
        self.declared = Head()              # the page's own metadata (``pagemeta``)

    def handle_starttag(self, tag, attrs):
        spec = self.spec
        if tag in _DECLARING:
            self.declared.start(tag, attrs, self._in_story_header())
        elif tag == "header":
            self._header += 1
        if tag == "head":
            self._head = True
        elif tag == "body":
            self._head = False
        elif tag == "title":
            self._in_title = True
        if (tag in spec.code or tag in spec.drop
                or self._skipping(tag)):
            self._skip.append((tag, []))        # (a nested one too, so its end closes only itself)
            return
        marked = _dropped_class(attrs, spec)
        if marked:
            self._skip.append((f"{tag}.{marked}", []))
            return
        if tag in spec.blocks:
            self._flush()
        if tag in spec.items and not self._skip:
            self._pieces.append("- ")
        if tag == "article":
            self._stories += not self._article
            self._article += 1
        if tag == "h1" and self.h1 is None and not self._skip:
            self._h1 = []

    def _in_story_header(self) -> bool:
        """Inside the ``<header>`` of the page's first ``<article>`` (not
        a related story's after it)?"""
        return self._article > 0 and self._header > 0 and self._stories == 1

    def _skipping(self, tag: str) -> bool:
        """A ``tag`` element is open among the dropped ones."""
        return any(_element(t) == tag for t, _ in self._skip)

    def handle_startendtag(self, tag, attrs):
        if tag in _DECLARING:
            self.declared.start(tag, attrs, self._in_story_header())
        if tag in self.spec.blocks:
            self._flush()

    def handle_endtag(self, tag):
        if tag == "script":
            self.declared.end(tag)
        elif tag == "header" and self._header:
            self._header -= 1
        if tag == "head":
            self._head = False
        elif tag == "title":
            self._in_title = False
        if self._skipping(tag):   # closes the open one (and any left open in it)
            while self._skip:
                t, words = self._skip.pop()
                if self._skip:      # an inner element's words are its parent's (no code's)
                    if t not in self.spec.code:
                        self._skip[-1][1].extend(words)
                elif _element(t) not in self.spec.code or "." in t:
                    text = " ".join(" ".join(words).split())
                    if text:
                        self.dropped.append({"rule": f"html:{t}", "text": text})
                if _element(t) == tag:
                    break
            return
        if tag in self.spec.blocks:
            self._flush()
        if tag == "article" and self._article:
            self._article -= 1
        if tag == "h1" and self._h1 is not None:
            self.h1, self._h1 = self._h1, None

    def handle_data(self, data):
        self.declared.data(data)
        if self._in_title:
            self.title.append(data)
        if self._skip:
            self._skip[-1][1].append(data)
            return
        if self._head:
            return
        self._pieces.append(data)
        if self._h1 is not None:
            self._h1.append(data)

    def _flush(self):
        text = " ".join("".join(self._pieces).split())
        self._pieces.clear()
        if text and text != "-":
            self.paras.append((text, self._article > 0))

    def close(self):
        super().close()
        self._flush()


class Markup(NamedTuple):
    """A text read as markup: the plain copy, what was taken out of it, and
    what the page declares about itself (``pagemeta.Page``)."""

    text: str
    removed: list
    page: Page = Page()


def html_text(page: str, spec: Spec | None = None) -> tuple[str, list[dict]]:
    """``(plain copy, removed)`` of an HTML page: headline, then paragraphs.

    >>> html_text("<html><head><title>Acme | News</title><script>x()</script></head><body>"
    ...           "<nav>Home | World</nav><h1>Acme buys Widgets</h1><p>Acme said on Monday "
    ...           "it had agreed to buy Widgets.</p><footer>&copy; 2024 News</footer></body></html>")
    ('Acme buys Widgets\\n\\nAcme said on Monday it had agreed to buy Widgets.', \
[{'rule': 'html:nav', 'text': 'Home | World'}, {'rule': 'html:footer', 'text': '© 2024 News'}])
    """
    return tuple(read_page(page, spec)[:2])


def read_page(page: str, spec: Spec | None = None) -> Markup:
    """An HTML page read: its headline over its paragraphs, its furniture,
    its declared metadata.  The headline is the page's first ``<h1>``
    (unless that is only the site's name), else the headline it declares
    (JSON-LD, ``og:title``), else its ``<title>``, either without the
    site's declared name after it.  An ``<h1>`` that is the site's name is
    its logo: listed in ``removed`` (``site-name``)."""
    spec = spec or load_spec()
    # A CDATA section's content is the page's own (a feed item's escaped story;
    # a script's data, which the parser drops with the script): its marks go.
    page = _CDATA.sub(r"\1", page)
    if page.rfind("<!--") > page.rfind("-->"):
        page += "-->"       # a comment left open runs to the end, as in a browser
    parser = _Page(spec)
    parser.feed(page)
    parser.close()
    declared = parser.declared.read()
    paras = parser.paras
    if any(inside for _, inside in paras):       # the page marks its story
        paras = [p for p in paras if p[1]]
    body = [text for text, _ in paras]
    head = " ".join(" ".join(parser.h1 or ()).split())
    if head and declared.title and same_name(head, declared.site):     # a logo, no headline
        if head in body[:MAX_HEAD_AT]:
            body.remove(head)
            parser.dropped.insert(0, {"rule": "site-name", "text": head})
        head = ""
    if not head:
        head = declared.title or without_site(" ".join(" ".join(parser.title).split()), declared.site)
    if head and head not in body[:MAX_HEAD_AT]:     # a kicker over the <h1> stays over it
        body.insert(0, head)
    return Markup("\n\n".join(body), parser.dropped, declared)


# Heading and quote marks before a paragraph (a bare "#" too), any blanks after.
_MD_LEAD = re.compile(r"^(?:#{1,6}(?:\s+|$)|>\s*)")
_MD_ANY = re.compile(r"^[#>]|\*|__|\]\(", re.MULTILINE)   # most copy has none: asked first
_MD_BARE_IMAGE = re.compile(r"!\[\]\((?:https?://|/|www\.|#)[^)\s]*\)")   # no words to keep
_MD_LINK = re.compile(r"!?\[([^\]\n]+)\]\((?:https?://|/|www\.|#)[^)\s]*\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![*\w])")


def has_marks(paras: list) -> bool:
    """Might any of ``paras`` hold a Markdown mark?  (One search for them all.)"""
    text = "\n".join(paras)
    if not ("#" in text or ">" in text or "*" in text or "__" in text or "](" in text):
        return False            # (plain substring scans are far faster than the pattern)
    return _MD_ANY.search(text) is not None


def plain_paragraph(para: str) -> str:
    """A paragraph without Markdown marks: heading and quote marks before it,
    emphasis and link targets in it (the link text stays).

    >>> plain_paragraph("## Acme buys [Widgets](https://example.com/w) for **$2 billion**")
    'Acme buys Widgets for $2 billion'
    >>> plain_paragraph('> "Great," he said.'), plain_paragraph("Shares rose 5 pct in a #1 spot.")
    ('"Great," he said.', 'Shares rose 5 pct in a #1 spot.')
    >>> plain_paragraph("![](https://example.com/a.png)")
    ''
    """
    if not _MD_ANY.search(para):
        return para
    for _ in range(MAX_PASSES):
        new = _MD_LINK.sub(r"\1", _MD_BARE_IMAGE.sub("", para)).strip()
        new = _MD_STRONG.sub(r"\2", new)
        new = _MD_EM.sub(r"\1", new)
        new = _MD_LEAD.sub("", new)
        if new == para:
            break
        para = new
    return para


def from_markup(text: str) -> tuple[str, list[dict]]:
    """``(plain copy, removed)``: an HTML page converted, other text as it is."""
    return tuple(read_markup(text)[:2])


def read_markup(text: str) -> Markup:
    """An HTML page converted (with what it declares), other text as it is.
    Again until no page is left (a page may quote escaped HTML); what the
    page declares is the outer page's."""
    removed: list[dict] = []
    page = None
    for _ in range(MAX_PASSES):
        if "<" not in text or not is_html(text):
            break
        new, dropped, declared = read_page(text)
        removed += dropped
        page = page or declared
        if new == text:
            break
        text = new
    return Markup(text, removed, page or Page())


__all__ = ["Markup", "from_markup", "has_marks", "html_text", "is_html", "load_spec", "plain_paragraph",
           "read_markup", "read_page"]
