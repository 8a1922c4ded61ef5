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
    if len(cache) > 200_000:
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
        alpha = m.alpha + rnd.gauss(0.0, 1.0) * m.alpha_width
        weight = alpha / m.base_freq
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
    result = [(lang, p) for lang, p in zip(m.langs, langprob.tolist()) if p > m.prob_threshold]
    result.sort(key=lambda lp: (lp[1], lp[0]), reverse=True)
    return result
