"""Literal prefilters: text a rule's regex cannot match without.

A rule's pattern is walked (Python's own regex parser) for the literal
strings every match must contain: ``.{0,250}\\bnewsletters?\\b.{0,120}\\bsign
up here`` needs "newsletter" and "sign up here"; ``(?:Photo|Pic)s?:`` needs
"Photo" or "Pic".  A paragraph lacking them is not tried against the rule,
which is then known not to match.  Whatever the walk cannot reason about
(character ranges, back-references, conditionals) requires nothing, so a
prefilter only ever skips a rule that cannot match; a pattern it cannot
read gets no prefilter at all.

The characters a match may begin and end with are read the same way
(``first_chars``, ``last_chars``): a whole-paragraph rule is tried only on
a paragraph whose first and last characters they allow.

Case-insensitive literals are looked for in the folded text (``fold``): the
text lower-cased after the few non-ASCII letters the regex engine takes for
an ASCII one ("ſ" for "s", dotted and dotless I for "i") are written as it.
Only ASCII letters and characters without case are folded this way; any
other letter of a case-insensitive pattern ends the literal it is in.
"""
from __future__ import annotations

import re

try:                        # the regex engine's own parser, Python 3.11+
    import re._constants as C
    import re._parser as P
except ImportError:         # pragma: no cover - Python 3.9 and 3.10
    import sre_constants as C
    import sre_parse as P

# Non-ASCII letters a case-insensitive regex matches for an ASCII letter,
# written as that letter before lower-casing (the Kelvin sign lower-cases
# to "k" by itself).  Checked against the engine over all of Unicode by the
# tests.
FOLD_FIX = {0x130: "i", 0x131: "i", 0x17F: "s"}
MAX_SET = 16          # most strings a literal may be one of ("Jan|Feb|...")
MAX_GATE = 2          # literal requirements kept per rule (the longest)
FEW = 8               # a need of at most this many literals is looked for with ``in``
# A rule whose pattern may begin with BROAD or more of the SAMPLE characters
# scans: it does not fail at a paragraph's first character, so its literals
# are worth looking for first.
SAMPLE = "".join(map(chr, range(0x20, 0x7F)))
BROAD = 20

Need = frozenset      # of (text, folded): one of these strings must occur


def fold(text: str) -> str:
    """``text`` as case-insensitive literals are looked for in it.

    >>> fold("SIGN UP ſoon")
    'sign up soon'
    """
    if not text.isascii() and any(chr(c) in text for c in FOLD_FIX):
        text = text.translate(FOLD_FIX)
    return text.lower()


def requirements(pattern: str, ignore_case: bool = False) -> tuple[Need, ...]:
    """What every match of ``pattern`` holds: each item a set of
    ``(literal, folded)`` one of which occurs in the text searched (in
    ``fold(text)`` when ``folded``); the longest ``MAX_GATE`` are kept.

    >>> sorted(requirements(r"(?:Photo|Pic)s?\\s*:\\s*\\w+")[0])
    [('Photo', False), ('Pic', False)]
    >>> [sorted(need) for need in requirements(r"Sign up (?:here|now)", ignore_case=True)]
    [[('sign up here', True), ('sign up now', True)]]
    >>> requirements(r"\\w+|Photo")
    ()
    """
    try:
        parsed = P.parse(pattern, C.SRE_FLAG_IGNORECASE if ignore_case else 0)
    except Exception:       # noqa: BLE001 - no prefilter for a pattern we cannot read
        return ()
    icase = bool(parsed.state.flags & C.SRE_FLAG_IGNORECASE)
    needs = [n for n in _seq(list(parsed), icase) if n]
    needs.sort(key=lambda n: (-min(len(t) for t, _ in n), len(n)))
    return tuple(needs[:MAX_GATE])


