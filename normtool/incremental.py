"""Incremental dedup: a batch against everything a persistent index has seen.

``dedup --index LOCATION`` runs here.  For each article of the batch:

* **seen**: its id and content hash are already indexed (a re-run of the
  same batch).  Not a duplicate of itself, not output, nothing written.
* **copy of an indexed story**: attached to the indexed canonical; listed in
  ``--report`` (``"indexed": true``), not output again.
* otherwise part of a **new story** of this batch: new canonical records are
  output with their ``duplicates``, as a one-shot ``dedup`` would.

The decisions are dedup's own (``cluster.assign``, ``preference_key``,
``dedup.band_keys``, ``dedup.cluster_id``): within a batch, articles are
visited best-canonical-first, and each is matched against the index's
candidates and the batch's earlier ones.  Running a corpus as several
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

Order of durability: the output (and report) files are written atomically
and fsynced *before* the index commits, so a crash in between makes the
re-run output the batch again rather than lose it.  Retention (``--max-age``)
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
from typing import IO, Callable, Sequence

from .article import Article
from .cluster import Match, assign, preference_key
from .dedup import BatchCandidates, band_keys, cluster_id, lsh_params, report_line, thresholds
from .errors import IndexFailure
from .fingerprint import Fingerprint, fingerprints
from .index import IndexBackend, IndexConflict, IndexEntry, open_index
from .options import DedupOptions

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


def index_keys(fp: Fingerprint, params) -> list[bytes | None]:
    """Band keys for the index; ``None`` for a signature of an empty set.

    As in ``BatchCandidates``: the whole-text and head signatures are used
    when the text has shingles, the anchor signature when it has anchors.
    """
    keys: list[bytes | None] = list(band_keys(fp, params))
    start = 0
    for (b, _), arr in zip(params, (fp.shingles, fp.shingles, fp.anchors)):
        if not len(arr):
            keys[start:start + b] = [None] * b
        start += b
    return keys


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


def decide(articles: Sequence[Article], fps: Sequence[Fingerprint], options: DedupOptions,
           backend: IndexBackend, now: float) -> IncrementalResult:
    """Decide the batch against the index and stage the index writes.

    Leaves the writes uncommitted: the caller makes the output durable,
    then commits (or rolls back).
    """
    counts = {"seen": 0, "changed": 0, "new_stories": 0, "copies": 0,
              "indexed_copies": 0, "expired": 0}
    _check_params(backend, options, fps)
    if options.max_age_days is not None:
        counts["expired"] = len(backend.expire(now - options.max_age_days * DAY))

    by_art = {a.id: a for a in articles}
    existing = backend.get_many(by_art)
    seen: dict[str, IndexEntry] = {}
    changed: set[str] = set()
    new: list[Fingerprint] = []
    for fp in fps:
        old = existing.get(fp.id)
        if old is not None and old.content_hash == fp.content_hash.hex():
            seen[fp.id] = old
        else:
            if old is not None:
                changed.add(fp.id)
            new.append(fp)
    counts["seen"], counts["changed"] = len(seen), len(changed)

    # Candidates from the index, with the entries needed to judge them.
    params = lsh_params(options)
    keys = {fp.id: index_keys(fp, params) for fp in new}
    found = backend.query_buckets_many([keys[fp.id] for fp in new])
    index_cands = {fp.id: ids - {fp.id} for fp, ids in zip(new, found)}
    entries = backend.get_many(sorted(set().union(*index_cands.values()) if new else ()))
    heads = {e.canonical_id for e in entries.values()} - set(entries)
    entries.update(backend.get_many(sorted(heads)))
    for i in changed:   # an article's old version is not a candidate for it
        entries.pop(i, None)
    index_fps: dict[str, Fingerprint] = {}

    batch_fps = {fp.id: fp for fp in new}
    canonical_of: dict[str, str] = {}

    def canon(i: str) -> str:
        return canonical_of[i] if i in canonical_of else entries[i].canonical_id

    def get(i: str) -> Fingerprint:
        if i in batch_fps:
            return batch_fps[i]
        if i not in index_fps:
            index_fps[i] = _decode(entries[i], backend.location)
        return index_fps[i]

    # The batch, best-canonical-first, exactly as dedup.group visits it.
    th = thresholds(options)
    lsh = BatchCandidates(new, options)
    by_hash: dict[bytes, str] = {}
    match_of: dict[str, Match] = {}
    inserted: set[str] = set()
    for fp in sorted(new, key=preference_key):
        first = by_hash.get(fp.content_hash) if len(fp.shingles) else None
        old = existing.get(fp.id)
        if fp.id in changed and old.canonical_id == fp.id:
            m = None    # an updated canonical keeps heading its story
        elif first is not None:
            prior = match_of.get(first)
            m = (Match(first, fp.id, 1.0, "exact") if prior is None
                 else Match(prior.canonical, fp.id, prior.similarity, prior.relation))
        else:
            ids = {i for i in lsh.query(fp) if i in canonical_of}
            ids |= {i for i in index_cands[fp.id] if i in entries
                    and (entries[i].canonical_id in entries
                         or entries[i].canonical_id in batch_fps)}
            m = assign(fp, [get(i) for i in sorted(ids)], canon, get, th)
            if len(fp.shingles) and any(entries[i].content_hash == fp.content_hash.hex()
                                        for i in ids if i in entries):
                first = ""   # same text as an indexed article: no buckets of its own
        canonical_of[fp.id] = fp.id if m is None else m.canonical
        if m is not None:
            match_of[fp.id] = m
        if first is None:
            lsh.insert(fp)
            inserted.add(fp.id)
        if fp.content_hash not in by_hash:
            by_hash[fp.content_hash] = fp.id

    # Output: new stories, in input order, like dedup_articles.
    result = IncrementalResult(counts=counts)
    members: dict[str, list[Match]] = {}
    for i, m in match_of.items():
        members.setdefault(m.canonical, []).append(m)
    for art in articles:
        if art.id not in batch_fps or canonical_of[art.id] != art.id:
            continue
        dups = [d for d in (art.duplicates or []) if isinstance(d, dict) and "id" in d]
        for m in members.get(art.id, []):
            dups.append({"id": m.id, "similarity": m.similarity, "relation": m.relation})
            dups.extend(d for d in (by_art[m.id].duplicates or [])
                        if isinstance(d, dict) and "id" in d)
        dups.sort(key=lambda d: (-d["similarity"], d["id"]))
        old = existing.get(art.id)
        cluster = old.cluster if art.id in changed and old.canonical_id == art.id \
            else cluster_id(art.id)
        rec = art.replace(cluster=cluster, duplicates=dups)
        result.records.append(rec)
        result.report.append(report_line(rec))
        counts["new_stories"] += 1
        counts["copies"] += len(members.get(art.id, []))

    # Report: copies of indexed stories, then seen articles.
    for head in sorted(h for h in members if h not in batch_fps):
        ms = sorted(members[head], key=lambda m: (-m.similarity, m.id))
        counts["indexed_copies"] += len(ms)
        result.report.append({
            "cluster": entries[head].cluster, "canonical": head, "indexed": True,
            "duplicates": [{"id": m.id, "relation": m.relation, "similarity": m.similarity}
                           for m in ms]})
    for i in sorted(seen):
        result.report.append({"id": i, "seen": True, "cluster": seen[i].cluster,
                              "canonical": seen[i].canonical_id})

    # Stage the index writes (committed by the caller).
    for fp in sorted(new, key=lambda f: f.id):
        head = canonical_of[fp.id]
        if head in batch_fps:
            old = existing.get(head)
            cluster = old.cluster if head in changed and old.canonical_id == head \
                else cluster_id(head)
        else:
            cluster = entries[head].cluster
        keep = fp.id in inserted
        backend.put(IndexEntry(id=fp.id, content_hash=fp.content_hash.hex(), cluster=cluster,
                               canonical_id=head, date=by_art[fp.id].date, added=now,
                               payload=fp.to_bytes() if keep else b""),
                    keys[fp.id] if keep else ())
    return result


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


def dedup_with_index(articles: Sequence[Article], options: DedupOptions, output: str | None,
                     stdout: IO[str] | None = None, report: str | None = None,
                     now: float | None = None) -> IncrementalResult:
    """``dedup --index``: fingerprint, open the index, run, write files, commit."""
    from .write import AtomicOutput, write_jsonl

    def write(result: IncrementalResult) -> None:
        with AtomicOutput(output, stdout) as fh:
            write_jsonl(result.records, fh)
        if report:
            with AtomicOutput(report) as fh:
                for line in result.report:
                    fh.write(json.dumps(line, ensure_ascii=False) + "\n")

    fps = fingerprint_batch(articles, options)
    backend = open_index(options.index)
    try:
        to_stdout = output in (None, "-")
        return run_incremental(articles, options, backend, write, now, fps,
                               write_after_commit=to_stdout and backend.kind == "redis")
    finally:
        backend.close()


__all__ = ["IncrementalResult", "decide", "run_incremental", "dedup_with_index",
           "fingerprint_batch", "index_keys", "index_params"]
