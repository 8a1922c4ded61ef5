"""Clean step (skeleton): repair Unicode with ftfy and normalise whitespace.

Issue #3 deepens this into reflow, furniture removal and metadata extraction.
"""
from __future__ import annotations

import re

import ftfy

from .article import Article
from .options import CleanOptions


def clean_text(text: str) -> str:
    """Canonical body: ftfy-fixed, paragraphs split by one blank line.

    >>> clean_text("  Caf\\u00c3\\u00a9  au lait\\r\\n\\r\\n\\r\\nNext  para ")
    'Café au lait\\n\\nNext para'
    """
    text = ftfy.fix_text(text)
    paras = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    paras = [" ".join(p.split()) for p in paras]
    return "\n\n".join(p for p in paras if p)


def clean_article(article: Article, options: CleanOptions = CleanOptions()) -> Article:
    """Return the article with a canonical body."""
    return article.replace(text=clean_text(article.text))
