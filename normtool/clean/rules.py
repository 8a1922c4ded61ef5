"""Boilerplate rules: load the data file(s) once and match paragraphs fast.

Rules are data (``normtool/data/boilerplate.json``; users add files in the
same format with ``--rules``).  A user rule with the id of a built-in rule
replaces it; ``"disabled": true`` switches it off.  Every rule is checked
against its own ``example`` when loaded, so a broken rule fails loudly, once.

A paragraph is tried only against the whole-paragraph rules that could
match it: those its length allows (``max_len``), whose pattern may begin
with its first character and end with its last, and (for a rule that
scans the paragraph rather than failing at its first character) whose
required literals it holds.  The tests are derived from
the patterns themselves (``prefilter``), so they hold for users' rules too
and only ever skip a rule that cannot match.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable

from ..data import agency_alternation, city_alternation, read_text
from ..errors import NormtoolError
from .prefilter import (BROAD, SAMPLE, first_chars, fold, gate, last_chars, requirements,
                        satisfied)

ACTIONS = ("remove", "cut", "credit", "dateline", "date", "subhead", "links")
MATCHES = ("line", "prefix", "suffix")
WHERES = ("first", "last", "anywhere")
TARGETS = ("body", "title")
DEFAULT_WITHIN = 5
DEFAULT_MAX_LEN = 300
UNLIMITED = 10 ** 9
BUILTIN = "boilerplate.json"
SEEN_MAX = 4096              # paragraphs whose first matching rule a rule set remembers
PLANS_MAX = 16384            # (first, last character, length) plans a rule set remembers
INTERNAL = {"regex", "needs", "starts", "ends", "scans"}     # Rule fields no rules file sets


class RulesError(NormtoolError):
    """A rules file that cannot be read or holds a bad rule."""


@dataclass(frozen=True)
class Rule:
    """One boilerplate or metadata rule (see the data file's ``_doc``)."""

    id: str
    pattern: str
    family: str = ""
    action: str = "remove"
    match: str = "line"
    where: str = "anywhere"
    within: int = DEFAULT_WITHIN
    max_len: int = DEFAULT_MAX_LEN
    flags: str = ""
    next: tuple = ()
    credited: bool = False    # the value group must name a writer the credits hold
    unmentioned: bool = False  # the value group's last word is in no other paragraph
    target: str = "body"
    after: tuple = ()         # rule ids one of which must match the paragraph before
    repeats: bool = False     # an ``after`` rule: the paragraph is the one before's ``value`` again
    over_story: bool = False  # a caption only ever over story prose, never a short story's last line
    either_side: bool = False  # a credit printed over its caption as often as under it
    speaker_like: bool = False  # a dateline shaped like a transcript speaker's name ("SMITH:")
    requires: tuple = ()      # title rules: rule ids one of which must have fired in the article
    example: str = ""
    regex: re.Pattern = field(default=None, compare=False, repr=False)
    # the prefilter (see ``prefilter``): literals every match holds, and the
    # characters a match may begin and (a line rule's) end with (None: any)
    needs: tuple = field(default=(), compare=False, repr=False)
    starts: re.Pattern | None = field(default=None, compare=False, repr=False)
    ends: re.Pattern | None = field(default=None, compare=False, repr=False)
    scans: bool = field(default=True, compare=False, repr=False)   # may begin with most characters

    def applies_at(self, index: int, count: int) -> bool:
        """Whether the rule may touch paragraph ``index`` of ``count``."""
        if self.where == "first":
            return index < self.within
        if self.where == "last":
            return index >= count - self.within
        return True

    def find(self, text: str) -> re.Match | None:
        """The rule's match in ``text`` per ``match`` (ignores position and ``next``)."""
        if len(text) > self.max_len:
            return None
        if self.match == "suffix" and self.needs and not satisfied(self.needs, text):
            return None     # a search reads the whole text: its literals are looked for first
        return self._find(text)

    def opens(self, first: str) -> bool:
        """Whether a match at the start of a text may begin with ``first``
        (its first character, "" for an empty text)."""
        return self.starts is None or (bool(first) and self.starts.match(first) is not None)

    def closes(self, last: str) -> bool:
        """Whether a whole-paragraph match may end with ``last`` (the
        paragraph's last character, "" for an empty one)."""
        return self.ends is None or (bool(last) and self.ends.match(last) is not None)

    def _find(self, text: str) -> re.Match | None:
        if self.match == "line":
            return self.regex.fullmatch(text)
        return self.regex.match(text) if self.match == "prefix" else self.regex.search(text)

    def writer(self, m: re.Match) -> str | None:
        """The writer a date line names ("Aysu Bicer |15.04.2025"): its ``credit`` group."""
        if "credit" in m.re.groupindex and m.group("credit"):
            return m.group("credit").strip()
        return None

    def value(self, m: re.Match) -> str:
        """The text the rule extracts: the ``value`` group, else the match."""
        if "value" in m.re.groupindex and m.group("value") is not None:
            return m.group("value").strip()
        return m.group(0).strip()


@dataclass(frozen=True)
class RuleSet:
    """Compiled rules plus the date patterns used to read dates."""

    rules: tuple
    date_patterns: tuple
    months: dict
    month_names: dict = field(default_factory=dict)   # other languages' month names, matched whole
    line_rules: tuple = ()        # whole-paragraph rules without a ``next`` condition
    next_rules: tuple = ()        # whole-paragraph rules that look at the next paragraph
    after_rules: tuple = ()       # whole-paragraph rules that look at the paragraph before
    credited_rules: tuple = ()    # whole-paragraph rules that look at the credits
    prefix_rules: tuple = ()
    suffix_rules: tuple = ()
    title_rules: tuple = ()
    open_endings: frozenset = frozenset()   # last words that mark a wrapped line, not a headline
    byline_agencies: tuple = ()   # agencies a bare byline may name ("Jane Doe | Reuters")
    channel: re.Pattern | None = None   # a word a station's number may follow in a label ("FOX 8")
    not_names: frozenset = frozenset()  # words in capitals that name no writer ("LIVE UPDATES")
    month_first: frozenset = frozenset()        # date patterns read month first unless the page says otherwise
    day_first_domains: frozenset = frozenset()  # url domain endings of countries writing the day first
    limits: tuple = ()            # the line rules' max_len values, shortest first
    # the line rules a paragraph may match, by (first character, last, limit),
    # from those by (first character, limit) and those by last character
    _plans: dict = field(default_factory=dict, compare=False, repr=False)
    _candidates: dict = field(default_factory=dict, compare=False, repr=False)
    _ends: dict = field(default_factory=dict, compare=False, repr=False)
    # the first line rule matching a paragraph, by its text: the rule passes
    # ask again about every paragraph until nothing changes (bounded)
    _seen: dict = field(default_factory=dict, compare=False, repr=False)

    def by_id(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def is_furniture(self, line: str) -> bool:
        """Whether some whole-paragraph rule matches ``line`` (any position).

        A crosshead (``subhead`` rule) is part of the story, not furniture.
        """
        hit = self._line_match(" ".join(line.split()))
        return hit is not None and hit[0].action != "subhead"

    def is_dropped(self, line: str) -> bool:
        """Whether ``line`` is furniture its rule drops ("Share this story"),
        not a credit, date or dateline, whose words a sentence may end with
        ("... the Associated Press.").
        """
        hit = self._line_match(" ".join(line.split()))
        return hit is not None and hit[0].action in ("remove", "cut", "links")

    def _line_match(self, text: str) -> tuple[Rule, re.Match] | None:
        """The first line rule (file order, any position) that fully
        matches ``text``, with its match; remembered."""
        try:
            return self._seen[text]
        except KeyError:
            pass
        hit = None
        folded = None
        for rule, fullmatch, needs in self._plan(text[:1], text[-1:], len(text)):
            if needs:
                if folded is None:
                    folded = fold(text)
                if not satisfied(needs, text, folded):
                    continue
            m = fullmatch(text)
            if m is not None:
                hit = (rule, m)
                break
        if len(self._seen) >= SEEN_MAX:
            self._seen.clear()
        self._seen[text] = hit
        return hit

    def candidates(self, first: str, length: int, last: str | None = None) -> tuple:
        """The line rules, in file order, that a paragraph of ``length``
        opening with ``first`` (and ending with ``last``, if given) may
        match: ``max_len`` at least that, and a pattern that may begin with
        ``first`` and end with ``last``.

        >>> rules = load_rules()
        >>> len(rules.candidates("P", 500)) < len(rules.candidates("P", 50)) < len(rules.line_rules)
        True
        >>> len(rules.candidates("P", 50, "q")) < len(rules.candidates("P", 50))
        True
        """
        return tuple(entry[0] for entry in self._plan(first, last, length))

    def _plan(self, first: str, last: str | None, length: int) -> tuple:
        """``candidates`` as ``(rule, its fullmatch, literals to look for
        first)``; the literals only for a rule that scans (``Rule.scans``):
        one failing at the first characters fails faster than they are
        looked for."""
        at = bisect_left(self.limits, length)      # the shortest limit at least ``length``
        if at == len(self.limits):
            return ()
        limit = self.limits[at]
        key = (first, last, limit)
        try:
            return self._plans[key]
        except KeyError:
            pass
        opening = self._opening(first, limit)
        if last is None:
            found = tuple(entry for _i, entry in opening)
        else:
            closing = self._closing(last)
            found = tuple(entry for i, entry in opening if i in closing)
        if len(self._plans) >= PLANS_MAX:
            self._plans.clear()
        self._plans[key] = found
        return found

    def _opening(self, first: str, limit: int) -> tuple:
        """The plan's entries for any last character, each as ``(the rule's
        index in line_rules, entry)``."""
        key = (first, limit)
        try:
            return self._candidates[key]
        except KeyError:
            pass
        found = tuple((i, (r, r.regex.fullmatch, r.needs if r.scans else ()))
                      for i, r in enumerate(self.line_rules) if r.max_len >= limit and r.opens(first))
        if len(self._candidates) >= SEEN_MAX:
            self._candidates.clear()
        self._candidates[key] = found
        return found

    def _closing(self, last: str) -> frozenset:
        """The indexes in ``line_rules`` of the rules a paragraph ending with ``last`` may match."""
        try:
            return self._ends[last]
        except KeyError:
            pass
        found = frozenset(i for i, r in enumerate(self.line_rules) if r.closes(last))
        if len(self._ends) >= SEEN_MAX:
            self._ends.clear()
        self._ends[last] = found
        return found

    def match_line(self, text: str, index: int, count: int,
                   actions: Iterable[str] | None = None) -> tuple[Rule, re.Match] | None:
        """First whole-paragraph rule (file order) matching ``text`` at ``index``.

        The first rule matching anywhere (``_line_match``, remembered)
        decides the usual case; only when it is out of position are the
        rules tried one by one.
        """
        hit = self._line_match(text)
        if hit is None:
            return None
        rule = hit[0]
        if rule.applies_at(index, count) and (actions is None or rule.action in actions):
            return hit
        for rule in self.line_rules:
            if actions is not None and rule.action not in actions:
                continue
            if rule.applies_at(index, count):
                found = rule.find(text)
                if found:
                    return rule, found
        return None


AGENCY = "(?&agency)"     # in a pattern: any agency of ``agencies.json`` by name
CITY = "(?&city)"         # in a pattern: any city of ``cities.txt``, as written or in capitals


def _with_names(pattern: str) -> str:
    """``pattern`` with ``(?&agency)`` and ``(?&city)`` spelled out as the
    names of the data files, so a rule knows every agency and city they list
    ("ANKARA (AA) -", "Buenos Aires: ").

    >>> _with_names(r"\\((?&agency)\\)").startswith(r"\\((?:")
    True
    """
    if AGENCY in pattern:
        pattern = pattern.replace(AGENCY, f"(?:{agency_alternation()})")
    if CITY in pattern:
        pattern = pattern.replace(CITY, f"(?:{city_alternation()})")
    return pattern


def _compile(rule: dict, where: str, index: int) -> Rule:
    def bad(msg: str) -> RulesError:
        return RulesError(f"{where}: rule {index + 1} ({rule.get('id', '?')!r}): {msg}")

    if not isinstance(rule, dict):
        raise RulesError(f"{where}: rule {index + 1}: not an object")
    known = set(Rule.__dataclass_fields__) - INTERNAL | {"disabled"}
    unknown = set(rule) - known
    if unknown:     # (first: a misspelt "patern" is named, not reported as no pattern)
        raise bad(f"unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("id", "pattern"):
        if not isinstance(rule.get(key), str) or not rule[key]:
            raise bad(f"'{key}' must be a non-empty string")
    for key, allowed in (("action", ACTIONS), ("match", MATCHES), ("where", WHERES),
                         ("target", TARGETS)):
        if key in rule and rule[key] not in allowed:
            raise bad(f"'{key}' must be one of {', '.join(allowed)}")
    for key in ("within", "max_len"):
        if key in rule and (not isinstance(rule[key], int) or rule[key] < 1):
            raise bad(f"'{key}' must be a positive integer")
    flags = rule.get("flags", "")
    if flags not in ("", "i"):
        raise bad("'flags' must be '' or 'i'")
    for key in ("credited", "unmentioned", "repeats", "over_story", "either_side", "speaker_like"):
        if not isinstance(rule.get(key, False), bool):
            raise bad(f"'{key}' must be true or false")
    nxt = rule.get("next", [])
    if not isinstance(nxt, list) or not all(isinstance(x, str) for x in nxt):
        raise bad("'next' must be a list of rule ids")
    for key in ("after", "requires"):
        ids = rule.get(key, [])
        if not isinstance(ids, list) or not all(isinstance(x, str) for x in ids):
            raise bad(f"'{key}' must be a list of rule ids")
    try:
        regex = re.compile(_with_names(rule["pattern"]) + (r"\Z" if rule.get("match") == "suffix" else ""),
                           re.IGNORECASE if flags == "i" else 0)
    except re.error as exc:
        raise bad(f"bad pattern: {exc}") from None
    extra_groups = set(regex.groupindex) - {"value"} - ({"credit"} if rule.get("action") == "date" else set())
    if extra_groups:
        raise bad(f"only the named group 'value' (and in a 'date' rule 'credit') is allowed, "
                  f"not {', '.join(sorted(extra_groups))}")
    fields = {k: v for k, v in rule.items() if k != "disabled"}
    fields["next"] = tuple(nxt)
    fields["after"] = tuple(rule.get("after", []))
    fields["requires"] = tuple(rule.get("requires", []))
    if "max_len" not in fields:  # whole-paragraph rules are short by default
        fields["max_len"] = DEFAULT_MAX_LEN if rule.get("match", "line") == "line" else UNLIMITED
    compiled = Rule(regex=regex, **fields)
    if compiled.example and compiled._find(compiled.example) is None:
        raise bad("pattern does not match its own example")
    return _prefiltered(compiled)


def _prefiltered(rule: Rule) -> Rule:
    """``rule`` with its prefilter (``prefilter``); without one if the
    prefilter would refuse the rule's own example (it cannot, but a user's
    rule should never be lost to a gap in its derivation)."""
    icase = bool(rule.regex.flags & re.IGNORECASE)
    starts = first_chars(rule.regex.pattern, icase)
    scans = starts is None or sum(starts.match(c) is not None for c in SAMPLE) >= BROAD
    ends = last_chars(rule.regex.pattern, icase) if rule.match == "line" else None
    filtered = replace(rule, needs=gate(requirements(rule.regex.pattern, icase)), starts=starts,
                       ends=ends, scans=scans)
    example = rule.example
    if example and (filtered.find(example) is None or not satisfied(filtered.needs, example)
                    or rule.match == "line" and not (filtered.opens(example[:1])
                                                     and filtered.closes(example[-1:]))):
        return rule
    return filtered


def _read(path: str | None) -> tuple[dict, str]:
    try:
        if path is None:
            return json.loads(read_text(BUILTIN)), BUILTIN
        with open(path, encoding="utf-8") as fh:
            return json.load(fh), path
    except OSError as exc:
        raise RulesError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise RulesError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    except UnicodeDecodeError as exc:
        raise RulesError(f"{path}: invalid UTF-8 at byte {exc.start}") from None


# What a rules file may hold, section by section; anything else is a typo that
# would silently leave the user's rules or words unused.
SECTIONS = {"_doc": None, "rules": None,
            "headlines": {"open_endings", "byline_agencies", "channel", "not_names"},
            "dates": {"patterns", "months", "month_names", "month_first", "day_first_domains"}}


def _check_keys(data: dict, where: str) -> None:
    """Refuse a key no section knows (``"rulez"``, ``headlines.chanel``)."""
    unknown = sorted(set(data) - set(SECTIONS))
    for section, keys in SECTIONS.items():
        if keys is not None and isinstance(data.get(section), dict):
            unknown += sorted(f"{section}.{k}" for k in set(data[section]) - keys - {"_doc"})
    if unknown:
        raise RulesError(f"{where}: unknown key(s) {', '.join(unknown)}")


def _date_patterns(dates, where: str, months: dict, month_names: dict) -> list[re.Pattern]:
    """The ``dates`` section's patterns, each with its groups y, m and d;
    its month names are added to ``months`` (by prefix) and ``month_names`` (whole)."""
    try:
        patterns = [re.compile(p, re.IGNORECASE) for p in dates.get("patterns", [])]
        months.update({k.lower(): int(v) for k, v in dates.get("months", {}).items()})
        month_names.update({k.lower(): int(v) for k, v in dates.get("month_names", {}).items()})
    except (re.error, AttributeError, TypeError, ValueError) as exc:
        raise RulesError(f"{where}: bad 'dates' section: {exc}") from None
    for p in patterns:
        missing = [g for g in ("y", "m", "d") if g not in p.groupindex]
        if missing:
            raise RulesError(f"{where}: bad 'dates' section: pattern {p.pattern!r} has no "
                             f"group(s) {', '.join(missing)} (each needs y, m and d)")
    return patterns


def _extras(data: dict, where: str, extra: dict) -> None:
    """Gather ``headlines.channel`` (regexes), ``headlines.not_names`` (words),
    ``dates.month_first`` (patterns of ``dates.patterns``) and
    ``dates.day_first_domains`` (domain endings)."""
    for section, key in (("headlines", "channel"), ("headlines", "not_names"), ("dates", "month_first"),
                         ("dates", "day_first_domains")):
        part = data.get(section, {})
        values = part.get(key, []) if isinstance(part, dict) else None
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise RulesError(f"{where}: '{section}.{key}' must be a list of strings")
        if key == "channel":
            try:
                extra[key] += [f"(?:{re.compile(v).pattern})" for v in values]
            except re.error as exc:
                raise RulesError(f"{where}: bad 'headlines.channel' pattern: {exc}") from None
        else:
            extra[key].update(v.lower().lstrip(".") if key == "day_first_domains"
                              else v.upper() if key == "not_names" else v for v in values)


def load_rules(files: Iterable[str] = ()) -> RuleSet:
    """The built-in rules plus ``files`` (in order), compiled; cached per file list.

    >>> rules = load_rules()
    >>> rules.by_id("afp-desk-slug").find("kjk/ceb/dhc/dhw") is not None
    True
    """
    return _load(tuple(files))


@lru_cache(maxsize=None)
def builtin_rule(rule_id: str) -> Rule:
    """One built-in rule, compiled alone, for code that needs a rule's pattern
    outside the run's rule set (``metadata.looks_like_headline``): a run with
    ``--rules`` files then compiles no second full set of the built-in rules.

    >>> builtin_rule("afp-desk-slug").find("kjk/ceb/dhc/dhw") is not None
    True
    """
    data, where = _read(None)
    for i, raw in enumerate(data["rules"]):
        if isinstance(raw, dict) and raw.get("id") == rule_id:
            return _compile(raw, where, i)
    raise KeyError(rule_id)


@lru_cache(maxsize=16)
def _load(files: tuple) -> RuleSet:
    by_id: dict[str, Rule] = {}
    disabled: set[str] = set()
    patterns: list[re.Pattern] = []
    months: dict[str, int] = {}
    month_names: dict[str, int] = {}
    open_endings: set[str] = set()
    agencies: list[str] = []
    extra: dict = {"channel": [], "not_names": set(), "month_first": set(), "day_first_domains": set()}
    for path in (None, *files):
        data, where = _read(path)
        if not isinstance(data, dict) or not isinstance(data.get("rules", []), list):
            raise RulesError(f"{where}: expected an object with a 'rules' list")
        _check_keys(data, where)
        for i, raw in enumerate(data.get("rules", [])):
            if isinstance(raw, dict) and raw.get("disabled"):
                if raw.get("id") not in by_id and raw.get("id") not in disabled:
                    raise RulesError(f"{where}: rule {i + 1}: no rule {raw.get('id')!r} to "
                                     "switch off (built-in or in an earlier file)")
                disabled.add(raw.get("id"))
                by_id.pop(raw.get("id"), None)
                continue
            rule = _compile(raw, where, i)
            by_id.pop(rule.id, None)        # a later file's rule replaces (and moves last)
            by_id[rule.id] = rule
        patterns += _date_patterns(data.get("dates", {}), where, months, month_names)
        headlines = data.get("headlines", {})
        endings = headlines.get("open_endings", []) if isinstance(headlines, dict) else None
        if not isinstance(endings, list) or not all(isinstance(w, str) for w in endings):
            raise RulesError(f"{where}: 'headlines.open_endings' must be a list of words")
        open_endings.update(w.lower() for w in endings)
        named = headlines.get("byline_agencies", [])
        if not isinstance(named, list) or not all(isinstance(w, str) and w.strip() for w in named):
            raise RulesError(f"{where}: 'headlines.byline_agencies' must be a list of names")
        agencies += [w for w in named if w not in agencies]
        _extras(data, where, extra)
    rules = tuple(r for r in by_id.values() if r.id not in disabled)
    for rule in rules:
        for key in ("next", "after", "requires"):
            missing = [n for n in getattr(rule, key) if n not in by_id]
            if missing:
                raise RulesError(f"rule {rule.id!r}: '{key}' names unknown rule(s) {', '.join(missing)}")
    body = [r for r in rules if r.target == "body"]
    line_rules = tuple(r for r in body if r.match == "line" and not r.next and not r.after
                       and not r.credited and not r.unmentioned)
    return RuleSet(
        rules=rules, date_patterns=tuple(patterns), months=months, month_names=month_names,
        line_rules=line_rules,
        next_rules=tuple(r for r in body if r.match == "line" and r.next and not r.credited
                         and not r.unmentioned),
        after_rules=tuple(r for r in body if r.match == "line" and r.after and not r.next
                          and not r.credited and not r.unmentioned),
        credited_rules=tuple(r for r in body if r.match == "line" and (r.credited or r.unmentioned)),
        prefix_rules=tuple(r for r in body if r.match == "prefix"),
        suffix_rules=tuple(r for r in body if r.match == "suffix"),
        title_rules=tuple(r for r in rules if r.target == "title"),
        open_endings=frozenset(open_endings),
        byline_agencies=tuple(agencies),
        channel=re.compile("|".join(extra["channel"])) if extra["channel"] else None,
        not_names=frozenset(extra["not_names"]),
        month_first=frozenset(extra["month_first"]),
        day_first_domains=frozenset(extra["day_first_domains"]),
        limits=tuple(sorted({r.max_len for r in line_rules})),
    )
