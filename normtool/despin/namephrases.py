"""Names whose word a spinner wrote as a phrase: "World Depository financial
institution" -> "World Bank".

A thesaurus's entry for a name word is often a phrase ("bank" -> "depository
financial institution", "house" -> "business firm", "secretary" ->
"secretarial assistant"), and a spinner writes it in the word's case: its
first word capitalised, the rest lower case.  The names step
(``names``) reads runs of capitalised words only, so the phrase's lower-case
tail hides the name from it, and the phrase step (``phrases``) judges
lower-case phrases by the news counts, which never see a name's words.

Here, in a spun article only (the step never runs on clean copy), a
title-case word followed by lower-case words that the phrase links or the
reverse thesaurus list as a phrase for one word ("Depository financial
institution") is tried as each of those words, in the phrase's case, inside
the capitalised words on either side of it in the same sentence.  The
phrase is restored when a name it then makes ("World Bank") is in the
gazetteer as often as the names step asks of a window with one word
replaced (``name_min``), leads the next original's best name by
``name_gap`` in count weighted by the link's prior, and keeps at least one
word not common in names (``names.generic_name``).  The written window, phrase
included, is no name: a name never holds a lower-case word but its
connectors ("Bank of England").
"""
from __future__ import annotations

import math
from typing import Sequence

from .. import settings
from .context import Model, load_model, prior_penalty
from .gazetteer import CONNECT, Gazetteer, continues_name, edge_ok, load_gazetteer
from .match import Match
from .model import Stats, load_stats
from .names import NAME, cased_like, generic_name
from .phrases import PhraseLinks, linked, load_phrase_links
from .table import Entry
from .tokens import Tokens, covered

MAX_PHRASE = 4             # words in a written phrase
MAX_SIDE = 3               # name words taken on either side of it


def _originals(model: Model, stats: Stats, links: PhraseLinks, words: tuple) -> dict:
    """One-word originals of a written phrase and their prior penalties (the
    reverse thesaurus's sense penalty, the links' prior), least kept."""
    out: dict = {}
    for x, pen in stats.phrases.get(words, ()):
        out[x] = min(pen, out.get(x, pen))
    for x, src in linked(links, words):
        pen = prior_penalty(model, x, src)
        out[x] = min(pen, out.get(x, pen))
    return out


def _capitalised_run(tok: Tokens, k: int, step: int, skip: set) -> list[int]:
    """Word indices of the capitalised words (and connectors: "of") beside
    word k (``step`` -1: to its left, nearest first; +1: to its right), in
    one name: joined by a space, none repaired already, at most ``MAX_SIDE``."""
    out: list = []
    j = k + step
    while 0 <= j < len(tok.surf) and len(out) < MAX_SIDE and j not in skip:
        joined = continues_name(tok, j) if step > 0 else continues_name(tok, j + 1)
        w = tok.surf[j]
        if not (joined and (w[:1].isupper() and w.replace("-", "").replace(".", "").isalpha()
                            or w in CONNECT)):
            break
        out.append(j)
        j += step
    return out


def _phrase_at(tok: Tokens, k: int, skip: set, stats: Stats, links: PhraseLinks) -> list[int]:
    """Lengths, longest first, of the listed phrases a title-case word k opens
    with lower-case words after it."""
    surf = tok.surf
    w = surf[k]
    if not (len(w) > 1 and w[0].isupper() and w[1:].islower() and w.isalpha()) or k in skip:
        return []
    key = tok.keys[k]
    out = []
    for n in sorted(set(stats.lengths.get(key, ())) | set(links.lengths.get(key, ())), reverse=True):
        if n < 2 or n > MAX_PHRASE or k + n > len(surf):
            continue
        if all(surf[j].islower() and surf[j].isalpha() and j not in skip and tok.gaps[j] == " "
               and not tok.starts[j] for j in range(k + 1, k + n)):
            out.append(n)
    return out


