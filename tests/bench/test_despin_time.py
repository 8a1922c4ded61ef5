"""bench.despin_time: the despin stage of one checkout, timed in a fresh process."""
import json
from pathlib import Path

import bench.despin_time as dt

ROOT = Path(__file__).resolve().parents[2]


def test_one_run_despins_every_record_and_counts_the_flagged(tmp_path):
    rows = [{"id": "a", "text": "Shares rose 5 pct, the company said on Monday."},
            {"id": "b", "text": "The Related Press mentioned that colossal information and "
                                "counterfeit consciousness are the future, he mentioned."}]
    corpus = tmp_path / "clean.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    seconds, n, flagged = dt.time_once(ROOT, corpus)
    assert n == 2 and flagged == 1 and seconds > 0


def test_in_turn_alternates_the_checkouts_and_gives_each_its_median(tmp_path, monkeypatch):
    """Runs go other, this, other, this ...; each checkout's median is of its own runs."""
    order, fake = [], {"a": iter([3.0, 1.0, 2.0]), "b": iter([10.0, 30.0, 20.0])}

    def once(root, corpus):
        order.append(root)
        return next(fake[root]), 2, 1
    monkeypatch.setattr(dt, "time_once", once)
    assert dt.in_turn(["a", "b"], tmp_path / "c.jsonl", 3, report=lambda line: None) == [2.0, 20.0]
    assert order == ["a", "b", "a", "b", "a", "b"]
