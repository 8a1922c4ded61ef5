"""The one worker pool keeps task order whatever the number of workers."""
import time

import pytest

from normtool.workers import ordered_map


def _slow_square(n: int) -> int:
    time.sleep(0.02 * (5 - n % 5))      # later tasks finish first
    return n * n


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_back_in_task_order(jobs):
    assert list(ordered_map(_slow_square, iter(range(12)), jobs)) == [n * n for n in range(12)]


def _inverse(n: int) -> int:
    return 1 // n


def test_a_failing_task_raises_in_the_caller():
    with pytest.raises(ZeroDivisionError):
        list(ordered_map(_inverse, [2, 1, 0, 3], jobs=2))
