"""Fingerprints for dedup: what one article looks like to the matcher.

The fingerprint is computed from the *matching copy* of the body
(``matchtext``), never shown to the user.  Dedup takes the text it is
given: where a run needs despun text, the runner despins a copy first.
From the matching copy's tokens we keep:

* ``shingles``: hashes of every run of ``k`` words (sorted, unique, uint64),
  for exact Jaccard and containment when a candidate pair is verified;
* ``anchors``: names (capitalised words not opening a sentence) and numbers,
  alone and as consecutive pairs: what a spinner leaves alone;
* ``numbers`` and ``words`` (unigram hashes), for near-miss and spin checks;
* ``skeleton``: shingles of the text with only function words and numbers
  kept: a spinner swaps the other words, so a spun copy keeps its source's
  skeleton while a rewrite of the same facts does not;
* ``skeleton_head``: the first ``settings.MATCH.skeleton_head`` of those in
  text order (sorted unique): a spun copy cut to its opening paragraphs
  keeps its source's opening skeleton, though not the whole one;
* three MinHash signatures (``minhash``): the whole shingle set, the *head*
  (the first ``settings.MATCH.head_shingles`` shingles, which a brief or a
  cut-short copy shares with the full story) and the anchor set.

A batch is tokenised in blocks (``TokenBlock``; in worker processes with
``jobs`` > 1) whose per-article arrays stay concatenated, so the numpy work
is a few calls per block, not per article; the result does not depend on
blocks or workers.  ``Fingerprint.to_bytes()`` / ``from_bytes()`` make it an
index payload.
"""
from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Collection, Iterable, Mapping, Sequence

import numpy as np

from .. import settings
from ..article import Article
from ..workers import ordered_map
from .boilerplate import common_values, cut_key, line_key, split_lines
from .matchtext import anchors_folded, figures, fold, match_folded, stopwords
from .minhash import M1, M2, mix64, signatures_concat, token_hashes
from .origin import relayed


@dataclass
class Fingerprint:
    """Everything dedup needs to find and verify copies of one article."""

    id: str
    content_hash: bytes             # 16 bytes over the matching tokens (``content_hash``)
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
    # The story's opening: its first ``lead_shingles`` story shingles (sorted
    # unique).  Empty in payloads written before it existed ("not known").
    lead: np.ndarray = field(default_factory=lambda: np.empty(0, np.uint64))
    # Lines left out as the batch's furniture (``boilerplate.split_lines``):
    # of two full copies, the one with fewer is the cleaner canonical.  0 in
    # payloads written before it existed.
    stock: int = 0
    # Evidence that the record republishes an agency's story (``origin.relayed``:
    # 0 the agency's own page, 1 unknown, 2 another outlet's).  1 in payloads
    # written before it existed.
    relayed: int = 1
    # Each stock line as (its ``boilerplate.line_key`` as an int, the number
    # of the batch's texts it is in, its words), when the batch counted them:
    # a line whose every text is a copy of one story is that story's own,
    # not furniture (``cluster._settle_heads``).  () when not counted.
    stock_lines: tuple = ()
    # The first ``skeleton_head`` skeleton shingles (sorted unique), for the
    # skeleton-head candidate path.  Not in payloads: an index keeps the keys
    # made of it, never reads it back (empty in fingerprints read from bytes).
    skeleton_head: np.ndarray = field(default_factory=lambda: np.empty(0, np.uint64))

    _ARRAYS = ("shingles", "anchors", "numbers", "words", "skeleton", "sig", "head_sig",
               "anchor_sig")

    def to_bytes(self) -> bytes:
        """A compact, versioned byte string (an index payload)."""
        idb, dateb = self.id.encode(), self.date.encode()
        parts = [b"NTF1", struct.pack("<IIBBHH", self.n_tokens, len(self.sig), int(self.spun),
                                      self.richness, len(idb), len(dateb)),
                 self.content_hash, idb, dateb]
        for name in self._ARRAYS + ("lead",):
            arr = getattr(self, name)
            parts.append(struct.pack("<I", len(arr)))
            parts.append(arr.tobytes())
        parts.append(struct.pack("<II", self.stock, self.relayed))
        if self.stock_lines:            # (none in an index: no batch statistics)
            parts.append(struct.pack("<I", len(self.stock_lines)))
            parts += [struct.pack("<QII", *line) for line in self.stock_lines]
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
        stock, relayed, stock_lines = 0, 1, ()
        if len(data) >= pos + 4:        # the lead came later, after the other arrays
            (n,) = struct.unpack_from("<I", data, pos)
            arrays["lead"] = np.frombuffer(data, dtype=np.uint64, count=n, offset=pos + 4).copy()
            pos += 4 + n * 8
            if len(data) >= pos + 4:    # and the stock count after it
                (stock,) = struct.unpack_from("<I", data, pos)
            if len(data) >= pos + 8:    # and the relay grade after that
                (relayed,) = struct.unpack_from("<I", data, pos + 4)
            if len(data) >= pos + 12:   # and the counted stock lines, if any
                (n,) = struct.unpack_from("<I", data, pos + 8)
                stock_lines = tuple(struct.unpack_from("<QII", data, pos + 12 + 16 * i)
                                    for i in range(n))
        return cls(id=ident, content_hash=chash, n_tokens=n_tokens, spun=bool(spun),
                   richness=richness, date=date, stock=stock, relayed=relayed,
                   stock_lines=stock_lines, **arrays)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Fingerprint):
            return NotImplemented
        return self.to_bytes() == other.to_bytes()


