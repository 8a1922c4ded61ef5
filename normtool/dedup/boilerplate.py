"""Batch statistics that keep site furniture out of fingerprints.

Furniture clean did not remove (menus, newsletter plugs, footers) repeats
across a site's pages, and stock phrases across a feed; a story's own lines
and shingles repeat only across its copies.  One-shot dedup leaves out
short lines found in several texts and shingles found in many.
"""
from __future__ import annotations

import hashlib
import itertools
import math
import zlib
from typing import Iterable, Sequence

import numpy as np


def line_threshold(n_texts: int, min_docs: int) -> int:
    """Texts a short line must be in to count as boilerplate, for a batch of ``n_texts``.

    ``min_docs``, and at least ``settings.MATCH.boilerplate_share`` of the
    texts: furniture is on a fair share of one site's pages, while a
    story's own short lines (a one-sentence paragraph, a quote) recur in a
    number of texts that grows with the corpus; an absolute count would
    strip more of them, and more of originals than of their spun copies,
    the larger the corpus.  0 turns the filter off.
    """
    from .. import settings
    if min_docs <= 0:
        return 0
    return max(min_docs, math.ceil(n_texts * settings.MATCH.boilerplate_share))


def line_keys(text: str, max_words: int = 15) -> set[bytes]:
    """Keys of the short lines of one text (each once), and of their openings.

    An opening (``cut_key``: the first ``CUT_MIN`` words or more, not the
    whole line) counted in as many texts as a stock line is the start of a
    stock line, which a copy cut short may end with (``split_lines``).
    """
    keys = set()
    for line in text.split("\n"):
        words = line.casefold().split()
        if words and len(words) <= max_words:
            keys.add(_norm_key(" ".join(words)))
            if len(words) > CUT_MIN:
                keys.update(_openings(words))
    return keys


def line_key(line: str) -> bytes:
    """The key of a line: case and spacing do not count."""
    return _norm_key(" ".join(line.casefold().split()))


def _norm_key(norm: str) -> bytes:
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest()


CUT_MIN = 3     # words of a line's opening that ``line_keys`` counts


def cut_key(norm: str) -> bytes:
    """The key of a line's opening (``norm``: casefolded, single-spaced),
    apart from line keys: "Pay April" is no line of its own.

    >>> cut_key("pay april 30 record") == list(_openings("pay april 30 record may".split()))[-1]
    True
    """
    key = b""
    for key in _running(norm.split(" ")):
        pass
    return key


def _openings(words: list[str]):
    """``cut_key`` of each opening of ``words`` from ``CUT_MIN`` words to all
    but the last (a line of n words has n - CUT_MIN openings)."""
    return itertools.islice(_running(words[:-1]), CUT_MIN - 1, None)


_OPEN = (zlib.crc32(b"\x01"), zlib.adler32(b"\x01"))


def _running(words: list[str]):
    """The key of each opening of ``words``, one word longer each time: one
    running checksum word by word (hashing each opening anew cost the
    fingerprint stage a sixth of its time)."""
    crc, adler = _OPEN
    for i, word in enumerate(words):
        data = (" " + word if i else word).encode("utf-8")
        crc, adler = zlib.crc32(data, crc), zlib.adler32(data, adler)
        yield (crc | adler << 32).to_bytes(8, "little")


def boilerplate_lines(texts: Iterable[str], min_docs: int = 3,
                      max_words: int = 15) -> dict[bytes, int]:
    """Keys of short lines that recur in ``line_threshold`` or more texts,
    each with the number of texts it is in.

    Site furniture that clean did not remove (menus, newsletter plugs,
    footers) repeats across a site's pages; a story's own lines repeat
    only across its copies, and dropping a short one from every copy alike
    costs little.  The counts tell the two apart once stories are known: a
    line all of whose texts are copies of one story is that story's own
    (``cluster._settle_heads``).  ``min_docs`` 0 turns this off.
    """
    if min_docs <= 0:
        return {}
    counts: dict[bytes, int] = {}
    n_texts = 0
    for text in texts:
        n_texts += 1
        for key in line_keys(text, max_words):
            counts[key] = counts.get(key, 0) + 1
    threshold = line_threshold(n_texts, min_docs)
    return {k: n for k, n in counts.items() if n >= threshold}


