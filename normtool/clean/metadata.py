"""Metadata from raw copy: headline, dates, and the helpers clean uses for them.

Only the decisions live here; the patterns (date marker, fused dates,
datelines, credits) are rules in ``data/boilerplate.json``.

Title rule (precision first, and idempotent): the first line (after a date
marker and any leading furniture) is the headline when it looks like one --
2 to 30 words, at most ``MAX_TITLE_CHARS`` characters, starts with a capital,
digit or quote, does not end a sentence -- *and* it is followed by a single
line break (not a blank line) and a line that does not carry on its sentence,
or by a blank line and a paragraph that opens with a dateline ("KYIV - ").
Canonical bodies separate paragraphs with blank lines and have their dateline
taken out, so cleaning a clean body never takes a new title from it.
"""
from __future__ import annotations

import datetime
import re

from ..text import FOLD
from .layout import WRAP_SLACK, continues, ends_sentence, first_word, is_hard_wrapped
from .rules import RuleSet

MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30
MAX_LEADING_FURNITURE = 4   # furniture lines skipped above a headline
# A full stop, question or exclamation mark inside the line, then a new
# sentence: a headline has none ("U.S. Treasury" does not count).
_SENTENCE_BREAK = re.compile(r"[a-z0-9][.!?][\"'\u201d\u2019)]*\s*[A-Z\"'(\u201c\u2018]")


def parse_date(text: str, rules: RuleSet) -> str | None:
    """ISO ``YYYY-MM-DD`` for the first date the rules' date patterns find.

    >>> from normtool.clean.rules import load_rules
    >>> parse_date("26-FEB-1987 15:01:01.79", load_rules())
    '1987-02-26'
    >>> parse_date("October 24, 2024", load_rules()), parse_date("soon", load_rules())
    ('2024-10-24', None)
    """
    if not text:
        return None
    for pattern in rules.date_patterns:
        for m in pattern.finditer(text):
            month = m.group("m")
            if month is None:       # an optional group that took no part in the match
                continue
            if month.isdigit():
                month_no = int(month)
            else:
                month_no = rules.months.get(month[:3].lower())
                if month_no is None:
                    continue
            try:
                return datetime.date(int(m.group("y")), month_no, int(m.group("d"))).isoformat()
            except (ValueError, TypeError):
                continue
    return None


def normalise_given_date(value, rules: RuleSet):
    """A user's date in ISO form when it parses, else exactly as given.

    >>> from normtool.clean.rules import load_rules
    >>> normalise_given_date("26-FEB-1987 15:01:01.79", load_rules())
    '1987-02-26'
    >>> normalise_given_date("spring 1987", load_rules())
    'spring 1987'
    """
    if not isinstance(value, str):
        return value
    return parse_date(value, rules) or value


def same_text(a: str, b: str) -> bool:
    """Equal up to case, spacing and quote style (a repeated headline).

    >>> same_text("Seoul \\u2018won\\u2019t sit idle\\u2019", "SEOUL 'WON'T  SIT IDLE'")
    True
    """
    def norm(s):
        return " ".join(s.translate(FOLD).casefold().split())
    return bool(a) and norm(a) == norm(b)


def looks_like_headline(line: str) -> bool:
    """A short line with no sentence-final punctuation, starting like a title.

    >>> looks_like_headline("Seoul demands 'immediate withdrawal' of North Korean troops")
    True
    >>> looks_like_headline("The talks ended on Friday.")
    False
    >>> looks_like_headline("Rice exports fell, the ministry said. (XYYE 0405)")
    False
    """
    text = line.strip()
    if not text or len(text) > MAX_TITLE_CHARS:
        return False
    words = text.split()
    if not 2 <= len(words) <= MAX_TITLE_WORDS:
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit() or first in "\"'\u201c\u2018"):
        return False
    if _SENTENCE_BREAK.search(text):
        return False
    return not ends_sentence(text) and not text.endswith((",", "-", "\u2013", "\u2014"))


def find_title(lines: list[str], rules: RuleSet) -> tuple[int, str] | None:
    """``(line index, headline)`` when the copy starts with a headline.

    >>> from normtool.clean.rules import load_rules
    >>> find_title(["Seoul demands withdrawal of troops", "South Korea summoned the envoy."],
    ...            load_rules())
    (0, 'Seoul demands withdrawal of troops')
    >>> find_title(["Seoul demands withdrawal of troops", "", "South Korea summoned the envoy."],
    ...            load_rules()) is None
    True
    """
    skipped = 0
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        found = rules.match_line(" ".join(text.split()), 0, len(lines),
                                 actions=("remove", "date", "credit"))
        if found is not None and skipped < MAX_LEADING_FURNITURE:
            skipped += 1
            continue
        if found is not None or i + 1 >= len(lines):
            return None
        nxt = lines[i + 1]
        if not looks_like_headline(text):
            return None
        if not nxt.strip():
            # After a blank line only a dateline under it proves a headline.
            after = next((x.strip() for x in lines[i + 1:] if x.strip()), "")
            if not any(r.action == "dateline" and r.find(after) for r in rules.prefix_rules):
                return None
        elif continues(line, nxt):
            return None
        if rules.match_line(" ".join(text.split()), 0, len(lines)) is not None:
            return None
        if is_hard_wrapped(lines):
            width = max(len(x) for x in lines)
            if len(line) + 1 + len(first_word(nxt)) > width - WRAP_SLACK:
                return None     # a wrapped first line, not a headline
        return i, " ".join(text.split())
    return None


def split_title_date(title: str, rules: RuleSet) -> tuple[str, list[tuple[str, str]]]:
    """Cut a date fused onto a headline; return the title and ``(rule, text)`` cut.

    >>> from normtool.clean.rules import load_rules
    >>> split_title_date("Seoul 'won't sit idle' over troops in RussiaOctober 24, 2024", load_rules())
    ("Seoul 'won't sit idle' over troops in Russia", [('title-date', 'October 24, 2024')])
    """
    cut = []
    for rule in rules.title_rules:
        m = rule.find(title)
        if m and m.start() > 0:
            cut.append((rule.id, rule.value(m)))
            title = title[:m.start()].rstrip()
    return title, cut


__all__ = ["parse_date", "normalise_given_date", "same_text", "looks_like_headline",
           "find_title", "split_title_date"]
