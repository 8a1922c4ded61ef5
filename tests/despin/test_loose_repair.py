"""Repair in an article already flagged: words with a seen bigram judged too (issue 15)."""
import pytest

from normtool import settings as tuned
from normtool.despin.context import make_model
from normtool.despin.fits import find_fits
from normtool.despin.despin import _loose_pass, loose_matches
from normtool.despin.match import apply_matches
from normtool.despin.tokens import Tokens


@pytest.fixture(autouse=True)
def hand_rules_only(monkeypatch):
    """These tests are about the hand rules: the fitted repair score
    (``repair_level``, test_downgrades.py) is off."""
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(repair_level=None))


def loose_model(score: float = 3.0, *extra_bigrams: str, links: tuple = (), english: tuple = ()):
    """"year" is what news says after "last"; "twelvemonth" ends a sentence
    once in the counts (its right bigram is seen); every misfit scores
    ``score`` (a one-leaf tree file)."""
    news = ["U\t|\t5000", "U\tlast\t400", "U\tyear\t900", "U\tweek\t300", "U\tsales\t200",
            "U\trose\t150", "U\ttwelvemonth\t2", "B\tlast year\t300", "B\tyear |\t500",
            "B\tweek |\t200", "B\tsales rose\t50", "B\trose last\t20",
            "B\t| sales\t40", "B\ttwelvemonth |\t1", *extra_bigrams]
    english = ["year\t500000", "week\t300000", "twelvemonth\t100", *english]
    links = ["twelvemonth\tyear:mw|week:m", *links]
    degrees = ["year\t3\t40\t5", "week\t2\t30\t5"]
    return make_model(news, english, links, degrees, (), [f"base\t{score}"])


TEXT = "Sales rose last twelvemonth."


def test_every_judges_words_with_a_seen_bigram_and_says_which_side():
    model = loose_model()
    tok = Tokens(TEXT)
    assert find_fits(tok, (), model) == []          # the detection gate: one bigram seen, skipped
    (fit,) = find_fits(tok, (), model, every=True)
    assert (fit.start, fit.original, fit.seen) == (3, "year", 2)     # 2: the right bigram was seen
    assert fit.left > 2 and fit.gap > 4
    both = loose_model(3.0, "B\tlast twelvemonth\t1")
    assert find_fits(tok, (), both, every=True)[0].seen == 3


def test_loose_rules_by_the_sides_seen():
    model = loose_model()
    tok = Tokens(TEXT)
    (fit,) = find_fits(tok, (), model, every=True)
    one = fit._replace(score=2.0, gap=5.0, left=3.0, right=-0.5)      # right seen, left unseen
    assert [m.replacement for m in loose_matches(tok, [one], (), model)] == ["year"]
    assert loose_matches(tok, [one], [(3, 1)], model) == []           # taken span: left alone
    cfg = tuned.DESPIN
    for bad in (one._replace(score=cfg.loose_score - 0.1), one._replace(gap=cfg.loose_gap - 0.1),
                one._replace(left=cfg.loose_unseen - 0.1),             # too little on the unseen side
                one._replace(right=cfg.loose_seen - 0.1),              # too much lost on the seen side
                one._replace(seen=1)):                                 # left seen: left is now the seen side
        assert loose_matches(tok, [bad], (), model) == [], bad
    # no bigram seen: the context rule, or a wide gap with a lower score
    none = fit._replace(seen=0, score=cfg.wide_score, gap=cfg.wide_gap, left=cfg.wide_side,
                        right=cfg.wide_side)
    assert len(loose_matches(tok, [none], (), model)) == 1
    assert loose_matches(tok, [none._replace(gap=cfg.wide_gap - 1.0)], (), model) == []
    # both seen: a high score, a gain on each side, and an upgrade two sources link
    both = fit._replace(seen=3, score=cfg.both_score, gap=cfg.both_gap, left=cfg.both_side,
                        right=cfg.both_side)
    assert len(loose_matches(tok, [both], (), model)) == 1             # year: WordNet and Moby
    assert loose_matches(tok, [both._replace(original="week")], (), model) == []   # Moby only
    assert loose_matches(tok, [both._replace(right=cfg.both_side - 0.5)], (), model) == []


def test_loose_pass_repairs_and_can_be_switched_off(monkeypatch):
    model = loose_model()
    tok = Tokens(TEXT)
    fixed, repairs = apply_matches(TEXT, _loose_pass(tok, [], model))
    assert fixed == "Sales rose last year."
    assert repairs == [{"offset": 16, "from": "twelvemonth", "to": "year", "rule": "context:twelvemonth"}]
    assert _loose_pass(tok, [], loose_model(1.0)) == []               # score under loose_score
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(loose=False))
    assert _loose_pass(tok, [], model) == []


def test_neighbours_of_a_loose_repair_are_judged_again_with_it():
    """"terminated" fits no better than "ended" after "twelvemonth"; once
    that is repaired to "year", "year ended" is the collocation."""
    model = loose_model(3.0, "U\ttwelvemonth\t1000", "U\tterminated\t5", "U\tended\t50",
                        "B\tyear ended\t100", "B\tended |\t40", "B\tterminated |\t3", "B\tthe terminated\t1",
                        links=("terminated\tended:mw",), english=("ended\t10000", "terminated\t10000"))
    text = "Sales rose last twelvemonth terminated."
    tok = Tokens(text)
    fits = {f.start: f for f in find_fits(tok, (), model, every=True)}
    assert fits[4].left < tuned.DESPIN.loose_unseen       # beside "twelvemonth": no clear gain
    assert apply_matches(text, _loose_pass(tok, [], model))[0] == "Sales rose last year ended."
