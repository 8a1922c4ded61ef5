"""A heavily spun copy that kept every name and figure joins its story.

A spinner at 45% of the longer words, function words and phrases among them
("be that as it may" for "that"), leaves a third of the text exactly and,
despun, two thirds of the words and skeleton: every way of ``spun_match``
turned it away (syndication benchmark: one story at seed 21, one at 34,
two at 5).  Its names and figures are all kept: the ``names_*`` way.
Different stories naming as much share whole sentences (half the text or
more), or have figures of their own.
"""
import re

from normtool.article import Article
from normtool.dedup import dedup_articles
from normtool.dedup.batch import batch_fingerprints
from normtool.dedup.verify import scores, verify
from normtool.options import DedupOptions

ORIGINAL = "\n\n".join((
    "Pennzoil Co Chairman J. Hugh Liedtke told a meeting of securities analysts in Houston that "
    "the company will consider any realistic settlement offer in its 11.0 billion dlr litigation "
    "with Texaco Inc, which Pennzoil won before a Texas jury in Houston in November 1985.",
    "Liedtke said Pennzoil had made a number of settlement offers to Texaco both before the "
    "litigation began and after, but the offers were repeatedly rejected, and he said Texaco "
    "had made no realistic offers of its own since the Texas court of appeals ruled in February.",
    "The Texas court of appeals upheld the claim of Pennzoil against Texaco, ruling that Texaco "
    "unlawfully interfered with the merger agreement of Pennzoil with Getty Oil Co, which Texaco "
    "later acquired for about 10.1 billion dlrs in January 1984.",
    "Liedtke also said the company would not settle for less than two billion dlrs, a figure "
    "suggested by a number of Wall Street analysts, and that Pennzoil would entertain any "
    "proposal from Texaco, including a preferred stock position in Texaco.",
    "Last year Pennzoil earned 1.28 dlrs a share from continuing operations, or 68.5 mln dlrs, "
    "on revenues of 1.9 billion dlrs, before an extraordinary loss of 56 cts a share.",
))

# The same facts, names and figures in other sentences (another agency's story).
REWRITE = "\n\n".join((
    "Texaco Inc could still settle its 11.0 billion dlr dispute with Pennzoil Co, whose chairman "
    "J. Hugh Liedtke told analysts in Houston he would weigh any realistic offer, although he "
    "saw little hope of one after the Texas jury verdict in Houston in November 1985.",
    "Offers had gone back and forth before and after the case began, Liedtke said, and Texaco "
    "rejected each; since the Texas court of appeals ruled in February none had come.",
    "At issue is the Getty Oil Co merger agreement: Texaco, which bought Getty for about 10.1 "
    "billion dlrs in January 1984, interfered with it unlawfully, the Texas court of appeals found.",
    "Wall Street analysts have suggested two billion dlrs as a figure; Pennzoil will not take "
    "less, Liedtke said, though a preferred stock position in Texaco could form part of a deal.",
    "Pennzoil earned 1.28 dlrs a share from continuing operations last year, 68.5 mln dlrs on "
    "revenues of 1.9 billion dlrs, before an extraordinary loss of 56 cts a share.",
))

STAND_INS = ["population", "college", "research", "patient", "window", "building", "doctor",
             "relationship", "source", "music", "project", "garden", "engine", "ticket",
             "village", "pencil", "blanket", "harbor", "lantern", "meadow", "orchard", "saddle"]
PHRASES = {"that": "be that as it may", "with": "in light of", "which": "the girl guy",
           "but": "in any case"}


def heavy_spin(text: str) -> str:
    """Two in five longer words swapped for stand-ins, some function words for phrases."""
    n = 0

    def swap(m):
        nonlocal n
        w = m.group(0)
        if w in PHRASES:
            return PHRASES[w]
        if w[0].isupper() or len(w) < 4:
            return w
        n += 1
        return STAND_INS[n % len(STAND_INS)] if n % 5 in (1, 3) else w
    return re.sub(r"[A-Za-z]+", swap, text)


def fps(*pairs):
    arts = [Article(id=i, text=t) for i, t in pairs]
    return batch_fingerprints(arts, DedupOptions())


def test_a_heavy_spin_with_every_name_kept_verifies():
    """The old code refused it: a third of the text, skeleton 0.73, words 0.78."""
    a, s = fps(("a", ORIGINAL), ("s", heavy_spin(ORIGINAL)))
    sc = scores(a, s)
    assert 0.3 <= sc["containment"] < 0.4 and sc["skeleton"] < 0.75 and sc["anchors"] == 1.0
    m = verify(a, s)
    assert m is not None and m.relation == "spun"


def test_the_original_leads_its_longer_heavy_spin():
    """The spun copy is longer (phrases for words) and comes first in the
    visiting order; the original's copies agree with each other, not with it."""
    arts = [Article(id=i, text=ORIGINAL) for i in ("a", "b", "c")]
    arts.append(Article(id="s", text=heavy_spin(ORIGINAL)))
    got = {r.id: sorted(d["id"] for d in r.duplicates) for r in dedup_articles(arts)}
    assert got == {"a": ["b", "c", "s"]}


def test_a_rewrite_of_the_same_facts_stays_apart():
    """Every name and figure shared, sentences of its own: not a copy."""
    a, b = fps(("a", ORIGINAL), ("b", REWRITE))
    assert scores(a, b)["anchors"] >= 0.7
    assert verify(a, b) is None


def test_a_heavy_spin_with_a_figure_of_its_own_stays_apart():
    """The same story on another day (a figure changed) is another story,
    spun or not: a spinner never changes a figure."""
    other = ORIGINAL.replace("1.28 dlrs", "1.46 dlrs")
    a, s = fps(("a", ORIGINAL), ("s", heavy_spin(other)))
    assert verify(a, s) is None
