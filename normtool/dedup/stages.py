"""The stages of streaming dedup, as tasks an engine runs (``stream`` drives them).

Every task is a plain function of ``(job, index)`` that reads its input
from the work folder and writes its output there, so any engine can run
it: the local pool (``--jobs``) or a Dask cluster (``--engine dask``).
Map tasks work on a range of articles (``job.bounds``); reduce tasks on
one partition of what the map tasks wrote (``spill``).  Each stage uses the
same code as one-shot dedup in memory (``fingerprint``, ``candidates``,
``verify``, ``cluster.place``), so both give the same stories.

1. ``lines``: matching copies (despun where clean has not judged), and the
   keys of their short lines -> the boilerplate lines (``boilerplate``).
2. ``blocks``: the per-article part of fingerprints, spilled; their
   shingle and anchor hashes -> the common ones.
3. ``finish``: fingerprints (the store) and their LSH band keys, of the
   three candidate paths (whole text, head and anchors; skeleton; skeleton
   head), each key with its path.
4. ``buckets``: articles sharing a band key -> pairs (bucket cap), by path.
5. ``select``: each article's best partners (partner caps of each path),
   the paths' pairs together.
6. ``verify``: every kept pair verified -> edges.
7. (``stream``) connected components of the edges and of exact copies.
8. ``cluster``: ``cluster.place`` on each component -> canonical, similarity
   and relation of every article.
"""
from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field

import numpy as np

from .. import settings
from ..article import Article
from ..options import CleanOptions, DedupOptions
from ..settings import MatchSettings
from .boilerplate import line_keys
from .candidates import band_keys_of, bucket_pairs, capped_pairs, lsh_params, skeleton_capped, \
    skeleton_head_keys_of, skeleton_keys_of, union_pairs
from .cluster import place
from .fingerprint import TokenBlock, finish_block
from .spill import Spool, SpoolWriter, hash_partition, range_bounds, range_partition, \
    read_partition, save_array, write_partitions
from .store import FingerprintStore, write_part
from .verify import RELATIONS, preference_rank, verify

BLOCK = 1024        # articles tokenised together (as in-memory fingerprints)


@dataclass
class Job:
    """Everything a task needs to know, sent to it whole (small, picklable)."""

    work: str                        # the work folder
    n: int                           # articles
    bounds: list                     # [(lo, hi)] of the map tasks
    options: DedupOptions
    match: MatchSettings             # the settings in force when the run started
    parts: dict = field(default_factory=dict)   # stage -> partitions
    despun: list = field(default_factory=list)  # map tasks with a spool of matching copies
    boilerplate: int = 0             # docs a short line needs to be boilerplate
    common: int = 0                  # docs a shingle needs to be common

    def path(self, *names: str) -> str:
        return os.path.join(self.work, *names)

    def folder(self, *names: str) -> str:
        path = self.path(*names)
        os.makedirs(path, exist_ok=True)
        return path


def _settings(job: Job) -> None:
    """Workers of another machine (Dask) start with the defaults: use the run's."""
    settings.MATCH = job.match


def _bits(parts: int) -> int:
    return max(0, parts.bit_length() - 1)


def matching(job: Job, t: int) -> list:
    """The matching copies of map task ``t``'s articles (despun ones where needed)."""
    lo, hi = job.bounds[t]
    if t in job.despun:
        return Spool(job.path("match", f"t{t:05d}")).range(0, hi - lo)
    return Spool(job.path("records")).range(lo, hi)


