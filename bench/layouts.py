"""Layouts benchmark: clean's title, date and body on news copy laid out as the wider world does.

Run: ``.venv/bin/python -m bench.layouts [--stories N] [--renderer A|B|S|all]
[--split tune|held|all] [--show-errors K] [--write-fixture PATH]``

Reuters stories are the ground truth: the expected body is what ``clean``
makes of the Reuters record itself (title and dateline given), the expected
title is the headline we print on the copy and the expected date is the
story's date when the copy prints one.  Each story is then published as
copies in the layouts of archived and scraped news text: headline, blank
line, body; a date fused to the headline or printed under it; ``Updated`` and
``Published`` lines; bylines, credits and site furniture before, inside and
after the body; hard-wrapped at various widths or not; bulleted lists;
mojibake; Windows line ends; copies cut short or re-titled.

Independent renderers (``bench.renderers``), so that tuning on one cannot
overfit the measure: ``A``, ``B`` and ``C`` share no furniture wording,
date format, byline style or wrap width.  ``S`` is the page layout of the syndication benchmark
(``bench.syndication.render``), written for another purpose.  Stories are
split by a hash of their id into ``tune`` and ``held``.  Tuning first
looked only at renderer A on the tune split; B, S and the held split were
then measured once, and C was written before any of their errors were
read, to stay a fresh measure; D in turn was written after C's first
measure and before C's errors were read.  Errors were only ever read on
the tune split.

Scores per copy: title right (copies that print one; copies without a
headline must get none), date right (ISO, ``None`` when no date is
printed), exact body (the body's word sequence equals the expected one),
nothing missing (every expected word is in the body, as a multiset), and
lists kept (a printed list comes back one item a line in one paragraph).

Without the Reuters file the benchmark scores the small fixture in
``tests/clean/fixtures/layouts.jsonl`` instead.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

from bench.corpus import REUTERS, load
from bench.renderers import (MONTHS, RENDERERS, WORD, a_date, b_date, c_date, cut_short, d_date,
                             make_list, mojibake, render_a, render_b, render_c, render_d,
                             render_s, sentence_case, smart_quotes, title_case, words, wrap)
from normtool.article import Article
from normtool.clean import clean_article, fix_encoding

__all__ = ["FIXTURE", "MONTHS", "RENDERERS", "ROOT", "WORD", "a_date", "b_date", "c_date", "copies",
           "cut_short", "d_date", "evaluate", "expected_title", "fixture_copies", "load_fixture",
           "main", "make_list", "mojibake", "render_a", "render_b", "render_c", "render_d",
           "render_s", "score", "sentence_case", "show", "smart_quotes", "split_of", "stories",
           "title_case", "words", "wrap"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "clean" / "fixtures" / "layouts.jsonl"


# --- stories -----------------------------------------------------------------

def split_of(story_id: str) -> str:
    """``tune`` or ``held``, fixed by a hash of the id (half each)."""
    h = hashlib.blake2b(story_id.encode(), digest_size=2).digest()[0]
    return "tune" if h % 2 == 0 else "held"


def _reuters_date(value: str) -> datetime.date:
    day, mon, year = value.split()[0].split("-")
    return datetime.date(int(year), MONTHS.index(next(m for m in MONTHS if m[:3].upper() == mon)) + 1,
                         int(day))


def stories(limit_per_split: int | None = None) -> list[dict]:
    """Reuters stories fit to be news copy: a prose lede, 50+ words, a title.

    Each: id, split, title (Reuters caps, entities decoded), date (a
    ``datetime.date``), paras (the cleaned body's paragraphs).
    """
    rows, _ = load()
    out, count = [], Counter()
    for row in rows:
        if not row.get("title") or not row.get("date"):
            continue
        split = split_of(row["id"])
        if limit_per_split and count[split] >= limit_per_split:
            continue
        body = clean_article(Article.from_dict(row)).text
        paras = body.split("\n\n")
        if len(body.split()) < 50 or len(paras[0].split()) < 12 or not paras[0].endswith(('.', '"')):
            continue
        title = " ".join(fix_encoding(row["title"]).split())
        if len(title.split()) < 3:
            continue
        out.append({"id": row["id"], "split": split, "title": title,
                    "date": _reuters_date(row["date"]), "paras": paras})
        count[split] += 1
    return out


def copies(story_list: list[dict], renderer: str, per_story: int = 2) -> list[dict]:
    """Seeded copies: the same stories and renderer always give the same text."""
    out = []
    for story in story_list:
        for k in range(per_story):
            seed = int.from_bytes(hashlib.blake2b(f"{renderer}:{story['id']}:{k}".encode(),
                                                  digest_size=8).digest(), "little")
            copy = RENDERERS[renderer](story, random.Random(seed))
            copy.update(id=f"{renderer}-{story['id']}-{k}", renderer=renderer, split=story["split"])
            out.append(copy)
    return out


# --- scoring --------------------------------------------------------------------------

def expected_title(title: str | None) -> str | None:
    return " ".join(fix_encoding(title).split()) if title else None


def score(copy: dict, out: Article) -> dict:
    """Per-copy verdicts (see the module docstring)."""
    want, got = words(copy["body"]), words(out.text)
    missing = Counter(want) - Counter(got)
    result = {"title": out.title == expected_title(copy["title"]),
              "date": out.date == copy["date"],
              "body": got == want,
              "complete": not missing}
    if copy.get("list"):
        want_lists = [p for p in copy["body"].split("\n\n") if "\n" in p]
        result["list"] = all(p in out.text.split("\n\n") for p in want_lists)
    return result


def evaluate(copy_list: list[dict]) -> tuple[dict, list]:
    """Accuracy of each verdict over ``copy_list``, and the failing copies."""
    totals: Counter = Counter()
    counts: Counter = Counter()
    failures = []
    for copy in copy_list:
        out = clean_article(Article(id=copy["id"], text=copy["text"]))
        verdict = score(copy, out)
        for key, ok in verdict.items():
            counts[key] += 1
            totals[key] += ok
        if not all(verdict.values()):
            failures.append((copy, out, verdict))
    acc = {key: round(totals[key] / counts[key], 4) for key in counts}
    acc["copies"] = len(copy_list)
    return acc, failures


def show(failures: list, limit: int) -> None:
    for copy, out, verdict in failures[:limit]:
        bad = [k for k, v in verdict.items() if not v]
        print(f"--- {copy['id']} {bad}")
        print(f"  title want {expected_title(copy['title'])!r}\n        got  {out.title!r}")
        if "date" in bad:
            print(f"  date  want {copy['date']!r} got {out.date!r}")
        if "body" in bad or "complete" in bad:
            want, got = words(copy["body"]), words(out.text)
            i = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
            print(f"  body differs at word {i}: want {' '.join(want[max(0, i - 3):i + 6])!r}\n"
                  f"                         got  {' '.join(got[max(0, i - 3):i + 6])!r}")
        print("  raw: " + copy["text"][:700].replace("\r", "\\r").replace("\n", "\n       "))


def fixture_copies(story_list: list[dict], per_renderer: int = 16, lists: int = 3) -> list[dict]:
    """A small test fixture: for each of A to D, copies of the first stories
    plus a few copies that print a list."""
    rows = []
    for r in ("A", "B", "C", "D"):
        plain, listed = [], []
        for story in story_list:
            copy = copies([story], r, 1)[0]
            if copy["list"] and len(listed) < lists:
                listed.append(copy)
            elif not copy["list"] and len(plain) < per_renderer:
                plain.append(copy)
            if len(plain) == per_renderer and len(listed) == lists:
                break
        rows += plain + listed
    return rows


def load_fixture(path: Path = FIXTURE) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=600, help="stories per split")
    ap.add_argument("--renderer", default="all", choices=["A", "B", "C", "D", "S", "all"])
    ap.add_argument("--split", default="all", choices=["tune", "held", "all"])
    ap.add_argument("--show-errors", type=int, default=0, metavar="K")
    ap.add_argument("--write-fixture", metavar="PATH",
                    help="write a small fixture (tune split, renderers A to D) and stop")
    args = ap.parse_args(argv)
    t0 = time.time()
    if not REUTERS.exists():
        acc, failures = evaluate(load_fixture())
        print(f"layouts (fixture {FIXTURE.name}, no Reuters file): {acc}")
        print(json.dumps({"fixture": acc}))
        return 0
    pool = stories(args.stories)
    if args.write_fixture:
        rows = fixture_copies([s for s in pool if s["split"] == "tune"
                               and sum(len(p.split()) for p in s["paras"]) <= 250])
        with open(args.write_fixture, "w", encoding="utf-8") as fh:
            for c in rows:
                fh.write(json.dumps({k: c[k] for k in ("id", "renderer", "text", "title", "date",
                                                        "body", "list")}, ensure_ascii=False) + "\n")
        print(f"wrote {len(rows)} copies to {args.write_fixture}")
        return 0
    renderers = ["A", "B", "C", "D", "S"] if args.renderer == "all" else [args.renderer]
    splits = ["tune", "held"] if args.split == "all" else [args.split]
    print(f"layouts: {len(pool)} Reuters stories (built in {time.time() - t0:.1f}s)")
    result = {}
    for r in renderers:
        for sp in splits:
            acc, failures = evaluate(copies([s for s in pool if s["split"] == sp], r))
            result[f"{r}/{sp}"] = acc
            print(f"renderer {r}, {sp} stories: " + ", ".join(f"{k} {v}" for k, v in acc.items()))
            if args.show_errors:
                show(failures, args.show_errors)
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())