"""Restoring spun names: "Related Press" -> "Associated Press".

Spinners rewrite capitalised words as they rewrite any other ("Associated"
-> "Related", "Secretary-General" -> "Secretary-Basic", "World War" ->
"Geosphere Jostle"), keeping the capitals.  The phrase table names a few
such names; this step restores any name of the gazetteer
(``gazetteer.py``).

In a spun article (only: the step never runs on clean copy) every window of
a capitalised run (``name_windows``) that is not a well-known name is tried
with one of its words (or parts of a hyphenated word) replaced, then two,
by what the written word may stand for (``_upgrades``): its WordNet and
Moby upgrades (``context.candidates``) and the name words it is an upgrade
of (spinners also write commoner words: "Associated" -> "Related"), in the
written word's case.  Only a written word that is rare in names is replaced
(``name_word_max``, ``name_word_share``): "Finance Secretary" stays; a
word common in names only when the written window is no name and the
restored one is seen ``name_strong`` times ("National Reserve Board" ->
"Federal Reserve Board").  A
window is restored when the best candidate name is in the gazetteer
``name_min`` times or more (``name_min2`` for two words; a name standing as
written elsewhere in the text counts that much more: a spinner rarely
rewrites every mention), ``name_ratio`` times more often than the written
window, and leads the runner-up ``name_gap`` times in count weighted by
the link's prior (``exp(-penalty)``: a spinner picks one of an original's
synonyms).  Longer windows first; no overlaps.  A headline's names must
also stand in the body.
"""
from __future__ import annotations

import difflib
import math
import re
from typing import NamedTuple, Sequence

from .. import settings
from .context import Model, candidates, load_model
from .gazetteer import Gazetteer, load_gazetteer, name_windows, window_name
from .match import Match
from .table import Entry
from .tokens import Tokens, covered

NAME = "name"              # the rule family
_TITLE = re.compile(r"[A-Z][a-z]+")


# ------------------------------------------------------------------ restoring

def cased_like(sub: str, like: str) -> str:
    """An upgrade in the written part's case (capitals kept).

    >>> cased_like("associated", "Related"), cased_like("war", "JOSTLE")
    ('Associated', 'WAR')
    """
    if like.isupper() and len(like) > 1:
        return sub.upper()
    return sub[:1].upper() + sub[1:]


def _written(tok: Tokens, k: int, last: int) -> str:
    """Word k as a name holds it: the window's ``last`` word without its "'s"."""
    s = tok.surf[k]
    return s[:-2] if k == last and s.endswith(("'s", "\u2019s")) else s


WHOLE = -1          # the part number of a hyphenated word taken whole


def _slots(tok: Tokens, i: int, n: int, gaz: Gazetteer | None = None) -> list[tuple[int, int, str]]:
    """(word, part, written part) of the window's replaceable parts: title-case
    words and the title-case parts of hyphenated words; with ``gaz``, also a
    capitalised hyphenated word no name holds, whole (part ``WHOLE``): a
    spinner writes a thesaurus's hyphenated entry for one word ("New" ->
    "Spic-and-span", "International" -> "World-wide").

    >>> from .gazetteer import make_gazetteer
    >>> [s[1:] for s in _slots(Tokens("Spic-and-span York"), 0, 2, make_gazetteer(["New York\t9"]))]
    [(0, 'Spic'), (-1, 'Spic-and-span'), (0, 'York')]
    """
    out = []
    for k in range(i, i + n):
        word = _written(tok, k, i + n - 1)
        for p, part in enumerate(word.split("-")):
            if _TITLE.fullmatch(part):
                out.append((k, p, part))
        if gaz is not None and "-" in word and word[0].isupper() and word not in gaz.words:
            out.append((k, WHOLE, word))
    return out


def _overlap(a: tuple, b: tuple) -> bool:
    """Two slots of one word, one of them the whole word."""
    return a[0] == b[0] and WHOLE in (a[1], b[1])


def _upgrades(model: Model, gaz: Gazetteer, part: str) -> list[tuple[str, float, bool]]:
    """What the written part may stand for, cased, with the link's prior
    penalty (``context.candidates``) and whether it is *strong*: its
    thesaurus upgrades (WordNet or Moby: a distributional neighbour of a
    name is its rival, "Michigan" -> "Chicago"), and the name words it is
    such an upgrade of (a spinner also swaps a name's word for a commoner
    one: "Associated" -> "Related"), each a word of some name.  Strong,
    unless names hold it ``1 / name_word_share`` times as often as the
    written part and the written part at most ``name_word_max`` times (a
    word common in names, "Finance", "National", is seldom a spinner's;
    ``_best`` asks more of a strong one).  Cached per part."""
    cache = _caches(model, gaz)[1]
    got = cache.get(part)
    if got is None:
        got = cache[part] = _find_upgrades(model, gaz, part)
    return got


