"""clean on 41 copies written by hand (round 29) in the layouts of channels
first tried then: newsletters, network, forum and chat posts, video pages,
mail, read-later and share apps, release, court, bulletin and print copy,
card stacks and wire copy on partner sites.  Each copy's headline, date and
exact body paragraphs were written before the rules for it; on the code
before that round 22 titles, 37 dates and 5 bodies of the 41 were right (4
copies of the 41 pass this test there)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .paras import clean

FIX = Path(__file__).resolve().parent / "fixtures"
COPIES = [json.loads(line) for line in (FIX / "channel_copies.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("copy", COPIES, ids=[c["id"] for c in COPIES])
def test_channel_copies(copy):
    out = clean(copy["text"])
    assert (out.title, out.date) == (copy["title"], copy["date"])
    assert out.text.split("\n\n") == copy["body"]
