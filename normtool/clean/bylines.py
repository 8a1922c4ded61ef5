"""Bylines: a writer's name alone on a line under the headline.

Copy with no "By" line of its own may print its writer's bare name between
the headline and the lede ("Hospital waits fall again / Sarah Booth / The
number of ..."), in capitals as AP does ("LISA MASCARO"), or with the agency
after it ("David Shepardson | Reuters": the rules' ``byline_agencies``).
``bare_byline`` finds it so clean can take it into the credits before it
looks for the headline (``metadata.find_title``); "By" lines and credit
lines are rules in ``data/boilerplate.json``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .metadata import (MAX_DECK_WORDS, MAX_MASTHEAD, count_words, is_lede, looks_like_headline,
                       teaser_headline)
from .rules import RuleSet

# A person's name alone on a line: "Sarah Booth", "Mary-Kate O'Neill", "Jan van der Berg"
# Latin-1 letters too: "Lucía Martín", "José Álvarez".
_UPPER, _LOWER = "A-Z\u00c0-\u00d6\u00d8-\u00de", "a-z\u00df-\u00f6\u00f8-\u00ff"
_NAME_WORD = (rf"(?:[{_UPPER}][{_LOWER}]*(?:[{_UPPER}][{_LOWER}]+)?(?:[-'\u2019][{_UPPER}]?[{_LOWER}]+)*"
              rf"|[{_UPPER}]\.)")
_NAME = re.compile(rf"{_NAME_WORD}(?:\s+(?:(?:de|da|van|von|der|den|del|bin|al|le|la)\s+){{0,2}}"
                   rf"{_NAME_WORD}){{1,2}}")
# The same in capitals, as AP prints its writers ("LISA MASCARO", "SEAN O'RIORDAN");
# several joined by commas and a lower-case "and", which a headline in capitals never has.
_CAPS_WORD = r"(?:[A-Z](?:['\u2019]?[A-Z])+(?:[-'\u2019][A-Z]+)*|[A-Z]\.)"
_CAPS_NAME = (rf"{_CAPS_WORD}(?:\s+(?:(?:DE|DA|VAN|VON|DER|DEN|DEL|BIN|AL|LE|LA)\s+){{0,2}}"
              rf"{_CAPS_WORD}){{1,2}}")
_CAPS_NAMES = re.compile(rf"{_CAPS_NAME}(?:(?:,\s+{_CAPS_NAME})*,?\s+and\s+{_CAPS_NAME})?")


@lru_cache(maxsize=8)
def _agency_name(agencies: tuple) -> re.Pattern | None:
    """A name (or two) with an agency of ``agencies`` after it, as under a
    syndicated headline: "David Shepardson | Reuters", "Naomi Kresge,
    Bloomberg News", "Will Dunham Reuters" (the rules' ``byline_agencies``)."""
    if not agencies:
        return None
    names = "|".join(re.escape(a) for a in sorted(agencies, key=len, reverse=True))
    return re.compile(rf"(?:{_NAME.pattern}(?:\s+and\s+{_NAME.pattern})?|{_CAPS_NAMES.pattern})"
                      rf"(?:\s*[,|]\s*|\s+)(?:{names})")


def bare_byline(paras: list[str], agencies: tuple = (), dated=None, rules: RuleSet | None = None) -> int | None:
    """Index of a bare author name under the headline and over the lede
    ("Hospital waits fall again / Sarah Booth / The number of ..."), if any;
    the name may be followed by one of ``agencies`` ("Sarah Booth | Reuters").
    Names in capitals: see ``_caps_names``; ``dated`` tells a paragraph
    opening with a dateline, ``rules`` give the words no name has.

    >>> bare_byline(["Hospital waits fall again", "Sarah Booth", "The number fell, figures show."])
    1
    >>> bare_byline(["Waiting Lists Fall Again", "Sarah Booth", "The number fell, figures show."])
    1
    >>> bare_byline(["BBC News", "Sarah Booth", "The number fell, figures show."]) is None
    True
    >>> top = ["Hospital waits fall again in May", "Sarah Booth | Reuters", "It fell, figures show."]
    >>> bare_byline(top, ("Reuters",)), bare_byline(top)
    (1, None)
    """
    agency = _agency_name(tuple(agencies))
    for i in range(1, min(len(paras) - 1, MAX_MASTHEAD + 3)):
        if count_words(paras[i - 1]) > MAX_DECK_WORDS:
            return None
        named = _NAME.fullmatch(paras[i]) or agency and agency.fullmatch(paras[i])
        size = count_words(paras[i])
        if not named and _caps_names(paras[i], paras[i - 1], bool(dated and dated(paras[i + 1])),
                                     rules.not_names if rules else frozenset()):
            named, size = True, max(count_words(x) for x in re.split(r",\s*|\s+and\s+", paras[i]))
        if named and is_lede(paras, i + 1) and any(
                (looks_like_headline(p) or teaser_headline(p)) and count_words(p) > size for p in paras[:i]):
            return i
    return None


def _caps_names(para: str, above: str, dated: bool, not_names: frozenset = frozenset()) -> bool:
    """Writers' names in capitals: several ("ZEKE MILLER and COLLEEN LONG"),
    or one over a lede opening with a dateline, under a headline not itself
    in capitals ("Storms hit city / LISA MASCARO / WASHINGTON (AP) — ..."),
    and none of the words no name has (``headlines.not_names``: "LIVE
    UPDATES"); under "FLOOD WATERS RECEDE" a short line in capitals is its deck.

    >>> _caps_names("LISA MASCARO", "Storms hit city", True), _caps_names("LISA MASCARO", "Storms hit", False)
    (True, False)
    >>> _caps_names("CEDAR VALLEY", "FLOODS HIT TOWN", True), _caps_names("ZEKE MILLER and JO LONG", "A B", False)
    (False, True)
    """
    if not _CAPS_NAMES.fullmatch(para) or not_names.intersection(para.split()):
        return False
    return " and " in para or dated and not above.isupper()


__all__ = ["bare_byline"]
