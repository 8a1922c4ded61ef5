"""Fixtures of the dedup tests.

``streamed`` dedups articles the streaming way (``StreamDedup``, a small
memory budget, a few articles a task) and gives the records as JSON, for
tests that the streaming path writes what the in-memory one does.
"""
from __future__ import annotations

import pytest

from normtool.dedup.stream import StreamDedup, parse_memory
from normtool.options import DedupOptions


@pytest.fixture
def streamed():
    def run(arts, task_articles: int = 2) -> list[str]:
        with StreamDedup(DedupOptions(), parse_memory("256K"), task_articles=task_articles) as sd:
            for a in arts:
                sd.add(a)
            sd.run()
            return [r.to_json() for r in sd.records()]
    return run
