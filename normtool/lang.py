"""Language step: ISO 639-1 code and confidence from langdetect, deterministic.

langdetect is randomised; we seed it (``DetectorFactory.seed = 0``) so the
same text always gets the same answer, and run it through ``langfast``
(same algorithm, same model, same answers, several times faster).  Text too short or too mixed to
call gets ``und``.
"""
from __future__ import annotations

from functools import lru_cache

from . import langfast
from .article import Article

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
    return _detect_sample(text[:SAMPLE_CHARS])


@lru_cache(maxsize=4096)
def _detect_sample(sample: str) -> tuple[str, float]:
    # Cached: copies of one story share their opening, so a corpus with many
    # copies asks langdetect once per story.  langfast is langdetect's own
    # algorithm and model, seeded, with identical answers, only faster.
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return "und", 0.0
    probs = langfast.probabilities(sample)
    if not probs:
        return "und", 0.0
    lang, prob = probs[0]
    if prob < MIN_CONFIDENCE:
        return "und", round(prob, 4)
    return lang.split("-")[0], round(prob, 4)  # zh-cn -> zh (ISO 639-1)


def add_language(article: Article) -> Article:
    """Set ``lang``/``lang_confidence`` unless the user gave ``lang``."""
    if "lang" in article.given:
        return article
    code, conf = detect_language(article.text)
    return article.replace(lang=code, lang_confidence=conf)
