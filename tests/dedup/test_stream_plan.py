"""Map tasks of streaming dedup: one per worker at least, whole blocks."""
from normtool.dedup.stages import BLOCK
from normtool.dedup.stream import StreamDedup
from normtool.options import DedupOptions
from normtool.workers import LocalEngine


def _bounds(n, jobs, memory=2**30):
    with StreamDedup(DedupOptions(jobs=jobs), memory, engine=LocalEngine(jobs)) as sd:
        return sd._plan(n).bounds


def test_every_worker_gets_a_map_task():
    assert _bounds(3 * BLOCK + 5, 1) == [(0, 3 * BLOCK + 5)]
    assert _bounds(3 * BLOCK + 5, 2) == [(0, 2 * BLOCK), (2 * BLOCK, 3 * BLOCK + 5)]
    assert len(_bounds(20 * BLOCK, 4)) == 4
    assert _bounds(BLOCK // 2, 2) == [(0, BLOCK // 2)]         # a block is never split


def test_a_small_budget_still_sets_smaller_tasks():
    assert len(_bounds(20 * BLOCK, 2, memory=3 * 16_000 * BLOCK)) == 20