# ----------------------------------------------------------------- 1 lines
def lines_task(job: Job, t: int) -> bool:
    """Despin what needs it (spool of matching copies); short-line keys by partition.

    Returns whether this task wrote a spool of matching copies.
    """
    _settings(job)
    lo, hi = job.bounds[t]
    arts = Spool(job.path("records")).range(lo, hi)
    opts = job.options
    # raw records (clean never saw them): despun for matching, a page's markup read first
    todo = [a.spun is None and not a.repairs and (opts.despin or "<" in a.text) for a in arts]
    if any(todo):
        spin = CleanOptions(spin_table_files=opts.spin_table_files,
                            spin_threshold=opts.spin_threshold,
                            name_files=opts.name_files)
        arts = [_matching_copy(a, spin, opts.despin) if d else a for a, d in zip(arts, todo)]
        out = SpoolWriter(os.path.join(job.folder("match"), f"t{t:05d}"))
        for a in arts:
            out.append(a)
        out.close()
    if job.boilerplate > 0:
        keys = [int.from_bytes(k, "little") for a in arts for k in line_keys(a.text)]
        keys = np.array(keys, dtype=np.uint64)
        write_partitions(job.folder("lines"), t, hash_partition(keys, _bits(job.parts["lines"])),
                         job.parts["lines"], {"key": keys})
    return any(todo)


def _matching_copy(a: Article, spin: CleanOptions, despin: bool) -> Article:
    """A raw record as matching reads it: a page's markup (a saved page, a
    feed item) read as clean reads it, so that tags are no words of the
    story (a German item read as English once "p", "href" and "article"
    counted), then despun."""
    from ..clean.markup import from_markup
    text, _ = from_markup(a.text)       # (text without a tag comes back as it is)
    if text != a.text:
        a = a.replace(text=text)
    if not despin:
        return a
    from ..despin import despin_article
    return despin_article(a, spin)


def lines_reduce(job: Job, p: int) -> tuple[np.ndarray, np.ndarray]:
    """Boilerplate line keys of partition ``p``, and the texts each is in."""
    keys = read_partition(job.path("lines"), p, {"key": np.uint64})["key"]
    uniq, counts = np.unique(keys, return_counts=True)
    keep = counts >= job.boilerplate
    return uniq[keep], counts[keep]


def boilerplate_set(job: Job) -> dict[bytes, int]:
    """Boilerplate line keys and their counts, as ``boilerplate.boilerplate_lines`` gives them."""
    keys = np.load(job.path("boilerplate.npy"))
    counts = np.load(job.path("boilerplate_counts.npy"))
    return {int(k).to_bytes(8, "little"): int(n) for k, n in zip(keys.tolist(), counts.tolist())}


# ---------------------------------------------------------------- 2 blocks
def blocks_task(job: Job, t: int) -> None:
    """Tokenise in blocks; spill each ``TokenBlock``; shingle and anchor hashes by partition."""
    _settings(job)
    opts = job.options
    arts = matching(job, t)
    boiler = boilerplate_set(job) if job.boilerplate > 0 else {}
    mains, anchors = [], []
    folder = job.folder("blocks")
    for b, i in enumerate(range(0, len(arts), BLOCK)):
        blk = TokenBlock(arts[i:i + BLOCK], opts.shingle_size, opts.match_words, boiler)
        with open(os.path.join(folder, f"t{t:05d}-b{b:03d}.pkl"), "wb") as fh:
            pickle.dump(blk, fh, protocol=pickle.HIGHEST_PROTOCOL)
        if job.common > 0:
            mains.append(blk.main)
            anchors.append(blk.anchors)
    if job.common > 0:
        bits, parts = _bits(job.parts["common"]), job.parts["common"]
        for name, values in (("common", mains), ("common_anchors", anchors)):
            v = np.concatenate(values) if values else np.empty(0, np.uint64)
            write_partitions(job.folder(name), t, hash_partition(v, bits), parts, {"h": v})


def common_reduce(job: Job, p: int) -> tuple[np.ndarray, np.ndarray]:
    """Common shingle and anchor hashes of partition ``p`` (sorted)."""
    out = []
    for name in ("common", "common_anchors"):
        v = read_partition(job.path(name), p, {"h": np.uint64})["h"]
        uniq, counts = np.unique(v, return_counts=True)
        out.append(uniq[counts >= job.common])
    return out[0], out[1]


