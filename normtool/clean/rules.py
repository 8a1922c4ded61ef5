"""Boilerplate rules: load the data file(s) once and match paragraphs fast.

Rules are data (``normtool/data/boilerplate.json``; users add files in the
same format with ``--rules``).  A user rule with the id of a built-in rule
replaces it; ``"disabled": true`` switches it off.  Every rule is checked
against its own ``example`` when loaded, so a broken rule fails loudly, once.

Whole-paragraph rules are compiled into one alternation per rule set, so a
paragraph costs one regex call, not one per rule.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from ..data import read_text
from ..errors import NormtoolError

ACTIONS = ("remove", "cut", "credit", "dateline", "date", "subhead", "links")
MATCHES = ("line", "prefix", "suffix")
WHERES = ("first", "last", "anywhere")
TARGETS = ("body", "title")
DEFAULT_WITHIN = 5
DEFAULT_MAX_LEN = 300
UNLIMITED = 10 ** 9
BUILTIN = "boilerplate.json"
SEEN_MAX = 4096              # paragraphs whose combined match a rule set remembers


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
    target: str = "body"
    after: tuple = ()         # rule ids one of which must match the paragraph before
    requires: tuple = ()      # title rules: rule ids one of which must have fired in the article
    example: str = ""
    regex: re.Pattern = field(default=None, compare=False, repr=False)

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
    # the combined regex of the line rules that may touch a paragraph of a
    # length: (least max_len, its alternation) for each max_len, shortest first
    tiers: tuple = ()
    # the combined regex's match by paragraph text: the rule passes ask again
    # about every paragraph until nothing changes (bounded, see ``_line_match``)
    _seen: dict = field(default_factory=dict, compare=False, repr=False)

    def by_id(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def is_furniture(self, line: str) -> bool:
        """Whether some whole-paragraph rule matches ``line`` (any position).

        A crosshead (``subhead`` rule) is part of the story, not furniture.
        """
        m = self._line_match(" ".join(line.split()))
        return m is not None and self.line_rules[int(m.lastgroup[1:])].action != "subhead"

    def _line_match(self, text: str) -> re.Match | None:
        """The combined regex's full match of ``text``, remembered."""
        try:
            return self._seen[text]
        except KeyError:
            pass
        combined = self.combined(len(text))
        m = combined.fullmatch(text) if combined is not None else None
        if len(self._seen) >= SEEN_MAX:
            self._seen.clear()
        self._seen[text] = m
        return m

    def combined(self, length: int) -> re.Pattern | None:
        """The alternation of the line rules a paragraph of ``length`` may
        match (``max_len`` at least that), so a long paragraph is tried
        against the few rules that allow it, not against them all."""
        for limit, pattern in self.tiers:
            if length <= limit:
                return pattern
        return None

    def match_line(self, text: str, index: int, count: int,
                   actions: Iterable[str] | None = None) -> tuple[Rule, re.Match] | None:
        """First whole-paragraph rule (file order) matching ``text`` at ``index``.

        One call of the combined regex decides the usual case; only when the
        rule it finds is out of position or too long for it are the rules
        tried one by one.
        """
        m = self._line_match(text)
        if m is None:
            return None
        rule = self.line_rules[int(m.lastgroup[1:])]
        if rule.applies_at(index, count) and (actions is None or rule.action in actions):
            return rule, rule.regex.fullmatch(text)
        for rule in self.line_rules:
            if actions is not None and rule.action not in actions:
                continue
            if rule.applies_at(index, count):
                found = rule.find(text)
                if found:
                    return rule, found
        return None


