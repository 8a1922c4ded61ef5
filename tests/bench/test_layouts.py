"""bench.layouts without the Reuters file scores the fixture kept in tests/."""
from __future__ import annotations

from bench import layouts


def test_the_benchmarks_fixture_is_where_it_looks_and_scores():
    rows = layouts.load_fixture()
    assert layouts.FIXTURE.is_file() and len(rows) >= 50
    acc, _ = layouts.evaluate(rows)
    assert acc["copies"] == len(rows)
    assert acc["title"] >= 0.95 and acc["date"] >= 0.95