# ---------------------------------------------------------------- 3 finish
def finish_task(job: Job, t: int) -> None:
    """Fingerprints of task ``t`` into the store; their band keys by partition."""
    _settings(job)
    opts = job.options
    common = np.load(job.path("common.npy"))
    common_anchors = np.load(job.path("common_anchors.npy"))
    folder = job.path("blocks")
    names = sorted(f for f in os.listdir(folder) if f.startswith(f"t{t:05d}-"))
    fps = []
    for name in names:
        with open(os.path.join(folder, name), "rb") as fh:
            blk = pickle.load(fh)
        fps += finish_block(blk, common, common_anchors, opts.num_perm, opts.shingle_size)
        os.unlink(os.path.join(folder, name))
    lo, _ = job.bounds[t]
    ranks = np.array([preference_rank(fp) for fp in fps], dtype=np.uint64)
    write_part(job.folder("fp"), t, fps, ranks)
    keys, owners = band_keys_of(fps, lsh_params(opts), first=lo)
    sk_keys, sk_owners = skeleton_keys_of(fps, first=lo)
    hd_keys, hd_owners = skeleton_head_keys_of(fps, first=lo)
    path = np.r_[np.zeros(len(keys), np.uint8), np.ones(len(sk_keys), np.uint8),
                 np.full(len(hd_keys), 2, np.uint8)]
    keys = np.concatenate([keys, sk_keys, hd_keys])
    owners = np.concatenate([owners, sk_owners, hd_owners])
    write_partitions(job.folder("bands"), t, hash_partition(keys, _bits(job.parts["bands"])),
                     job.parts["bands"], {"key": keys, "owner": owners.astype(np.uint32),
                                          "path": path})


def store(job: Job) -> FingerprintStore:
    return FingerprintStore(job.path("fp"), job.bounds)


# -------------------------------------------------------------- 4 buckets
def buckets_reduce(job: Job, p: int) -> None:
    """Pairs of the buckets of band-key partition ``p``, by range of the first article."""
    _settings(job)
    data = read_partition(job.path("bands"), p, {"key": np.uint64, "owner": np.uint32,
                                                 "path": np.uint8})
    rank = np.load(job.path("rank.npy"))
    i, j, path = [], [], []
    for k in (0, 1, 2):                   # the first path, the skeleton path, its head
        on = data["path"] == k
        pi, pj = bucket_pairs(data["key"][on], data["owner"][on].astype(np.int64), rank)
        i.append(pi)
        j.append(pj)
        path.append(np.full(len(pi), k, np.uint8))
    i, j, path = np.concatenate(i), np.concatenate(j), np.concatenate(path)
    parts = job.parts["pairs"]
    write_partitions(job.folder("pairs"), p, range_partition(i, job.n, parts), parts,
                     {"i": i.astype(np.uint32), "j": j.astype(np.uint32), "path": path})


# --------------------------------------------------------------- 5 select
def select_reduce(job: Job, q: int) -> None:
    """The kept pairs of the articles of range ``q``, by range of the smaller article."""
    _settings(job)
    data = read_partition(job.path("pairs"), q, {"i": np.uint32, "j": np.uint32,
                                                 "path": np.uint8})
    rank = np.load(job.path("rank.npy"))
    i, j, path = data["i"].astype(np.int64), data["j"].astype(np.int64), data["path"]
    first, sk, hd = path == 0, path == 1, path == 2
    a, b = union_pairs(capped_pairs(i[first], j[first], rank), skeleton_capped(i[sk], j[sk], rank),
                       skeleton_capped(i[hd], j[hd], rank))
    parts = job.parts["pairs"]
    write_partitions(job.folder("kept"), q, range_partition(a, job.n, parts), parts,
                     {"a": a.astype(np.uint32), "b": b.astype(np.uint32)})


