"""langdetect's own algorithm and model, with its hot loops made cheap.

langdetect spends its time in two pure-Python loops: per-character n-gram
extraction (a method call and a Unicode-block bisect per character) and the
per-n-gram update of 55 language probabilities.  This module runs the same
algorithm on the same profiles and the same seeded random sequence, but
normalises characters with one ``str.translate`` table, extracts n-grams per
word, and updates the probabilities with numpy.  Its answers are langdetect's
answers (tests compare them); it is only faster.
"""
from __future__ import annotations

import random
import re

import numpy as np

_MODEL = None


class _Model:
    def __init__(self):
        from langdetect import DetectorFactory
        from langdetect.detector import Detector
        from langdetect.detector_factory import init_factory
        from langdetect.utils.ngram import NGram
        DetectorFactory.seed = 0
        init_factory()
        from langdetect import detector_factory
        factory = detector_factory._factory
        self.langs = list(factory.langlist)
        self.probs = _ProbTable(factory.word_lang_prob_map)
        self.table = _NormTable(NGram.normalize)
        self.normalize_vi = NGram.normalize_vi
        self.url_re, self.mail_re = Detector.URL_RE, Detector.MAIL_RE
        self.alpha, self.alpha_width = Detector.ALPHA_DEFAULT, Detector.ALPHA_WIDTH
        self.base_freq = Detector.BASE_FREQ
        self.conv, self.limit = Detector.CONV_THRESHOLD, Detector.ITERATION_LIMIT
        self.prob_threshold = Detector.PROB_THRESHOLD
        self.seed = 0
        self.n_trial = 7
        self.max_len = 10000
        self.word_cache: dict[str, list[str]] = {}


class _NormTable(dict):
    """``str.translate`` table filled on first sight of each character."""

    def __init__(self, normalize):
        super().__init__()
        self._normalize = normalize

    def __missing__(self, code: int) -> str:
        value = self[code] = self._normalize(chr(code))
        return value


class _ProbTable(dict):
    """n-gram -> numpy row of language probabilities, converted on first use."""

    def __init__(self, lists: dict):
        super().__init__()
        self._lists = lists

    def __contains__(self, gram) -> bool:
        return gram in self._lists

    def __missing__(self, gram: str) -> np.ndarray:
        row = self[gram] = np.asarray(self._lists[gram], dtype=np.float64)
        return row


def model() -> _Model:
    global _MODEL
    if _MODEL is None:
        _MODEL = _Model()
    return _MODEL


_SPACES = re.compile(" +")
_LATIN = re.compile("[A-z]")   # langdetect's own test: 'A' <= ch <= 'z'
_NON_LATIN = re.compile("[\u0300-\u1dff\u1f00-\U0010ffff]")


def _prepare(text: str, m: _Model) -> str:
    """Detector.append + cleaning_text, as langdetect does them."""
    text = m.url_re.sub(" ", text)
    text = m.mail_re.sub(" ", text)
    text = m.normalize_vi(text)
    text = _SPACES.sub(" ", text[: m.max_len])
    if len(_LATIN.findall(text)) * 2 < len(_NON_LATIN.findall(text)):
        text = _LATIN.sub("", text)
    return text


def extract_ngrams(text: str, m: _Model | None = None) -> list[str]:
    """The n-grams langdetect would extract from prepared ``text``, in order.

    langdetect's n-gram buffer resets at every space, so the n-grams of a
    text are the concatenation of each word's n-grams: we compute those once
    per distinct word (news copy repeats its words a lot).
    """
    m = m or model()
    if any(ord(ch) > 0xFFFF for ch in text):
        from langdetect.utils.ngram import NGram
        norm = "".join(NGram.normalize(ch) for ch in text)
    else:
        norm = text.translate(m.table)
    cache = m.word_cache
    if len(cache) > 50_000:
        cache.clear()
    out: list[str] = []
    words = norm.split(" ")
    last = len(words) - 1
    for wi, w in enumerate(words):
        if not w:
            continue
        key = w + " " if wi < last else w
        grams = cache.get(key)
        if grams is None:
            grams = cache[key] = _word_ngrams(" " + key, m.probs)
        out += grams
    return out


def _word_ngrams(s: str, vocab) -> list[str]:
    """N-grams of one space-prefixed word, as NGram.add_char yields them."""
    out = []
    for k in range(1, len(s)):
        if s[k].isupper() and s[k - 1].isupper():
            continue   # langdetect skips ALL-CAPS runs ("capitalword")
        grams = s[max(0, k - 2): k + 1]
        for n in (1, 2, 3):
            if len(grams) < n:
                break
            g = grams[-n:]
            if g != " " and g in vocab:
                out.append(g)
    return out


