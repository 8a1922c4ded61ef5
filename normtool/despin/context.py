"""How well each word fits its context in news copy, and what fits better.

A spinner writes real English words that are improbable where they stand
("fourth purlieus", "gargantuan blessings").  This model asks, for each
word, whether a word it may have replaced fits the slot much better on both
sides.  Three data files, built by ``tools/build_despin_model.py``:

* ``despin_news.tsv.gz``: word and bigram counts of news and general prose
  (Reuters and Brown training splits), smoothed by interpolated Kneser-Ney;
* ``despin_english.tsv.gz``: general-English word frequencies (wordfreq), a
  prior for words the counts never saw;
* ``despin_links.tsv.gz``: for each word a spinner may write, the words it
  may have replaced, pooled from WordNet, Moby and distributional neighbours
  (parsed on first use of each word); ``despin_degrees.tsv.gz``: how many
  written forms each source links to an original, whose log is the
  candidate's prior penalty (a spinner picks one of them).

Only words never seen next to either neighbour are judged (nearly every
misfit is one, and few clean words are), and only words the news counts
hold at most ``fit_max_count`` times (the commonest words are next to
familiar neighbours almost always; skipping them keeps despin fast).  A ``Fit`` is such a word, its best
candidate and the evidence: ``odds`` (natural log, prior penalty taken
off), the same on the left and right neighbour alone, the odds summed over
all candidates, and ``score``, a logistic combination of these
(``settings.DESPIN.fit_weights``, fitted on tuning spinners' output against
clean copy) whose value above 0 says "more likely spun than not".
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Iterable, NamedTuple, Sequence

from .. import settings
from ..data import open_text
from .tokens import Tokens

_PLAIN = re.compile(r"[a-z][a-z'-]*[a-z]")     # letters only: never "1st", never a digit
NEWS = "despin_news.tsv.gz"
ENGLISH = "despin_english.tsv.gz"
LINKS = "despin_links.tsv.gz"
DEGREES = "despin_degrees.tsv.gz"
DISCOUNT = 0.75            # Kneser-Ney absolute discount

# Words never judged: function words a thesaurus lists but spinners rarely touch.
_SKIP = frozenset("""the a an and or but nor of to in on at by for from with as is are was were be
been being am have has had having do does did it its he she they we you i me him her them us my
our your their his this that these those who whom whose which what not no so if than then there
here will would can could may might must shall should about after before into over under up down
out off also just only very more most other some such any all each both few many much own same
too s t one two three four five six seven eight nine ten""".split())


class Model(NamedTuple):
    """Counts, the Kneser-Ney quantities derived from them, the English prior and the links."""

    uni: dict                # word -> count
    bi: dict                 # "w1 w2" -> count
    follow: dict             # word -> distinct words seen after it
    precede: dict            # word -> distinct words seen before it
    types: int               # distinct bigrams
    english: dict            # lower-case word -> probability in general English
    links: dict              # written word -> raw candidate field, or parsed tuple
    cache: dict              # (prev, word, next) -> judged slot
    degrees: dict = {}       # original -> (wordnet, moby, neighbour) degree
    judged: frozenset = frozenset()   # written words find_fits looks at


@lru_cache(maxsize=1)
def load_model() -> Model:
    """The shipped model, read once."""
    with open_text(NEWS) as news, open_text(ENGLISH) as eng, open_text(LINKS) as links, \
            open_text(DEGREES) as deg:
        return make_model(news, eng, links, deg)


def make_model(news_lines: Iterable[str], english_lines: Iterable[str],
               link_lines: Iterable[str], degree_lines: Iterable[str] = ()) -> Model:
    """A model from the lines of the data files (formats in
    ``tools/build_despin_model.py``); tests build small ones.  Continuation
    counts are read from the ``U`` lines when present, else counted."""
    uni: dict = {}
    bi: dict = {}
    follow: dict = {}
    precede: dict = {}
    for line in news_lines:
        parts = line.rstrip("\n").split("\t")
        if parts[0] == "B":
            bi[parts[1]] = int(parts[2])
        elif parts[0] == "U":
            uni[parts[1]] = int(parts[2])
            if len(parts) >= 5:
                follow[parts[1]] = int(parts[3])
                precede[parts[1]] = int(parts[4])
    if not follow:
        for key in bi:
            a, _, b = key.partition(" ")
            follow[a] = follow.get(a, 0) + 1
            precede[b] = precede.get(b, 0) + 1
    english: dict = {}
    for line in english_lines:
        w, _, f = line.rstrip("\n").partition("\t")
        if f:
            english[w] = int(f) / 1e9
    parsed: dict = {}
    for line in link_lines:
        w, _, rest = line.rstrip("\n").partition("\t")
        if rest:
            parsed[w] = rest
    degrees: dict = {}
    for line in degree_lines:
        x, *ds = line.rstrip("\n").split("\t")
        degrees[x] = tuple(int(d) for d in ds)
    judged = frozenset(w for w in parsed if w not in _SKIP and len(w) >= 3 and _PLAIN.fullmatch(w)
                       and uni.get(w, 0) <= settings.DESPIN.fit_max_count)
    return Model(uni, bi, follow, precede, max(1, len(bi)), english, parsed, {}, degrees, judged)


_SOURCES = "wmd"            # WordNet, Moby, distributional neighbours


def _penalty(model: Model, x: str, sources: str) -> float:
    """Prior penalty of candidate ``x``: log of its degree in the linking
    source that gives it the fewest rivals (1 when unknown)."""
    deg = model.degrees.get(x)
    if not deg:
        return 0.0
    return min(math.log(max(1, deg[_SOURCES.index(c)])) for c in sources)


def candidates(model: Model, word: str) -> tuple:
    """((original, prior penalty, sources, count, back-off weight, base
    probability), ...) for a written word, at most ``fit_candidates`` (the
    best linked and commonest first); () when none."""
    got = model.links.get(word)
    if got is None:
        return ()
    if isinstance(got, str):
        out = []
        for item in got.split("|")[:settings.DESPIN.fit_candidates]:
            x, _, src = item.rpartition(":")
            cx = model.uni.get(x, 0)
            back = DISCOUNT * (model.follow.get(x) or 1) / cx if cx else 0.0
            out.append((x, _penalty(model, x, src), src, cx, back, base_prob(model, x)))
        got = model.links[word] = tuple(out)
    return got


def base_prob(model: Model, word: str) -> float:
    """Continuation probability of ``word`` mixed with its general-English
    probability (names: of the lower-case word), so that no word has 0."""
    cfg = settings.DESPIN
    cont = model.precede.get(word, 0) / model.types
    eng = model.english.get(word) or model.english.get(word.lower(), 0.0)
    return (1.0 - cfg.english_weight) * cont + cfg.english_weight * eng + 1e-9


def logp(model: Model, prev: str, word: str) -> float:
    """log P(word | prev), interpolated Kneser-Ney over bigrams."""
    c = model.uni.get(prev, 0)
    pb = base_prob(model, word)
    if not c:
        return math.log(pb)
    joint = model.bi.get(prev + " " + word, 0)
    return math.log(max(joint - DISCOUNT, 0.0) / c + DISCOUNT * (model.follow.get(prev) or 1) / c * pb)


class Fit(NamedTuple):
    """A judged word, its best candidate and the evidence for it."""

    start: int               # word index
    original: str            # best candidate
    odds: float              # log-odds of the candidate over the written word, prior taken off
    left: float              # ... on the left neighbour alone (no prior)
    right: float             # ... on the right neighbour alone (no prior)
    total: float             # log of the odds summed over every candidate
    gap: float               # odds of the best over the runner-up
    score: float             # logistic misfit score (> 0: more likely spun than not)


def _slot(tok: Tokens, i: int) -> tuple[str, str]:
    brk, lm = tok.breaks, tok.lm
    prev = "|" if brk[i] else lm[i - 1]
    j = i + 1
    nxt = "|" if j >= len(brk) or brk[j] else lm[j]
    return prev, nxt


def judge(model: Model, prev: str, word: str, nxt: str) -> tuple | None:
    """``Fit`` fields after ``start`` for ``word`` between ``prev`` and
    ``nxt``, or None when it has no candidate."""
    key = (prev, word, nxt)
    hit = model.cache.get(key, False)
    if hit is not False:
        return hit
    if len(model.cache) > 100_000:
        model.cache.clear()
    hit = model.cache[key] = _judge(model, prev, word, nxt)
    return hit


def _log(v: float) -> float:
    return math.log(v) if v > 0 else -20.0


def _judge(model: Model, prev: str, word: str, nxt: str) -> tuple | None:
    got = features(model, prev, word, nxt)
    if got is None:
        return None
    x, feats = got
    w = settings.DESPIN.fit_weights
    score = w[0] + sum(a * b for a, b in zip(w[1:], feats))
    odds, _, left, right, _, _, _, _, gap = feats[:9]
    return (x, round(odds, 4), round(left, 4), round(right, 4), round(feats[1], 4), round(gap, 4),
            round(score, 4))


def features(model: Model, prev: str, word: str, nxt: str) -> tuple | None:
    """(best candidate, ``FEATURES`` values) for ``word`` between ``prev``
    and ``nxt``; None when it has no candidate."""
    cands = candidates(model, word)
    if not cands:
        return None
    uni, bi, follow = model.uni, model.bi, model.follow
    lw = logp(model, prev, word)
    rw = logp(model, word, nxt)
    cp = uni.get(prev, 0)
    cp_back = DISCOUNT * (follow.get(prev) or 1) / cp if cp else 0.0
    pre = prev + " "
    suf = " " + nxt
    pb_next = base_prob(model, nxt)
    scored = []
    log = math.log
    for x, pen, src, cx, back, pbx in cands:
        if cp:
            left = log(max(bi.get(pre + x, 0) - DISCOUNT, 0.0) / cp + cp_back * pbx) - lw
        else:
            left = log(pbx) - lw
        if cx:
            right = log(max(bi.get(x + suf, 0) - DISCOUNT, 0.0) / cx + back * pb_next) - rw
        else:
            right = log(pb_next) - rw
        scored.append((left + right - pen, x, left, right, src))
    scored.sort(reverse=True)
    best = scored[0]
    top = best[0]
    total = top + math.log(sum(math.exp(c[0] - top) for c in scored))
    gap = min(10.0, top - scored[1][0]) if len(scored) > 1 else 10.0
    odds, x, left, right, src = best
    eng = model.english
    ew = eng.get(word, 0.0)
    ex = eng.get(x, 0.0)
    return x, (odds, min(total, 20.0), left, right, math.log1p(bi.get(pre + x, 0)),
               math.log1p(bi.get(x + suf, 0)), _log(ew), _log(ex), gap,
               float("w" in src), float("m" in src), float("d" in src), min(left, right))


FEATURES = ("odds", "total", "left", "right", "log1p(seen original, left)",
            "log1p(seen original, right)", "log English p(word)", "log English p(original)",
            "gap", "wordnet", "moby", "neighbours", "min(left, right)")


def _judged(tok: Tokens, i: int, model: Model) -> bool:
    """Is word i one this model judges: a lower-case word (or a sentence's
    plain capitalised first word), not a function word, not a digit?"""
    s = tok.surf[i]
    k = tok.keys[i]
    if k in _SKIP or len(k) < 3:
        return False
    if s.islower():
        return True
    return tok.starts[i] and s[0].isupper() and s[1:].islower() and not model.uni.get(s)


def find_fits(tok: Tokens, taken: Sequence[tuple] = (), model: Model | None = None,
              keys: Sequence[str] | None = None) -> list[Fit]:
    """Judged words of ``tok`` (see the module doc), skipping word spans
    ``taken`` ``(i, n)``; ``keys`` stands in for ``tok.keys`` (words judged
    again with repaired neighbours)."""
    model = model or load_model()
    skip = set()
    for a, n in taken:
        skip.update(range(a, a + n))
    judged, bi, uni = model.judged, model.bi, model.uni
    view = keys is not None
    keys = keys if view else tok.keys
    surf, starts = tok.surf, tok.starts
    brk = lm = None
    total = len(keys)
    out = []
    for i, k in enumerate(keys):
        if k not in judged or i in skip:
            continue
        s = surf[i]
        if not s.islower() and not (starts[i] and s[0].isupper() and s[1:].islower() and not uni.get(s)):
            continue
        if brk is None:
            brk, lm = tok.breaks, tok.lm
        prev = "|" if brk[i] else lm[i - 1]
        nxt = "|" if i + 1 >= total or brk[i + 1] else lm[i + 1]
        if view:                 # repaired neighbours (lower-case words only)
            if prev != "|" and surf[i - 1].islower():
                prev = keys[i - 1]
            if nxt != "|" and surf[i + 1].islower():
                nxt = keys[i + 1]
        if bi.get(prev + " " + k) or bi.get(k + " " + nxt):
            continue
        got = judge(model, prev, k, nxt)
        if got is not None:
            out.append(Fit(i, *got))
    return out


__all__ = ["Model", "Fit", "FEATURES", "load_model", "make_model", "find_fits", "judge", "features", "logp",
           "candidates", "NEWS", "ENGLISH", "LINKS", "DEGREES"]
