"""Pages saved by a text browser (``lynx -dump``, ``elinks -dump``):
numbered link marks in the text and a list of their addresses at the end.

A dump is known by that list: a ``References`` (or ``Visible links``)
heading over numbered addresses.  Only then are the marks read as links:
the list goes, lines that are nothing but links are navigation and go, and
the marks and the dump's indent are taken out of the lines that stay (the
link text stays), so that reflow reads the wrapped lines as the page's.
"""
from __future__ import annotations

import re

_HEADING = re.compile(r"^\s*(?:References|Visible links|Links)\s*:?\s*$")
_ADDRESS = re.compile(r"^\s*\d{1,5}\.\s+(?:[a-z][a-z0-9+.-]*:\S*|/\S*)\s*$")
_MARK = re.compile(r"\[\d{1,5}\]")
# a line of links only: each mark followed by at most four words
_LINKS_ONLY = re.compile(r"^\s*(?:\[\d{1,5}\][^\[\]\s]*(?:\s+[^\[\]\s]+){0,3}\s*)+$")
MIN_ADDRESSES = 2


def _reference_list(lines: list[str]) -> int | None:
    """Index of the heading of a trailing list of numbered addresses, if any."""
    for i in range(len(lines) - 1, -1, -1):
        if _HEADING.match(lines[i]):
            rest = [x for x in lines[i + 1:] if x.strip()]
            if len(rest) >= MIN_ADDRESSES and all(_ADDRESS.match(x) for x in rest):
                return i
            return None
    return None


def read_dump(text: str) -> tuple[str, list[dict]]:
    """``(text, removed)``: a text browser's dump without its link list,
    link-only lines and link marks; other text as it is.

    >>> body, removed = read_dump("[1]Home [2]World\\n\\nTalks [3]resumed.\\n\\nReferences\\n\\n"
    ...                           "   1. https://a.example/\\n   2. https://a.example/w\\n   3. https://a.example/t")
    >>> body
    'Talks resumed.'
    >>> [r["rule"] for r in removed]
    ['dump-references', 'dump-link-line']
    """
    if "[" not in text:
        return text, []
    lines = text.split("\n")
    start = _reference_list(lines)
    if start is None:
        return text, []
    removed = [{"rule": "dump-references", "text": "\n".join(x.strip() for x in lines[start:] if x.strip())}]
    kept = []
    for line in lines[:start]:
        if _MARK.search(line) and _LINKS_ONLY.match(line):
            removed.append({"rule": "dump-link-line", "text": line.strip()})
            continue
        kept.append(_MARK.sub("", line).strip())     # a dump indents its text: no meaning
    return "\n".join(kept).strip("\n"), removed


__all__ = ["read_dump"]
