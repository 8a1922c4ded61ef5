"""Benchmark corpora: the Reuters file when present, else a synthetic one.

``scaled(articles, k)`` replicates a corpus k times with variations (numbers
shifted, ids renamed, a sentence dropped) so that larger runs are not just
exact copies that a hash would catch.
"""
from __future__ import annotations

import gzip
import json
import os
import random
import re
from pathlib import Path

REUTERS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "reuters21578.jsonl.gz"
REUTERS = Path(os.environ.get("NORMTOOL_BENCH_CORPUS", REUTERS))

_WORDS = ("market company shares said government minister profit year bank oil price "
          "trade talks official week rate quarter growth export import deal board "
          "dollar billion million percent report analysts investors sales").split()


def load(limit: int | None = None) -> tuple[list[dict], str]:
    """Raw article dicts (id, text, title, date, dateline) and the corpus name."""
    if REUTERS.exists():
        rows = []
        with gzip.open(REUTERS, "rt", encoding="utf-8") as fh:
            for line in fh:
                rows.append(json.loads(line))
                if limit and len(rows) >= limit:
                    break
        return rows, f"reuters21578 ({len(rows)} stories)"
    return synthetic(limit or 5000), f"synthetic ({limit or 5000} stories)"


def synthetic(n: int, seed: int = 7) -> list[dict]:
    """Wire-like articles: hard-wrapped paragraphs, sign-off, some copies."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        if rows and rnd.random() < 0.1:
            src = rnd.choice(rows)
            rows.append(dict(src, id=f"syn-{i}"))
            continue
        paras = []
        for _ in range(rnd.randint(2, 8)):
            words = [rnd.choice(_WORDS) for _ in range(rnd.randint(20, 60))]
            words[0] = words[0].capitalize()
            text = " ".join(words) + f" {rnd.randint(1, 999)} pct."
            paras.append(re.sub(r"(.{1,68})(\s|$)", r"\1\n", text).rstrip())
        rows.append({"id": f"syn-{i}", "text": "\n    ".join(paras) + "\n Reuter\n&#3;"})
    return rows


def scaled(rows: list[dict], k: int) -> list[dict]:
    """``rows`` k times; replica r gets new ids and small textual variations."""
    out = list(rows)
    for r in range(1, k):
        for row in rows:
            text = re.sub(r"\d+", lambda m: str(int(m.group()) + r), row["text"])
            out.append(dict(row, id=f"{row['id']}~{r}", text=text))
    return out


def write_jsonl(rows: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path
