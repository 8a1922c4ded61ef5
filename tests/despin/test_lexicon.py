"""A run's flagged articles agree on repairs; the others take them (despin.lexicon, issue 15)."""
import pytest

from normtool import settings as tuned
from normtool.article import Article
from normtool.despin.lexicon import Lexicon, apply
from normtool.despin.siblings import undo
from normtool.runner import Summary, restore_siblings


def learn(articles) -> dict:
    """The lexicon's pairs of ``articles``."""
    lex = Lexicon()
    for art in articles:
        lex.add(art)
    return lex.pairs()


def repaired(ident: str, text: str, frm: str, to: str, rule: str = "context:x", **kw) -> Article:
    """A flagged article whose despin repaired ``frm`` to ``to`` (its first occurrence)."""
    at = text.index(to)
    return Article(id=ident, text=text, spun=True,
                   repairs=[{"offset": at, "from": frm, "to": to, "rule": rule}], **kw)


A = repaired("a", "Three soldiers were killed near the border on Monday.", "troopers", "soldiers")
B = repaired("b", "Two soldiers were wounded in the capital, police said.", "troopers", "soldiers")
C = Article(id="c", spun=True, text="Officials said three troopers were killed in the north. "
            "The state troopers said nothing.")


def test_pairs_need_agreeing_repairs_in_enough_flagged_articles():
    assert learn([A, B]) == {"troopers": "soldiers"}
    assert learn([A]) == {}                                         # one article is no dictionary
    other = repaired("o", "Three police were killed.", "troopers", "police")
    assert learn([A, B, other]) == {}                               # 2 of 3 agree: under lexicon_share
    assert learn([A, B, A.replace(id="a2"), B.replace(id="b2"), other]) == {"troopers": "soldiers"}
    # an unflagged article, a title repair, or words taken from a source are no evidence
    assert learn([A, B.replace(spun=False)]) == {}
    assert learn([A, repaired("s", B.text, "troopers", "soldiers", rule="sibling")]) == {}
    titled = B.replace(repairs=[dict(B.repairs[0], field="title")])
    assert learn([A, titled]) == {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tuned, "DESPIN", tuned.DESPIN._replace(lexicon_min=None))
        assert learn([A, B]) == {}


def test_apply_puts_the_original_where_it_fits_better_and_keeps_repairs_valid():
    c = C.replace(repairs=[{"offset": 0, "from": "Officers", "to": "Officials", "rule": "context:officers"}])
    got = apply(c, {"troopers": "soldiers"})
    # "three troopers were" takes it; "state troopers" is the police's own phrase
    assert got.text == ("Officials said three soldiers were killed in the north. "
                        "The state troopers said nothing.")
    assert [r["rule"] for r in got.repairs] == ["context:officers", "lexicon:troopers"]
    for r in got.repairs:
        assert got.text[r["offset"]:r["offset"] + len(r["to"])] == r["to"]
    assert undo(got.text, got.repairs) == "Officers said three troopers were killed in the north. " \
                                          "The state troopers said nothing."


def test_apply_leaves_unflagged_restored_and_otherwise_repaired_articles():
    pairs = {"troopers": "soldiers"}
    unflagged = C.replace(spun=False)
    assert apply(unflagged, pairs) is unflagged
    assert apply(C, pairs) is not C
    restored = C.replace(repairs=[{"offset": 0, "from": "Officers", "to": "Officials", "rule": "sibling"}])
    assert apply(restored, pairs) is restored
    own = repaired("own", "Three police were killed; troopers were there.", "troopers", "police")
    assert apply(own, pairs) is own                       # it repaired the word otherwise
    inside = C.replace(repairs=[{"offset": C.text.index("three"), "from": "iii troopers",
                                 "to": "three troopers", "rule": "phrase:x"}])
    assert apply(inside, pairs) is inside                 # never inside an earlier repair


def test_restore_siblings_applies_the_run_lexicon_and_counts_it():
    summary = Summary("clean")
    out = list(restore_siblings([A, B, C], summary=summary))
    assert [a.id for a in out] == ["a", "b", "c"]
    assert out[:2] == [A, B]
    assert "three soldiers were killed" in out[2].text
    assert summary.steps["despin"]["repaired as other articles of the run"] == 1


def test_lexicon_counts_each_article_once():
    lex = Lexicon()
    twice = A.replace(repairs=A.repairs * 2)
    lex.add(twice)
    assert lex.counts["troopers"]["soldiers"] == 1
