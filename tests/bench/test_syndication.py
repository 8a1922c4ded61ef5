"""bench.syndication's repair figures: what each kind of copy keeps of its
spinning, against its story's original, after ``clean``."""
from __future__ import annotations

from pathlib import Path

from bench import syndication

FIX = Path(__file__).parents[1] / "despin" / "fixtures" / "siblings"


def _page(name: str) -> str:
    title, _, body = FIX.joinpath(name).read_text(encoding="utf-8").partition("\n\n")
    return f"{title.strip()}\n\n{body.strip()}\n\nShare this article: Facebook Twitter Email"


def test_spun_copies_count_what_clean_undid_and_originals_are_counted(monkeypatch):
    docs = [{"id": "p0", "text": _page("source.txt")}, {"id": "p1", "text": _page("spun.txt")},
            {"id": "p2", "text": _page("source.txt").replace("Share this", "Read more. Share this")}]
    truth = {"p0": "o0", "p1": "o0", "p2": "o0"}
    monkeypatch.setattr(syndication, "KINDS", {"p0": "orig", "p1": "spun", "p2": "furniture"})
    rows, changed, originals = syndication.repair_figures(docs, truth, syndication.clean(docs))
    n, before, after, undone = rows["spun"]
    assert n == 1 and before >= 5 and after < before and undone == round(100 * (1 - after / before), 1)
    assert rows["furniture"][0] == 1 and rows["furniture"][2] == rows["furniture"][1]
    assert (changed, originals) == (0, 1)


def test_canonical_figures_count_who_heads_and_how_cut_copies_are_labelled(monkeypatch):
    from normtool.article import Article
    monkeypatch.setattr(syndication, "KINDS", {"a": "typos", "b": "orig", "c": "cut", "d": "orig",
                                               "e": "british", "f": "orig"})
    truth = {"a": "o0", "b": "o0", "c": "o0", "d": "o1", "e": "o2", "f": "o2"}
    records = [Article(id="a", text="", duplicates=[{"id": "b", "relation": "near"},
                                                    {"id": "c", "relation": "contained"}]),
               Article(id="d", text="", duplicates=[]),
               Article(id="e", text="", duplicates=[{"id": "f", "relation": "exact"}])]
    got = syndication.canonical_figures(records, truth)
    assert got == {"stories": 2, "full": 0, "whole": 1, "orig": 0, "cut": {"contained": 1}}
