"""Multi-word rewrites in a flagged article: a thesaurus phrase written for one word (round 6)."""
from pathlib import Path

from normtool import settings as tuned
from normtool.despin import despin as ds
from normtool.despin.context import make_model, read_trees
from normtool.despin.match import apply_matches
from normtool.despin.model import make_stats
from normtool.despin.phrases import (PHRASE_FEATURES, PhraseFit, confident, linked, load_phrase_links,
                                     load_phrase_trees, make_phrase_links, phrase_fits, phrase_rows)
from normtool.despin.tokens import Tokens

ROOT = Path(__file__).resolve().parents[2]

# The news says "prices rose last week"; a spinner wrote "gone up" for "rose".
# "carried out" is a phrase the reverse thesaurus lists too, but an ordinary one.
NEWS = ["U\t|\t5000", "U\toil\t100", "U\tprices\t300", "U\trose\t200", "U\tgone\t50", "U\tup\t500",
        "U\tlast\t400", "U\tweek\t300", "U\tcarried\t80", "U\tout\t300", "U\tdone\t90",
        "B\toil prices\t50", "B\tprices rose\t60", "B\trose last\t30", "B\tlast week\t200",
        "B\tgone up\t40", "B\tup last\t1", "B\tcarried out\t70", "B\tout the\t40", "B\tweek |\t100"]
ENGLISH = ["prices\t90000", "rose\t40000", "gone\t50000", "up\t900000", "last\t300000", "week\t200000",
           "carried\t30000", "out\t800000", "done\t100000"]
THESAURUS = ["gone up\trose|risen", "carried out\tdone", "rose\trose"]
# Moby-style phrase links: "went up" is listed for "rose" only there.
LINKS = ["went up\trose:m|climbed:m", "gone up\tclimbed:m"]
LM = ["N\t100000\t0", "U\t|\t5000", "U\tprices\t300", "U\trose\t200"]
TEXT = "Oil prices gone up last week."


def model():
    return make_model(NEWS, ENGLISH, ())


def stats():
    return make_stats(THESAURUS, LM)


def links():
    return make_phrase_links(LINKS)


def trees(score: float) -> tuple:
    """A phrase score of ``score`` for every phrase (a one-leaf tree file)."""
    return read_trees([f"base\t{score}"])


def test_a_listed_phrase_is_judged_on_both_sides():
    (row,) = phrase_rows(Tokens(TEXT), (), model(), stats(), links=links())
    i, n, x, left, right, feats = row
    assert (i, n, x) == (2, 2, "rose")                # "rose" fits after "prices" and before "last"
    assert left > 2 and right > 2
    assert len(feats) == len(PHRASE_FEATURES)
    assert feats[3] < 0                               # the phrase's own bigrams ("gone up") cost something
    assert feats[8] == 1.0 and feats[9] == 1.0        # "prices rose", "rose last": both seen


def test_phrases_split_by_punctuation_taken_or_capitalised_are_not_judged():
    m, s, pl = model(), stats(), links()
    assert list(phrase_rows(Tokens("Oil prices gone, up last week."), (), m, s, links=pl)) == []
    assert list(phrase_rows(Tokens(TEXT), [(3, 1)], m, s, links=pl)) == []          # "up" already repaired
    assert list(phrase_rows(Tokens("Oil prices Gone Up last week."), (), m, s, links=pl)) == []   # a name
    assert list(phrase_rows(Tokens("Oil prices rose last week."), (), m, s, links=pl)) == []      # one word


def test_phrase_pass_rewrites_a_confident_phrase_as_one_word():
    tok = Tokens(TEXT)
    got = ds._phrase_pass(tok, [], model=model(), stats=stats(), trees=trees(3.0), links=links())
    fixed, repairs = apply_matches(TEXT, got)
    assert fixed == "Oil prices rose last week."
    assert repairs == [{"offset": 11, "from": "gone up", "to": "rose", "rule": "phrase:gone up"}]
    # a score under phrase_level, a disabled phrase, the pass switched off: left alone
    under = trees(tuned.DESPIN.phrase_level - 0.1)
    assert ds._phrase_pass(tok, [], model=model(), stats=stats(), trees=under, links=links()) == []
    assert ds._phrase_pass(tok, [], frozenset({("gone", "up")}), model(), stats(), trees(3.0), links()) == []


def test_phrase_pass_can_be_switched_off(monkeypatch):
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(phrase_level=None))
    assert ds._phrase_pass(Tokens(TEXT), [], model=model(), stats=stats(), trees=trees(3.0), links=links()) == []


def test_phrase_links_give_candidates_the_thesaurus_does_not():
    """"went up" is no phrase of the reverse thesaurus; the links restore it,
    with the linking sources and the thesaurus flag as features."""
    pl = links()
    assert linked(pl, ("went", "up")) == (("rose", "m"), ("climbed", "m"))
    assert linked(pl, ("went", "down")) == ()
    text = "Oil prices went up last week."
    assert list(phrase_rows(Tokens(text), (), model(), stats(), links=make_phrase_links([]))) == []
    (row,) = phrase_rows(Tokens(text), (), model(), stats(), links=pl)
    assert row[:3] == (2, 2, "rose")
    assert row[5][-2:] == (0.0, 1.0)                 # not from the thesaurus, one source
    # "gone up": the thesaurus's "rose" and the link's "climbed" judged together
    (row,) = phrase_rows(Tokens(TEXT), (), model(), stats(), links=pl)
    assert row[2] == "rose" and row[5][15] == 3.0    # rose, risen, climbed
    assert row[5][-2:] == (1.0, 1.0)


def test_the_shipped_phrase_links_hold_moby_and_wordnet_phrases():
    pl = load_phrase_links()
    assert len(pl.links) > 50_000
    assert ("rate", "w") in linked(pl, ("charge", "per", "unit"))
    assert any(x == "company" and "m" in src for x, src in linked(pl, ("field", "train")))
    assert all(" " in w for w in list(pl.links)[:1000])


def test_an_original_that_fits_worse_on_one_side_is_refused():
    cfg = tuned.DESPIN
    good = PhraseFit(2, 2, "rose", 1.0, cfg.phrase_side, cfg.phrase_level)
    assert confident([good]) == [good]
    assert confident([good._replace(right=cfg.phrase_side - 0.1)]) == []
    assert confident([good._replace(score=cfg.phrase_level - 0.1)]) == []


def test_the_shipped_trees_read_every_feature_they_name():
    base, shipped = load_phrase_trees()
    assert len(shipped) >= 20
    assert all(f < len(PHRASE_FEATURES) for tree in shipped for f, *_ in tree)
    assert (ROOT / "normtool" / "data" / "despin_phrase.tsv").stat().st_size < 50_000


def test_shipped_model_restores_a_phrase_and_keeps_an_ordinary_one():
    """"one million million" (WordNet's "billion") goes; "carried out" stays."""
    text = "Sales rose to 2.5 one million million dlrs last year, and the company carried out the plan."
    tok = Tokens(text)
    fits = {tok.keys[f.start]: f for f in phrase_fits(tok)}
    assert fits["one"].original == "billion" and fits["one"].n == 3
    assert fits["carried"].score < tuned.DESPIN.phrase_level     # judged, and left alone
    fixed, repairs = ds.repair_text(text, force=True)
    assert fixed == "Sales rose to 2.5 billion dlrs last year, and the company carried out the plan."
    assert [r["rule"] for r in repairs] == ["phrase:one million million"]
