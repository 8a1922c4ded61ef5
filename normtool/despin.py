"""Despin step (skeleton): detection and repair of spun copy, issue #4."""
from __future__ import annotations

from .article import Article
from .options import CleanOptions


def despin_article(article: Article, options: CleanOptions = CleanOptions()) -> Article:
    """Score the article for spinning; repair it when it is spun."""
    return article.replace(spun=False, spin_score=0.0)
