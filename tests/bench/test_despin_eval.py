"""bench.despin_eval's "with sources" run: originals go in as despin gave them."""
from __future__ import annotations

from pathlib import Path

from bench.despin_eval import with_siblings

FIX = Path(__file__).parents[1] / "despin" / "fixtures" / "siblings"


def _story(name: str) -> dict:
    title, _, body = FIX.joinpath(name).read_text(encoding="utf-8").partition("\n\n")
    return {"id": name, "title": title.strip(),
            "text": "\n\n".join(" ".join(p.split()) for p in body.strip().split("\n\n"))}


def _misrepaired(rec: dict, old: str, new: str) -> dict:
    at = rec["text"].index(old)
    return {"text": rec["text"][:at] + new + rec["text"][at + len(old):], "title": rec["title"],
            "flagged": True, "score": 0.6,
            "repairs": [{"offset": at, "from": old, "to": new, "rule": f"context:{old}"}]}


def test_an_original_despin_changed_counts_unless_the_run_gives_it_back():
    src, spun = _story("source.txt"), _story("spun.txt")
    copy = {"text": spun["text"], "title": spun["title"], "flagged": True, "repairs": [], "score": 0.9}
    own = [_misrepaired(src, "halted", "stopped")]
    outputs, changed = with_siblings([src], [copy], own)
    assert changed == 0 and outputs[0]["text"] == src["text"]      # its copy shows it is the source
    _, changed = with_siblings([src], [dict(copy, text=_story("edited.txt")["text"])], own)
    assert changed == 1                                              # no copy of it: still changed
    _, changed = with_siblings([src], [copy])                        # taken as it is
    assert changed == 0