def _counted(stock: list[str], counts: Mapping[bytes, int]) -> tuple:
    """``Fingerprint.stock_lines`` of the lines ``stock`` (() without counts).

    A last line cut short from a stock line (``boilerplate.split_lines``)
    is listed by its opening's key with 0 words: the copy is cut short.
    """
    if not counts:
        return ()
    out = []
    for line in stock:
        k = line_key(line)
        if k in counts:
            out.append((int.from_bytes(k, "little"), counts[k], len(line.split())))
            continue
        k = cut_key(" ".join(line.casefold().split()))
        if k in counts:
            out.append((int.from_bytes(k, "little"), counts[k], 0))
    return tuple(out)


def _richness(article: Article) -> int:
    return sum(1 for v in (article.title, article.date, article.dateline, article.credits,
                           article.url) if v)


# ----------------------------------------------------- batch array helpers
def in_sorted(arr: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """Boolean mask: which elements of ``arr`` are in ``sorted_values``."""
    if not len(sorted_values):
        return np.zeros(len(arr), dtype=bool)
    idx = np.searchsorted(sorted_values, arr)
    idx[idx == len(sorted_values)] = 0
    return sorted_values[idx] == arr


@lru_cache(maxsize=1)
def _skeleton_hashes() -> tuple[np.ndarray, np.uint64]:
    """Sorted token hashes of the function words, and the hash of ``"*"``."""
    return np.unique(token_hashes(sorted(stopwords()))), token_hashes(["*"])[0]


def skeleton_hashes(th: np.ndarray, is_num: np.ndarray) -> np.ndarray:
    """``token_hashes(skeleton(tokens))`` computed from the token hashes.

    >>> from normtool.dedup.matchtext import skeleton
    >>> toks = ["the", "firm", "said", "it", "sold", "12", "units"]
    >>> is_num = np.array([t[0].isdigit() for t in toks])
    >>> bool((skeleton_hashes(token_hashes(toks), is_num) == token_hashes(skeleton(toks))).all())
    True
    """
    stop_h, star = _skeleton_hashes()
    keep = is_num | in_sorted(th, stop_h) if len(th) else is_num
    return np.where(keep, th, star)


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
                h = h * M1 + tok[j: total - k + 1 + j]
            doc = _doc_index(counts)[: total - k + 1]
            valid = np.arange(total - k + 1) + k <= ends[doc]
            pos_parts.append(np.flatnonzero(valid))
            hash_parts.append(h[valid])
        for n in range(1, k):           # short texts: one shingle of all words
            short = starts[counts == n]
            if len(short):
                h = tok[short].copy()
                for j in range(1, n):
                    h = h * M1 + tok[short + j]
                pos_parts.append(short)
                hash_parts.append(h)
    if not pos_parts:
        return np.empty(0, np.uint64), np.zeros(len(counts), dtype=np.int64)
    pos, h = np.concatenate(pos_parts), np.concatenate(hash_parts)
    if len(pos_parts) > 1:
        order = np.argsort(pos, kind="stable")
        pos, h = pos[order], h[order]
    doc = np.searchsorted(ends, pos, side="right")
    return mix64(h), np.bincount(doc, minlength=len(counts))


def _batch_pairs(tok: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of each article's consecutive token pairs (anchor bigrams): (hashes, counts)."""
    if len(tok) < 2:
        return np.empty(0, np.uint64), np.zeros(len(counts), dtype=np.int64)
    ends = _offsets(counts) + counts
    doc = _doc_index(counts)[:-1]
    valid = np.arange(len(tok) - 1) + 2 <= ends[doc]
    with np.errstate(over="ignore"):
        h = mix64(tok[:-1][valid] * M2 + tok[1:][valid] + M1)
    return h, np.bincount(doc[valid], minlength=len(counts))


def _split(values: np.ndarray, counts: np.ndarray) -> list[np.ndarray]:
    """Each article's slice of a concatenated array (views, no copies)."""
    bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
    return [values[i:j] for i, j in zip(bounds[:-1], bounds[1:])]


def content_hash(tokens: Sequence[str], stock: Sequence[str] = (),
                 word_files: tuple[str, ...] = ()) -> bytes:
    """16 bytes over the story's matching tokens and the figures of its ``stock`` lines.

    Equal hashes make two texts ``exact`` copies (``verify``, ``cluster``).
    Stock lines (``boilerplate.split_lines``) are left out so that copies
    with other furniture still agree; but their figures are the text's
    own: notices built from stock lines ("Pay April 30", "Record April
    16") differ only there.  Without stock figures the hash is that of the
    tokens alone, as an index built without batch statistics stores it.
    """
    data = " ".join(tokens)
    stock_figures = figures(match_folded(fold("\n".join(stock)), word_files)) if stock else []
    if stock_figures:
        data += "\x00" + " ".join(stock_figures)
    return hashlib.blake2b(data.encode("utf-8"), digest_size=16).digest()


# ------------------------------------------------------------ the batch run
class TokenBlock:
    """The per-article part of fingerprinting for a run of articles.

    Everything here depends on one article only, so blocks can be computed
    in worker processes; what depends on the whole batch (common shingles,
    signatures) is done afterwards in ``fingerprints``.
    """

    def __init__(self, articles: Sequence[Article], shingle_size: int,
                 word_files: tuple[str, ...], boilerplate: Collection[bytes]):
        meta, toks_all, anc_all, tok_counts, anc_counts = [], [], [], [], []
        counts = boilerplate if isinstance(boilerplate, Mapping) else {}
        for art in articles:
            story, stock = split_lines(art.text, boilerplate, art.title)
            text = fold(story)
            toks = match_folded(text, word_files)
            anc = anchors_folded(text, word_files)
            meta.append((art.id, bool(art.spun), _richness(art), art.date or "",
                         content_hash(toks, stock, word_files), len(stock), relayed(art),
                         _counted(stock, counts)))
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
        is_num = in_sorted(th, numeric)
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
                                        settings.MATCH.skeleton_shingle)
        sk_doc = _doc_index(sk_counts)
        self.skeleton, self.skeleton_counts = _unique_per_doc(sk, sk_doc, n)
        # The opening's skeleton: the first skeleton_head shingles in text order.
        first = np.arange(len(sk)) - _offsets(sk_counts)[sk_doc] < settings.MATCH.skeleton_head
        self.skeleton_head, self.skeleton_head_counts = _unique_per_doc(sk[first], sk_doc[first], n)

    def __len__(self) -> int:
        return len(self.meta)

    def finish(self, common: np.ndarray, common_anchors: np.ndarray, shingle_size: int
               ) -> dict:
        """The batch-dependent arrays: story shingles, anchors, head, lead, numbers."""
        n = len(self)
        mdoc = _doc_index(self.main_counts)
        # Story shingles: common ones dropped unless that leaves under a third.
        own = ~in_sorted(self.main, common)
        fallback = _keep_counts(own, mdoc, n) < (1 / 3) * self.main_counts
        keep = own | fallback[mdoc]
        main, main_counts = self.main[keep], _keep_counts(keep, mdoc, n)
        # Anchors: common ones always dropped.
        adoc = _doc_index(self.anchor_counts)
        keep = ~in_sorted(self.anchors, common_anchors)
        anchors, anchor_counts = self.anchors[keep], _keep_counts(keep, adoc, n)
        # Head: the first head_shingles story shingles in text order.
        n_head = settings.MATCH.head_shingles
        sh_doc = _doc_index(self.sh_counts)
        own_sh = ~in_sorted(self.sh, common)
        sh_fallback = _keep_counts(own_sh, sh_doc, n) < (1 / 3) * self.sh_counts
        keep = own_sh | sh_fallback[sh_doc]
        kept_doc = sh_doc[keep]
        rank = np.arange(len(kept_doc)) - _offsets(np.bincount(kept_doc, minlength=n))[kept_doc]
        kept_sh = self.sh[keep]
        head, head_counts = _unique_per_doc(kept_sh[rank < n_head], kept_doc[rank < n_head], n)
        # Lead: the first lead_shingles of them.
        n_lead = settings.MATCH.lead_shingles
        lead = _unique_per_doc(kept_sh[rank < n_lead], kept_doc[rank < n_lead], n)
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
                "head": (head, head_counts), "numbers": (numbers, number_counts), "lead": lead}


