"""Incremental dedup: a batch against everything a persistent index has seen.

``dedup --index LOCATION`` runs here.  For each article of the batch:

* **seen**: its id and content hash are already indexed (a re-run of the
  same batch).  Nothing is written to the index; it is output exactly as
  the index placed it (each entry keeps its relation and similarity to its
  canonical), so a re-run writes the same records and report as the first
  run did.
* **copy of an indexed story**: attached to the indexed canonical; listed in
  ``--report`` (``"indexed": true``), not output again.
* otherwise part of a **new story** of this batch: new canonical records are
  output with their ``duplicates``, as a one-shot ``dedup`` would.

The decisions are one-shot dedup's own: the same loop (``cluster.place``)
visits the batch best-canonical-first and matches each article against the
index's candidates and the batch's earlier ones; the index only adds what it
knows (``IndexView``).  Running a corpus as several
batches therefore gives the same stories and canonicals as one run, as long
as each story's preferred canonical does not arrive in a later batch than a
copy of it (an already published canonical is never replaced: the later,
better copy is reported as its duplicate).

Both candidate paths (``candidates``) are indexed: an entry's buckets are
its first-path band keys and, when its skeleton is long enough, its
skeleton band keys; an article's indexed candidates are the first path's
(``INDEX`` caps) and the skeleton path's (one-shot's own caps: at most
``skeleton_partners``, none sharing a single bucket), so a heavy spin of
an indexed story is found as in one run.  An index written before
skeleton keys were stored (no ``skeleton`` meta) keeps its old entries
without them: only entries added from then on are found that way.  The
skeleton head's bands (``skeleton_head`` meta) are stored and asked for the
same way, with the same caps, after the skeleton's.

Fingerprints here are per-article: the batch statistics a one-shot
``dedup`` may use (``boilerplate_docs``, ``common_docs``: lines and shingles
frequent in the batch) are not applied, because an indexed fingerprint must
mean the same whatever batch it came with.  So ``dedup --index`` matches a
one-shot run with those two options at 0, and ``--jobs`` can fingerprint in
chunks.

Order of durability: the index commits first, then the runner writes the
output files; a crash in between loses nothing, because running the batch
again writes the same output (see **seen**).  Retention (``--max-age``)
forgets whole stories whose newest copy was *added* to the index more than
that many days before the run (added time, not the article's date: dates
can be missing or wrong, and "recent" means recently seen by this feed).
"""
from __future__ import annotations

import hashlib
import json
import random
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Sequence

from ..article import Article
from ..errors import IndexFailure
from ..index import IndexBackend, IndexConflict, IndexEntry
from ..options import DedupOptions
from .. import settings
from ..settings import INDEX, IndexSettings
from .batch import thresholds
from .candidates import BatchCandidates, index_keys, index_skeleton_head_keys, index_skeleton_keys, \
    lsh_params
from .cluster import Placement, cluster_id, place, report_line, story_records
from .fingerprint import Fingerprint, fingerprints
from .matchtext import stopwords
from .verify import Match, preference_key

MAX_ATTEMPTS = 30          # commits retried after a concurrent writer's conflict
FINGERPRINT_CHUNK = 1024   # articles per fingerprint block (worker task with --jobs)
QUERY_CHUNK = 32768        # batch articles whose candidates one bucket sweep asks for
FETCH_CHUNK = 256          # batch articles whose candidates' entries are read together
FP_CACHE = 8192            # decoded index fingerprints kept (LRU) beyond the current chunk
DAY = 86400.0


@dataclass
class IncrementalResult:
    """What one batch did: output records, report lines and counters."""

    records: list[Article] = field(default_factory=list)
    report: list[dict] = field(default_factory=list)
    counts: dict = field(default_factory=dict)


# ------------------------------------------------------------ fingerprints
def fingerprint_batch(articles: Sequence[Article], options: DedupOptions) -> list[Fingerprint]:
    """Fingerprints in input order, in ``options.jobs`` processes.

    Per-article fingerprints only: no batch statistics (boilerplate lines,
    common shingles), so a fingerprint means the same in every run, and
    any number of workers gives the same list as one.
    """
    return fingerprints(articles, options.num_perm, options.shingle_size, options.match_words,
                        boilerplate=None, common_docs=0, jobs=options.jobs,
                        block=FINGERPRINT_CHUNK)


