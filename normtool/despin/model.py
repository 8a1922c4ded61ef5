"""Despin's statistical model: a reverse thesaurus and a news bigram model.

A spinner writes W for an original X when W is a synonym of X's most common
sense.  ``data/spin_thesaurus.tsv`` lists, for each W, the originals X that
could have produced it (rarer senses marked ``~``, with a prior penalty);
``data/spin_lm.tsv.gz`` holds word and bigram counts of news copy.  Both are
built by ``tools/build_spin_data.py``.  A word is a *suspect* when it is
lower case, its neighbours were never seen next to it in news copy, and
some X is far likelier between the same neighbours (``Suspect.odds``, the
natural log-odds of the best X over W).
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Iterable, NamedTuple, Sequence

from .. import settings
from ..data import cache, open_text, read_text
from .table import phrase_starts, second_words
from .tokens import Tokens, covered

THESAURUS = "spin_thesaurus.tsv"
NEWS_LM = "spin_lm.tsv.gz"


class Stats(NamedTuple):
    """Reverse thesaurus (spun form -> possible originals) and a news bigram model."""

    phrases: dict            # spun words tuple -> ((original, prior penalty), ...)
    lengths: dict            # first spun word -> phrase lengths, longest first
    uni: dict                # word -> count ("|": breaks)
    bi: dict                 # "w1 w2" -> count
    total: int               # tokens counted
    cache: dict              # (prev, words, next) -> _judge's answer
    floors: dict = {}        # spun words tuple -> least count for its unigram (general English)
    seconds: dict = {}       # first spun word -> second words of its longer phrases


@lru_cache(maxsize=1)
def load_stats() -> Stats:
    """``data/spin_thesaurus.tsv`` and ``data/spin_lm.tsv.gz``, read once
    (made by ``tools/build_spin_data.py`` from WordNet and Reuters counts):
    from the compiled cache (``data.cache``) when it holds them, as parsing
    takes a second.  Built by this module and ``second_words``; the penalties
    depend on ``sense_penalty``, so it is part of the key."""
    return cache.load(Stats, "despin-stats", (THESAURUS, NEWS_LM), parse_stats,
                      (__name__, second_words.__module__), (settings.DESPIN.sense_penalty,))


def parse_stats() -> Stats:
    """The shipped statistics, parsed from their data files."""
    with open_text(NEWS_LM) as fh:
        return make_stats(read_text(THESAURUS).splitlines(), fh)


def make_stats(thesaurus_lines: Iterable[str], lm_lines: Iterable[str]) -> Stats:
    """Stats from the lines of a reverse thesaurus and of a news model (formats
    in ``tools/build_spin_data.py``); tests build small ones."""
    phrases: dict = {}
    lens: dict = {}
    floors: dict = {}
    penalty = settings.DESPIN.sense_penalty
    for line in thesaurus_lines:
        if not line.strip() or line[0] == "#":
            continue
        spun, _, rest = line.rstrip("\n").partition("\t")
        origs, _, floor = rest.partition("\t")
        words = tuple(spun.split(" "))
        if floor:
            floors[words] = int(floor)
        phrases[words] = tuple((o.rstrip("~"), penalty * (len(o) - len(o.rstrip("~"))))
                               for o in origs.split("|") if o.rstrip("~"))
        lens.setdefault(words[0], set()).add(len(words))
    lengths = {w: tuple(sorted(ns, reverse=True)) for w, ns in lens.items()}
    uni: dict = {}
    bi: dict = {}
    total = 1
    for line in lm_lines:
        kind, key, count = line.rstrip("\n").split("\t")
        if kind == "B":
            bi[key] = int(count)
        elif kind == "U":
            uni[key] = int(count)
        else:
            total = int(key)
    return Stats(phrases, lengths, uni, bi, total, {}, floors, second_words(phrases))


def _lp(stats: Stats, prev: str, word: str) -> float:
    """log P(word | prev), bigram interpolated with a smoothed unigram."""
    pu = (stats.uni.get(word, 0) + 0.5) / stats.total
    cp = stats.uni.get(prev, 0)
    if cp:
        lam = settings.DESPIN.lm_lambda
        return math.log(lam * stats.bi.get(prev + " " + word, 0) / cp + (1 - lam) * pu)
    return math.log(pu)


def _chain(stats: Stats, prev: str, words: Sequence[str], nxt: str) -> float:
    lp, p = 0.0, prev
    for w in words:
        lp += _lp(stats, p, w)
        p = w
    return lp + _lp(stats, p, nxt)


class Suspect(NamedTuple):
    """A word or phrase the model takes for spinner output, and its likely original."""

    start: int               # word index
    n: int                   # words
    original: str            # best original ("" if none clears the runner-up test)
    odds: float              # log-odds of the best original over the spun words
    seen_spun: int           # news-model bigrams of the spun words with their neighbours
    seen_orig: int           # ... and of the best original with the same neighbours


def lower_ok(tok: Tokens, i: int, n: int, stats: Stats) -> bool:
    """Only lower-case words, never digits.  A sentence's capitalised first word
    only when it is not a name: not seen capitalised inside a sentence in the
    news model ("Mark", "Grant") and not followed by a capitalised word."""
    for k in range(i, i + n):
        s = tok.surf[k]
        if s.islower() and s.isalpha() or (s.islower() and "-" in s and s.replace("-", "").isalpha()):
            continue
        if (k == i and tok.starts[k] and s[0].isupper() and s[1:].islower() and s.isalpha()
                and not stats.uni.get(s) and not (i + n < len(tok.surf) and not tok.starts[i + n]
                                                   and tok.surf[i + n][0].isupper())):
            continue
        return False
    return True


def _judge(stats: Stats, prev: str, words: tuple, nxt: str, seen_w: int) -> tuple:
    """(best original or "", its log-odds, context bigrams seen for the spun
    words, ``seen_w``, for the original) for spun ``words`` between ``prev``
    and ``nxt``, cached by context."""
    key = (prev, words, nxt)
    try:
        return stats.cache[key]
    except KeyError:
        if len(stats.cache) > 50_000:
            stats.cache.clear()
        hit = stats.cache[key] = _judge_uncached(stats, prev, words, nxt, seen_w)
        return hit


def _judge_uncached(stats: Stats, prev: str, words: tuple, nxt: str, seen_w: int) -> tuple:
    cfg = settings.DESPIN
    uni, bi, total = stats.uni, stats.bi, stats.total
    pre, suf = prev + " ", " " + nxt
    base = _chain(stats, prev, words, nxt)
    lam, rest = cfg.lm_lambda, 1.0 - cfg.lm_lambda
    cp = uni.get(prev, 0)
    floor = stats.floors.get(words, 0)
    if floor and len(words) == 1:       # a word of general English: its floor count
        w = words[0]
        pw = (max(uni.get(w, 0), floor) + 0.5) / total
        base += (math.log(lam * bi.get(pre + w, 0) / cp + rest * pw if cp else pw)
                 - _lp(stats, prev, w))
    pu_next = (uni.get(nxt, 0) + 0.5) / total
    top = second = (-math.inf, "")
    for x, pen in stats.phrases[words]:        # _chain(stats, prev, (x,), nxt), inlined
        cx = uni.get(x, 0)
        pux = (cx + 0.5) / total
        a = lam * bi.get(pre + x, 0) / cp + rest * pux if cp else pux
        b = lam * bi.get(x + suf, 0) / cx + rest * pu_next if cx else pu_next
        cand = (math.log(a) + math.log(b) - base - pen, x)
        if cand > top:
            top, second = cand, top
        elif cand > second:
            second = cand
    best, x = top
    seen_x = bi.get(pre + x, 0) + bi.get(x + suf, 0)
    if best - second[0] < cfg.runner_up:
        x = ""
    return x, round(best, 4), seen_w, seen_x


def half_suspects(tok: Tokens, taken: Sequence[tuple] = (), stats: Stats | None = None
                  ) -> list[Suspect]:
    """Repair-only suspects, for articles already found spun: a single word
    seen in news copy next to one neighbour but never next to the other, whose
    best original is at least ``half_margin`` likelier on that unseen side
    alone (spinner's prior included), leads the runner-up by ``runner_up``, and
    was itself seen next to that neighbour ("to bargain additional" -> "buy")."""
    stats = stats or load_stats()
    cfg = settings.DESPIN
    phrases, bi = stats.phrases, stats.bi
    skip = covered(taken)
    out: list[Suspect] = []
    for i, k in enumerate(tok.keys):
        cands = phrases.get((k,))
        if cands is None or i in skip or tok.surf[i][0].isdigit() or not lower_ok(tok, i, 1, stats):
            continue
        prev, nxt = tok.neighbours(i)
        left, right = bi.get(prev + " " + k, 0), bi.get(k + " " + nxt, 0)
        if bool(left) == bool(right):
            continue
        if not left:
            base, side = _lp(stats, prev, k), [(_lp(stats, prev, x) - pen, x, bi.get(prev + " " + x, 0))
                                              for x, pen in cands]
        else:
            base, side = _lp(stats, k, nxt), [(_lp(stats, x, nxt) - pen, x, bi.get(x + " " + nxt, 0))
                                             for x, pen in cands]
        side.sort(reverse=True)
        best, x, seen_x = side[0]
        best -= base
        if (best < cfg.half_margin or not seen_x
                or len(side) > 1 and side[1][0] - base > best - cfg.runner_up):
            continue
        out.append(Suspect(i, 1, x, round(best, 4), left + right, seen_x))
    return out


def find_suspects(tok: Tokens, taken: Sequence[tuple] = (), stats: Stats | None = None
                  ) -> list[Suspect]:
    """Words (or phrases) in ``tok`` that a thesaurus spinner could have written
    for a much likelier original in context: the reverse thesaurus proposes
    originals, the news model scores each against the spun word with its
    neighbours.  ``taken`` is word spans ``(i, n)`` to skip (table matches)."""
    stats = stats or load_stats()
    phrases = stats.phrases
    keys = tok.keys
    hits = phrase_starts(keys, stats.lengths, stats.seconds)
    if not hits:
        return []
    skip = covered(taken)
    out: list[Suspect] = []
    total, next_free = len(keys), 0
    surf, bi, most = tok.surf, stats.bi, settings.DESPIN.max_seen_spun
    for i, lens in hits:
        if i < next_free or i in skip or surf[i][0].isdigit():
            continue
        for n in lens:
            if i + n > total:
                continue
            words = tuple(keys[i:i + n])
            if n > 1 and (words not in phrases or any(k in skip for k in range(i, i + n))
                          or not all(tok.clean_gap(k) for k in range(i + 1, i + n))):
                continue
            prev, nxt = tok.neighbours(i, n)
            # Seen with these neighbours in news copy (more than ``max_seen_spun``
            # times): a normal collocation, no suspect.  This answers nearly
            # every word of clean copy, before anything else is asked.
            seen = bi.get(prev + " " + words[0], 0)
            if seen <= most:                # the right pair only when the left leaves room
                seen += bi.get(words[-1] + " " + nxt, 0)
            if seen <= most and lower_ok(tok, i, n, stats):
                out.append(Suspect(i, n, *_judge(stats, prev, words, nxt, seen)))
                next_free = i + n
            break
    return out


__all__ = ["Stats", "Suspect", "load_stats", "parse_stats", "make_stats", "find_suspects", "half_suspects",
           "THESAURUS", "NEWS_LM"]
