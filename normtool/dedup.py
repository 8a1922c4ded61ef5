"""Dedup step (skeleton): exact duplicates by normalised-text hash, issue #5."""
from __future__ import annotations

import hashlib
from typing import Iterable, Iterator

from .article import Article
from .options import DedupOptions


def _key(text: str) -> str:
    return hashlib.sha1(" ".join(text.lower().split()).encode()).hexdigest()


def dedup_articles(articles: Iterable[Article], options: DedupOptions = DedupOptions()
                   ) -> Iterator[Article]:
    """Yield one canonical record per story with its ``duplicates``."""
    groups: dict[str, list[Article]] = {}
    for art in articles:
        groups.setdefault(_key(art.text), []).append(art)
    for key, members in groups.items():
        canon = min(members, key=lambda a: a.id)
        dups = [{"id": a.id, "similarity": 1.0, "relation": "exact"}
                for a in sorted(members, key=lambda a: a.id) if a is not canon]
        yield canon.replace(cluster=key[:16], duplicates=dups)