def index_params(options: DedupOptions, fmt: str = "NTF1") -> str:
    """What fingerprints and buckets in an index depend on (stored as meta).

    ``fmt`` is the fingerprint serialisation tag (first bytes of a payload).
    """
    words = []
    for path in options.match_words:
        try:
            with open(path, "rb") as fh:
                words.append(hashlib.blake2b(fh.read(), digest_size=8).hexdigest())
        except OSError:
            words.append(path)
    return json.dumps({"fingerprint": fmt, "num_perm": options.num_perm,
                       "shingle_size": options.shingle_size,
                       "lsh": [list(p) for p in lsh_params(options)],
                       "match_words": words}, sort_keys=True)


# --------------------------------------------------------------- decisions
def _check_params(backend: IndexBackend, options: DedupOptions, fps) -> None:
    fmt = fps[0].to_bytes()[:4].decode("ascii", "replace") if fps else "NTF1"
    want = index_params(options, fmt)
    have = backend.get_meta("params")
    if have is None:
        backend.set_meta("params", want)
    elif have != want:
        raise IndexFailure(f"index {backend.location} was built with other dedup settings "
                           f"({have}); this run uses {want}: use the same options or a new index")


def skeleton_params() -> str:
    """What the index's skeleton keys depend on (meta ``skeleton``).

    The words the skeleton keeps (``matchtext.stopwords``) are in it too:
    fingerprints stored with another word list have other skeletons.
    """
    th = settings.MATCH
    words = hashlib.blake2b(" ".join(sorted(stopwords())).encode(), digest_size=6).hexdigest()
    return json.dumps({"bands": th.skeleton_bands, "rows": th.skeleton_rows,
                       "min": th.skeleton_min, "shingle": th.skeleton_shingle,
                       "words": words}, sort_keys=True)


def skeleton_head_params() -> str:
    """What the index's skeleton-head keys depend on (meta ``skeleton_head``),
    besides what ``skeleton_params`` names."""
    th = settings.MATCH
    return json.dumps({"shingles": th.skeleton_head, "bands": th.skeleton_head_bands,
                       "rows": th.skeleton_head_rows, "min": th.skeleton_head_min},
                      sort_keys=True)


def _check_skeleton(backend: IndexBackend) -> None:
    for name, want in (("skeleton", skeleton_params()), ("skeleton_head", skeleton_head_params())):
        have = backend.get_meta(name)
        if have is None:        # a new index, or one written before these keys
            backend.set_meta(name, want)
        elif have != want:
            raise IndexFailure(f"index {backend.location} holds {name.replace('_', '-')} keys "
                               f"of other settings ({have}); this run uses {want}: use a new index")


def _decode(entry: IndexEntry, location: str) -> Fingerprint:
    try:
        return Fingerprint.from_bytes(entry.payload)
    except (ValueError, IndexError, UnicodeDecodeError) as exc:
        raise IndexFailure(f"index {location}: entry {entry.id!r} has an unreadable "
                           f"fingerprint ({exc})") from None