def gate(needs: tuple[Need, ...]) -> tuple:
    """``needs`` in the form ``satisfied`` reads: for each, a look for its
    literals as they are and one for those looked for folded (None where it
    has none): up to ``FEW`` literals as a tuple, each looked for with
    ``in``; more, one compiled alternation, one search being faster then.

    >>> gate(requirements(r"(?:Photo|Pic)s?:"))
    ((('Photo:', 'Photos:', 'Pic:', 'Pics:'), None),)
    >>> [raw.pattern for raw, _ in gate(requirements(r"(?:Photo|Pic|Image|Credit|File)s?:"))]
    ['Credit:|Credits:|File:|Files:|Image:|Images:|Photo:|Photos:|Pic:|Pics:']
    """
    return tuple((_search(t for t, f in need if not f), _search(t for t, f in need if f))
                 for need in needs)


def _search(literals) -> re.Pattern | tuple | None:
    """What finds wherever one of ``literals`` occurs (None for none).

    A regex engine without a literal to skip to tries each position of the
    text in turn; ``in`` skips along in C, so a few ``in`` tests are faster
    than an alternation (or a class of characters: "!", "." or "?").
    """
    literals = sorted(literals)
    if not literals:
        return None
    if len(literals) <= FEW:
        return tuple(literals)
    return re.compile("|".join(map(re.escape, literals)))


def satisfied(gated: tuple, text: str, folded: str | None = None) -> bool:
    """Whether ``text`` (``folded``: its ``fold``, if known) holds one
    literal of every need of a ``gate`` (so its rule may match).

    >>> needs = gate(requirements("Sign up here", ignore_case=True))
    >>> satisfied(needs, "SIGN UP HERE"), satisfied(needs, "Sign in here")
    (True, False)
    """
    for raw, low in gated:     # written out: this runs some 20 times a paragraph
        if raw is not None:
            if raw.__class__ is not tuple:
                if raw.search(text):
                    continue
            else:
                found = False
                for literal in raw:
                    if literal in text:
                        found = True
                        break
                if found:
                    continue
        if low is not None:
            if folded is None:
                folded = fold(text)
            if low.__class__ is not tuple:
                if low.search(folded):
                    continue
            else:
                found = False
                for literal in low:
                    if literal in folded:
                        found = True
                        break
                if found:
                    continue
        return False
    return True


# A literal while walking: (set of strings it may be, mode) where mode is
# None (characters without case: the same in the text and its fold), False
# (case-sensitive) or True (folded).

def _char(code: int, icase: bool):
    """The literal one character gives, or None (it ends any literal)."""
    ch = chr(code)
    if ch.lower() == ch and ch.upper() == ch:
        return {ch}, None
    if not icase:
        return {ch}, False
    if ch.isascii():
        return {ch.lower()}, True
    return None


def _same_mode(a, b):
    """``(strings of a, strings of b, mode)`` in one mode, both folded when
    one is case-sensitive and the other folded; None when that cannot be."""
    (sa, ma), (sb, mb) = a, b
    if ma is not None and mb is not None and ma != mb:
        sa, sb = _to_folded(sa, ma), _to_folded(sb, mb)
        if sa is None or sb is None:
            return None
        return sa, sb, True
    return sa, sb, ma if ma is not None else mb


def _join(a, b):
    """Literal ``a`` followed by ``b``, or None when too many strings or modes clash."""
    both = _same_mode(a, b)
    if both is None:
        return None
    sa, sb, mode = both
    if len(sa) * len(sb) > MAX_SET:
        return None
    return {x + y for x in sa for y in sb}, mode


def _to_folded(strings, mode):
    """Case-sensitive ASCII strings as their folded form (what ``fold`` makes of them)."""
    if mode:
        return strings
    if not all(s.isascii() for s in strings):
        return None
    return {s.lower() for s in strings}


def _need(lit) -> Need | None:
    """The requirement a finished literal makes (none if it may be empty)."""
    strings, mode = lit
    if "" in strings:
        return None
    return _minimal(frozenset((s, bool(mode)) for s in strings))


