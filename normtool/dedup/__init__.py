"""Dedup stage: find copies of one story and keep one canonical record per story.

The data's way through it: ``matchtext`` (the words compared) ->
``fingerprint`` (hash sets and MinHash signatures; ``minhash``,
``boilerplate``) -> ``candidates`` (LSH) -> ``verify`` (is it a copy, and
how) -> ``cluster`` (the one placing loop) -> ``batch`` (one-shot runs) or
``incremental`` (runs against a persistent index).  ``overlap`` reports
passages that different stories share.
"""
from .batch import dedup_articles, timed_stages
from .cluster import cluster_id, place, report_line, story_records
from .fingerprint import Fingerprint, fingerprints
from .verify import verify

__all__ = ["dedup_articles", "timed_stages", "place", "story_records", "cluster_id", "report_line",
           "Fingerprint", "fingerprints", "verify"]
