"""Is a record the agency's own copy of a story, or another outlet's republication?

Among exact copies of a wire story the canonical should be the agency's
own: a station or portal that republishes it often carries richer
metadata (a url, a credit to the agency) and would lead on richness
alone.  ``relayed(article)`` grades the evidence, smaller is more the
agency's own:

* 0, the page's host is the agency's own (``agencies.json`` hosts) and
  its credits or dateline name that agency: "WASHINGTON (AP) —" on
  apnews.com;
* 2, another outlet's page: a host that is not the agency named, or,
  without a host, a credit to the agency as author ("by Agence
  France-Presse", "Naomi Kresge, Bloomberg News", "Story by Reuters",
  "AFP contributed to this report") or a removed syndication note that
  names the agency ("Originally published on reuters.com"; the same rule
  takes a paper's own "This story was originally published September 30,
  2025 at 11:55 PM.", and a note naming no agency tells nothing here);
* 1, no evidence either way.

A credit naming the agency's staff ("Associated Press writer Kevin
Freking contributed to this report.") is the agency's own wording, not a
credit to it; so is the agency's name alone on the line after a
reporter's byline, under the agency's own dateline ("By MAURICIO
SAVARESE" / "Associated Press" / "BRASILIA, Brazil (AP) —"): the wire's
own form (a paper printing it drops the tag from the dateline).  Without
a url, an agency's own unsigned copy credited "By The Associated Press"
looks like a relay: it ties with relays that keep the credit, and other
keys decide.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..article import Article
from ..data import agencies as agency_table
from ..text import url_host

OWN, NEUTRAL, RELAYED = 0, 1, 2


@lru_cache(maxsize=1)
def _table() -> tuple[list[tuple[re.Pattern, tuple[str, ...]]], frozenset, re.Pattern]:
    """Each agency's pattern and hosts, the relay rules, and one pattern for
    any agency's name (asked first: most copy names none, and there are
    some hundred agencies to ask one by one)."""
    data = agency_table()
    staff = data["staff"]
    agencies = []
    every = set()
    for entry in data["agencies"]:
        every.update(entry["names"])
        every.update(n.upper() for n in entry["names"])
        names = "|".join(re.escape(n) for n in sorted(entry["names"], key=len, reverse=True))
        # the name as a word, in its own case or upper case ("REUTERS"), not its staff's
        upper = "|".join(re.escape(n.upper()) for n in entry["names"])
        agencies.append((re.compile(rf"(?<![\w-])(?:{names}|{upper})(?![\w-])(?!\s+{staff}\b)"),
                         tuple(h.lower() for h in entry["hosts"])))
    alt = "|".join(re.escape(n) for n in sorted(every, key=len, reverse=True))
    return agencies, frozenset(data["relay_rules"]), re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")


def _host(article: Article) -> str:
    for value in (article.url, article.source):
        if isinstance(value, str) and re.match(r"https?://", value, re.I):
            return url_host(value)
    return ""


def _is_host(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


def relayed(article: Article) -> int:
    """0 the agency's own page, 2 another outlet's copy, 1 unknown (see the module doc).

    >>> relayed(Article(id="a", text="", dateline="WASHINGTON (AP) —",
    ...                 url="https://apnews.com/article/x"))
    0
    >>> relayed(Article(id="b", text="", credits=["by Agence France-Presse"]))
    2
    >>> relayed(Article(id="c", text="", credits=["By LISA MASCARO",
    ...                 "Associated Press writer Kevin Freking contributed to this report."]))
    1
    """
    agencies, relay_rules, any_name = _table()
    credits = [c for c in article.credits or [] if isinstance(c, str)]
    texts = credits + [article.dateline or ""]
    names_one = any(any_name.search(t) for t in texts)
    named = [hosts for pattern, hosts in agencies
             if any(pattern.search(t) for t in texts)] if names_one else []
    host = _host(article)
    if host and named:
        return OWN if any(_is_host(host, hosts) for hosts in named) else RELAYED
    if host and any(_is_host(host, hosts) for _, hosts in agencies):
        return OWN
    if names_one:
        credited = _credits_to(credits, article.dateline or "", agencies)
        if any(pattern.search(c) for pattern, _ in agencies for c in credited):
            return RELAYED
    notes = [r.get("text") or "" for r in article.removed or []
             if isinstance(r, dict) and r.get("rule") in relay_rules]
    if any(pattern.search(n) or any(h in n.lower() for h in hosts)
           for pattern, hosts in agencies for n in notes):
        return RELAYED
    return NEUTRAL


_BYLINE = re.compile(r"\s*by\s+\S", re.I)


def _credits_to(credits: list[str], dateline: str, agencies) -> list[str]:
    """The credits that may credit an agency as author: all but the wire's
    own byline block, an agency's bare name on the line after a byline
    naming persons only, under that agency's dateline.

    >>> agencies = _table()[0]
    >>> _credits_to(["By MAURICIO SAVARESE", "Associated Press"], "BRASILIA (AP) —", agencies)
    ['By MAURICIO SAVARESE']
    >>> _credits_to(["By Jane Doe", "Associated Press"], "BRASILIA —", agencies)
    ['By Jane Doe', 'Associated Press']
    """
    def own_block(k: int) -> bool:
        name = re.sub(r"^\s*(?:the\s+)?|[\s.,;:]*$", "", credits[k], flags=re.I)
        prior = credits[k - 1]
        return bool(k and name and _BYLINE.match(prior)) and any(
            (p.fullmatch(name) or p.fullmatch("The " + name)) and p.search(dateline)
            for p, _ in agencies) and not any(p.search(prior) for p, _ in agencies)
    return [c for k, c in enumerate(credits) if not own_block(k)]


__all__ = ["relayed", "OWN", "NEUTRAL", "RELAYED"]
