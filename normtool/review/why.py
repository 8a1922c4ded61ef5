"""Why dedup kept the canonical rather than a copy, in words.

Dedup ranks a story's articles by ``normtool.cluster.preference_key``:
unspun first, then longer text (in ~10% steps), richer metadata (title,
date, dateline, credits, url), earliest date, smallest id.  Dedup measures
length on the story's own word shingles; the page has the records, so it
counts words, in the same ~10% steps.  The explanation names the first of
these the two records differ on (among full copies dedup first prefers
the one the other copies agree with most, then the agency's own page:
``normtool.dedup.cluster``).
"""
from __future__ import annotations

import math

from .diff import word_count

METADATA = ("title", "date", "dateline", "credits", "url")


def length_step(words: int) -> int:
    """Length in ~10% steps, as dedup's preference compares it."""
    return int(math.log(max(words, 1), 1.1))


def _present(rec: dict) -> list[str]:
    return [k for k in METADATA if rec.get(k)]


def _spin(rec: dict) -> str:
    score = rec.get("spin_score")
    return f" (spin score {score})" if score is not None else ""


def explain(canonical: dict, copy: dict) -> str:
    """One or two sentences: what made ``canonical`` win over ``copy``.

    >>> explain({"id": "a", "text": "one two", "spun": False},
    ...         {"id": "b", "text": "one two", "spun": True, "spin_score": 0.9})
    'The copy is spun (spin score 0.9); the canonical is not.'
    >>> explain({"id": "a", "text": "x", "date": "2024-01-02"}, {"id": "b", "text": "x"})
    'The canonical has more metadata (date); the copy lacks date.'
    """
    c_words = word_count(canonical.get("text") or "")
    k_words = word_count(copy.get("text") or "")
    c_meta, k_meta = _present(canonical), _present(copy)
    c_date, k_date = canonical.get("date") or None, copy.get("date") or None
    steps = [
        (bool(canonical.get("spun")), bool(copy.get("spun")),
         f"The copy is spun{_spin(copy)}; the canonical is not.",
         f"the canonical is spun{_spin(canonical)} and the copy is not"),
        (-length_step(c_words), -length_step(k_words),
         f"The canonical's text is longer: {c_words} words against {k_words}.",
         f"its text is longer ({k_words} words against {c_words})"),
        (-len(c_meta), -len(k_meta),
         f"The canonical has more metadata ({', '.join(c_meta)}); the copy lacks "
         f"{', '.join(k for k in c_meta if k not in k_meta) or 'some of it'}.",
         f"it has more metadata ({', '.join(k_meta)} against "
         f"{', '.join(c_meta) or 'none'})"),
        (c_date or "\uffff", k_date or "\uffff",
         f"The canonical is dated earlier: {c_date} against {k_date}." if k_date
         else f"The canonical is dated ({c_date}); the copy is not.",
         f"it is dated earlier ({k_date} against {c_date or 'no date'})"),
        (str(canonical.get("id")), str(copy.get("id")),
         "Spin, length, metadata and date are even; the canonical has the smaller id.",
         "it has the smaller id"),
    ]
    for mine, theirs, because, against in steps:
        if mine < theirs:
            return because
        if mine > theirs:
            return (f"By these records the copy ranks ahead: {against}. Dedup measures "
                    "length on the story's own words without site furniture, prefers "
                    "among full copies the one the others agree with most, then the "
                    "agency's own page, and with --index it keeps a story's first "
                    "canonical.")
    return "The two records are equal in every respect dedup compares."
