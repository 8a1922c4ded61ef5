"""Text helpers shared by every stage: character folding, and reading a url.

Typography differs between outlets (curly or straight quotes, en or em
dashes, no-break spaces) while the words do not.  Comparisons that must not
care (a repeated headline, dedup's matching copy, despin's phrase keys) fold
with this one table; the text shown to users is never folded.

A url as a record gives it may be anything: ``url_parts`` and ``url_host``
never raise (``urlsplit`` does on "http://[x" or "http://[x]y/").  Clean
reads the host for the site's name and its country, dedup for the agency
whose page a record is.
"""
from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

# Every entry maps one character to one character, so folding keeps offsets.
FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": " ", "\u2014": " ", "\u2015": " ", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})


def fold_quotes(text: str) -> str:
    """Straight quotes for curly ones, spaces for dashes and no-break spaces.

    >>> fold_quotes("\u201cIt\u2019s\u201d \u2014 done")
    '"It\\'s"   done'
    """
    return text.translate(FOLD)


def url_parts(url) -> SplitResult:
    """The url's parts; an unreadable url (or none) has none.

    >>> url_parts("https://a.example/2025/04/12/x").path, url_parts("http://[x/a").path
    ('/2025/04/12/x', '')
    """
    try:
        return urlsplit(url if isinstance(url, str) else "")
    except ValueError:
        return urlsplit("")


def url_host(url) -> str:
    """The url's host, lower case, without a leading "www." ("" when none).

    >>> url_host("https://WWW.Reuters.com/world/"), url_host("http://[x]y/a"), url_host("a.example/b")
    ('reuters.com', '', '')
    """
    host = url_parts(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


__all__ = ["FOLD", "fold_quotes", "url_parts", "url_host"]
