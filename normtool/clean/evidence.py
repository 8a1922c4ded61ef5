"""What the rest of a page says about one of its lines: which way its
numeric dates run, and whether a short line names the site itself.

"04/12/2025" is 12 April in a US page and 4 December in a British one.
``day_first`` reads the page's own evidence, strongest first: a date in the
url's path (``/2025/12/04/``) that one reading of a slashed date in the copy
gives; slashed dates in the copy that only one order reads (``13/04/2025``
is day first, ``04/13/2025`` month first); dates written with the month's
name ("12 April 2025" against "April 12, 2025"); the url's country domain
(``dates.day_first_domains``: ``.co.uk``, ``.com.au``, ``.in``).  Evidence
both ways at one level is none; with none, slashed dates stay month first.
"""
from __future__ import annotations

import datetime
import re

from ..text import url_host, url_parts
from .rules import RuleSet

_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)")
_DAY_MONTH = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+([A-Z][a-z]{2,8})\.?,?\s+(?:19|20)\d\d\b")
_MONTH_DAY = re.compile(r"\b([A-Z][a-z]{2,8})\.?\s+\d{1,2}(?:st|nd|rd|th)?,\s+(?:19|20)\d\d\b")
_SECOND_LEVEL = frozenset("co com net org gov ac edu".split())


def _date(y: int, m: int, d: int) -> datetime.date | None:
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def _verdict(day: bool, month: bool) -> bool | None:
    return None if day == month else day


def day_first(text: str, url: str | None, rules: RuleSet) -> bool:
    """Whether the page's slashed numeric dates run day first.

    >>> from normtool.clean.rules import load_rules
    >>> day_first("Published 04/12/2025", "https://www.example.co.uk/news/1", load_rules())
    True
    >>> day_first("Published 04/12/2025. Talks began on 13/04/2025.", None, load_rules())
    True
    >>> day_first("Published 04/12/2025. Talks began April 3, 2025.", "https://x.co.uk/a", load_rules())
    False
    >>> day_first("Published 04/12/2025", "https://example.com/2025/04/12/talks/", load_rules())
    False
    """
    slashed = [(int(a), int(b), int(y)) for a, b, y in _SLASHED.findall(text)]
    path = _URL_DATE.search(url_parts(url).path)
    if path:
        target = _date(*map(int, path.groups()))
        verdict = _verdict(any(_date(y, b, a) == target for a, b, y in slashed),
                           any(_date(y, a, b) == target for a, b, y in slashed))
        if verdict is not None:
            return verdict
    verdict = _verdict(any(a > 12 >= b for a, b, _ in slashed), any(b > 12 >= a for a, b, _ in slashed))
    if verdict is not None:
        return verdict
    named = (lambda m: m.group(1)[:3].lower() in rules.months)
    verdict = _verdict(any(map(named, _DAY_MONTH.finditer(text))),
                       any(map(named, _MONTH_DAY.finditer(text))))
    if verdict is not None:
        return verdict
    host = url_host(url)
    return bool(host) and any(host == d or host.endswith("." + d) for d in rules.day_first_domains)


def site_label(url: str | None) -> str:
    """The site's own name in a url's host, the label before its public suffix.

    >>> site_label("https://www.nzherald.co.nz/nz/a/"), site_label("https://news.yahoo.com/x")
    ('nzherald', 'yahoo')
    """
    labels = [x for x in url_host(url).split(".") if x]
    if len(labels) < 2:
        return ""
    labels = labels[:-1]
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    return labels[-1]


MAX_SITE_WORDS = 5


def names_site(line: str, url: str | None, site: str | None = None) -> bool:
    """Is ``line`` the name of the site the url is on ("NZ Herald" on
    nzherald.co.nz, "KTLA" on ktla.com) or of the ``site`` a page or record
    declares ("Korea Herald" for "The Korea Herald"), letters and figures alike?

    >>> names_site("NZ Herald", "https://www.nzherald.co.nz/a"), names_site("He was 84.", "https://he.com/")
    (True, False)
    >>> names_site("TimesLIVE", None, "TimesLIVE"), names_site("Reuters", None, "TimesLIVE")
    (True, False)
    """
    names = [n for n in (site_label(url), site if isinstance(site, str) else "") if n]
    if not names or len(line.split()) > MAX_SITE_WORDS:
        return False

    def bare(s: str) -> str:
        s = re.sub(r"[^a-z0-9]", "", s.lower())
        return s[3:] if s.startswith("the") and len(s) > 6 else s
    flat = bare(line)
    return len(flat) >= 3 and any(flat == bare(n) for n in names)
