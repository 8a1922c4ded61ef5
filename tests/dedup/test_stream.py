"""Streaming one-shot dedup (bounded memory) gives the in-memory result, byte for byte."""
from __future__ import annotations

import io
import json
import os
import random
from pathlib import Path

import pytest

from normtool.article import Article
from normtool.dedup import dedup_articles, report_line
from normtool.dedup.stream import StreamDedup, parse_memory
from normtool.io.read import read_inputs
from normtool.options import DedupOptions, RunOptions
from normtool.runner import matching_copies, run_dedup

ROOT = Path(__file__).resolve().parents[2]
FIX = Path(__file__).parent / "fixtures"


def corpus(seed: int = 3) -> list[Article]:
    """Syndicated copies, the seeds, a heavy spin only the skeleton path
    finds, and what a feed adds: exact copies, briefs, retitled copies, a re-run record with its own duplicates, an
    empty-ish text, integer-like ids, unrelated stories made of the same
    sentences (the shared-passage case)."""
    rnd = random.Random(seed)
    arts = list(read_inputs([str(ROOT / "seeds")]))
    for prefix, name in (("a", "syndicated.jsonl"), ("b", "syndication_small.jsonl"),
                         ("k", "skeleton.jsonl")):
        for line in (FIX / name).read_text().splitlines():
            rec = json.loads(line)
            rec["id"] = prefix + rec["id"]
            arts.append(Article.from_dict(rec))
    sentences = [s.strip() + "." for a in arts for s in a.text.split(". ") if len(s.split()) > 6]
    base = list(arts)
    for k, art in enumerate(base):
        paras = art.text.split("\n\n")
        arts.append(art.replace(id=f"exact{k}", spun=False))
        arts.append(art.replace(id=f"brief{k}", text="\n\n".join(paras[:2]), spun=False))
        if k % 3 == 0:
            arts.append(art.replace(id=str(1000 + k), title="UPDATE 1-" + (art.title or ""),
                                    spun=False))
    for k in range(150):
        text = " ".join(rnd.sample(sentences, rnd.randint(1, 4)))
        arts.append(Article(id=f"mix{k}", text=f"Company {k} said its sales rose {k} pct. " + text,
                            spun=bool(k % 2)))
    arts.append(Article(id="rerun", text=base[1].text + "\n\nMore.", spun=False,
                        duplicates=[{"id": "older", "similarity": 0.9, "relation": "near"}]))
    arts.append(Article(id="dots", text="... !!", spun=False))
    rnd.shuffle(arts)
    assert len({a.id for a in arts}) == len(arts)
    return arts


def reference(arts, options):
    """The in-memory path: records and report lines as JSON text."""
    records = list(dedup_articles(arts, options, matching=matching_copies(arts, options)))
    return ([r.to_json() for r in records],
            [json.dumps(report_line(r), ensure_ascii=False) for r in records])


@pytest.fixture(scope="module")
def arts():
    return corpus()


@pytest.fixture(scope="module")
def expected(arts):
    return reference(arts, DedupOptions())


@pytest.mark.parametrize("memory,tasks,jobs", [("256K", 40, 1), ("2M", 173, 2), ("1G", None, 1)])
def test_stream_equals_in_memory_for_any_budget(arts, expected, memory, tasks, jobs):
    opts = DedupOptions(jobs=jobs)
    with StreamDedup(opts, parse_memory(memory), task_articles=tasks) as sd:
        for a in arts:
            sd.add(a)
        sd.run()
        plan = sd.job
        got = [r.to_json() for r in sd.records()]
    assert got == expected[0]
    assert len(got) < len(arts) - 100                    # the corpus has many copies
    if memory == "256K":    # a tiny budget: many partitions, many map tasks
        assert len(plan.bounds) > 10 and plan.parts["bands"] >= 8


def test_corpus_has_a_copy_only_the_skeleton_path_finds(expected):
    """(So that the comparisons above cover the skeleton path.)"""
    records = [json.loads(r) for r in expected[0]]
    story = {m: r["id"] for r in records for m in [r["id"]] + [d["id"] for d in r["duplicates"]]}
    assert story["kyard-spun"] == story["kyard"]
    assert story["kcrude-sun"] != story["kcrude-citgo"]


def test_runner_writes_the_in_memory_records_and_report(arts, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(a.to_json() + "\n" for a in arts), encoding="utf-8")
    expected = reference(list(read_inputs([str(src)])), DedupOptions())
    out, rep = tmp_path / "out.jsonl", tmp_path / "report.jsonl"
    summary = run_dedup([str(src)], str(out), DedupOptions(memory=parse_memory("256K")),
                        RunOptions(), report=str(rep))
    assert out.read_text(encoding="utf-8").splitlines() == expected[0]
    assert rep.read_text(encoding="utf-8").splitlines() == expected[1]
    assert summary.written == len(expected[0])
    assert summary.steps["dedup"]["clusters"] == len(expected[0])


