"""Fingerprints for dedup: what one article looks like to the matcher.

The fingerprint is computed from a *matching copy* of the body, never shown
to the user: despun (when clean has not done it already), case-folded, with
quote and dash forms, British/American spellings, number formats and word
forms such as "per cent"/"pct" folded together (``data/spelling.tsv``,
``data/match_words.tsv``).  From its tokens we keep:

* ``shingles``: hashes of every run of ``k`` words (sorted, unique, uint64),
  for exact Jaccard and containment when a candidate pair is verified;
* ``anchors``: names (capitalised words not opening a sentence) and numbers,
  alone and as consecutive pairs: what a spinner leaves alone;
* ``numbers`` and ``words`` (unigram hashes), for near-miss and spin checks;
* ``skeleton``: shingles of the text with only function words and numbers
  kept: a spinner swaps the other words, so a spun copy keeps its source's
  skeleton while a rewrite of the same facts does not;
* three MinHash signatures (datasketch ``affine32`` scheme, seed 1, so
  ``LeanMinHash(seed=1, hashvalues=sig, scheme="affine32")`` is the same
  sketch datasketch would build): the whole shingle set, the *head* (first
  ``HEAD_SHINGLES`` shingles, which a brief or a cut-short copy shares with
  the full story) and the anchor set.

Token hashes are blake2b (stable across processes, unlike ``hash()``);
shingle hashes combine neighbouring token hashes with numpy.  A batch is
tokenised in blocks (``_Block``; in worker processes with ``jobs`` > 1)
whose per-article arrays stay concatenated, so the numpy work is a few
calls per block, not per article; the result does not depend on blocks
or workers.
``Fingerprint.to_bytes()`` / ``from_bytes()`` make it an index payload.
"""
from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

import numpy as np

from .article import Article

HEAD_SHINGLES = 40          # shingles in the head signature
SKELETON_SHINGLE = 5        # shingle size over the skeleton (function words + numbers)
SEED = 1                    # datasketch's default MinHash seed
SCHEME = "affine32"         # datasketch 2 default permutation scheme
_CHUNK = 8_192              # shingles per vectorised signature block (cache-sized)

# Tokenisation (not a rule table: the shape of a word for the matcher).
_TOKEN = re.compile(r"\d+(?:[.,/-]\d+)*|[^\W\d_]+(?:\.[^\W\d_]+)*|%")
# Words and numbers, each with the sentence-end mark (if any) just before it.
_ANCHOR_SCAN = re.compile(r"([.!?:;\"'(\n]?)[ \t]*(\d+(?:[.,/-]\d+)*|[^\W\d_][^\W_]*)")
# _TOKEN for case-folded ASCII text (nearly all English copy): the same
# matches there, faster than the Unicode classes.
_TOKEN_ASCII = re.compile(r"[0-9]+(?:[.,/-][0-9]+)*|[a-z]+(?:\.[a-z]+)*|%")
# In ASCII text: numbers and capitalised words at a word boundary.  A regex
# starting with a character class is fast to scan; it finds _ANCHOR_SCAN's
# tokens exactly unless a word has a capital after a lower-case letter or a
# digit ("eBay", "12ABC") or touches an underscore: _ANCHOR_ASCII_UNSAFE.
_ANCHOR_ASCII = re.compile(r"\b(?:[0-9]+(?:[.,/-][0-9]+)*|[A-Z][A-Za-z0-9]*)", re.ASCII)
_ANCHOR_ASCII_UNSAFE = re.compile(r"[A-Z](?<=[a-z0-9_][A-Z])")   # and any "_"
_MARKS = frozenset(".!?:;\"'(\n")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
                         "\u00ab": '"', "\u00bb": '"', "\u2013": " ", "\u2014": " ",
                         "\u2015": " ", "\u2212": "-", "\u00a0": " ", "\u2009": " ",
                         "\u202f": " "})
# (Patterns that start with a character class scan fast; lookbehinds after it.)
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}\b)")
_SPACED_FIGURE = re.compile(r"(\d) ?([-/]) ?(?=\d)")   # "6 - 3 / 8" -> "6-3/8"

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_M3 = np.uint64(0x94D049BB133111EB)


