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
