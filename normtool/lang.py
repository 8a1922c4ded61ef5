"""Language step: ISO 639-1 code and confidence from langdetect, deterministic.

langdetect is randomised; we seed it once (``DetectorFactory.seed = 0``) so
the same text always gets the same answer.  Text too short or too mixed to
call gets ``und``.
"""
from __future__ import annotations

from .article import Article

MIN_LETTERS = 20        # below this many letters we do not guess
MIN_CONFIDENCE = 0.60   # below this top probability the text is "too mixed"
SAMPLE_CHARS = 2000     # langdetect's answer settles long before this

_factory = None


def _load():
    global _factory
    if _factory is None:
        from langdetect import DetectorFactory
        from langdetect.detector_factory import init_factory
        DetectorFactory.seed = 0
        init_factory()
        from langdetect import detector_factory
        _factory = detector_factory._factory
    return _factory


def detect_language(text: str) -> tuple[str, float]:
    """``(code, confidence)`` for ``text``; ``("und", 0.0)`` when unsure.

    >>> detect_language("The minister said on Friday that the talks would go on.")[0]
    'en'
    >>> detect_language("ok")
    ('und', 0.0)
    """
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return "und", 0.0
    from langdetect.lang_detect_exception import LangDetectException
    factory = _load()
    try:
        detector = factory.create()
        detector.append(sample)
        probs = detector.get_probabilities()
    except LangDetectException:
        return "und", 0.0
    if not probs or probs[0].prob < MIN_CONFIDENCE:
        return "und", round(probs[0].prob, 4) if probs else 0.0
    code = probs[0].lang.split("-")[0]  # zh-cn -> zh (ISO 639-1)
    return code, round(probs[0].prob, 4)


def add_language(article: Article) -> Article:
    """Set ``lang``/``lang_confidence`` unless the user gave ``lang``."""
    if "lang" in article.given:
        return article
    code, conf = detect_language(article.text)
    return article.replace(lang=code, lang_confidence=conf)
