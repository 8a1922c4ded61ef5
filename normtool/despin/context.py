"""The model of how well a word fits its context, and its commoner upgrades.

A spinner swaps common words for rarer synonyms without reading the
sentence ("fourth purlieus", "told yentas", "foreign interchange losses").
This model asks, for a word, whether one of its *upgrades* (words at least
as common in English that it may have replaced) fits the slot much better
on both sides.  Data files, built by ``tools/build_despin_model.py``:

* ``despin_news.tsv.gz``: word and bigram counts of news and other prose
  (Reuters, Brown and State of the Union training text), smoothed by
  interpolated Kneser-Ney;
* ``despin_google.tsv.gz``: the commonest bigrams of general English
  (Google Books), mixed in where both words are plain lower-case words;
* ``despin_english.tsv.gz``: general-English word frequencies (wordfreq), a
  prior for words the counts never saw;
* ``despin_links.tsv.gz``: each written word's upgrades, pooled from
  WordNet, Moby and distributional neighbours (parsed on first use of each
  word); ``despin_down.tsv.gz``: the same links read backwards, each written
  word's *rarer* originals (a spinner writes "percent" for "pct" too),
  judged only in an article already flagged (``every``); ``despin_degrees.tsv.gz``: how many written forms link to an
  original, whose log is the candidate's prior penalty (a spinner picks one
  of them);
* ``despin_misfit.tsv``: the misfit score, boosted trees over ``fits.FEATURES``
  fitted by ``tools/fit_despin.py`` on tuning spinners' output against clean
  copy.

Which words are judged, and how, is ``fits``: this module is the model it
asks.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Iterable, NamedTuple, Sequence

from .. import settings
from ..data import cache, open_text

_PLAIN = re.compile(r"[a-z][a-z'-]*[a-z]")     # letters only: never "1st", never a digit
NEWS = "despin_news.tsv.gz"
GOOGLE = "despin_google.tsv.gz"
ENGLISH = "despin_english.tsv.gz"
LINKS = "despin_links.tsv.gz"
DOWN = "despin_down.tsv.gz"
DEGREES = "despin_degrees.tsv.gz"
MISFIT = "despin_misfit.tsv"
DISCOUNT = 0.75            # Kneser-Ney absolute discount
GOOGLE_FLOOR = 6.4e6       # the English bigram list holds counts from this up

# Words never judged: function words a thesaurus lists but spinners rarely touch.
_SKIP = frozenset("""the a an and or but nor of to in on at by for from with as is are was were be
been being am have has had having do does did it its he she they we you i me him her them us my
our your their his this that these those who whom whose which what not no so if than then there
here will would can could may might must shall should about after before into over under up down
out off also just only very more most other some such any all each both few many much own same
too s t one two three four five six seven eight nine ten""".split())


class Model(NamedTuple):
    """Counts, the Kneser-Ney quantities derived from them, English bigrams and
    prior, and the upgrade lists."""

    uni: dict                # word -> count
    bi: dict                 # "w1 w2" -> count in news copy; 0 for a pair only ``google`` lists,
                             # so that ``in bi`` asks both sources in one look-up
    follow: dict             # word -> distinct words seen after it
    precede: dict            # word -> distinct words seen before it
    types: int               # distinct bigrams in news copy
    english: dict            # lower-case word -> probability in general English
    links: dict              # written word -> raw upgrade field, or parsed tuple
    cache: dict              # (prev, word, next) -> judged slot
    degrees: dict = {}       # original -> (wordnet, moby, neighbour, roget) degree
    judged: frozenset = frozenset()   # written words find_fits looks at
    google: dict = {}        # "w1 w2" -> count in general English (commonest bigrams only)
    google_out: dict = {}    # w1 -> (summed count, bigrams listed) of its listed bigrams
    google_size: float = 1.0  # words in the English bigram source (estimated)
    trees: tuple = (0.0, ())  # misfit score: base, ((feature, threshold, left, right, value) per node, ...)
    down: dict = {}          # written word -> raw downgrade field (rarer originals), or parsed tuple
    judged_every: frozenset = frozenset()   # written words an ``every`` pass looks at (downgrades too)
    terms: dict = {}         # candidate -> its terms in ``logp_around`` (``_word_terms``), filled as judged
                             # (at most the 41,591 distinct candidates, about 11 MB)
    items: dict = {}         # "original:sources" -> its parsed triple in ``links`` and ``down`` (``_parsed``)


@lru_cache(maxsize=1)
def load_model() -> Model:
    """The shipped model, read once: from the compiled cache (``data.cache``)
    when it holds these data files, as parsing them takes seconds."""
    return cache.load(Model, "despin-context", (NEWS, ENGLISH, LINKS, DEGREES, GOOGLE, MISFIT, DOWN),
                      parse_model, (__name__,))


def parse_model() -> Model:
    """The shipped model, parsed from its data files."""
    with open_text(NEWS) as news, open_text(ENGLISH) as eng, open_text(LINKS) as links, \
            open_text(DEGREES) as deg, open_text(GOOGLE) as google, open_text(MISFIT) as trees, \
            open_text(DOWN) as down:
        return make_model(news, eng, links, deg, google, trees, down)


def make_model(news_lines: Iterable[str], english_lines: Iterable[str],
               link_lines: Iterable[str], degree_lines: Iterable[str] = (),
               google_lines: Iterable[str] = (), tree_lines: Iterable[str] = (),
               down_lines: Iterable[str] = ()) -> Model:
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
    parsed = _raw_links(link_lines)
    down = _raw_links(down_lines)
    degrees: dict = {}
    for line in degree_lines:
        x, *ds = line.rstrip("\n").split("\t")
        degrees[x] = tuple(map(int, ds))
    google: dict = {}
    out: dict = {}
    for line in google_lines:
        key, _, c = line.rstrip("\n").partition("\t")
        if c:
            n = google[key] = int(c)
            a = key.partition(" ")[0]
            s, k = out.get(a, (0, 0))
            out[a] = (s + n, k + 1)
    judged = frozenset(w for w in parsed if _judgeable(w))
    every = judged | frozenset(w for w in down if _judgeable(w))
    types = max(1, len(bi))
    for key in google:              # English-only pairs at 0: every judged word asks whether
        bi.setdefault(key, 0)       # news or English knows its pairs, and one dict answers
    return Model(uni, bi, follow, precede, types, english, parsed, {}, degrees, judged,
                 google, out, _google_size(out, english), read_trees(tree_lines), down, every, {}, {})


def _raw_links(lines: Iterable[str]) -> dict:
    """written word -> its raw link field (parsed on first use)."""
    out: dict = {}
    for line in lines:
        w, _, rest = line.rstrip("\n").partition("\t")
        if rest:
            out[w] = rest
    return out


def _judgeable(w: str) -> bool:
    return w not in _SKIP and len(w) >= 3 and bool(_PLAIN.fullmatch(w))


@lru_cache(maxsize=None)
def load_trees(name: str) -> tuple:
    """(base, trees) of the shipped tree file ``name`` (the article decision's,
    the repair score's), read once."""
    with open_text(name) as fh:
        return read_trees(fh)


def read_trees(lines: Iterable[str]) -> tuple:
    """(base, trees) from the lines of ``despin_misfit.tsv``; each tree a
    tuple of nodes ``(feature, threshold, left, right, value)``."""
    base = 0.0
    trees: dict = {}
    for line in lines:
        if line.startswith("#") or not line.strip():
            continue
        parts = line.rstrip("\n").split("\t")
        if parts[0] == "base":
            base = float(parts[1])
            continue
        t, n, f, thr, left, right, value = parts
        trees.setdefault(int(t), {})[int(n)] = (int(f), float(thr), int(left), int(right), float(value))
    return base, tuple(tuple(nodes[k] for k in sorted(nodes)) for _, nodes in sorted(trees.items()))


def _google_size(out: dict, english: dict) -> float:
    """Words in the English bigram source: the commonest words' listed
    bigrams hold most of their occurrences (85% is assumed), so their summed
    counts over their English frequencies give the size."""
    ratios = sorted(out[w][0] / english[w] for w in ("the", "of", "and", "to", "in", "a", "is", "that")
                    if w in out and english.get(w))
    return ratios[len(ratios) // 2] / 0.85 if ratios else 1.0


_SOURCES = "wmdr"           # WordNet, Moby, distributional neighbours, Roget (degree columns)


def prior_penalty(model: Model, x: str, sources: str) -> float:
    """Prior penalty of upgrade ``x``: log of its degree in the linking
    source that gives it the fewest rivals (0 when unknown), plus
    ``roget_penalty`` when only Roget's broad groups link it.  Read as the
    model parses a word's links, once.

    >>> m = make_model([], [], ["hamlet\\tvillage:m|town:r"],
    ...                ["village\\t0\\t4\\t0\\t0", "town\\t0\\t0\\t0\\t4"])
    >>> [(x, round(pen, 2)) for x, pen, _ in candidates(m, "hamlet")]
    [('village', 1.39), ('town', 2.39)]
    """
    extra = settings.DESPIN.roget_penalty if sources == "r" else 0.0
    deg = model.degrees.get(x)
    if not deg:
        return extra
    # log is monotone: the log of the least degree, one log per item
    return extra + math.log(max(1, min([deg[_SOURCES.index(c)] for c in sources if c in _SOURCES])))


def candidates(model: Model, word: str, down: bool = False) -> tuple:
    """((original, prior penalty, sources), ...): the written word's
    upgrades, at most ``fit_candidates``, best linked and commonest first;
    with ``down``, then its downgrades (rarer originals) that are no upgrade;
    () when none."""
    got = _parsed(model, model.links, word, settings.DESPIN.fit_candidates)
    if not down or word not in model.down:
        return got
    have = {x for x, _, _ in got}
    return got + tuple(c for c in _parsed(model, model.down, word, settings.DESPIN.fit_down)
                       if c[0] not in have)


def neighbour_only(model: Model, word: str, original: str) -> bool:
    """Is ``original`` among ``word``'s upgrades only as a distributional
    neighbour (source ``d``), no thesaurus linking the two?

    >>> m = make_model([], [], ["semiconductor\\tcomputer:d|chip:wd"])
    >>> neighbour_only(m, "semiconductor", "computer"), neighbour_only(m, "semiconductor", "chip")
    (True, False)
    """
    return any(x == original and set(src) <= {"d"} for x, _, src in candidates(model, word))


def _parsed(model: Model, table: dict, word: str, cap: int) -> tuple:
    """``table``'s field for ``word`` as (original, prior penalty, sources),
    parsed once; an item ("rise:wm") recurs in many words' fields and is
    parsed once too (``Model.items``)."""
    got = table.get(word)
    if got is None:
        return ()
    if isinstance(got, str):
        items = model.items
        out = []
        for item in got.split("|")[:cap]:
            parsed = items.get(item)
            if parsed is None:
                x, _, src = item.rpartition(":")
                parsed = items[item] = (x, prior_penalty(model, x, src), src)
            out.append(parsed)
        got = table[word] = tuple(out)
    return got


def base_prob(model: Model, word: str) -> float:
    """Continuation probability of ``word`` mixed with its general-English
    probability (names: of the lower-case word), so that no word has 0."""
    cfg = settings.DESPIN
    cont = model.precede.get(word, 0) / model.types
    eng = model.english.get(word) or model.english.get(word.lower(), 0.0)
    return (1.0 - cfg.english_weight) * cont + cfg.english_weight * eng + 1e-9


def _news(model: Model, prev: str, word: str) -> float:
    """P(word | prev), interpolated Kneser-Ney over the news bigrams."""
    c = model.uni.get(prev, 0)
    pb = base_prob(model, word)
    if not c:
        return pb
    joint = model.bi.get(prev + " " + word, 0)
    return max(joint - DISCOUNT, 0.0) / c + DISCOUNT * (model.follow.get(prev) or 1) / c * pb


def _google(model: Model, prev: str, word: str) -> float | None:
    """P(word | prev) in general English from the commonest bigrams: listed
    ones by their counts, the rest by the English prior, never above what the
    list's floor allows; None when ``prev`` has no English frequency."""
    fl = model.english.get(prev)
    if not fl:
        return None
    size, back = _google_back(model, prev, fl)
    px = model.english.get(word, 0.0) + 1e-9
    joint = model.google.get(prev + " " + word)
    if joint:
        return max(joint - DISCOUNT * GOOGLE_FLOOR, 0.0) / size + back * px
    return min(GOOGLE_FLOOR / size, back * px)


def _google_back(model: Model, prev: str, fl: float) -> tuple:
    """(expected English bigrams after ``prev``, its back-off weight): what
    ``_google`` needs of ``prev`` (English frequency ``fl``) whatever follows."""
    size = fl * model.google_size
    total, listed = model.google_out.get(prev, (0, 0))
    return size, DISCOUNT * GOOGLE_FLOOR * listed / size + max(0.02, 1.0 - total / size)


def logp(model: Model, prev: str, word: str) -> float:
    """log P(word | prev): the news model, mixed half and half with general
    English where both are plain lower-case words."""
    pn = _news(model, prev, word)
    if prev.islower() and word.islower() and prev != "|" and word != "|" and model.google:
        pg = _google(model, prev, word)
        if pg is not None:
            w = settings.DESPIN.google_weight
            return math.log((1.0 - w) * pn + w * pg)
    return math.log(pn)


def logp_around(model: Model, prev: str, words: Sequence[str], nxt: str) -> list:
    """[(logp(prev, w), logp(w, nxt)) for w in words], with what depends on
    ``prev`` or ``nxt`` alone worked out once (the same values as ``logp``:
    many candidates are judged between the same neighbours).

    >>> m = make_model(["U\tprices\t30", "U\trose\t20", "B\tprices rose\t9"], ["rose\t9000"], ())
    >>> logp_around(m, "prices", ["rose"], "|") == [(logp(m, "prices", "rose"), logp(m, "rose", "|"))]
    True
    """
    cfg = settings.DESPIN
    gw = cfg.google_weight
    uni, bi, google, english, follow = model.uni, model.bi, model.google, model.english, model.follow
    terms = model.terms
    if terms.get(None) is not cfg:       # worked out under other settings: start afresh
        terms.clear()
        terms[None] = cfg
    c = uni.get(prev, 0)
    kn = DISCOUNT * (follow.get(prev) or 1) / c if c else 0.0
    fl = english.get(prev) if google and prev.islower() and prev != "|" else None
    if fl:
        size, back = _google_back(model, prev, fl)
        cap = GOOGLE_FLOOR / size
    pb_next = base_prob(model, nxt)
    lower_next = bool(google) and nxt.islower() and nxt != "|"
    px_next = english.get(nxt, 0.0) + 1e-9
    pre, suf = prev + " ", " " + nxt
    log = math.log
    out = []
    for w in words:
        pb, lower, px, cw, kw, fw, size_w, back_w, floor_w = terms.get(w) or _word_terms(model, w)
        # ``bi`` holds every pair news or English knows (English-only at 0):
        # a pair it lacks needs no look-up in ``google``, most of them.
        left = pre + w
        joint_news = bi.get(left)
        pn = max((joint_news or 0) - DISCOUNT, 0.0) / c + kn * pb if c else pb
        if fl and lower:
            joint = None if joint_news is None else google.get(left)
            pg = max(joint - DISCOUNT * GOOGLE_FLOOR, 0.0) / size + back * px if joint else min(cap, back * px)
            a = log((1.0 - gw) * pn + gw * pg)
        else:
            a = log(pn)
        right = w + suf
        joint_news = bi.get(right)
        if cw:
            rn = max((joint_news or 0) - DISCOUNT, 0.0) / cw + kw * pb_next
        else:
            rn = pb_next
        if fw and lower_next:
            joint = None if joint_news is None else google.get(right)
            rg = max(joint - DISCOUNT * GOOGLE_FLOOR, 0.0) / size_w + back_w * px_next if joint \
                else min(floor_w, back_w * px_next)
            b = log((1.0 - gw) * rn + gw * rg)
        else:
            b = log(rn)
        out.append((a, b))
    return out


def _word_terms(model: Model, w: str) -> tuple:
    """What ``logp_around`` needs of a candidate ``w`` whatever its
    neighbours, worked out once per word (``Model.terms``, under the
    settings at ``terms[None]``): most candidates are judged again and
    again, in other slots and other articles."""
    english = model.english
    lower = w.islower() and w != "|"
    cw = model.uni.get(w, 0)
    kw = DISCOUNT * (model.follow.get(w) or 1) / cw if cw else 0.0
    fw = english.get(w) if lower else None
    size_w = back_w = floor_w = 0.0
    if fw:
        size_w, back_w = _google_back(model, w, fw)
        floor_w = GOOGLE_FLOOR / size_w
    got = model.terms[w] = (base_prob(model, w), lower, english.get(w, 0.0) + 1e-9, cw, kw, fw, size_w, back_w, floor_w)
    return got


def zipf(model: Model, word: str) -> float:
    """Zipf frequency of ``word`` in general English (0 when unknown)."""
    f = model.english.get(word)
    return math.log10(f * 1e9) if f else 0.0


def seen_bigram(model: Model, a: str, b: str) -> bool:
    """Is "a b" in the news counts or the English bigrams?"""
    return a + " " + b in model.bi


def score_trees(row: Sequence[float], trees: tuple) -> float:
    """``(base, trees)`` of ``read_trees`` evaluated on a feature row: the base
    plus each tree's leaf (``row[feature] <= threshold`` goes left)."""
    base, trees = trees
    out = base
    for nodes in trees:
        f, thr, left, right, value = nodes[0]
        while f >= 0:
            f, thr, left, right, value = nodes[left if row[f] <= thr else right]
        out += value
    return out


__all__ = ["neighbour_only", "Model", "load_model", "parse_model", "make_model", "logp", "logp_around",
           "base_prob", "candidates", "prior_penalty", "zipf", "seen_bigram", "score_trees", "read_trees",
           "load_trees", "NEWS", "GOOGLE", "ENGLISH", "LINKS", "DEGREES", "MISFIT"]
