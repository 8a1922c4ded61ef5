"""The one worker pool keeps task order whatever the number of workers or engine."""
import json
import time
from pathlib import Path

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


ROOT = Path(__file__).resolve().parents[1]


def _syndicated() -> list[str]:
    """The dedup fixtures' syndicated copies as JSONL lines (ids made unique)."""
    lines = []
    for prefix, name in (("a", "syndicated.jsonl"), ("b", "syndication_small.jsonl")):
        for line in (ROOT / "tests" / "dedup" / "fixtures" / name).read_text().splitlines():
            rec = json.loads(line)
            rec["id"] = prefix + rec["id"]
            lines.append(json.dumps(rec))
    return lines


def _raw_corpus(tmp_path) -> Path:
    """Seeds and syndicated copies as raw records, enough for several partitions."""
    lines = []
    for p in sorted((ROOT / "seeds").iterdir()):
        lines.append(json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")}))
    lines += _syndicated()[:7]
    src = tmp_path / "raw.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


def test_clean_on_a_dask_cluster_writes_the_local_output(tmp_path, dask_scheduler, monkeypatch):
    """clean maps over partitions (chunks) on the cluster's two worker processes.

    Without despin: its model takes seconds to load in each fresh worker
    process (despin's own results are tested in tests/despin)."""
    from normtool import runner
    from normtool.options import CleanOptions
    monkeypatch.setattr(runner, "CLEAN_CHUNK", 2)        # several partitions per worker
    src = _raw_corpus(tmp_path)
    local, dist = tmp_path / "local.jsonl", tmp_path / "dask"
    runner.run_clean([str(src)], str(local), CleanOptions(despin=False))
    runner.run_clean([str(src)], str(dist), CleanOptions(despin=False, engine="dask",
                                                         scheduler=dask_scheduler),
                     runner.RunOptions(parts=3))
    parts = sorted(dist.iterdir())
    assert [p.name for p in parts] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert b"".join(p.read_bytes() for p in parts) == local.read_bytes()
    assert local.read_text().count("\n") > 9


def test_cli_dask_local_cluster_and_parts(tmp_path):
    """``dedup --engine dask --jobs 2`` starts its own cluster; same bytes, in parts."""
    import pytest
    pytest.importorskip("distributed", reason="dask is not installed: pip install 'normtool[dask]'")
    from click.testing import CliRunner
    from normtool.cli import main
    src = tmp_path / "in.jsonl"
    lines = _syndicated()
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = tmp_path / "one.jsonl"
    res = CliRunner().invoke(main, ["dedup", str(src), "-o", str(one), "-q", "--no-despin"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["dedup", str(src), "-o", str(tmp_path / "parts"), "-q",
                                    "--no-despin", "--engine", "dask", "--jobs", "2",
                                    "--parts", "2"])
    assert res.exit_code == 0, res.output
    parts = sorted((tmp_path / "parts").iterdir())
    assert len(parts) == 2 and b"".join(p.read_bytes() for p in parts) == one.read_bytes()
    assert one.read_text().count("\n") < len(lines)          # copies were merged


def test_without_a_cluster_the_error_is_one_line(tmp_path):
    from click.testing import CliRunner
    from normtool.cli import main
    res = CliRunner().invoke(main, ["dedup", "-", "--scheduler", "tcp://127.0.0.1:1"], input="")
    assert res.exit_code == 2 and "--scheduler needs --engine dask" in res.output


def test_without_dask_the_engine_says_what_to_install(monkeypatch):
    import sys
    import pytest
    from normtool.workers import EngineError, make_engine
    monkeypatch.setitem(sys.modules, "distributed", None)      # import fails as if missing
    with pytest.raises(EngineError, match=r"pip install 'normtool\[dask\]'"):
        make_engine("dask", jobs=2)


def _frozen(_):
    import gc
    return gc.get_freeze_count()


def test_workers_keep_inherited_objects_out_of_their_collections():
    """A full collection in a forked worker would walk (and copy) every inherited page."""
    assert all(n > 1000 for n in ordered_map(_frozen, [0, 1], jobs=2))
