"""Index maintenance behind ``normtool index``: stats, export, check.

Read-only: these never take the writer lock, so they can run while a
``dedup --index`` run is writing (they see the last committed state).
"""
from __future__ import annotations

import json
from typing import IO

from ..article import json_line
from . import open_index


def index_stats(location: str) -> dict:
    """Articles, clusters and size of the index at ``location``."""
    with open_index(location, create=False) as backend:
        stats = backend.stats()
        params = backend.get_meta("params")
    stats["bytes_per_article"] = round(stats["bytes"] / stats["articles"], 1) if stats[
        "articles"] else 0.0
    stats["params"] = json.loads(params) if params else None
    return stats


def export_index(location: str, fh: IO[str], payload: bool = False) -> int:
    """Write one JSONL line per indexed article (ordered by id); count them."""
    n = 0
    with open_index(location, create=False) as backend:
        for entry in backend.entries(payload=payload):
            fh.write(json_line(entry.to_dict(payload)) + "\n")
            n += 1
    return n


def check_index(location: str) -> list[str]:
    """Consistency problems of the index (empty list when sound)."""
    with open_index(location, create=False) as backend:
        return backend.check()