def probabilities(text: str) -> list[tuple[str, float]]:
    """[(lang, prob)] above langdetect's threshold, best first; [] if no features."""
    m = model()
    ngrams = extract_ngrams(_prepare(text, m), m)
    if not ngrams:
        return []
    nl = len(m.langs)
    langprob = np.zeros(nl)
    rnd = random.Random()
    rnd.seed(m.seed)
    rows = [m.probs[g] for g in ngrams]
    n = len(rows)
    randbelow = rnd._randbelow          # what random.choice(seq) calls
    conv, limit = m.conv, m.limit
    for _ in range(m.n_trial):
        prob = np.full(nl, 1.0 / nl)
        weight = _trial_weight(m, rnd)
        i = 0
        while True:
            prob *= weight + rows[randbelow(n)]
            if i % 5 == 0:
                # cumsum adds left to right, exactly as langdetect's sum()
                prob /= np.cumsum(prob)[-1]
                if prob.max() > conv or i >= limit:
                    break
            i += 1
        langprob += prob / m.n_trial
    return _ranked(m, langprob)


def _trial_weight(m: _Model, rnd: random.Random) -> float:
    """A trial's smoothing weight: langdetect's alpha, jittered, per n-gram."""
    return (m.alpha + rnd.gauss(0.0, 1.0) * m.alpha_width) / m.base_freq


def _ranked(m: _Model, langprob: np.ndarray) -> list[tuple[str, float]]:
    """[(lang, prob)] above langdetect's threshold, best first."""
    result = [(lang, p) for lang, p in zip(m.langs, langprob.tolist()) if p > m.prob_threshold]
    result.sort(key=lambda lp: (lp[1], lp[0]), reverse=True)
    return result


def probabilities_many(texts: list[str]) -> list[list[tuple[str, float]]]:
    """``probabilities`` of many texts at once, with the same answers.

    Each text keeps its own seeded random sequence and does exactly the
    arithmetic ``probabilities`` does, in the same order; but the texts
    take their steps in lockstep, so one numpy operation updates the 55
    language probabilities of every text still running instead of one
    operation per text and step (numpy's per-call cost is what dominates
    langdetect's loop on news copy).
    """
    m = model()
    out: list[list[tuple[str, float]]] = [[] for _ in texts]
    grams_of = [extract_ngrams(_prepare(t, m), m) for t in texts]
    todo = [i for i, grams in enumerate(grams_of) if grams]
    if len(todo) <= 1:      # one text: the plain loop has less numpy per step
        for i in todo:
            out[i] = probabilities(texts[i])
        return out
    distinct: set[str] = set()
    for i in todo:
        distinct.update(grams_of[i])
    row_of = {g: r for r, g in enumerate(distinct)}
    table = np.stack([m.probs[g] for g in distinct])
    ids = [grams_of[i] for i in todo]
    del grams_of
    nl, n_trial, conv, limit = len(m.langs), m.n_trial, m.conv, m.limit
    rnds = []
    for _ in todo:
        rnd = random.Random()
        rnd.seed(m.seed)
        rnds.append(rnd)
    count = len(todo)
    langprob = np.zeros((count, nl))
    trials = [0] * count
    # State of the texts still running, aligned with ``active``.
    active = list(range(count))
    # (n-grams, draw, count) per running text; _randbelow is what
    # random.choice(seq) calls.
    state = [(ids[a], rnds[a]._randbelow, len(ids[a])) for a in active]
    prob = np.full((count, nl), 1.0 / nl)
    weight = np.array([_trial_weight(m, rnd) for rnd in rnds])
    step = np.zeros(count, dtype=np.int64)
    while active:
        rows = [row_of[grams[draw(n)]] for grams, draw, n in state]
        prob *= weight[:, None] + table[rows]
        due = np.flatnonzero(step % 5 == 0)
        if len(due):
            sub = prob[due]
            # cumsum adds left to right, exactly as langdetect's sum()
            sub /= np.cumsum(sub, axis=1)[:, -1:]
            prob[due] = sub
            stop = due[(sub.max(axis=1) > conv) | (step[due] >= limit)]
            if len(stop):
                finished = []
                for q in stop.tolist():
                    a = active[q]
                    langprob[a] += prob[q] / n_trial
                    trials[a] += 1
                    if trials[a] == n_trial:
                        finished.append(q)
                        continue
                    prob[q] = 1.0 / nl
                    weight[q] = _trial_weight(m, rnds[a])
                    step[q] = -1
                if finished:
                    keep = np.ones(len(active), dtype=bool)
                    keep[finished] = False
                    kept = keep.tolist()
                    active = [a for a, k in zip(active, kept) if k]
                    state = [x for x, k in zip(state, kept) if k]
                    prob, weight, step = prob[keep], weight[keep], step[keep]
        step += 1
    for a, i in enumerate(todo):
        out[i] = _ranked(m, langprob[a])
    return out