def _minimal(need: Need) -> Need:
    """``need`` without the strings that hold another one looked for the same way."""
    return frozenset((s, f) for s, f in need
                     if not any(o != s and g == f and o in s for o, g in need))


def _seq(items, icase: bool) -> list:
    """Needs of a sequence of parsed items."""
    needs: list = []
    cur = None          # the literal the items so far end in
    for op, av in items:
        lit = _exact(op, av, icase)
        if lit is not None:
            joined = _join(cur, lit) if cur is not None else lit
            if joined is None:
                needs.append(_need(cur))
                joined = lit
            cur = joined
            continue
        if op is C.AT:          # zero-width: the literal goes on across it
            continue
        if cur is not None:
            needs.append(_need(cur))
            cur = None
        needs.extend(_inner(op, av, icase))
    if cur is not None:
        needs.append(_need(cur))
    return needs


def _exact(op, av, icase: bool):
    """The literal an item is exactly (a small set of strings), or None."""
    if op is C.LITERAL:
        return _char(av, icase)
    if op is C.IN:
        lits = [_char(v, icase) if o is C.LITERAL else None for o, v in av]
        if not lits or None in lits or len(lits) > MAX_SET:
            return None
        out = lits[0]
        for lit in lits[1:]:
            out = _union(out, lit)
            if out is None:
                return None
        return out
    if op is C.SUBPATTERN:
        _group, add, dele, sub = av
        return _exact_seq(list(sub), _flags(icase, add, dele))
    if op is C.BRANCH:
        out = None
        for alt in av[1]:
            lit = _exact_seq(list(alt), icase)
            if lit is None:
                return None
            out = lit if out is None else _union(out, lit)
            if out is None:
                return None
        return out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        lo, hi, sub = av
        if (lo, hi) not in ((0, 1), (1, 1)):
            return None
        lit = _exact_seq(list(sub), icase)
        if lit is None:
            return None
        return _union(lit, ({""}, None)) if lo == 0 else lit
    return None


def _exact_seq(items, icase: bool):
    """The literal a whole sequence is exactly, or None."""
    out = ({""}, None)
    for op, av in items:
        if op is C.AT:
            continue
        lit = _exact(op, av, icase)
        if lit is None:
            return None
        out = _join(out, lit)
        if out is None:
            return None
    return out


def _union(a, b):
    """Either literal ``a`` or ``b``, or None when too many strings or modes clash."""
    both = _same_mode(a, b)
    if both is None:
        return None
    sa, sb, mode = both
    out = sa | sb
    return (out, mode) if len(out) <= MAX_SET else None


def _flags(icase: bool, add: int, dele: int) -> bool:
    if add & C.SRE_FLAG_IGNORECASE:
        return True
    if dele & C.SRE_FLAG_IGNORECASE:
        return False
    return icase


def _inner(op, av, icase: bool) -> list:
    """Needs of one item that is no exact literal."""
    if op is C.SUBPATTERN:
        _group, add, dele, sub = av
        return _seq(list(sub), _flags(icase, add, dele))
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _seq(list(av), icase)
    if op is C.ASSERT:          # a lookaround's text is in the text searched too
        _direction, sub = av
        return _seq(list(sub), icase)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        lo, _hi, sub = av
        return _seq(list(sub), icase) if lo >= 1 else []
    if op is C.BRANCH:          # one of the alternatives' best need
        best = []
        for alt in av[1]:
            needs = [n for n in _seq(list(alt), icase) if n]
            if not needs:
                return []
            best.append(max(needs, key=lambda n: (min(len(t) for t, _ in n), -len(n))))
        merged = _minimal(frozenset().union(*best))
        return [merged] if len(merged) <= 4 * MAX_SET else []
    return []


# -- first and last characters ----------------------------------------------