def test_work_folder_is_removed_also_on_errors(arts, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(RuntimeError):
        with StreamDedup(DedupOptions(), work_dir=str(work)) as sd:
            for a in arts[:20]:
                sd.add(a)
            raise RuntimeError("stop")
    assert os.listdir(work) == []
    out = io.StringIO()
    summary = run_dedup(["-"], None, DedupOptions(work_dir=str(work)), RunOptions(),
                        stdin=io.BytesIO(b"".join(a.to_json().encode() + b"\n" for a in arts[:30])),
                        stdout=out)
    assert summary.written == len(out.getvalue().splitlines()) and os.listdir(work) == []


def test_memory_sizes_parse():
    assert parse_memory("2G") == 2 * 2**30 and parse_memory("1.5M") == 3 * 2**19
    with pytest.raises(ValueError):
        parse_memory("lots")


def test_a_size_too_large_for_a_number_is_a_value_error_not_an_overflow():
    with pytest.raises(ValueError, match="too large"):
        parse_memory("9" * 400 + "G")


def test_dask_cluster_gives_the_local_result(arts, dask_scheduler):
    """Every stage as tasks on two Dask worker processes: the same records.

    Articles with a despin verdict only: despin's model takes seconds to load
    in each fresh worker process (the despin stage is the same task locally)."""
    from normtool.workers import DaskEngine
    judged = [a for a in arts if a.spun is not None]
    expected = reference(judged, DedupOptions())[0]
    engine = DaskEngine(scheduler=dask_scheduler)
    try:
        assert engine.jobs == 2
        with StreamDedup(DedupOptions(jobs=2), parse_memory("2M"), engine=engine,
                         task_articles=150) as sd:
            for a in judged:
                sd.add(a)
            sd.run()
            assert len(sd.job.bounds) > 1 and sd.job.parts["bands"] > 1
            got = [r.to_json() for r in sd.records()]
    finally:
        engine.close()
    assert got == expected and len(got) < len(judged) - 100


def test_no_articles_give_no_records():
    with StreamDedup(DedupOptions()) as sd:
        assert sd.run() == {"clusters": 0} and list(sd.records()) == []


def test_members_skip_sources_and_offer_them_first(tmp_path):
    """Sources are compared, never yielded; a story with one offers it
    before its own members; sources come after every article."""
    text = ("The dock workers' union said on Tuesday that its members would return to work "
            "at the country's three largest ports after a two-week strike.")
    arts = [Article(id="a", text=text), Article(id="b", text=text + " More talks are due."),
            Article(id="c", text="A short note on another matter entirely, with no copy.")]
    with StreamDedup(DedupOptions(despin=False), work_dir=str(tmp_path)) as sd:
        for art in arts:
            sd.add(art)
        sd.add(Article(id="s", text=text + " Talks."), source=True)
        with pytest.raises(ValueError):
            sd.add(Article(id="d", text="late"))
        sd.run()
        got = [(art.id, [m.id for m in members]) for art, members in sd.members()]
    assert [g[0] for g in got] == ["a", "b", "c"]
    assert got[0][1][0] == got[1][1][0] == "s"
    assert {m for g in got[:2] for m in g[1]} == {"a", "b", "s"} and got[2][1] == []


def test_members_of_a_copy_are_the_canonical_then_the_other_copies(tmp_path):
    """A copy is compared with its canonical first, then with the story's
    other copies (the canonical may be an unflagged spun copy, and the
    source one of the copies); never with itself."""
    text = ("The dock workers' union said on Tuesday that its members would return to work "
            "at the country's three largest ports after a two-week strike over pay.")
    arts = [Article(id="short", text=text),
            Article(id="long", text=text + " More talks with the port authority are due next week."),
            Article(id="mid", text=text + " More talks are due."),
            Article(id="alone", text="A short note on another matter entirely, with no copy.")]
    with StreamDedup(DedupOptions(despin=False), work_dir=str(tmp_path)) as sd:
        for art in arts:
            sd.add(art)
        sd.run()
        got = {art.id: [m.id for m in members] for art, members in sd.members()}
    assert got["long"] == ["mid", "short"]      # the canonical: its copies, best placed first
    assert got["short"] == ["long", "mid"] and got["mid"] == ["long", "short"]
    assert got["alone"] == []