def _named_by(sources: str) -> bool:
    """Does a link of these sources serve a name word (``name_sources``)?"""
    return any(c in settings.DESPIN.name_sources for c in sources)


def _find_upgrades(model: Model, gaz: Gazetteer, part: str) -> list[tuple[str, float, bool]]:
    words = gaz.words
    low = part.lower()
    found = [(x, pen) for x, pen, src in candidates(model, low) if _named_by(src)]
    found += sorted(_caches(model, gaz)[0].get(low, {}).items())
    seen = words.get(part, 0)
    common = seen > settings.DESPIN.name_word_max
    most = seen / settings.DESPIN.name_word_share
    out: dict = {}
    for x, pen in found:
        c = cased_like(x, part)
        if c != part and c in words:
            strong = common or words[c] <= most
            old = out.get(c)
            out[c] = (min(pen, old[0]), old[1] and strong) if old else (pen, strong)
    return [(c, pen, strong) for c, (pen, strong) in out.items()]


_CACHE: list = []            # [(model, gazetteer, settings key, downgrades, upgrades)]


def _caches(model: Model, gaz: Gazetteer) -> tuple[dict, dict]:
    """(downgrades, upgrades by written part) for this model, gazetteer and
    word limits: downgrades map a word to {lower-case gazetteer word it is
    an upgrade of: penalty}, made once from the name words' upgrade lists.
    The entry holds the model and gazetteer themselves (never a stale one)."""
    cfg = settings.DESPIN
    key = (cfg.name_word_share, cfg.name_word_max, cfg.name_sources)
    if _CACHE and _CACHE[0][0] is model and _CACHE[0][1] is gaz and _CACHE[0][2] == key:
        return _CACHE[0][3], _CACHE[0][4]
    down: dict = {}
    for w in sorted({w.lower() for w in gaz.words if _TITLE.fullmatch(w)}):
        for x, pen, src in candidates(model, w):
            if _named_by(src):
                down.setdefault(x, {})[w] = pen
    _CACHE[:] = [(model, gaz, key, down, {})]
    return down, _CACHE[0][4]


class NameFix(NamedTuple):
    """A window to restore: words [start, start+n) become ``name``."""

    start: int
    n: int
    written: str
    name: str
    support: int             # gazetteer count of the name (plus mentions in the text)
    seen: int                # gazetteer count of the written window


def _pieces(tok: Tokens, i: int, n: int) -> tuple[list, dict]:
    """The window's name as pieces (word parts, hyphens, spaces) and where
    each (word, part) is among them, so a candidate is one join.

    >>> p, at = _pieces(Tokens("the Secretary-Basic spoke"), 1, 1)
    >>> p, at[(1, 1)]
    (['Secretary', '-', 'Basic'], 2)
    """
    pieces: list = []
    at: dict = {}
    for k in range(i, i + n):
        if k > i:
            pieces.append(_SPACES.sub(" ", tok.gaps[k]))
        first = len(pieces)
        for p, part in enumerate(_written(tok, k, i + n - 1).split("-")):
            if p:
                pieces.append("-")
            at[(k, p)] = len(pieces)
            pieces.append(part)
        at[(k, WHOLE)] = (first, len(pieces))
    return pieces, at


def _put(pieces: list, where, value: str) -> list:
    """Write ``value`` at a part (an index) or over a whole word (a span of
    pieces); returns what was there, for ``_back``."""
    a, b = where if isinstance(where, tuple) else (where, where + 1)
    old = pieces[a:b]
    pieces[a:b] = [value] + [""] * (b - a - 1)
    return old


def _back(pieces: list, where, old: list) -> None:
    a, b = where if isinstance(where, tuple) else (where, where + 1)
    pieces[a:b] = old


_SPACES = re.compile(r"\s+")


