"""Topical fit: does a word belong with the words around it?

A spinner takes a synonym from any sense of the word ("purlieus" for
"suburbs", "bargain" for "buy"), and the bigram model sees only the two
words beside it, often "the" and "of".  Word vectors built from which
content words stand within ten words of each other in the news training
text (PPMI reduced by SVD, ``despin_topics.tsv.gz``, written by
``tools/build_despin_model.py``) say whether a word, or the original
proposed for it, is about what the passage around it is about.  In a
flagged article's repair, upgrades are ranked by their bigram gain plus
``topic_weight`` times their topical gain (``fits.judged_slots``), and
the repair score (``despin.repair_row``) reads it; detection does not (a
topical statistic barely told spun from clean copy).
"""
from __future__ import annotations

import base64
from functools import lru_cache
from typing import Callable, Iterable, NamedTuple, Sequence

import numpy as np

from ..data import open_text, word_list
from .tokens import Tokens

TOPICS = "despin_topics.tsv.gz"
SPAN = 25          # words on each side that make a word's passage
NO_TOPIC = (0.0, 0.0, 0.0, 0.0)   # no content word around: nothing known
UNKNOWN = -2.0     # the cosine given to a word without a vector


class Topics(NamedTuple):
    """Unit word vectors: ``index[word]`` is the row of ``vectors``."""
    index: dict
    vectors: np.ndarray


def parse_topics(lines: Iterable[str]) -> Topics:
    """Topics from the lines of ``despin_topics.tsv.gz``: ``word TAB
    base64 of signed bytes`` (each vector scaled to 127 and rounded); rows
    are made unit length again.  ``#`` lines are comments."""
    words, rows = [], []
    for line in lines:
        if line.startswith("#") or not line.strip():
            continue
        word, _, code = line.rstrip("\n").partition("\t")
        words.append(word)
        rows.append(np.frombuffer(base64.b64decode(code), dtype=np.int8))
    vectors = np.array(rows, dtype=np.float64).reshape(len(rows), -1)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    return Topics({w: k for k, w in enumerate(words)}, vectors)


def encode_vector(vec: Iterable[float]) -> str:
    """One vector as the file stores it: scaled so its largest value is
    127, rounded, signed bytes in base64 (``parse_topics`` reads it back,
    unit length).

    >>> encode_vector([1.0, -0.5, 0.0])
    'f8AA'
    >>> parse_topics(["word\\tf8AA"]).vectors.round(3).tolist()
    [[0.893, -0.45, 0.0]]
    """
    v = np.asarray(list(vec), dtype=np.float64)
    q = np.clip(np.rint(v / (np.abs(v).max() or 1.0) * 127), -127, 127).astype(np.int8)
    return base64.b64encode(q.tobytes()).decode("ascii")


@lru_cache(maxsize=1)
def load_topics() -> Topics:
    """The shipped word vectors, read once."""
    with open_text(TOPICS) as fh:
        return parse_topics(fh)


def content_word(key: str) -> bool:
    """Words that carry a passage's topic: plain letters, three or more,
    not a function word (``match_stopwords.txt``)."""
    return key.isalpha() and len(key) > 2 and key not in word_list("match_stopwords.txt")


class Passage:
    """The topical context of every word of one text, summed once (prefix
    sums), so each judged word costs one subtraction and a dot product per
    word compared.  ``keys`` stands in for ``tok.keys`` (repaired words)."""

    def __init__(self, tok: Tokens, topics: Topics | None = None, span: int = SPAN,
                 keys: Sequence[str] | None = None):
        self.topics = topics or load_topics()
        self.span = span
        self.keys = keys if keys is not None else tok.keys
        dim = self.topics.vectors.shape[1]
        rows = np.zeros((len(self.keys), dim))
        self.ids = [self.topics.index.get(k, -1) if content_word(k) else -1 for k in self.keys]
        for i, r in enumerate(self.ids):
            if r >= 0:
                rows[i] = self.topics.vectors[r]
        self.sums = np.vstack([np.zeros((1, dim)), np.cumsum(rows, axis=0)])
        self.counts = np.concatenate([[0], np.cumsum([r >= 0 for r in self.ids])])

    def context(self, i: int) -> tuple:
        """(the unit sum of the vectors of the content words within ``span``
        of word i, itself left out, their number); (None, 0) without any."""
        lo, hi = max(0, i - self.span), min(len(self.ids), i + self.span + 1)
        n = int(self.counts[hi] - self.counts[lo]) - (self.ids[i] >= 0)
        ctx = self.sums[hi] - self.sums[lo]
        if self.ids[i] >= 0:
            ctx = ctx - self.topics.vectors[self.ids[i]]
        norm = float(np.linalg.norm(ctx))
        if n <= 0 or norm < 1e-9:
            return None, 0
        return ctx / norm, n

    def cosine(self, word: str, ctx: np.ndarray) -> float:
        """``word``'s cosine with a ``context``; ``UNKNOWN`` without a vector."""
        r = self.topics.index.get(word, -1)
        return float(self.topics.vectors[r] @ ctx) if r >= 0 else UNKNOWN

    def gains(self, i: int) -> Callable[[str], float]:
        """original -> how much better it than word i fits the passage's
        topic (``fit``'s gain; 0 without a passage), for ranking upgrades."""
        ctx, _ = self.context(i)
        if ctx is None:
            return lambda original: 0.0
        cw = self.cosine(self.keys[i], ctx)
        return lambda original: _gain(self.cosine(original, ctx), cw)

    def fit(self, i: int, original: str) -> tuple:
        """(gain, cosine of ``original``, cosine of word i, content words):
        the cosines with word i's ``context``; a word without a vector has
        cosine -2 (an unknown original gains nothing, -2; an unknown
        written word counts as -1).  ``NO_TOPIC`` without content words."""
        ctx, n = self.context(i)
        if ctx is None:
            return NO_TOPIC
        cx, cw = self.cosine(original, ctx), self.cosine(self.keys[i], ctx)
        return (round(_gain(cx, cw), 6), round(cx, 6), round(cw, 6), float(n))


def _gain(cx: float, cw: float) -> float:
    """An original's topical gain over the written word, from their cosines."""
    return UNKNOWN if cx == UNKNOWN else cx - (-1.0 if cw == UNKNOWN else cw)


__all__ = ["Passage", "Topics", "TOPICS", "NO_TOPIC", "content_word", "encode_vector", "load_topics",
           "parse_topics"]