_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def first_chars(pattern: str, ignore_case: bool = False):
    """A regex matching each character a match of ``pattern`` may begin
    with, or None when that may be any (or the match may be empty).

    >>> first_chars(r"(?:By\\s+)?[A-Z][a-z]+").pattern
    '(?:B|[A-Z])'
    >>> first_chars(r"\\s*date:", ignore_case=True).pattern
    '(?i:[\\\\s]|d)'
    >>> first_chars(r".{0,60}sign up") is None
    True
    """
    return _edge_chars(pattern, ignore_case, False)


def last_chars(pattern: str, ignore_case: bool = False):
    """Like ``first_chars``, the characters a match may end with: a line
    rule's match is the whole paragraph, so its last character decides too.

    >>> last_chars(r"(?:Photo|Pic)s?:\\s*\\w+\\.?").pattern
    '(?:[\\\\w]|\\\\.)'
    >>> last_chars(r"Share .{0,60}") is None
    True
    """
    return _edge_chars(pattern, ignore_case, True)


def _edge_chars(pattern: str, ignore_case: bool, backward: bool):
    try:
        parsed = P.parse(pattern, C.SRE_FLAG_IGNORECASE if ignore_case else 0)
        if parsed.state.flags & C.SRE_FLAG_ASCII:
            return None     # its \W and \S hold more than the Unicode ones
        icase = bool(parsed.state.flags & C.SRE_FLAG_IGNORECASE)
        starts, nullable = _starts(list(parsed), icase, backward)
        if nullable or starts is None:
            return None
        plain = sorted(s for s, i in starts if not i)
        folded = sorted(s for s, i in starts if i)
        parts = ([f"(?:{'|'.join(plain)})"] if plain else []) + (
            [f"(?i:{'|'.join(folded)})"] if folded else [])
        return re.compile(parts[0] if len(parts) == 1 else "|".join(parts))
    except Exception:       # noqa: BLE001 - no dispatch for a pattern we cannot read
        return None


def _starts(items, icase: bool, backward: bool = False):
    """``(set of (one-character regex, ignore case), nullable)`` for a
    sequence; the set is None when any character may start it (``backward``:
    end it)."""
    out: set = set()
    for op, av in (reversed(items) if backward else items):
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue                    # zero-width: the next item starts the match
        first, nullable = _starts_item(op, av, icase, backward)
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


def _starts_item(op, av, icase: bool, backward: bool):
    if op is C.LITERAL:
        return {(re.escape(chr(av)), icase)}, False
    if op is C.IN:
        parts = []
        for o, v in av:
            if o is C.NEGATE:
                parts.append("^")
            elif o is C.LITERAL:
                parts.append(_class_char(v))
            elif o is C.RANGE:
                parts.append(f"{_class_char(v[0])}-{_class_char(v[1])}")
            elif o is C.CATEGORY and str(v) in _CATEGORIES:
                parts.append(_CATEGORIES[str(v)])
            else:
                return None, False
        return {(f"[{''.join(parts)}]", icase)}, False
    if op is C.SUBPATTERN:
        _group, add, dele, sub = av
        if add & C.SRE_FLAG_ASCII:
            return None, False
        return _starts(list(sub), _flags(icase, add, dele), backward)
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _starts(list(av), icase, backward)
    if op is C.BRANCH:
        out: set = set()
        nullable = False
        for alt in av[1]:
            first, empty = _starts(list(alt), icase, backward)
            if first is None:
                return None, False
            out |= first
            nullable |= empty
        return out, nullable
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        lo, hi, sub = av
        if hi == 0:
            return set(), True
        first, empty = _starts(list(sub), icase, backward)
        return first, empty or lo == 0
    return None, False          # any character, back-references, conditionals


def _class_char(code: int) -> str:
    if chr(code).isascii() and chr(code).isalnum():
        return chr(code)
    return f"\\x{code:02x}" if code < 0x100 else (
        f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
