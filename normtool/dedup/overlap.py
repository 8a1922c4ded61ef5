"""Overlap report: passages that different stories share.

Two stories that are not copies of each other often share passages: a
rewrite that combines two wire stories, a paper quoting the wire, the same
agency paragraphs under different ledes.  ``find_overlaps`` lists, for each
such pair of articles, the paragraphs they share, so a user sees how
coverage overlaps.  Copies that dedup groups together are left out unless
asked for (``include_duplicates``).

A paragraph is a line of the body (clean separates paragraphs by blank
lines; a very long line is cut at sentence ends into ~60-word passages).
Two paragraphs are shared when at least ``min_similarity`` of the shorter
one's word 3-shingles (dedup's matching tokens) are in the other.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

import numpy as np

from ..article import Article
from ..options import DedupOptions, OverlapOptions
from .batch import dedup_articles
from .matchtext import match_tokens
from .minhash import shingle_hashes, token_hashes

_SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"'])")
MAX_PASSAGE_WORDS = 60


def passages(text: str) -> list[str]:
    """Paragraphs of a body; over-long ones cut at sentence ends.

    >>> passages("One para here.\\n\\nTwo.")
    ['One para here.', 'Two.']
    """
    out = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        if len(line.split()) <= MAX_PASSAGE_WORDS * 2:
            out.append(line)
            continue
        chunk: list[str] = []
        for sent in _SENTENCE_END.split(line):
            chunk.append(sent)
            if sum(len(s.split()) for s in chunk) >= MAX_PASSAGE_WORDS:
                out.append(" ".join(chunk))
                chunk = []
        if chunk:
            out.append(" ".join(chunk))
    return out


def _clusters(articles: list[Article], options: DedupOptions) -> dict[str, str]:
    cluster = {}
    for rec in dedup_articles(articles, options):
        cluster[rec.id] = rec.cluster
        for d in rec.duplicates or []:
            cluster[d["id"]] = rec.cluster
    return cluster


def find_overlaps(articles: Iterable[Article], options: OverlapOptions = OverlapOptions()
                  ) -> Iterator[dict]:
    """One record per pair of articles sharing paragraphs, in input order.

    ``{"a", "b", "shared": [paragraph text as in a], "matches": [{"a_paragraph",
    "b_paragraph", "similarity", "b_text"}], "a_share", "b_share"}``: the
    shares are the fraction of each article's words inside shared paragraphs.
    """
    arts = list(articles)
    cluster = {} if options.include_duplicates else _clusters(arts, options.dedup)
    paras: list[tuple[int, int, str, np.ndarray, int]] = []   # doc, index, text, shingles, words
    for d, art in enumerate(arts):
        for p, text in enumerate(passages(art.text)):
            toks = match_tokens(text)
            if len(toks) < options.min_words:
                continue
            sh = np.unique(shingle_hashes(token_hashes(toks), options.shingle_size))
            paras.append((d, p, text, sh, len(text.split())))
    index: dict[int, list[int]] = {}
    for k, (_, _, _, sh, _) in enumerate(paras):
        for h in sh.tolist():
            index.setdefault(h, []).append(k)
    hits: dict[tuple[int, int], int] = {}
    for k, (d, _, _, sh, _) in enumerate(paras):
        for h in sh.tolist():
            for other in index[h]:
                if other > k and paras[other][0] != d:
                    hits[(k, other)] = hits.get((k, other), 0) + 1
    pairs: dict[tuple[int, int], list] = {}
    for (k, other), n in hits.items():
        small = min(len(paras[k][3]), len(paras[other][3]))
        if n < options.min_similarity * small:
            continue
        (da, pa, ta, _, wa), (db, pb, tb, _, wb) = paras[k], paras[other]
        if da > db:
            da, pa, ta, wa, db, pb, tb, wb = db, pb, tb, wb, da, pa, ta, wa
        a_id, b_id = arts[da].id, arts[db].id
        if cluster and cluster.get(a_id) == cluster.get(b_id):
            continue
        pairs.setdefault((da, db), []).append((pa, pb, round(n / small, 4), ta, tb, wa, wb))
    for (da, db) in sorted(pairs):
        matches = sorted(pairs[(da, db)])
        a_words = sum(len(p.split()) for p in passages(arts[da].text)) or 1
        b_words = sum(len(p.split()) for p in passages(arts[db].text)) or 1
        a_seen, b_seen = {}, {}
        for pa, pb, _, ta, tb, wa, wb in matches:
            a_seen[pa] = wa
            b_seen[pb] = wb
        yield {
            "a": arts[da].id, "b": arts[db].id,
            "a_title": arts[da].title, "b_title": arts[db].title,
            "shared": [ta for pa, ta in sorted({m[0]: m[3] for m in matches}.items())],
            "matches": [{"a_paragraph": pa, "b_paragraph": pb, "similarity": sim, "b_text": tb}
                        for pa, pb, sim, ta, tb, wa, wb in matches],
            "a_share": round(sum(a_seen.values()) / a_words, 4),
            "b_share": round(sum(b_seen.values()) / b_words, 4),
        }


__all__ = ["find_overlaps", "passages"]