def _make_block(task: tuple) -> "TokenBlock":
    return TokenBlock(*task)


def _blocks(arts: list[Article], shingle_size: int, word_files: tuple[str, ...],
            boilerplate: Collection[bytes], jobs: int, block: int) -> list[TokenBlock]:
    """``TokenBlock`` per run of ``block`` articles, in worker processes when ``jobs`` > 1."""
    tasks = ((arts[i:i + block], shingle_size, word_files, boilerplate)
             for i in range(0, len(arts), block))
    return list(ordered_map(_make_block, tasks, jobs if len(arts) > block else 1))


def fingerprints(articles: Iterable[Article], num_perm: int = 128, shingle_size: int = 3,
                 word_files: tuple[str, ...] = (), boilerplate: Collection[bytes] | None = None,
                 common_docs: int = 0, jobs: int = 1, block: int = 1024) -> list[Fingerprint]:
    """Fingerprints for a batch of articles, computed together.

    ``boilerplate``: line keys to leave out (see ``boilerplate_lines``; with
    their counts of texts, a mapping, the stock lines are kept as ``stock_lines``);
    ``common_docs``: leave out shingles and anchors found in that many
    texts of the batch (0: keep all).  Articles are tokenised in blocks of
    ``block`` (in ``jobs`` worker processes); the batch-wide parts
    (common shingles, MinHash signatures) then run over all blocks.  The
    result does not depend on ``jobs`` or ``block``.
    """
    arts = list(articles)
    blocks = _blocks(arts, shingle_size, word_files, boilerplate or set(), jobs, block)
    n_docs = len(arts)
    common = common_values(np.concatenate([b.main for b in blocks] or [np.empty(0, np.uint64)]),
                     n_docs, common_docs)
    common_anchors = common_values(np.concatenate([b.anchors for b in blocks]
                                            or [np.empty(0, np.uint64)]), n_docs, common_docs)
    out: list[Fingerprint] = []
    for blk in blocks:
        out += finish_block(blk, common, common_anchors, num_perm, shingle_size)
    return out


