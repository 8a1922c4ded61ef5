"""bench.despin_time: the despin stage of one checkout, timed in a fresh process."""
import json
from pathlib import Path

from bench.despin_time import time_once

ROOT = Path(__file__).resolve().parents[2]


def test_one_run_despins_every_record_and_counts_the_flagged(tmp_path):
    rows = [{"id": "a", "text": "Shares rose 5 pct, the company said on Monday."},
            {"id": "b", "text": "The Related Press mentioned that colossal information and "
                                "counterfeit consciousness are the future, he mentioned."}]
    corpus = tmp_path / "clean.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    seconds, n, flagged = time_once(ROOT, corpus)
    assert n == 2 and flagged == 1 and seconds > 0
