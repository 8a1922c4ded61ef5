"""Which copy heads a story: the cleanest full copy, not the one a length
step boundary or a furniture-laden page's richer metadata favours.

Fixture heads.jsonl: three stories as clean leaves them, each as a wire
original and republished copies (a news site's page with an author bio
left in, a saved web page, an aggregator's copy, a copy cut short, a copy
with one sentence dropped and one added).
"""
import json
from pathlib import Path

from normtool.article import Article
from normtool.dedup import dedup_articles
from normtool.dedup.batch import batch_fingerprints
from normtool.options import DedupOptions

FIX = Path(__file__).parent / "fixtures" / "heads.jsonl"
STORIES = {"chile": 5, "strike": 3, "turkey": 4}


def load(prefixes=tuple(STORIES)) -> list[Article]:
    rows = [json.loads(line) for line in FIX.read_text(encoding="utf-8").splitlines()]
    return [Article.from_dict(r) for r in rows if r["id"].startswith(prefixes)]


def heads(arts) -> dict:
    return {r.id: sorted([r.id] + [d["id"] for d in r.duplicates]) for r in dedup_articles(arts)}


def test_a_clean_full_copy_heads_not_the_page_with_furniture_or_the_edited_copy():
    """The code before ``_settle_heads`` chose chile_ledger and strike_ledger
    (an author bio left in, but a byline and a date) and turkey_edited (two
    shingles longer than the wire copy, across a length step boundary)."""
    got = heads(load())
    assert set(got) == {"chile_page", "strike_afp", "turkey_reuters"}
    for head, members in got.items():
        story = head.split("_")[0]
        assert len(members) == STORIES[story] and all(m.startswith(story) for m in members)


def test_members_and_relations_follow_the_new_head():
    recs = {r.id: r for r in dedup_articles(load())}
    dups = {d["id"]: d["relation"] for d in recs["turkey_reuters"].duplicates}
    assert dups == {"turkey_headfirst": "exact", "turkey_ledger": "exact", "turkey_edited": "near"}


def test_the_wire_copy_heads_its_edited_copy_across_a_step_boundary():
    arts = load(("turkey_reuters", "turkey_edited"))
    fps = {fp.id: fp for fp in batch_fingerprints(arts, DedupOptions())}
    # the edited copy is a step longer, though within one step of the wire copy
    assert len(fps["turkey_edited"].shingles) > len(fps["turkey_reuters"].shingles)
    assert list(heads(arts)) == ["turkey_reuters"]


def test_date_and_id_alone_never_move_a_head():
    """With metadata as rich as the wire copy's, the longer edited copy keeps
    the head the visiting order gave it."""
    arts = [a.replace(credits=["By Ece Toksabay"]) if a.id == "turkey_edited" else a
            for a in load(("turkey_reuters", "turkey_edited"))]
    assert list(heads(arts)) == ["turkey_edited"]


def test_settled_heads_are_stable_on_a_rerun():
    first = list(dedup_articles(load()))
    assert list(dedup_articles(first)) == first