# --------------------------------------------------------------- 6 verify
def verify_reduce(job: Job, q: int) -> int:
    """Verify the kept pairs of range ``q``; save them and the verified ones (edges)."""
    _settings(job)
    data = read_partition(job.path("kept"), q, {"a": np.uint32, "b": np.uint32})
    pair = np.unique(data["a"].astype(np.uint64) << np.uint64(32) | data["b"].astype(np.uint64))
    a = (pair >> np.uint64(32)).astype(np.int64)
    b = (pair & np.uint64(0xFFFFFFFF)).astype(np.int64)
    save_array(job.path("kept", f"q{q:04d}.npy"), np.stack([a, b]) if len(a) else
               np.empty((2, 0), np.int64))
    fps = store(job)
    th = job.match._replace(near=job.options.threshold)
    ok = np.zeros(len(a), dtype=bool)
    for lo in range(0, len(a), 4096):      # a chunk of pairs and the fingerprints it needs
        sa, sb = a[lo:lo + 4096], b[lo:lo + 4096]
        got = fps.many(np.r_[sa, sb])
        ok[lo:lo + 4096] = [verify(got[x], got[y], th) is not None
                            for x, y in zip(sa.tolist(), sb.tolist())]
    fps.close()
    save_array(job.path("kept", f"e{q:04d}.npy"), np.stack([a[ok], b[ok]]))
    return int(ok.sum())


# -------------------------------------------------------------- 8 cluster
class ComponentIndex:
    """``BatchCandidates`` for one connected component: its kept pairs only.

    Partners outside the component never verify with its members (else they
    would be inside), so leaving them out changes no decision of ``place``.
    """

    def __init__(self, ids: dict[int, str], pairs: np.ndarray):
        self.id_of = ids
        self.row = {v: k for k, v in ids.items()}
        self.partners: dict[int, list[int]] = {}
        for x, y in pairs.T.tolist():
            self.partners.setdefault(x, []).append(y)
            self.partners.setdefault(y, []).append(x)
        self.inserted: set[int] = set()

    def insert(self, fp) -> None:
        if len(fp.shingles) or len(fp.anchors):
            self.inserted.add(self.row[fp.id])

    def query(self, fp) -> set[str]:
        k = self.row[fp.id]
        found = {self.id_of[m] for m in self.partners.get(k, ()) if m in self.inserted}
        if k in self.inserted:
            found.add(fp.id)
        return found


def cluster_task(job: Job, c: int) -> dict[str, np.ndarray]:
    """``cluster.place`` on the components of group ``c``.

    Returns, for each member: its canonical, similarity, relation code
    (``RELATIONS`` index, -1 for a canonical) and place in its story's list.
    """
    _settings(job)
    art, comp = np.load(job.path("comp", f"m{c:04d}.npy"))     # sorted by component
    pairs = np.load(job.path("comp", f"p{c:04d}.npy"))          # a, b, component; sorted
    fps_store = store(job)
    th = job.match._replace(near=job.options.threshold)
    starts = np.flatnonzero(np.r_[True, comp[1:] != comp[:-1]]) if len(comp) else np.empty(0, int)
    ends = np.r_[starts[1:], len(comp)]
    out = {k: [] for k in ("article", "canonical", "similarity", "relation", "place")}
    for s, e in zip(starts.tolist(), ends.tolist()):
        ks = art[s:e].tolist()
        got = fps_store.many(ks)
        fps = [got[k] for k in ks]
        ids = {k: got[k].id for k in ks}
        lo, hi = np.searchsorted(pairs[2], [comp[s], comp[s] + 1])
        placement = place(fps, th, ComponentIndex(ids, pairs[:2, lo:hi]))
        number = {v: k for k, v in ids.items()}
        for head, matches in placement.stories.items():
            for pos, m in enumerate(matches):
                out["article"].append(number[m.id])
                out["canonical"].append(number[head])
                out["similarity"].append(m.similarity)
                out["relation"].append(RELATIONS.index(m.relation))
                out["place"].append(pos)
    fps_store.close()
    return {"article": np.array(out["article"], dtype=np.int64),
            "canonical": np.array(out["canonical"], dtype=np.int64),
            "similarity": np.array(out["similarity"], dtype=np.float64),
            "relation": np.array(out["relation"], dtype=np.int8),
            "place": np.array(out["place"], dtype=np.int32)}


__all__ = ["Job", "lines_task", "lines_reduce", "blocks_task", "common_reduce", "finish_task",
           "buckets_reduce", "select_reduce", "verify_reduce", "cluster_task", "ComponentIndex",
           "range_bounds", "BLOCK"]
