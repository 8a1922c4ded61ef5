"""Language stage: an ISO 639-1 code and a confidence per article.

``detect`` is the step (langdetect's answers, seeded); ``langfast`` runs
langdetect's own algorithm and model with cheaper loops.
"""
from .detect import add_language, add_languages, detect_language, detect_languages

__all__ = ["add_language", "add_languages", "detect_language", "detect_languages"]