def judge_window(tok: Tokens, i: int, n: int, gaz: Gazetteer, model: Model,
                 elsewhere: str = "") -> NameFix | None:
    """The name words [i, i+n) were spun from, or None when not confident.

    Words in no gazetteer name must be among the one or two replaced (both
    of two only then: "Joined Provinces"), which keeps the search small.
    ``elsewhere``: the text, where a name standing as written counts too.
    """
    cfg = settings.DESPIN
    written = window_name(tok, i, n)
    seen = gaz.counts.get(written, 0)
    slots = _slots(tok, i, n, gaz)
    if not slots:
        return None
    # parts no name holds must be replaced: by themselves, or with their whole word
    must = [(k, p) for k, p, part in slots if p != WHOLE and part not in gaz.words]
    wholes = {k for k, p, _ in slots if p == WHOLE}
    if len({k if k in wholes else (k, p) for k, p in must}) > 2:
        return None
    keys = [(k, p) for k, p, _ in slots]

    def replaces_must(ch: tuple) -> bool:
        return all(m in ch or (m[0], WHOLE) in ch for m in must)
    parts = sum(1 + tok.surf[k].count("-") for k in range(i, i + n))
    singles = [(a,) for a in keys if replaces_must((a,))]
    pairs = [(a, b) for x, a in enumerate(keys) for b in keys[x + 1:]
             if not _overlap(a, b) and replaces_must((a, b))] if parts > 2 or len(must) == 2 else []
    needed = {c for ch in singles + pairs for c in ch}
    ups = {(k, p): _upgrades(model, gaz, part) for k, p, part in slots if (k, p) in needed}
    for choices, least in ((singles, cfg.name_min), (pairs, cfg.name_min2)):
        for strong in (False, True) if cfg.name_strong is not None else (False,):
            fix = _best(tok, i, n, gaz, model, ups, choices, written, seen, least, elsewhere, strong)
            if fix is not None:
                return fix
    return None


def _best(tok: Tokens, i: int, n: int, gaz: Gazetteer, model: Model, ups: dict, choices: list, written: str,
          seen: int, least: int, elsewhere: str, strong: bool = False) -> NameFix | None:
    """The best-supported name of ``choices`` (tuples of parts to replace) if
    it is confident (see the module doc), else None.  With ``strong``,
    words common in names may be replaced too (``_upgrades``' strong
    upgrades), and the best name must be one of those, seen ``name_strong``
    times, the written window never, and no word it replaces may make a
    common English pair with its written neighbour (``_phrase_kept``: the
    gazetteer misses many a name, "Republican Party")."""
    cfg = settings.DESPIN
    scored: dict = {}              # name -> (count * spinner's chance, count, through a common word)
    pieces, at = _pieces(tok, i, n)
    for ch in choices:
        opts = [[u for u in ups[c] if strong or not u[2]] for c in ch]
        if any(not o for o in opts):
            continue
        x = at[ch[0]]
        if len(ch) == 1:
            for u, pu, su in opts[0]:
                kx = _put(pieces, x, u)
                _score(scored, gaz, "".join(pieces), written, pu, su)
                _back(pieces, x, kx)
            continue
        y = at[ch[1]]
        for u, pu, su in opts[0]:
            kx = _put(pieces, x, u)
            for v, pv, sv in opts[1]:
                ky = _put(pieces, y, v)
                _score(scored, gaz, "".join(pieces), written, pu + pv, su or sv)
                _back(pieces, y, ky)
            _back(pieces, x, kx)
    if not scored:
        return None
    ranked = sorted(scored.items(), key=lambda t: (-t[1][0], t[0]))
    best, (odds, support, through) = ranked[0]
    if strong and (not through or seen or support < cfg.name_strong or _phrase_kept(model, written, best)):
        return None
    if elsewhere and best in elsewhere:
        support += least
    runner = ranked[1][1][0] if len(ranked) > 1 else 0.0
    if support < least or support < cfg.name_ratio * seen or odds < cfg.name_gap * runner:
        return None
    return NameFix(i, n, written, best, support, seen)


def generic_name(gaz: Gazetteer, name: str, written: str) -> bool:
    """Are the words the candidate keeps from the written window all common
    in names (over ``name_generic``)?  Then the window says little about
    which name it was: "U.S. Shops" may be "U.S. Trade" or "U.S. Stores",
    "Shops Inc" many a company.  Not when the words replaced are rare in
    names (``name_word_max``) and the name is seen ``name_generic_known``
    times: "United Provinces" is "United States".

    >>> from .gazetteer import make_gazetteer
    >>> g = make_gazetteer(["U.S. Trade\\t9000", "Associated Press\\t3", "Shops Inc\\t40"])
    >>> generic_name(g, "U.S. Trade", "U.S. Shops"), generic_name(g, "Associated Press", "Related Press")
    (True, False)
    >>> generic_name(g, "U.S. Trade", "U.S. Merchandise")
    False
    """
    cfg, words, kept = settings.DESPIN, gaz.words, _kept(written, name)
    if not all(words.get(w, 0) > cfg.name_generic for w in kept):
        return False
    gone = [w for w in _PARTS.split(written) if w not in kept]
    return not (gaz.counts.get(name, 0) >= cfg.name_generic_known
                and all(words.get(w, 0) <= cfg.name_word_max for w in gone))