class IndexView:
    """What the index knows about a batch's candidates (``cluster.Known``), read in chunks.

    ``place`` visits the batch best-canonical-first; the view follows the
    same order.  Candidates are asked for ``QUERY_CHUNK`` articles at a time
    (one bucket join each, at most ``INDEX.candidates`` per article), and
    their entries and fingerprints for ``FETCH_CHUNK`` articles at a time,
    when ``place`` reaches them.  Decoded fingerprints stay in a bounded
    LRU (a story's canonical is wanted again and again), so memory is set
    by the chunk sizes and the caps, never by the index.
    """

    def __init__(self, backend: IndexBackend, new: Sequence[Fingerprint], keys_of,
                 changed: set[str], keep_heads: set[str], caps: IndexSettings = INDEX,
                 skeleton_of=None, opening_of=None):
        self.backend, self.location = backend, backend.location
        self.batch_ids = {fp.id for fp in new}
        self._keys_of, self._changed, self._keep_heads, self._caps = keys_of, changed, \
            keep_heads, caps
        self._skeleton_of = skeleton_of or (lambda fp: [])
        self._opening_of = opening_of or (lambda fp: [])
        self._order = sorted(new, key=preference_key)
        self._pos = {fp.id: p for p, fp in enumerate(self._order)}
        self._cands: dict[str, list[str]] = {}      # this query chunk: id -> candidate ids
        self._query_chunk, self._fetch_chunk = -1, (-1, -1)
        # id -> (canonical id, content hash, fingerprint or None), least recent first
        self._known: OrderedDict[str, tuple] = OrderedDict()
        self.fetched = 0                             # entries read (for the benchmark)

    # -- chunks -----------------------------------------------------------
    def _load(self, fp: Fingerprint) -> None:
        """Make sure ``fp``'s candidates, their canonicals and fingerprints are at hand."""
        p = self._pos[fp.id]
        q = p // QUERY_CHUNK
        start = q * QUERY_CHUNK
        c = (q, (p - start) // FETCH_CHUNK)       # fetch chunks never straddle two queries
        if c == self._fetch_chunk:
            return
        if q != self._query_chunk:
            self._query_chunk = q
            part = self._order[start:start + QUERY_CHUNK]
            found = self.backend.query_candidates([self._keys_of(f) for f in part],
                                                  self._caps.candidates, self._caps.bucket_cap,
                                                  self._caps.weak_candidates)
            # The skeleton paths (whole, head): their own caps, as in one-shot dedup.
            th = settings.MATCH
            spun: dict[str, list[str]] = {}
            for keys_of in (self._skeleton_of, self._opening_of):
                skel = [f for f in part if keys_of(f)]
                if skel:
                    for f, ids in zip(skel, self.backend.query_candidates(
                            [keys_of(f) for f in skel], th.skeleton_partners,
                            self._caps.bucket_cap, th.skeleton_weak)):
                        spun.setdefault(f.id, []).extend(ids)
            self._cands = {f.id: [i for i in dict.fromkeys(ids + spun.get(f.id, []))
                                  if i != f.id and i not in self._changed]
                           for f, ids in zip(part, found)}
        self._fetch_chunk = c
        first = start + c[1] * FETCH_CHUNK
        part = self._order[first:min(first + FETCH_CHUNK, start + QUERY_CHUNK)]
        want = {i for f in part for i in self._cands[f.id]}
        self._evict(len(want))
        self._fetch(want)
        self._fetch({self._known[i][0] for i in want if i in self._known})

    def _fetch(self, ids: set[str]) -> None:
        """Read the entries (and fingerprints) of ``ids`` not at hand; mark them recent."""
        for i in ids:
            if i in self._known:
                self._known.move_to_end(i)
        missing = sorted(i for i in ids if i not in self._known and i not in self.batch_ids)
        for start in range(0, len(missing), 500):
            got = self.backend.get_many(missing[start:start + 500])
            self.fetched += len(got)
            for i, e in got.items():
                self._known[i] = (e.canonical_id, e.content_hash,
                                  _decode(e, self.location) if e.payload else None)

    def _evict(self, room: int) -> None:
        while self._known and len(self._known) + room > FP_CACHE:
            self._known.popitem(last=False)

    def _entry(self, article_id: str) -> tuple:
        if article_id not in self._known:     # evicted meanwhile: read it again
            self._fetch({article_id})
        return self._known[article_id]

    # -- cluster.Known ------------------------------------------------------
    def candidates(self, fp: Fingerprint) -> set[str]:
        """Indexed candidates whose story is known (their canonical indexed, or in the batch)."""
        self._load(fp)
        known, batch = self._known, self.batch_ids
        return {i for i in self._cands[fp.id] if i in known
                and ((known[i][0] in known and known[i][0] not in self._changed)
                     or known[i][0] in batch)}

    def canonical(self, article_id: str) -> str:
        return self._entry(article_id)[0]

    def get(self, article_id: str) -> Fingerprint:
        fp = self._entry(article_id)[2]
        if fp is None:
            raise IndexFailure(f"index {self.location}: entry {article_id!r} has no "
                               "fingerprint")
        return fp

    def keeps_head(self, article_id: str) -> bool:
        return article_id in self._keep_heads

    def has_text(self, fp: Fingerprint, ids) -> bool:
        chash = fp.content_hash.hex()
        return any(self._known[i][1] == chash for i in ids
                   if i not in self.batch_ids and i in self._known)


def decide(articles: Sequence[Article], fps: Sequence[Fingerprint], options: DedupOptions,
           backend: IndexBackend, now: float) -> IncrementalResult:
    """Decide the batch against the index and stage the index writes.

    Leaves the writes uncommitted: the caller commits (or rolls back), then
    writes the output.
    """
    counts = {"seen": 0, "changed": 0, "new_stories": 0, "copies": 0,
              "indexed_copies": 0, "expired": 0}
    _check_params(backend, options, fps)
    _check_skeleton(backend)
    if options.max_age_days is not None:
        counts["expired"] = len(backend.expire(now - options.max_age_days * DAY))

    by_art = {a.id: a for a in articles}
    existing = backend.get_many(by_art, payload=False)
    # Seen: indexed with this content and a known place (its canonical is
    # indexed, and how it joined is recorded); re-emitted as placed before.
    heads = backend.get_many(sorted({e.canonical_id for e in existing.values()} - set(existing)),
                             payload=False)
    heads.update(existing)
    seen: dict[str, IndexEntry] = {}
    changed: set[str] = set()
    new: list[Fingerprint] = []
    redecided = 0
    for fp in fps:
        old = existing.get(fp.id)
        if old is not None and old.content_hash == fp.content_hash.hex():
            if _placed(old, heads):
                seen[fp.id] = old
                continue
            redecided += 1
        if old is not None:
            changed.add(fp.id)
        new.append(fp)
    counts["seen"], counts["changed"] = len(seen), len(changed) - redecided
    if redecided:
        counts["redecided"] = redecided

    # Place the batch; the index's candidates are read as the loop reaches them.
    params = lsh_params(options)
    batch_ids = {fp.id for fp in new}
    keep_heads = {i for i in changed if existing[i].canonical_id == i}
    th = thresholds(options)
    skeleton = dict(zip((fp.id for fp in new), index_skeleton_keys(new, params)))
    opening = dict(zip((fp.id for fp in new), index_skeleton_head_keys(new, params)))
    view = IndexView(backend, new, lambda fp: index_keys(fp, params), changed, keep_heads,
                     skeleton_of=lambda fp: skeleton[fp.id], opening_of=lambda fp: opening[fp.id])
    placement = place(new, th, BatchCandidates(new, options), view)
    canonical_of = dict(placement.canonical_of)
    # The indexed stories the batch joined (their clusters are written).
    entries = dict(heads)
    entries.update(backend.get_many(sorted(set(canonical_of.values()) - batch_ids - set(entries)),
                                    payload=False))

    # Seen articles join the placement where the index put them.
    stories = {h: list(ms) for h, ms in placement.stories.items()}
    for i, e in seen.items():
        if e.canonical_id == i:
            stories.setdefault(i, [])
        else:
            stories.setdefault(e.canonical_id, []).append(
                Match(e.canonical_id, i, e.similarity, e.relation))

    def cluster_of(head: str) -> str:
        """A canonical's cluster: as indexed, or new for a new story."""
        if head in seen or head in keep_heads:
            return existing[head].cluster
        return cluster_id(head)

    # Output: a record per story headed by a batch article, in input order.
    result = IncrementalResult(counts=counts)
    heads_here = {i for i in by_art if i in stories and (i in seen or canonical_of.get(i) == i)}
    merged = Placement(canonical_of={i: i for i in heads_here}, stories=stories)
    for rec in story_records(articles, merged, cluster_of):
        result.records.append(rec)
        result.report.append(report_line(rec))
        if rec.id in batch_ids:
            counts["new_stories"] += 1
    counts["copies"] = sum(len(placement.stories.get(h, [])) for h in heads_here)

    # Report: copies of indexed stories whose canonical is not in the batch.
    for head in sorted(h for h, ms in stories.items() if h not in heads_here and ms):
        ms = sorted(stories[head], key=lambda m: (-m.similarity, m.id))
        counts["indexed_copies"] += sum(1 for m in ms if m.id in batch_ids)
        result.report.append({
            "cluster": entries[head].cluster, "canonical": head, "indexed": True,
            "duplicates": [{"id": m.id, "relation": m.relation, "similarity": m.similarity}
                           for m in ms]})

    # Stage the index writes (committed by the caller).
    for fp in sorted(new, key=lambda f: f.id):
        head = canonical_of[fp.id]
        cluster = cluster_of(head) if head in batch_ids else entries[head].cluster
        keep = fp.id in placement.inserted
        m = placement.match_of.get(fp.id) if head != fp.id else None
        backend.put(IndexEntry(id=fp.id, content_hash=fp.content_hash.hex(), cluster=cluster,
                               canonical_id=head, date=by_art[fp.id].date, added=now,
                               payload=fp.to_bytes() if keep else b"",
                               relation=m.relation if m else "canonical",
                               similarity=m.similarity if m else 1.0),
                    stored_keys(index_keys(fp, params), skeleton[fp.id], opening[fp.id])
                    if keep else ())
    return result


def stored_keys(text: list, *others: list) -> list:
    """An entry's bucket keys: the first path's, then each other path's bands
    (skeleton, skeleton head), each in its place (``None`` where a path has none).

    >>> stored_keys([b"a", None], [None, None, b"s"])
    [b'a', None, b's']
    >>> stored_keys([b"a", None], [], [None, None, None, b"h"])
    [b'a', None, None, b'h']
    """
    out = list(text)
    for keys in others:
        for k, key in enumerate(keys):
            if key is not None:
                out += [None] * (k + 1 - len(out))
                out[k] = key
    return out


def _placed(entry: IndexEntry, known: dict[str, IndexEntry]) -> bool:
    """Does the index say where ``entry`` belongs (so a re-run can repeat it)?

    A canonical always does; a copy needs its relation (indexes written
    before relations were recorded lack it) and its canonical.
    """
    if entry.canonical_id == entry.id:
        return True
    return (entry.relation is not None and entry.similarity is not None
            and entry.canonical_id in known)


def run_incremental(articles: Sequence[Article], options: DedupOptions, backend: IndexBackend,
                    write: Callable[[IncrementalResult], None] | None = None,
                    now: float | None = None, fps: Sequence[Fingerprint] | None = None,
                    write_after_commit: bool = False) -> IncrementalResult:
    """Dedup a batch against ``backend``: decide, ``write`` the output, commit.

    ``write`` must make the output durable before it returns; it is called
    again if a concurrent writer (Redis) forces the batch to be decided
    anew, unless ``write_after_commit`` (for output that cannot be redone,
    such as standard output).
    """
    now = time.time() if now is None else now
    fps = fingerprint_batch(articles, options) if fps is None else fps
    rng = random.Random()
    with backend.lock(options.lock_timeout):
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                result = decide(articles, fps, options, backend, now)
                if write is not None and not write_after_commit:
                    write(result)
                backend.commit()
            except IndexConflict:
                backend.rollback()
                time.sleep(rng.uniform(0.01, 0.05) * min(attempt, 10))
                continue
            except BaseException:
                backend.rollback()
                raise
            result.counts["retries"] = attempt - 1
            if write is not None and write_after_commit:
                write(result)
            return result
    raise IndexFailure(f"index {backend.location}: gave up after {MAX_ATTEMPTS} conflicts "
                       "with concurrent writers")


__all__ = ["IncrementalResult", "IndexView", "decide", "run_incremental",
           "fingerprint_batch", "index_params", "skeleton_params", "stored_keys"]
