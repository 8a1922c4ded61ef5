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
shingle hashes combine neighbouring token hashes with numpy, and all
signatures of a batch are computed in one vectorised pass.
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
_CHUNK = 60_000             # shingles per vectorised signature block

# Tokenisation (not a rule table: the shape of a word for the matcher).
_TOKEN = re.compile(r"\d+(?:[.,/-]\d+)*|[^\W\d_]+(?:\.[^\W\d_]+)*|%")
# Words and numbers, each with the sentence-end mark (if any) just before it.
_ANCHOR_SCAN = re.compile(r"([.!?:;\"'(\n]?)[ \t]*(\d+(?:[.,/-]\d+)*|[^\W\d_][^\W_]*)")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
                         "\u00ab": '"', "\u00bb": '"', "\u2013": " ", "\u2014": " ",
                         "\u2015": " ", "\u2212": "-", "\u00a0": " ", "\u2009": " ",
                         "\u202f": " "})
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_SPACED_FIGURE = re.compile(r"(?<=\d) ?([-/]) ?(?=\d)")   # "6 - 3 / 8" -> "6-3/8"

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
    return _SPACED_FIGURE.sub(r"\1", _THOUSANDS.sub("", text.translate(_QUOTES)))


def match_tokens(text: str, extra_files: tuple[str, ...] = ()) -> list[str]:
    """The words the matcher sees: folded, case-free, spelling-unified.

    >>> match_tokens("Mr Smith's colour-TV sales rose 12 per cent to $1,500 mln.")
    ['smith', 's', 'color', 'tv', 'sales', 'rose', '12', 'percent', 'to', '1500', 'million']
    """
    one, two = word_table(extra_files)
    raw = _TOKEN.findall(fold(text).casefold())
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        tok = raw[i]
        if two and i + 1 < n and (tok, raw[i + 1]) in two:
            tok = two[(tok, raw[i + 1])]
            i += 2
        else:
            tok = one.get(tok, tok)
            i += 1
        if tok != "-":
            out.append(tok)
    return out


def anchor_tokens(text: str, extra_files: tuple[str, ...] = ()) -> list[str]:
    """Names and numbers, in order: the words a spinner leaves alone.

    A capitalised word counts unless it opens a sentence (where any word is
    capitalised and a spinner may have swapped it).

    >>> anchor_tokens("Shares rose. Acme Corp said on Friday it sold 1,200 tonnes to Boeing.")
    ['corp', 'friday', '1200', 'boeing']
    """
    one, _ = word_table(extra_files)
    text = fold(text)
    out = []
    first = True
    for mark, tok in _ANCHOR_SCAN.findall(text):
        opener = first and text[:1].isalpha() or bool(mark)
        first = False
        if tok[0].isdigit() or (not opener and not tok.islower()):
            tok = tok.casefold()
            tok = one.get(tok, tok)
            if tok != "-":
                out.append(tok)
    return out


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
    get = cache.get
    hs = [get(tok) for tok in tokens]
    if None in hs:
        for i, tok in enumerate(tokens):
            if hs[i] is None:
                h = int.from_bytes(hashlib.blake2b(tok.encode("utf-8"), digest_size=8).digest(),
                                   "little")
                if len(cache) < 2_000_000:
                    cache[tok] = h
                hs[i] = h
    return np.array(hs, dtype=np.uint64)


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