# ---------------------------------------------------------------- rule data
def _read_table(text: str) -> dict[str, str]:
    table = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip() if not line.startswith("#") else ""
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) == 2 and parts[0].strip():
            table[parts[0].strip().lower()] = parts[1].strip().lower()
    return table


@lru_cache(maxsize=1)
def stopwords() -> frozenset:
    """Function words kept in the skeleton (``data/match_stopwords.txt``)."""
    text = (resources.files("normtool") / "data" / "match_stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def skeleton(tokens: Sequence[str]) -> list[str]:
    """Function words and numbers kept, every other word blanked.

    >>> skeleton(["the", "firm", "said", "it", "sold", "12", "units"])
    ['the', '*', '*', 'it', '*', '12', '*']
    """
    stop = stopwords()
    return [t if t in stop or t[0].isdigit() else "*" for t in tokens]


@lru_cache(maxsize=1)
def _skeleton_hashes() -> tuple[np.ndarray, np.uint64]:
    """Sorted token hashes of the function words, and the hash of ``"*"``."""
    return np.unique(token_hashes(sorted(stopwords()))), token_hashes(["*"])[0]


def skeleton_hashes(th: np.ndarray, is_num: np.ndarray) -> np.ndarray:
    """``token_hashes(skeleton(tokens))`` computed from the token hashes.

    >>> toks = ["the", "firm", "said", "it", "sold", "12", "units"]
    >>> is_num = np.array([t[0].isdigit() for t in toks])
    >>> bool((skeleton_hashes(token_hashes(toks), is_num) == token_hashes(skeleton(toks))).all())
    True
    """
    stop_h, star = _skeleton_hashes()
    keep = is_num | _in_sorted(th, stop_h) if len(th) else is_num
    return np.where(keep, th, star)


@lru_cache(maxsize=8)
def word_table(extra_files: tuple[str, ...] = ()) -> tuple[dict, dict]:
    """(one-word map, two-word map) from the built-in tables plus user files.

    ``"-"`` as the target drops the word from the matching copy.
    """
    data = resources.files("normtool") / "data"
    table = _read_table((data / "spelling.tsv").read_text(encoding="utf-8"))
    table.update(_read_table((data / "match_words.tsv").read_text(encoding="utf-8")))
    for path in extra_files:
        with open(path, encoding="utf-8") as fh:
            table.update(_read_table(fh.read()))
    one = {k: v for k, v in table.items() if " " not in k}
    two = {tuple(k.split()): v for k, v in table.items() if len(k.split()) == 2}
    return one, two


# ------------------------------------------------------------ matching text
def fold(text: str) -> str:
    """Unify quote and dash forms, drop thousands separators, close up figures.

    >>> fold("It\u2019s \u201c1,500\u201d \u2014 not 1,5 or 6 - 3 / 8")
    'It\\'s "1500"   not 1,5 or 6-3/8'
    """
    return _SPACED_FIGURE.sub(r"\1\2", _THOUSANDS.sub("", text.translate(_QUOTES)))


def match_tokens(text: str, extra_files: tuple[str, ...] = ()) -> list[str]:
    """The words the matcher sees: folded, case-free, spelling-unified.

    >>> match_tokens("Mr Smith's colour-TV sales rose 12 per cent to $1,500 mln.")
    ['smith', 's', 'color', 'tv', 'sales', 'rose', '12', 'percent', 'to', '1500', 'million']
    """
    return _match_folded(fold(text), extra_files)


def _match_folded(folded: str, extra_files: tuple[str, ...] = ()) -> list[str]:
    """``match_tokens`` of text already passed through ``fold``."""
    one, two = word_table(extra_files)
    raw = (_TOKEN_ASCII if folded.isascii() else _TOKEN).findall(folded.casefold())
    if not two or _two_first(extra_files).isdisjoint(raw):
        # No two-word entry can start here: one lookup per token.
        out = list(map(one.get, raw, raw))
        return [tok for tok in out if tok != "-"] if "-" in out else out
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        tok = raw[i]
        if i + 1 < n and (tok, raw[i + 1]) in two:
            tok = two[(tok, raw[i + 1])]
            i += 2
        else:
            tok = one.get(tok, tok)
            i += 1
        if tok != "-":
            out.append(tok)
    return out


@lru_cache(maxsize=8)
def _two_first(extra_files: tuple[str, ...] = ()) -> frozenset:
    """First words of the two-word entries (most texts contain none)."""
    return frozenset(k[0] for k in word_table(extra_files)[1])


def anchor_tokens(text: str, extra_files: tuple[str, ...] = ()) -> list[str]:
    """Names and numbers, in order: the words a spinner leaves alone.

    A capitalised word counts unless it opens a sentence (where any word is
    capitalised and a spinner may have swapped it).

    >>> anchor_tokens("Shares rose. Acme Corp said on Friday it sold 1,200 tonnes to Boeing.")
    ['corp', 'friday', '1200', 'boeing']
    """
    return _anchors_folded(fold(text), extra_files)


def _anchors_folded(text: str, extra_files: tuple[str, ...] = ()) -> list[str]:
    """``anchor_tokens`` of text already passed through ``fold``."""
    if text.isascii() and "_" not in text and not _ANCHOR_ASCII_UNSAFE.search(text):
        keep = _anchor_words_ascii(text)
    else:
        keep = _anchor_words(text)
    one, _ = word_table(extra_files)
    folded = list(map(str.casefold, keep))
    out = list(map(one.get, folded, folded))
    return [tok for tok in out if tok != "-"] if "-" in out else out


def _anchor_words(text: str) -> list[str]:
    """Numbers, and words not lower-case that open no sentence (any text)."""
    pairs = _ANCHOR_SCAN.findall(text)
    if not pairs:
        return []
    keep = [tok for mark, tok in pairs if tok[0].isdigit() or not (mark or tok.islower())]
    mark0, tok0 = pairs[0]
    if text[:1].isalpha() and not mark0 and not tok0[0].isdigit() and not tok0.islower():
        keep = keep[1:]     # the text's first word opens a sentence too
    return keep


def _anchor_words_ascii(text: str) -> list[str]:
    """``_anchor_words`` for ASCII text without ``_ANCHOR_ASCII_UNSAFE`` spots.

    Only candidates are visited: a capitalised word opens a sentence when a
    mark (then spaces or tabs) comes before it, or it starts the text.
    """
    keep = []
    marks = _MARKS
    for m in _ANCHOR_ASCII.finditer(text):
        tok = m.group()
        if tok[0] > "9":
            j = m.start() - 1
            while j >= 0 and text[j] in " \t":
                j -= 1
            if m.start() == 0 or j >= 0 and text[j] in marks:
                continue
        keep.append(tok)
    return keep


def despun_text(article: Article) -> tuple[str, bool]:
    """The body to fingerprint, and whether it is spun.

    Clean's verdict (``spun``) stands when it ran; otherwise despin's
    ``repair_text`` repairs the text if it finds it spun.  Dedup works
    without despin: a missing or failing module leaves the body as is.
    """
    if article.spun is not None or article.repairs:
        return article.text, bool(article.spun)
    try:
        from .despin import repair_text
    except ImportError:
        return article.text, False
    try:
        fixed = repair_text(article.text)
    except Exception:  # a despin bug or missing table must not stop dedup
        return article.text, False
    if isinstance(fixed, tuple):
        return fixed[0], bool(fixed[1])
    return fixed, fixed != article.text


# ------------------------------------------------------------------ hashing
_TOKEN_HASH: dict[str, int] = {}


def token_hashes(tokens: Sequence[str]) -> np.ndarray:
    """Stable 64-bit hashes of tokens (blake2b, cached per process)."""
    cache = _TOKEN_HASH
    missing = set(tokens).difference(cache)
    if missing:
        if len(cache) + len(missing) > 2_000_000:
            cache.clear()           # bounded: a long run sees ever new names and numbers
        for tok in missing:
            cache[tok] = int.from_bytes(
                hashlib.blake2b(tok.encode("utf-8"), digest_size=8).digest(), "little")
    return np.fromiter(map(cache.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads combined hashes over all 64 bits."""
    h = h ^ (h >> np.uint64(30))
    h = h * _M2
    h = h ^ (h >> np.uint64(27))
    h = h * _M3
    return h ^ (h >> np.uint64(31))


def shingle_hashes(tok: np.ndarray, k: int) -> np.ndarray:
    """Hashes of every run of ``k`` token hashes, in text order.

    A text shorter than ``k`` words is one shingle of all its words.
    """
    n = len(tok)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    k = min(k, n)
    with np.errstate(over="ignore"):
        h = tok[: n - k + 1].copy()
        for j in range(1, k):
            h = h * _M1 + tok[j: n - k + 1 + j]
        return _mix(h)


@lru_cache(maxsize=8)
def permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters for ``num_perm``."""
    from datasketch import MinHash
    a, b = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signatures(sets: Sequence[np.ndarray], num_perm: int) -> np.ndarray:
    """MinHash signatures of many hash sets at once, shape (len(sets), num_perm).

    Each 64-bit set element is fed to datasketch's affine32 scheme as its
    low 32 bits, exactly as ``MinHash.update`` with a hash function
    returning those bits would; an empty set gets the all-max signature.
    """
    counts = np.array([len(x) for x in sets], dtype=np.int64)
    values = np.concatenate(list(sets)) if len(sets) else np.empty(0, np.uint64)
    return _signatures_concat(values.astype(np.uint64, copy=False), counts, num_perm)


def _signatures_concat(values: np.ndarray, counts: np.ndarray, num_perm: int) -> np.ndarray:
    """``signatures`` of sets given concatenated, with each set's size.

    The permuted values are laid out one permutation per row so that the
    per-set minimum runs over contiguous memory, in blocks of about
    ``_CHUNK`` elements that stay in cache (15x faster than row-per-element).
    """
    a, b = permutations(num_perm)
    out = np.full((len(counts), num_perm), np.uint32(0xFFFFFFFF), dtype=np.uint32)
    ends = np.cumsum(counts)
    starts = ends - counts
    n = len(counts)
    first = 0
    while first < n:
        # Sets [first, last) hold about _CHUNK values (at least one set).
        last = max(first + 1, int(np.searchsorted(ends, starts[first] + _CHUNK, side="right")))
        sizes = counts[first:last]
        nonempty = np.flatnonzero(sizes)
        if len(nonempty):
            with np.errstate(over="ignore"):
                hv = _fmix32(values[starts[first]:ends[last - 1]].astype(np.uint32))
                phv = np.multiply.outer(a, hv)
                phv += b[:, None]
            offsets = (starts[first:last] - starts[first])[nonempty]
            out[first + nonempty] = np.minimum.reduceat(phv, offsets, axis=1).T
        first = last
    return out


# -------------------------------------------------------------- fingerprint
@dataclass
class Fingerprint:
    """Everything dedup needs to find and verify copies of one article."""

    id: str
    content_hash: bytes             # 16 bytes over the matching tokens
    n_tokens: int
    spun: bool                      # clean/despin flagged the copy as spun
    richness: int                   # metadata fields present (title, date, ...)
    date: str                       # ISO date or "" (canonical preference)
    shingles: np.ndarray            # uint64, sorted unique
    anchors: np.ndarray             # uint64, sorted unique
    numbers: np.ndarray             # uint64, sorted unique
    words: np.ndarray               # uint64, sorted unique
    skeleton: np.ndarray            # uint64, sorted unique: shingles of ``skeleton()``
    sig: np.ndarray                 # uint32[num_perm]
    head_sig: np.ndarray            # uint32[num_perm]
    anchor_sig: np.ndarray          # uint32[num_perm]

    _ARRAYS = ("shingles", "anchors", "numbers", "words", "skeleton", "sig", "head_sig",
               "anchor_sig")

    def to_bytes(self) -> bytes:
        """A compact, versioned byte string (an index payload)."""
        idb, dateb = self.id.encode(), self.date.encode()
        parts = [b"NTF1", struct.pack("<IIBBHH", self.n_tokens, len(self.sig), int(self.spun),
                                      self.richness, len(idb), len(dateb)),
                 self.content_hash, idb, dateb]
        for name in self._ARRAYS:
            arr = getattr(self, name)
            parts.append(struct.pack("<I", len(arr)))
            parts.append(arr.tobytes())
        return b"".join(parts)

    @classmethod
    def from_bytes(cls, data: bytes) -> "Fingerprint":
        """Inverse of ``to_bytes``; raises ``ValueError`` on a foreign payload."""
        if data[:4] != b"NTF1":
            raise ValueError("not a normtool fingerprint (or an older version)")
        n_tokens, _, spun, richness, lid, ldate = struct.unpack_from("<IIBBHH", data, 4)
        pos = 4 + struct.calcsize("<IIBBHH")
        chash = data[pos:pos + 16]
        pos += 16
        ident = data[pos:pos + lid].decode()
        pos += lid
        date = data[pos:pos + ldate].decode()
        pos += ldate
        arrays = {}
        for name in cls._ARRAYS:
            (n,) = struct.unpack_from("<I", data, pos)
            pos += 4
            dtype = np.uint32 if name.endswith("sig") else np.uint64
            size = n * np.dtype(dtype).itemsize
            arrays[name] = np.frombuffer(data, dtype=dtype, count=n, offset=pos).copy()
            pos += size
        return cls(id=ident, content_hash=chash, n_tokens=n_tokens, spun=bool(spun),
                   richness=richness, date=date, **arrays)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Fingerprint):
            return NotImplemented
        return self.to_bytes() == other.to_bytes()


def _richness(article: Article) -> int:
    return sum(1 for v in (article.title, article.date, article.dateline, article.credits,
                           article.url) if v)


def _line_key(line: str) -> bytes:
    return _norm_key(" ".join(line.casefold().split()))


def _norm_key(norm: str) -> bytes:
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest()


def boilerplate_lines(texts: Iterable[str], min_docs: int = 3, max_words: int = 15) -> set[bytes]:
    """Keys of short lines that recur in ``min_docs`` or more texts.

    Site furniture that clean did not remove (menus, newsletter plugs,
    footers) repeats across a site's pages; a story's own lines repeat
    only across its copies, and dropping a short one from every copy alike
    costs little.  ``min_docs`` 0 turns this off.
    """
    if min_docs <= 0:
        return set()
    counts: dict[bytes, int] = {}
    for text in texts:
        for key in {_line_key(line) for line in text.split("\n")
                    if line.strip() and len(line.split()) <= max_words}:
            counts[key] = counts.get(key, 0) + 1
    return {k for k, n in counts.items() if n >= min_docs}


def strip_lines(text: str, boilerplate: set[bytes], title: str | None = None,
                max_words: int = 15) -> str:
    r"""The text without boilerplate lines (and a line that is just the title).

    ``boilerplate`` holds keys of lines of at most ``max_words`` words (as
    ``boilerplate_lines`` makes them), so longer lines are not looked up.
    Falls back to the whole text when nothing would be left.

    >>> text = "Acme buys Widgets\nAcme said it would buy Widgets Inc.\nSign up now"
    >>> strip_lines(text, {_line_key("Sign up now")}, title="ACME BUYS WIDGETS")
    'Acme said it would buy Widgets Inc.'
    """
    if not boilerplate and not title:
        return text
    tnorm = " ".join(title.split()).casefold() if title else None
    twords = len(tnorm.split(" ")) if tnorm else 0
    kept, dropped = [], False
    for line in text.split("\n"):
        words = line.split()
        n = len(words)
        if n and (n == twords or boilerplate and n <= max_words):
            norm = " ".join(words).casefold()
            if norm == tnorm or (boilerplate and n <= max_words and _norm_key(norm) in boilerplate):
                dropped = True
                continue
        kept.append(line)
    if not dropped:
        return text
    out = "\n".join(kept)
    return out if out.strip() else text


def common_hashes(sets: Sequence[np.ndarray], min_docs: int) -> np.ndarray:
    """Hashes found in ``min_docs`` (at least 4% of the sets) or more sets.

    Shingles a site's furniture leaves in every page, and stock phrases,
    are in many texts; a story's own shingles only in its copies.
    """
    return _common(np.concatenate(list(sets) or [np.empty(0, np.uint64)]), len(sets), min_docs)


def _common(values: np.ndarray, n_sets: int, min_docs: int) -> np.ndarray:
    """``common_hashes`` of sets given concatenated (each set's values unique)."""
    min_docs = max(min_docs, n_sets // 25) if min_docs > 0 else 0
    if min_docs <= 0 or n_sets < min_docs:
        return np.empty(0, dtype=np.uint64)
    uniq, counts = np.unique(values, return_counts=True)
    return uniq[counts >= min_docs]


def _in_sorted(arr: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """Boolean mask: which elements of ``arr`` are in ``sorted_values``."""
    if not len(sorted_values):
        return np.zeros(len(arr), dtype=bool)
    idx = np.searchsorted(sorted_values, arr)
    idx[idx == len(sorted_values)] = 0
    return sorted_values[idx] == arr


# ----------------------------------------------------- batch array helpers
# A batch keeps each per-article array concatenated, with a count per
# article: numpy then works on the whole batch at once instead of calling
# small operations thousands of times (which cost more than the arithmetic).

def _offsets(counts: np.ndarray) -> np.ndarray:
    """Start of each article's slice in a concatenated array."""
    out = np.zeros(len(counts), dtype=np.int64)
    np.cumsum(counts[:-1], out=out[1:])
    return out


def _doc_index(counts) -> np.ndarray:
    """The article number of each element of a concatenated array."""
    return np.repeat(np.arange(len(counts)), counts)


def _unique_per_doc(values: np.ndarray, doc: np.ndarray, n_docs: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Each article's values sorted and unique (concatenated), and their counts."""
    if not len(values):
        return values[:0], np.zeros(n_docs, dtype=np.int64)
    # Sort by value, then stably by article (a radix sort on small ints):
    # three times faster than np.lexsort on 64-bit keys.
    order = np.argsort(values)
    small = np.uint16 if n_docs <= 0xFFFF else np.int64
    order = order[np.argsort(doc[order].astype(small), kind="stable")]
    v, d = values[order], doc[order]
    keep = np.empty(len(v), dtype=bool)
    keep[0] = True
    np.not_equal(v[1:], v[:-1], out=keep[1:])
    keep[1:] |= d[1:] != d[:-1]
    return v[keep], np.bincount(d[keep], minlength=n_docs)


def _keep_counts(mask: np.ndarray, doc: np.ndarray, n_docs: int) -> np.ndarray:
    return np.bincount(doc[mask], minlength=n_docs)


def _batch_shingles(tok: np.ndarray, counts: np.ndarray, k: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    """``shingle_hashes`` of every article at once: (hashes, counts).

    Hashes are in text order within each article; a text shorter than
    ``k`` words is one shingle of all its words, as in ``shingle_hashes``.
    """
    starts = _offsets(counts)
    ends = starts + counts
    total = len(tok)
    pos_parts, hash_parts = [], []
    with np.errstate(over="ignore"):
        if total >= k:
            h = tok[: total - k + 1].copy()
            for j in range(1, k):
                h = h * _M1 + tok[j: total - k + 1 + j]
            doc = _doc_index(counts)[: total - k + 1]
            valid = np.arange(total - k + 1) + k <= ends[doc]
            pos_parts.append(np.flatnonzero(valid))
            hash_parts.append(h[valid])
        for n in range(1, k):           # short texts: one shingle of all words
            short = starts[counts == n]
            if len(short):
                h = tok[short].copy()
                for j in range(1, n):
                    h = h * _M1 + tok[short + j]
                pos_parts.append(short)
                hash_parts.append(h)
    if not pos_parts:
        return np.empty(0, np.uint64), np.zeros(len(counts), dtype=np.int64)
    pos, h = np.concatenate(pos_parts), np.concatenate(hash_parts)
    if len(pos_parts) > 1:
        order = np.argsort(pos, kind="stable")
        pos, h = pos[order], h[order]
    doc = np.searchsorted(ends, pos, side="right")
    return _mix(h), np.bincount(doc, minlength=len(counts))


def _batch_pairs(tok: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of each article's consecutive token pairs (anchor bigrams): (hashes, counts)."""
    if len(tok) < 2:
        return np.empty(0, np.uint64), np.zeros(len(counts), dtype=np.int64)
    ends = _offsets(counts) + counts
    doc = _doc_index(counts)[:-1]
    valid = np.arange(len(tok) - 1) + 2 <= ends[doc]
    with np.errstate(over="ignore"):
        h = _mix(tok[:-1][valid] * _M2 + tok[1:][valid] + _M1)
    return h, np.bincount(doc[valid], minlength=len(counts))


def _split(values: np.ndarray, counts: np.ndarray) -> list[np.ndarray]:
    """Each article's slice of a concatenated array (views, no copies)."""
    bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
    return [values[i:j] for i, j in zip(bounds[:-1], bounds[1:])]


# ------------------------------------------------------------ the batch run
class _Block:
    """The per-article part of fingerprinting for a run of articles.

    Everything here depends on one article only, so blocks can be computed
    in worker processes; what depends on the whole batch (common shingles,
    signatures) is done afterwards in ``fingerprints``.
    """

    def __init__(self, articles: Sequence[Article], shingle_size: int,
                 word_files: tuple[str, ...], boilerplate: set[bytes]):
        meta, toks_all, anc_all, tok_counts, anc_counts = [], [], [], [], []
        for art in articles:
            text, spun = despun_text(art)
            text = fold(strip_lines(text, boilerplate, art.title))
            toks = _match_folded(text, word_files)
            anc = _anchors_folded(text, word_files)
            meta.append((art.id, spun, _richness(art), art.date or "",
                         hashlib.blake2b(" ".join(toks).encode("utf-8"), digest_size=16).digest()))
            toks_all += toks
            anc_all += anc
            tok_counts.append(len(toks))
            anc_counts.append(len(anc))
        n = len(meta)
        self.meta = meta
        self.tok_counts = np.array(tok_counts, dtype=np.int64)
        th = token_hashes(toks_all)
        # Numbers: tokens starting with a digit, tested once per distinct token.
        numeric = np.unique(token_hashes([t for t in set(toks_all) if t[0].isdigit()]))
        is_num = _in_sorted(th, numeric)
        del toks_all
        tdoc = _doc_index(self.tok_counts)
        # Kept until ``finish``: shingles in text order, and the numbers
        # (position, hash) -- not every token, to keep the peak memory low.
        self.num_pos = np.flatnonzero(is_num)
        self.num_hash = th[self.num_pos]
        self.sh, self.sh_counts = _batch_shingles(th, self.tok_counts, shingle_size)
        self.main, self.main_counts = _unique_per_doc(
            self.sh, _doc_index(self.sh_counts), n)
        ah = token_hashes(anc_all)
        adoc = _doc_index(anc_counts)
        ph, ph_counts = _batch_pairs(ah, np.array(anc_counts, dtype=np.int64))
        self.anchors, self.anchor_counts = _unique_per_doc(
            np.concatenate([ah, ph]), np.concatenate([adoc, _doc_index(ph_counts)]), n)
        self.words, self.word_counts = _unique_per_doc(th, tdoc, n)
        sk, sk_counts = _batch_shingles(skeleton_hashes(th, is_num), self.tok_counts,
                                        SKELETON_SHINGLE)
        self.skeleton, self.skeleton_counts = _unique_per_doc(
            sk, _doc_index(sk_counts), n)

    def __len__(self) -> int:
        return len(self.meta)

    def finish(self, common: np.ndarray, common_anchors: np.ndarray, shingle_size: int
               ) -> dict:
        """The batch-dependent arrays: story shingles, anchors, head, numbers."""
        n = len(self)
        mdoc = _doc_index(self.main_counts)
        # Story shingles: common ones dropped unless that leaves under a third.
        own = ~_in_sorted(self.main, common)
        fallback = _keep_counts(own, mdoc, n) < (1 / 3) * self.main_counts
        keep = own | fallback[mdoc]
        main, main_counts = self.main[keep], _keep_counts(keep, mdoc, n)
        # Anchors: common ones always dropped.
        adoc = _doc_index(self.anchor_counts)
        keep = ~_in_sorted(self.anchors, common_anchors)
        anchors, anchor_counts = self.anchors[keep], _keep_counts(keep, adoc, n)
        # Head: the first HEAD_SHINGLES story shingles in text order.
        sh_doc = _doc_index(self.sh_counts)
        own_sh = ~_in_sorted(self.sh, common)
        sh_fallback = _keep_counts(own_sh, sh_doc, n) < (1 / 3) * self.sh_counts
        keep = own_sh | sh_fallback[sh_doc]
        kept_doc = sh_doc[keep]
        rank = np.arange(len(kept_doc)) - _offsets(np.bincount(kept_doc, minlength=n))[kept_doc]
        head_vals = self.sh[keep][rank < HEAD_SHINGLES]
        head, head_counts = _unique_per_doc(head_vals, kept_doc[rank < HEAD_SHINGLES], n)
        # Numbers of the story's own text: covered by at least one own shingle.
        tok_off = _offsets(self.tok_counts)
        num_doc = np.searchsorted(tok_off + self.tok_counts, self.num_pos, side="right")
        numbers_mask = np.ones(len(self.num_pos), dtype=bool)
        if len(common) and len(self.sh):
            apply = _keep_counts(own_sh, sh_doc, n) * 3 >= self.sh_counts
            # A shingle starts at its article's first token plus its rank.
            sh_pos = tok_off[sh_doc] + np.arange(len(self.sh)) - _offsets(self.sh_counts)[sh_doc]
            own_at = np.zeros(int(self.tok_counts.sum()) + 1, dtype=np.int64)
            own_at[sh_pos[own_sh] + 1] = 1
            cs = np.cumsum(own_at)
            t = self.num_pos
            lo = np.maximum(t - shingle_size + 1, tok_off[num_doc])
            covered = cs[t + 1] - cs[lo] > 0
            numbers_mask = covered | ~apply[num_doc]
        numbers, number_counts = _unique_per_doc(self.num_hash[numbers_mask],
                                                 num_doc[numbers_mask], n)
        return {"main": (main, main_counts), "anchors": (anchors, anchor_counts),
                "head": (head, head_counts), "numbers": (numbers, number_counts)}


_POOL_ARGS: tuple = ()


def _block_worker(bounds: tuple[int, int]) -> _Block:
    arts, shingle_size, word_files, boilerplate = _POOL_ARGS
    return _Block(arts[bounds[0]:bounds[1]], shingle_size, word_files, boilerplate)


def _blocks(arts: list[Article], shingle_size: int, word_files: tuple[str, ...],
            boilerplate: set[bytes], jobs: int, block: int) -> list[_Block]:
    """``_Block`` per run of ``block`` articles, in worker processes when ``jobs`` > 1."""
    bounds = [(i, min(i + block, len(arts))) for i in range(0, len(arts), block)]
    if jobs <= 1 or len(bounds) < 2:
        return [_Block(arts[a:b], shingle_size, word_files, boilerplate) for a, b in bounds]
    import multiprocessing
    global _POOL_ARGS
    _POOL_ARGS = (arts, shingle_size, word_files, boilerplate)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return pool.map(_block_worker, bounds, chunksize=1)
    finally:
        _POOL_ARGS = ()


def fingerprints(articles: Iterable[Article], num_perm: int = 128, shingle_size: int = 3,
                 word_files: tuple[str, ...] = (), boilerplate: set[bytes] | None = None,
                 common_docs: int = 0, jobs: int = 1, block: int = 1024) -> list[Fingerprint]:
    """Fingerprints for a batch of articles, computed together.

    ``boilerplate``: line keys to leave out (see ``boilerplate_lines``);
    ``common_docs``: leave out shingles and anchors found in that many
    texts of the batch (0: keep all).  Articles are tokenised in blocks of
    ``block`` (in ``jobs`` worker processes); the batch-wide parts
    (common shingles, MinHash signatures) then run over all blocks.  The
    result does not depend on ``jobs`` or ``block``.
    """
    arts = list(articles)
    blocks = _blocks(arts, shingle_size, word_files, boilerplate or set(), jobs, block)
    n_docs = len(arts)
    common = _common(np.concatenate([b.main for b in blocks] or [np.empty(0, np.uint64)]),
                     n_docs, common_docs)
    common_anchors = _common(np.concatenate([b.anchors for b in blocks]
                                            or [np.empty(0, np.uint64)]), n_docs, common_docs)
    out: list[Fingerprint] = []
    for blk in blocks:
        parts = blk.finish(common, common_anchors, shingle_size)
        sigs = _signatures_concat(*parts["main"], num_perm)
        heads = _signatures_concat(*parts["head"], num_perm)
        anchor_sigs = _signatures_concat(*parts["anchors"], num_perm)
        columns = [_split(*parts["main"]), _split(*parts["anchors"]), _split(*parts["numbers"]),
                   _split(blk.words, blk.word_counts), _split(blk.skeleton, blk.skeleton_counts)]
        for i, (ident, spun, richness, date, chash) in enumerate(blk.meta):
            out.append(Fingerprint(
                id=ident, content_hash=chash, n_tokens=int(blk.tok_counts[i]), spun=spun,
                richness=richness, date=date, shingles=columns[0][i], anchors=columns[1][i],
                numbers=columns[2][i], words=columns[3][i], skeleton=columns[4][i],
                sig=sigs[i], head_sig=heads[i], anchor_sig=anchor_sigs[i]))
    return out