def _compile(rule: dict, where: str, index: int) -> Rule:
    def bad(msg: str) -> RulesError:
        return RulesError(f"{where}: rule {index + 1} ({rule.get('id', '?')!r}): {msg}")

    if not isinstance(rule, dict):
        raise RulesError(f"{where}: rule {index + 1}: not an object")
    for key in ("id", "pattern"):
        if not isinstance(rule.get(key), str) or not rule[key]:
            raise bad(f"'{key}' must be a non-empty string")
    known = set(Rule.__dataclass_fields__) - {"regex"} | {"disabled"}
    unknown = set(rule) - known
    if unknown:
        raise bad(f"unknown key(s) {', '.join(sorted(unknown))}")
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
    if not isinstance(rule.get("credited", False), bool):
        raise bad("'credited' must be true or false")
    nxt = rule.get("next", [])
    if not isinstance(nxt, list) or not all(isinstance(x, str) for x in nxt):
        raise bad("'next' must be a list of rule ids")
    for key in ("after", "requires"):
        ids = rule.get(key, [])
        if not isinstance(ids, list) or not all(isinstance(x, str) for x in ids):
            raise bad(f"'{key}' must be a list of rule ids")
    try:
        regex = re.compile(rule["pattern"] + (r"\Z" if rule.get("match") == "suffix" else ""),
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
    if compiled.example and compiled.find(compiled.example) is None:
        raise bad("pattern does not match its own example")
    return compiled


def _read(path: str | None) -> tuple[dict, str]:
    try:
        if path is None:
            return json.loads(read_text(BUILTIN)), BUILTIN
        with open(path, encoding="utf-8") as fh:
            return json.load(fh), path
    except OSError as exc:
        raise RulesError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RulesError(f"{path}: not valid JSON: {exc}") from None


def _tiers(rules: tuple) -> tuple:
    """``(limit, alternation)`` for each ``max_len`` of ``rules``, shortest
    first: the rules whose ``max_len`` is at least ``limit``, in file order."""
    limits = sorted({r.max_len for r in rules})
    return tuple((limit, _combine(rules, [i for i, r in enumerate(rules) if r.max_len >= limit]))
                 for limit in limits)


def _combine(rules: tuple, keep: list) -> re.Pattern | None:
    """One alternation of the whole-paragraph rules at indices ``keep``;
    group ``r<i>`` names rule ``i``."""
    parts = []
    for i in keep:
        rule = rules[i]
        body = re.sub(r"\(\?P<value>", f"(?P<v{i}>", rule.pattern)
        body = body.replace("(?P=value)", f"(?P=v{i})")
        flag = "(?i:" if rule.flags == "i" else "(?:"
        parts.append(f"(?P<r{i}>{flag}{body}))")
    return re.compile("|".join(parts)) if parts else None


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


def load_rules(files: Iterable[str] = ()) -> RuleSet:
    """The built-in rules plus ``files`` (in order), compiled; cached per file list.

    >>> rules = load_rules()
    >>> rules.by_id("afp-desk-slug").find("kjk/ceb/dhc/dhw") is not None
    True
    """
    return _load(tuple(files))


@lru_cache(maxsize=16)
def _load(files: tuple) -> RuleSet:
    by_id: dict[str, Rule] = {}
    disabled: set[str] = set()
    patterns: list[re.Pattern] = []
    months: dict[str, int] = {}
    month_names: dict[str, int] = {}
    open_endings: set[str] = set()
    for path in (None, *files):
        data, where = _read(path)
        if not isinstance(data, dict) or not isinstance(data.get("rules", []), list):
            raise RulesError(f"{where}: expected an object with a 'rules' list")
        for i, raw in enumerate(data.get("rules", [])):
            if isinstance(raw, dict) and raw.get("disabled"):
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
    rules = tuple(r for r in by_id.values() if r.id not in disabled)
    for rule in rules:
        for key in ("next", "after", "requires"):
            missing = [n for n in getattr(rule, key) if n not in by_id]
            if missing:
                raise RulesError(f"rule {rule.id!r}: '{key}' names unknown rule(s) {', '.join(missing)}")
    body = [r for r in rules if r.target == "body"]
    line_rules = tuple(r for r in body if r.match == "line" and not r.next and not r.after
                       and not r.credited)
    return RuleSet(
        rules=rules, date_patterns=tuple(patterns), months=months, month_names=month_names,
        line_rules=line_rules,
        next_rules=tuple(r for r in body if r.match == "line" and r.next and not r.credited),
        after_rules=tuple(r for r in body if r.match == "line" and r.after and not r.next
                          and not r.credited),
        credited_rules=tuple(r for r in body if r.match == "line" and r.credited),
        prefix_rules=tuple(r for r in body if r.match == "prefix"),
        suffix_rules=tuple(r for r in body if r.match == "suffix"),
        title_rules=tuple(r for r in rules if r.target == "title"),
        open_endings=frozenset(open_endings),
        tiers=_tiers(line_rules),
    )