def pair_hashes(tok: np.ndarray) -> np.ndarray:
    """Hashes of consecutive pairs (anchor bigrams)."""
    if len(tok) < 2:
        return np.empty(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return _mix(tok[:-1] * _M2 + tok[1:] + _M1)


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
    a, b = permutations(num_perm)
    out = np.full((len(sets), num_perm), np.uint32(0xFFFFFFFF), dtype=np.uint32)
    start = 0
    while start < len(sets):
        stop, total = start, 0
        while stop < len(sets) and (total == 0 or total + len(sets[stop]) <= _CHUNK):
            total += len(sets[stop])
            stop += 1
        block = [s for s in sets[start:stop]]
        sizes = np.array([len(s) for s in block])
        nonempty = np.nonzero(sizes)[0]
        if len(nonempty):
            hv = np.concatenate([block[i] for i in nonempty]).astype(np.uint32)
            with np.errstate(over="ignore"):
                phv = _fmix32(hv)[:, None] * a[None, :] + b[None, :]
            offsets = np.concatenate([[0], np.cumsum(sizes[nonempty])[:-1]])
            out[start + nonempty] = np.minimum.reduceat(phv, offsets, axis=0)
        start = stop
    return out


def lean_minhash(sig: np.ndarray):
    """The datasketch ``LeanMinHash`` for a signature row."""
    from datasketch import LeanMinHash
    return LeanMinHash(seed=SEED, hashvalues=sig, scheme=SCHEME)


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
    return hashlib.blake2b(" ".join(line.casefold().split()).encode("utf-8"),
                           digest_size=8).digest()


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


def strip_lines(text: str, boilerplate: set[bytes], title: str | None = None) -> str:
    """The text without boilerplate lines (and a line that is just the title).

    Falls back to the whole text when nothing would be left.
    """
    if not boilerplate and not title:
        return text
    tkey = _line_key(title) if title else None
    kept = [line for line in text.split("\n")
            if not line.strip() or (_line_key(line) not in boilerplate and _line_key(line) != tkey)]
    out = "\n".join(kept)
    return out if out.strip() else text


def common_hashes(sets: Sequence[np.ndarray], min_docs: int) -> np.ndarray:
    """Hashes found in ``min_docs`` (at least 4% of the sets) or more sets.

    Shingles a site's furniture leaves in every page, and stock phrases,
    are in many texts; a story's own shingles only in its copies.
    """
    min_docs = max(min_docs, len(sets) // 25) if min_docs > 0 else 0
    if min_docs <= 0 or len(sets) < min_docs:
        return np.empty(0, dtype=np.uint64)
    values, counts = np.unique(np.concatenate(list(sets) or [np.empty(0, np.uint64)]),
                               return_counts=True)
    return values[counts >= min_docs]


def _in_sorted(arr: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """Boolean mask: which elements of ``arr`` are in ``sorted_values``."""
    idx = np.searchsorted(sorted_values, arr)
    idx[idx == len(sorted_values)] = 0
    return sorted_values[idx] == arr


def _without(arr: np.ndarray, common: np.ndarray, keep_order: bool = False,
             min_share: float = 1 / 3, min_kept: int = 0) -> np.ndarray:
    """``arr`` minus common hashes, unless that leaves under ``min_share`` of it
    (or under ``min_kept`` elements).

    A story copied more than ``min_docs`` times has only common shingles;
    it keeps them all (and its copies match on them as usual).
    """
    if not len(common) or not len(arr):
        return arr
    mask = ~_in_sorted(arr, common)
    kept = int(mask.sum())
    if kept < min_share * len(arr) or kept < min_kept:
        return arr
    return arr[mask]


def _story_numbers(tok: np.ndarray, is_num: np.ndarray, sh: np.ndarray, common: np.ndarray,
                   k: int) -> np.ndarray:
    """Hashes of the numbers in the story's own text.

    A number counts when at least one shingle covering it is not common,
    so figures in furniture (years in footers, "Top 10") do not.
    """
    if not is_num.any():
        return np.empty(0, dtype=np.uint64)
    if len(common) and len(sh):
        own = ~_in_sorted(sh, common)
        if own.sum() * 3 >= len(sh):     # same fallback as _without
            covered = np.convolve(own.astype(np.int32), np.ones(min(k, len(tok)), np.int32))
            is_num = is_num & (covered[:len(tok)] > 0)
    return np.unique(tok[is_num])


def fingerprints(articles: Iterable[Article], num_perm: int = 128, shingle_size: int = 3,
                 word_files: tuple[str, ...] = (), boilerplate: set[bytes] | None = None,
                 common_docs: int = 0) -> list[Fingerprint]:
    """Fingerprints for a batch of articles, signatures computed together.

    ``boilerplate``: line keys to leave out (see ``boilerplate_lines``);
    ``common_docs``: leave out shingles and anchors found in that many
    texts of the batch (0: keep all).
    """
    rows = []   # per article: the token-level arrays, no Python token lists kept
    for art in articles:
        text, spun = despun_text(art)
        text = strip_lines(text, boilerplate or set(), art.title)
        toks = match_tokens(text, word_files)
        th = token_hashes(toks)
        anc = token_hashes(anchor_tokens(text, word_files))
        rows.append({
            "art": art, "spun": spun, "th": th, "sh": shingle_hashes(th, shingle_size),
            "anchors": np.unique(np.concatenate([anc, pair_hashes(anc)])),
            "is_num": np.fromiter((t[0].isdigit() for t in toks), dtype=bool, count=len(toks)),
            "chash": hashlib.blake2b(" ".join(toks).encode("utf-8"), digest_size=16).digest(),
            "skeleton": np.unique(shingle_hashes(token_hashes(skeleton(toks)), SKELETON_SHINGLE)),
        })
    main_sets = [np.unique(r["sh"]) for r in rows]
    common = common_hashes(main_sets, common_docs)
    common_anchors = common_hashes([r["anchors"] for r in rows], common_docs)
    main_sets = [_without(s, common) for s in main_sets]
    anchor_sets = [_without(r["anchors"], common_anchors, min_share=0) for r in rows]
    head_sets = [np.unique(_without(r["sh"], common, keep_order=True)[:HEAD_SHINGLES])
                 for r in rows]
    sigs = signatures(main_sets, num_perm)
    heads = signatures(head_sets, num_perm)
    del head_sets
    anchor_sigs = signatures(anchor_sets, num_perm)
    out = []
    for i, r in enumerate(rows):
        art = r["art"]
        out.append(Fingerprint(
            id=art.id, content_hash=r["chash"], n_tokens=len(r["th"]), spun=r["spun"],
            richness=_richness(art), date=art.date or "",
            shingles=main_sets[i], anchors=anchor_sets[i],
            numbers=_story_numbers(r["th"], r["is_num"], r["sh"], common, shingle_size),
            words=np.unique(r["th"]), skeleton=r["skeleton"],
            sig=sigs[i], head_sig=heads[i], anchor_sig=anchor_sigs[i]))
        rows[i] = None
    return out
