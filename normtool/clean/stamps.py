"""Date lines and agency credits known by their form, not by outlet.

Outlets print their date lines in endless variants ("Updated - May 06, 2026
08:14 pm IST - NEW DELHI", "First Published: May 06 2026 | 8:05 PM IST",
"1:42pm Jun 13, 2026"); one rule per outlet never catches the next one.  A
line is a date line when, its date, times and time zone taken out, only
furniture is left: stamp words (``stamps.json``), an agency's name, a
dateline city in capitals, short section labels between bars.  Prose with a
date keeps words of its own ("The meeting on May 6, 2026 ended early.").

Likewise a closing line that is only an agency's name, or "- with AAP", is a
credit, whatever the outlet.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import NamedTuple

from ..data import agency_alternation, read_text
from .metadata import is_prose

TOP = 8             # a date line this far down the top of the copy
BOTTOM = 3          # or this near its end
MAX_LEN = 120       # characters of a date line
MAX_CAPS = 3        # words in capitals (a dateline city) a date line may hold
MAX_LABEL = 3       # words of a section label between bars ("India News | ...")
MAX_TAIL = 80       # characters of a closing agency credit
_UPDATE_WORDS = ("updated", "modified", "last")

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAY = r"(?:(?:Mon|Tue|Tues|Wed|Wednes|Thu|Thur|Thurs|Fri|Sat|Satur|Sun)(?:day)?\.?,?\s+)?"
_DATE = re.compile(rf"(?<![\w]){_WEEKDAY}(?:{_MONTH}\s+{_DAY},?\s+{_YEAR}|{_DAY}\s+{_MONTH},?\s+{_YEAR}"
                   rf"|{_DAY}-{_MONTH}-{_YEAR}|{_YEAR}[-/]\d\d?[-/]\d\d?|\d\d?([/.-])\d\d?\1{_YEAR})(?![\w])",
                   re.IGNORECASE)
_TIME = re.compile(r"(?<![\w:.])@?\s*\d{1,2}(?:[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?(?![\w]))?"
                   r"|\s*[ap]\.?m\.?(?![\w]))", re.IGNORECASE)
_READ_TIME = re.compile(r"\b\d{1,3}\s*min(?:ute)?s?\s+read\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*", re.UNICODE)
_YEARISH = re.compile(_YEAR)    # every date form has a year: the cheap test first
# a print edition's tail names the paper or the city ("Published in Dawn, May 21st, 2026")
_PRINTED_IN = re.compile(r"^\s*((?i:(?:first\s+)?(?:published|printed|appeared)))\s+(?i:in)\s+(?:[Tt]he\s+)?"
                         r"[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2},\s*(?=\S)")


class _Stamps(NamedTuple):
    words: frozenset            # furniture words of a date line ("updated", "published", "on")
    zones: re.Pattern           # time zones ("IST", "(GMT+1)")
    agency: re.Pattern          # any agency's name, as a word
    published: frozenset        # words saying first publication ("published", "first")
    tail: re.Pattern            # a closing credit that only names an agency ("- with AAP")
    top: re.Pattern             # a line under the headline that only names one ("By Bernama")


@lru_cache(maxsize=1)
def _data() -> _Stamps:
    data = json.loads(read_text("stamps.json"))
    alt = agency_alternation()
    agency = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")
    zones = re.compile(r"(?<![\w])\(?(?:" + "|".join(sorted(set(data["zones"]), key=len, reverse=True))
                       + r")(?:[+-]\d{1,2}(?::?\d{2})?)?\)?(?![\w])")
    leads = "|".join(re.escape(w).replace(r"\ ", r"\s+")
                     for w in sorted(data["tail_lead"], key=len, reverse=True))
    tail = re.compile(rf"[(\[]?\s*(?:[-\u2013\u2014]+\s*)?(?:(?i:{leads})\s*:?\s+)?"
                      rf"(?P<value>{alt})\s*[)\]]?\.?")
    top = re.compile(rf"(?:(?i:by|source)\s*:?\s+)?[(\[]?(?P<value>{alt})[)\]]?")
    return _Stamps(frozenset(w.lower() for w in data["words"]), zones, agency,
                   frozenset(w.lower() for w in data["published"]), tail, top)


def stamp_date(line: str) -> str | None:
    """The date text of ``line`` when the line is a date line, else None.

    >>> stamp_date("Updated - May 06, 2026 08:14 pm IST - NEW DELHI")
    'May 06, 2026'
    >>> stamp_date("Published in Dawn, May 21st, 2026")
    'May 21st, 2026'
    >>> stamp_date("The meeting on May 6, 2026 ended early.") is None
    True
    """
    line = _PRINTED_IN.sub(r"\1 ", line)
    if len(line) > MAX_LEN or "\n" in line or not _YEARISH.search(line):
        return None
    dates = list(_DATE.finditer(line))
    if not dates or len(dates) > 2:
        return None
    stamps = _data()
    words, zones, agency = stamps.words, stamps.zones, stamps.agency
    last = dates[-1]
    before = _WORD.findall(agency.sub(" ", zones.sub(" ", line[:last.start()])))
    if any(w.isupper() and len(w) > 1 and w.lower() not in words for w in before):
        return None     # capitals over the date are a headline's, a dateline city follows it
    rest = _DATE.sub(" ", line)
    rest = _READ_TIME.sub(" ", zones.sub(" ", _TIME.sub(" ", rest)))
    rest = agency.sub(" ", rest)
    if re.search(r"\d", rest):
        return None
    segments = re.split(r"\s+[|\u00b7\u2022]\s+|\s*\|\s*", rest)
    barred = len(segments) > 1 and bool(re.search(r"[|\u00b7\u2022]", line))
    caps = 0
    for segment in segments:
        found = _WORD.findall(segment)
        loose = [w for w in found if w.lower() not in words]
        if not loose:
            continue
        if all(w.isupper() and len(w) > 1 for w in loose):
            caps += len(loose)
            continue
        if barred and len(found) <= MAX_LABEL and all(w[0].isupper() for w in found):
            continue        # a section label between bars ("India News | ...")
        return None
    if caps > MAX_CAPS:
        return None
    return dates[0].group(0).strip()


def _stamp_word(line: str) -> str | None:
    """The first word saying what the date is: a publication's or an update's."""
    published_words = _data().published
    return next((w for w in map(str.lower, _WORD.findall(line))
                 if w in published_words or w in _UPDATE_WORDS), None)


def published(line: str) -> bool:
    """Whether a date line gives the first publication, not an update.

    >>> published("First Published: May 06 2026"), published("Updated - May 06, 2026")
    (True, False)
    """
    return _stamp_word(line) in _data().published


def agency_tail(line: str) -> str | None:
    """The agency a closing credit line names, else None.

    >>> agency_tail("- with AAP"), agency_tail("Australian Associated Press")
    ('AAP', 'Australian Associated Press')
    >>> agency_tail("He told AAP.") is None
    True
    """
    if len(line) > MAX_TAIL:
        return None
    m = _data().tail.fullmatch(line.strip())
    return m.group("value") if m else None


def _updated(line: str) -> bool:
    return _stamp_word(line) in _UPDATE_WORDS


def take_lines(paras: list[str], found: list, removed: list) -> bool:
    """Take date lines (top or end) and a closing agency credit out of
    ``paras`` into ``found`` as ``(kind, rule, value, text)``; a date line
    saying first publication goes before dates of updates found so far, as
    the story's date is its first publication's.  Returns whether any went.

    >>> lede = "Heavy rain fell across the city on Wednesday, flooding roads and homes."
    >>> paras, found = ["Published - May 06, 2026", lede, "- with AAP"], []
    >>> take_lines(paras, found, []), len(paras), [f[2] for f in found]
    (True, 1, ['May 06, 2026', 'AAP'])
    """
    kept, changed, n = [], False, len(paras)
    for i, para in enumerate(paras):
        value = stamp_date(para) if (i < TOP or i >= n - BOTTOM) and n > 1 else None
        if value is not None and i >= TOP and not _stamp_word(para):
            value = None    # a bare date at the end may close a note ("... split paid" / "June 20, 1986")
        if value is not None:
            entry = ("date", "date-line-form", value, para)
            at = next((k for k, f in enumerate(found) if f[0] == "date" and _updated(f[3])), None) \
                if published(para) else None
            found.insert(len(found) if at is None else at, entry)
            changed = True
            continue
        kept.append(para)
    for i, para in enumerate(kept[:TOP]):     # "Source: AAP", "By Bernama", "ANADOLU AGENCY" under the headline
        m = _data().top.fullmatch(para.strip())
        # an acronym alone may be a page's button ("MAP", "APP"): "By" or "Source:" makes it a credit
        if m and not is_prose(para) and (len(m.group("value")) > 3 or m.group(0) != m.group("value")):
            rule = "agency-source" if para.lower().startswith("source") else "agency-top"
            changed |= _credit(kept, i, rule, m.group("value"), found, removed)
            break
    name = agency_tail(kept[-1]) if len(kept) > 1 else None
    if name and is_prose(kept[-2]) and not is_prose(kept[-1]):
        changed |= _credit(kept, len(kept) - 1, "agency-tail", name, found, removed)
    paras[:] = kept
    return changed


def _credit(paras: list[str], i: int, rule: str, name: str, found: list, removed: list) -> bool:
    """Take paragraph ``i``, a line naming only the agency ``name``, out as a credit."""
    if any(f[0] == "credit" and f[2] == name for f in found):
        removed.append({"rule": rule, "text": paras[i]})
    else:
        found.append(("credit", rule, name, paras[i]))
    del paras[i]
    return True