def _kept(written: str, name: str) -> list:
    """The words (and hyphen parts) ``name`` keeps from ``written``, in
    order, however many a whole hyphenated word's replacement took.

    >>> _kept("Spic-and-span York", "New York"), _kept("Related Press", "Associated Press")
    (['York'], ['Press'])
    """
    old, new = _PARTS.split(written), _PARTS.split(name)
    if len(old) == len(new):
        return [a for a, b in zip(old, new) if a == b]
    blocks = difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks()
    return [w for a, _, size in blocks for w in old[a:a + size]]


_PARTS = re.compile(r"[ -]")


def _phrase_kept(model: Model, written: str, name: str) -> bool:
    """Does a word ``name`` replaces make an English bigram (the Google
    counts, lower case) with a neighbour in ``written``?  Then the written
    window is ordinary English, not a spinner's.

    >>> from .context import make_model
    >>> m = make_model([], [], [], google_lines=["republican party\\t19851264"])
    >>> _phrase_kept(m, "Republican Party", "Democratic Party")
    True
    >>> _phrase_kept(m, "National Reserve Board", "Federal Reserve Board")
    False
    """
    old, new = _PARTS.split(written), _PARTS.split(name)
    if len(old) != len(new):
        return False
    low = [w.lower() for w in old]
    changed = [k for k, (a, b) in enumerate(zip(old, new)) if a != b]
    pairs = {(k - 1, k) for k in changed if k} | {(k, k + 1) for k in changed if k + 1 < len(old)}
    return any(f"{low[a]} {low[b]}" in model.google for a, b in pairs)


def _score(scored: dict, gaz: Gazetteer, name: str, written: str, penalty: float, strong: bool = False) -> None:
    """Record a candidate name: its count weighted by the chance that the
    spinner wrote the written word for it (``exp(-penalty)``); not when the
    words kept are all generic (``generic_name``).  ``strong``: reached through
    a word common in names."""
    c = gaz.counts.get(name)
    if c and name != written and not generic_name(gaz, name, written):
        odds = c * math.exp(-penalty)
        if odds > scored.get(name, (0.0, 0, False))[0]:
            scored[name] = (odds, c, strong)


def find_name_fixes(tok: Tokens, taken: Sequence[tuple] = (), gaz: Gazetteer | None = None,
                    model: Model | None = None, within: str | None = None) -> list[NameFix]:
    """Confident ``NameFix``es of ``tok``, longest windows first, no overlaps,
    none touching word spans ``taken`` ``(i, n)`` (repaired already);
    ``within``: only names that stand in this text (a title's names are the
    body's)."""
    gaz = gaz or load_gazetteer()
    model = model or load_model()
    used = covered(taken)
    windows = sorted(name_windows(tok), key=lambda w: (-w[1], w[0]))
    out = []
    for i, n, written in windows:
        if any(k in used for k in range(i, i + n)) or gaz.counts.get(written, 0) >= settings.DESPIN.name_known:
            continue
        fix = judge_window(tok, i, n, gaz, model, tok.text)
        if fix is not None and (within is None or fix.name in within):
            out.append(fix)
            used.update(range(i, i + n))
    return sorted(out)


def name_matches(tok: Tokens, taken: Sequence[tuple] = (), gaz: Gazetteer | None = None,
                 model: Model | None = None, within: str | None = None) -> list[Match]:
    """``find_name_fixes`` as matches (rule ``name:<written words>``).

    >>> from .gazetteer import make_gazetteer
    >>> gaz = make_gazetteer(["Associated Press\\t3"])
    >>> m = name_matches(Tokens("He told the Related Press so."), gaz=gaz)
    >>> [(x.replacement, x.entry.rule) for x in m]
    [('Associated Press', 'name:related press')]
    """
    out = []
    for f in find_name_fixes(tok, taken, gaz, model, within):
        start, end = tok.spans[f.start][0], tok.spans[f.start + f.n - 1][1]
        rep = f.name
        frm = tok.text[start:end]
        if frm.endswith(("'s", "\u2019s")):
            end -= 2
            frm = frm[:-2]
        if " ".join(frm.split()) != frm:           # odd spacing (two spaces, a line break): left alone
            continue
        key = tuple(tok.keys[f.start:f.start + f.n])
        if key[-1].endswith("'s"):
            key = key[:-1] + (key[-1][:-2],)
        e = Entry(f.written, key, (), f.name, (), NAME, 0.0, True, NAME)
        out.append(Match(start, end, e, rep))
    return out


__all__ = ["NameFix", "NAME", "cased_like", "judge_window", "generic_name", "find_name_fixes", "name_matches"]