def _best_name(tok: Tokens, k: int, n: int, origs: dict, gaz: Gazetteer, skip: set) -> tuple | None:
    """(original, name, support) for the phrase at [k, k+n): for each
    original, its best-supported name with the capitalised words beside the
    phrase; None unless confident (see the module doc)."""
    cfg = settings.DESPIN
    left = _capitalised_run(tok, k, -1, skip)
    right = _capitalised_run(tok, k + n - 1, 1, skip)
    if not left and not right:
        return None
    written_phrase = " ".join(tok.surf[k:k + n])
    scored = []
    for x, pen in origs.items():
        word = cased_like(x, tok.surf[k])
        best = (0.0, 0, "")
        for a in range(len(left) + 1):
            lw = [tok.surf[j] for j in reversed(left[:a])]
            if lw and not edge_ok(tok, left[a - 1]):
                continue
            for b in range(len(right) + 1):
                if a + b == 0:
                    continue
                rw = [tok.surf[j] for j in right[:b]]
                if rw and not edge_ok(tok, right[b - 1]):
                    continue
                name = " ".join(lw + [word] + rw)
                written = " ".join(lw + [written_phrase] + rw)
                c = gaz.counts.get(name, 0)
                if c and not generic_name(gaz, name, written):
                    odds = c * math.exp(-pen)
                    if odds > best[0]:
                        best = (odds, c, name)
        if best[1]:
            scored.append((best[0], x, best[2], best[1]))
    if not scored:
        return None
    scored.sort(key=lambda t: (-t[0], t[1]))
    odds, x, name, support = scored[0]
    runner = scored[1][0] if len(scored) > 1 else 0.0
    if support < cfg.name_min or odds < cfg.name_gap * runner:
        return None
    return x, name, support


def name_phrase_matches(tok: Tokens, taken: Sequence[tuple] = (), gaz: Gazetteer | None = None,
                        model: Model | None = None, within: str | None = None,
                        stats: Stats | None = None, links: PhraseLinks | None = None) -> list[Match]:
    """Written phrases inside names restored to their one-word original (rule
    ``name:<written words>``), left to right, none touching word spans
    ``taken`` ``(i, n)``; ``within``: only names that stand in this text (a
    title's names are the body's).

    >>> from .gazetteer import make_gazetteer
    >>> from .phrases import make_phrase_links
    >>> from .context import make_model
    >>> gaz, model = make_gazetteer(["World Bank\\t40"]), make_model([], [], [])
    >>> pl = make_phrase_links(["depository financial institution\\tbank:w"])
    >>> t = Tokens("A World Depository financial institution loan was signed.")
    >>> [(m.replacement, m.entry.rule) for m in name_phrase_matches(t, gaz=gaz, model=model, links=pl)]
    [('Bank', 'name:depository financial institution')]
    """
    gaz = gaz or load_gazetteer()
    model = model or load_model()
    stats = stats or load_stats()
    links = links or load_phrase_links()
    skip = covered(taken)
    out = []
    k = 0
    while k < len(tok.surf):
        n, rep = _fix_at(tok, k, skip, gaz, model, stats, links, within)
        if not n:
            k += 1
            continue
        start, end = tok.spans[k][0], tok.spans[k + n - 1][1]
        e = Entry(tok.text[start:end], tuple(tok.keys[k:k + n]), (), rep, (), NAME, 0.0, True, NAME)
        out.append(Match(start, end, e, rep))
        skip.update(range(k, k + n))
        k += n
    return out


def _fix_at(tok: Tokens, k: int, skip: set, gaz: Gazetteer, model: Model, stats: Stats,
            links: PhraseLinks, within: str | None) -> tuple[int, str]:
    """(words, replacement) of the longest written phrase at word k that is
    restored; (0, "") when none is."""
    for n in _phrase_at(tok, k, skip, stats, links):
        origs = _originals(model, stats, links, tuple(tok.keys[k:k + n]))
        got = _best_name(tok, k, n, origs, gaz, skip) if origs else None
        if got is not None and (within is None or got[1] in within):
            return n, cased_like(got[0], tok.surf[k])
    return 0, ""


__all__ = ["name_phrase_matches"]