def finish_block(blk: TokenBlock, common: np.ndarray, common_anchors: np.ndarray, num_perm: int,
                 shingle_size: int) -> list[Fingerprint]:
    """The fingerprints of a block, once the batch's common hashes are known."""
    parts = blk.finish(common, common_anchors, shingle_size)
    sigs = signatures_concat(*parts["main"], num_perm)
    heads = signatures_concat(*parts["head"], num_perm)
    anchor_sigs = signatures_concat(*parts["anchors"], num_perm)
    columns = [_split(*parts["main"]), _split(*parts["anchors"]), _split(*parts["numbers"]),
               _split(blk.words, blk.word_counts), _split(blk.skeleton, blk.skeleton_counts),
               _split(*parts["lead"]), _split(blk.skeleton_head, blk.skeleton_head_counts)]
    return [Fingerprint(
        id=ident, content_hash=chash, n_tokens=int(blk.tok_counts[i]), spun=spun,
        richness=richness, date=date, shingles=columns[0][i], anchors=columns[1][i],
        numbers=columns[2][i], words=columns[3][i], skeleton=columns[4][i],
        sig=sigs[i], head_sig=heads[i], anchor_sig=anchor_sigs[i], lead=columns[5][i], stock=stock,
        relayed=grade, stock_lines=lines, skeleton_head=columns[6][i])
        for i, (ident, spun, richness, date, chash, stock, grade, lines) in enumerate(blk.meta)]


__all__ = ["Fingerprint", "TokenBlock", "content_hash", "fingerprints", "finish_block", "skeleton_hashes", "in_sorted"]