def strip_lines(text: str, boilerplate: set[bytes], title: str | None = None,
                max_words: int = 15) -> str:
    r"""The text without boilerplate lines (and a line that is just the title).

    ``boilerplate`` holds keys of lines of at most ``max_words`` words (as
    ``boilerplate_lines`` makes them), so longer lines are not looked up.
    Falls back to the whole text when nothing would be left.

    >>> text = "Acme buys Widgets\nAcme said it would buy Widgets Inc.\nSign up now"
    >>> strip_lines(text, {line_key("Sign up now")}, title="ACME BUYS WIDGETS")
    'Acme said it would buy Widgets Inc.'
    """
    return split_lines(text, boilerplate, title, max_words)[0]


def split_lines(text: str, boilerplate: set[bytes], title: str | None = None,
                max_words: int = 15) -> tuple[str, list[str]]:
    r"""``strip_lines``, and the boilerplate lines it left out (in text order).

    The left-out lines still belong to the text: a short notice can be all
    stock lines but its figures ("Pay April 30"), and two notices that
    differ only there are different notices (see ``fingerprint.content_hash``).
    A line dropped for being the title is not listed.

    A text's last line that is the opening of a stock line, cut short
    mid-sentence (``cut_key``), is stock too: a copy cut inside a story's
    short paragraph, which the story's full copies leave out as stock,
    would otherwise keep words and figures the full copies lack.

    >>> split_lines("Qtly div 5 cts\nPay April 30", {line_key("Pay April 30")})
    ('Qtly div 5 cts', ['Pay April 30'])
    >>> boiler = {line_key("The rise was put at 3.7 pct, down from 4.2 pct.")}
    >>> boiler |= {cut_key("the rise was put at 3.7")}
    >>> split_lines("Prices rose 0.3 pct.\nThe rise was put at 3.7", boiler)
    ('Prices rose 0.3 pct.', ['The rise was put at 3.7'])
    """
    if not boilerplate and not title:
        return text, []
    tnorm = " ".join(title.split()).casefold() if title else None
    twords = len(tnorm.split(" ")) if tnorm else 0
    kept, dropped, stock = [], False, []
    for line in text.split("\n"):
        words = line.split()
        n = len(words)
        if n and (n == twords or boilerplate and n <= max_words):
            norm = " ".join(words).casefold()
            if norm == tnorm:
                dropped = True
                continue
            if boilerplate and n <= max_words and _norm_key(norm) in boilerplate:
                dropped = True
                stock.append((len(kept), line))
                continue
        kept.append(line)
    last = max((i for i, line in enumerate(kept) if line.strip()), default=None)
    if boilerplate and last is not None and _cut_short(kept[last], boilerplate, max_words):
        stock.append((last, kept[last]))
        stock.sort(key=lambda x: x[0])
        del kept[last]
        dropped = True
    if not dropped:
        return text, []
    out = "\n".join(kept)
    return (out, [line for _, line in stock]) if out.strip() else (text, [])


_ENDS = tuple(".!?:;\"'\u201d)")


def _cut_short(line: str, boilerplate: set[bytes], max_words: int) -> bool:
    """Is ``line`` a stock line's opening, cut mid-sentence (no closing stop)?"""
    words = line.casefold().split()
    return (CUT_MIN <= len(words) < max_words and not words[-1].endswith(_ENDS)
            and cut_key(" ".join(words)) in boilerplate)


def common_hashes(sets: Sequence[np.ndarray], min_docs: int) -> np.ndarray:
    """Hashes found in ``min_docs`` (at least 4% of the sets) or more sets.

    Shingles a site's furniture leaves in every page, and stock phrases,
    are in many texts; a story's own shingles only in its copies.
    """
    return common_values(np.concatenate(list(sets) or [np.empty(0, np.uint64)]), len(sets), min_docs)


def common_values(values: np.ndarray, n_sets: int, min_docs: int) -> np.ndarray:
    """``common_hashes`` of sets given concatenated (each set's values unique)."""
    min_docs = max(min_docs, n_sets // 25) if min_docs > 0 else 0
    if min_docs <= 0 or n_sets < min_docs:
        return np.empty(0, dtype=np.uint64)
    uniq, counts = np.unique(values, return_counts=True)
    return uniq[counts >= min_docs]


__all__ = ["boilerplate_lines", "line_threshold", "line_keys", "strip_lines", "split_lines", "common_hashes", "common_values", "line_key",
           "cut_key"]
