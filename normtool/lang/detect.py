"""Language step: ISO 639-1 code and confidence from langdetect, deterministic.

langdetect is randomised; we seed it (``DetectorFactory.seed = 0``) so the
same text always gets the same answer, and run it through ``langfast``
(same algorithm, same model, same answers, several times faster).  Text too short or too mixed to
call gets ``und``.
"""
from __future__ import annotations

from typing import Sequence

from . import langfast
from ..article import Article

MIN_LETTERS = 20        # below this many letters we do not guess
MIN_CONFIDENCE = 0.60   # below this top probability the text is "too mixed"
SAMPLE_CHARS = 2000     # langdetect's answer settles long before this


def detect_language(text: str) -> tuple[str, float]:
    """``(code, confidence)`` for ``text``; ``("und", 0.0)`` when unsure.

    >>> detect_language("The minister said on Friday that the talks would go on.")[0]
    'en'
    >>> detect_language("ok")
    ('und', 0.0)
    """
    return detect_languages([text])[0]


_CACHE: dict[str, tuple[str, float]] = {}
_CACHE_SIZE = 1024


def detect_languages(texts: Sequence[str]) -> list[tuple[str, float]]:
    """``detect_language`` of many texts, computed together (same answers).

    Each text is judged on its first ``SAMPLE_CHARS`` characters.  Samples
    seen recently are answered from a cache (copies of one story share
    their opening, so a corpus with many copies asks langdetect once per
    story); the rest go to ``langfast.probabilities_many`` in one batch.
    """
    samples = [t[:SAMPLE_CHARS] for t in texts]
    known = {s: _CACHE[s] for s in set(samples) if s in _CACHE}
    todo = sorted(set(samples).difference(known))
    if todo:
        ask = [s for s in todo if sum(ch.isalpha() for ch in s) >= MIN_LETTERS]
        found = dict(zip(ask, langfast.probabilities_many(ask)))
        for s in todo:
            known[s] = _verdict(found.get(s, []))
        if len(_CACHE) + len(todo) > _CACHE_SIZE:
            _CACHE.clear()          # bounded; the next batches refill it
        _CACHE.update((s, known[s]) for s in todo)
    return [known[s] for s in samples]


def _verdict(probs: list[tuple[str, float]]) -> tuple[str, float]:
    """The likeliest ISO 639-1 code: langdetect's variants of one language add
    up (zh-cn and zh-tw are zh), as Chinese often splits between them.

    >>> _verdict([("zh-cn", 0.43), ("zh-tw", 0.41), ("ko", 0.16)])
    ('zh', 0.84)
    """
    total: dict[str, float] = {}
    for lang, prob in probs:
        code = lang.split("-")[0]
        total[code] = total.get(code, 0.0) + prob
    if not total:
        return "und", 0.0
    lang, prob = max(total.items(), key=lambda kv: kv[1])    # ties: the first given
    if prob < MIN_CONFIDENCE:
        return "und", round(prob, 4)
    return lang, round(prob, 4)


def add_language(article: Article) -> Article:
    """Set ``lang``/``lang_confidence`` unless the user gave ``lang``."""
    return add_languages([article])[0]


def add_languages(articles: Sequence[Article]) -> list[Article]:
    """``add_language`` for many articles, detected in one batch."""
    need = [i for i, a in enumerate(articles) if "lang" not in a.given]
    out = list(articles)
    for i, (code, conf) in zip(need, detect_languages([articles[i].text for i in need])):
        out[i] = articles[i].replace(lang=code, lang_confidence=conf)
    return out
