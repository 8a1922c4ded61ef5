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
from dataclasses import dataclass, field
from typing import Callable, Sequence

from ..article import Article
from ..errors import IndexFailure
from ..index import IndexBackend, IndexConflict, IndexEntry
from ..options import DedupOptions
from .batch import thresholds
from .candidates import BatchCandidates, index_keys, lsh_params
from .cluster import Placement, cluster_id, place, report_line, story_records
from .fingerprint import Fingerprint, fingerprints
from .verify import Match

MAX_ATTEMPTS = 30          # commits retried after a concurrent writer's conflict
FINGERPRINT_CHUNK = 1024   # articles per fingerprint block (worker task with --jobs)
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


def _decode(entry: IndexEntry, location: str) -> Fingerprint:
    try:
        return Fingerprint.from_bytes(entry.payload)
    except (ValueError, IndexError, UnicodeDecodeError) as exc:
        raise IndexFailure(f"index {location}: entry {entry.id!r} has an unreadable "
                           f"fingerprint ({exc})") from None


class IndexView:
    """What the index knows about a batch's candidates (``cluster.Known``).

    Holds the entries of every indexed candidate and of their canonicals,
    read once; fingerprints are decoded on first use.
    """

    def __init__(self, backend: IndexBackend, candidates: dict[str, set[str]],
                 entries: dict[str, IndexEntry], batch_ids: set[str], keep_heads: set[str]):
        self.backend, self.entries, self.batch_ids = backend, entries, batch_ids
        self._candidates, self._keep_heads = candidates, keep_heads
        self._fps: dict[str, Fingerprint] = {}

    def candidates(self, fp: Fingerprint) -> set[str]:
        entries, batch = self.entries, self.batch_ids
        return {i for i in self._candidates[fp.id] if i in entries
                and (entries[i].canonical_id in entries or entries[i].canonical_id in batch)}

    def canonical(self, article_id: str) -> str:
        return self.entries[article_id].canonical_id

    def get(self, article_id: str) -> Fingerprint:
        if article_id not in self._fps:
            self._fps[article_id] = _decode(self.entries[article_id], self.backend.location)
        return self._fps[article_id]

    def keeps_head(self, article_id: str) -> bool:
        return article_id in self._keep_heads

    def has_text(self, fp: Fingerprint, ids) -> bool:
        chash = fp.content_hash.hex()
        return any(self.entries[i].content_hash == chash for i in ids if i in self.entries)


def decide(articles: Sequence[Article], fps: Sequence[Fingerprint], options: DedupOptions,
           backend: IndexBackend, now: float) -> IncrementalResult:
    """Decide the batch against the index and stage the index writes.

    Leaves the writes uncommitted: the caller commits (or rolls back), then
    writes the output.
    """
    counts = {"seen": 0, "changed": 0, "new_stories": 0, "copies": 0,
              "indexed_copies": 0, "expired": 0}
    _check_params(backend, options, fps)
    if options.max_age_days is not None:
        counts["expired"] = len(backend.expire(now - options.max_age_days * DAY))

    by_art = {a.id: a for a in articles}
    existing = backend.get_many(by_art)
    # Seen: indexed with this content and a known place (its canonical is
    # indexed, and how it joined is recorded); re-emitted as placed before.
    heads = backend.get_many(sorted({e.canonical_id for e in existing.values()} - set(existing)))
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

    # Candidates from the index, with the entries needed to judge them.
    params = lsh_params(options)
    keys = {fp.id: index_keys(fp, params) for fp in new}
    found = backend.query_buckets_many([keys[fp.id] for fp in new])
    index_cands = {fp.id: ids - {fp.id} for fp, ids in zip(new, found)}
    entries = backend.get_many(sorted(set().union(*index_cands.values()) if new else ()))
    missing = {e.canonical_id for e in entries.values()} - set(entries)
    entries.update(backend.get_many(sorted(missing)))
    for i in changed:   # an article's old version is not a candidate for it
        entries.pop(i, None)
    batch_ids = {fp.id for fp in new}
    keep_heads = {i for i in changed if existing[i].canonical_id == i}
    view = IndexView(backend, index_cands, entries, batch_ids, keep_heads)
    placement = place(new, thresholds(options), BatchCandidates(new, options), view)
    canonical_of = dict(placement.canonical_of)
    entries.update(heads)

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
                    keys[fp.id] if keep else ())
    return result


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
           "fingerprint_batch", "index_params"]
