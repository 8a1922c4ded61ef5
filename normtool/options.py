"""Frozen option objects passed down the pipeline (no globals).

Each step reads only the options object it is given, so the library is
usable from Python without Click and two runs with different options can
live in one process.
"""
from __future__ import annotations

from typing import NamedTuple

DEFAULT_MAX_BYTES = 4_000_000   # an article's text beyond this is rejected (news is < 100 kB)


class CleanOptions(NamedTuple):
    """Options for ``clean`` (and the despin step it runs by default)."""

    rules_files: tuple[str, ...] = ()       # extra boilerplate rule files
    despin: bool = True                     # detect and repair spun copy
    spin_table_files: tuple[str, ...] = ()  # extra/overriding spin tables
    spin_threshold: float | None = None     # spin_score that makes an article spun; None = default
    name_files: tuple[str, ...] = ()        # extra names (name TAB count) for restoring spun names
    siblings: bool = True                   # restore spun copies from unspun copies of their story
    sources: tuple[str, ...] = ()           # files/folders of copies from other runs: compared, never written
    detect_language: bool = True
    jobs: int = 1
    memory: int = 2**30                     # the siblings step's one-shot dedup: memory budget ...
    work_dir: str | None = None             # ... and folder (None: the system's temporary folder)
    engine: str = "local"                   # "local" (--jobs processes) or "dask"
    scheduler: str | None = None            # with "dask": a running scheduler's address


class DedupOptions(NamedTuple):
    """Options for ``dedup``.  Defaults are the measured best (docs/design.md)."""

    threshold: float = 0.5        # verified similarity to call two texts copies
    num_perm: int = 128
    shingle_size: int = 3
    bands: int | None = None      # LSH bands; None lets datasketch choose
    rows: int | None = None       # LSH rows per band
    lsh_threshold: float | None = None  # candidate threshold; None = derived
    index: str | None = None      # path or redis:// URL of a persistent index
    lock_timeout: float = 60.0
    index_timeout: float = 20.0   # seconds a Redis server may take to connect or answer
    max_age_days: float | None = None
    jobs: int = 1
    match_words: tuple[str, ...] = ()   # extra FROM<TAB>TO files for fingerprint folding
    boilerplate_docs: int = 3     # short lines in this many texts are left out of fingerprints
    common_docs: int = 40         # shingles in this many texts (and >= 4%) are left out of fingerprints
    # Articles clean has not despun are despun for matching (their records stay as given):
    despin: bool = True
    spin_table_files: tuple[str, ...] = ()
    spin_threshold: float | None = None
    name_files: tuple[str, ...] = ()
    # One-shot runs at any size (``dedup.stream``): memory budget in bytes, work folder
    # (None: the system's temporary folder), engine ("local" or "dask") and its scheduler.
    memory: int = 2**30
    work_dir: str | None = None
    engine: str = "local"
    scheduler: str | None = None


class OverlapOptions(NamedTuple):
    """Options for ``normtool overlap``."""

    min_similarity: float = 0.6     # share of the shorter paragraph's shingles
    min_words: int = 8              # shorter paragraphs are not compared
    shingle_size: int = 3
    include_duplicates: bool = False
    dedup: DedupOptions = DedupOptions()


class RunOptions(NamedTuple):
    """How a run treats bad input and reports."""

    on_error: str = "fail"        # "fail" or "skip"
    rejects: str | None = None    # file to write rejected items to
    quiet: bool = False
    max_bytes: int | None = DEFAULT_MAX_BYTES   # longer articles are rejected; None: no limit
    parts: int | None = None      # write the output as a folder of this many part files
