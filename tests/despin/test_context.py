"""The context model's bigram probabilities (issue 15)."""
from normtool import settings as tuned
from normtool.despin.context import _news, find_fits, load_model, logp, logp_around, make_model, seen_bigram
from normtool.despin.model import make_stats
from normtool.despin.tokens import Tokens

CANDIDATES = ["prices", "Prices", "said", "the", "zzqxw", "|", "rose", "crude", "Reuters"]


def test_logp_around_gives_logp_values_for_every_kind_of_candidate():
    """Upper-case words, unseen words, the break, listed and unlisted
    English bigrams: the same values as ``logp``, also the second time (the
    per-word terms kept in the model are used then)."""
    model = load_model()
    for prev, nxt in (("oil", "rose"), ("|", "|"), ("the", "of"), ("Reuters", "said")):
        want = [(logp(model, prev, w), logp(model, w, nxt)) for w in CANDIDATES]
        assert logp_around(model, prev, CANDIDATES, nxt) == want
        assert logp_around(model, prev, CANDIDATES, nxt) == want


def test_terms_follow_the_settings(monkeypatch):
    """Terms worked out under one English weight are not served under another."""
    model = make_model(["U\tprices\t30", "U\trose\t20", "B\tprices rose\t9"], ["rose\t9000", "prices\t500"], ())
    before = logp_around(model, "prices", ["rose"], "|")
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(english_weight=0.9))
    after = logp_around(model, "prices", ["rose"], "|")
    assert after == [(logp(model, "prices", "rose"), logp(model, "rose", "|"))]
    assert after != before


def test_english_only_pairs_count_as_seen_but_add_no_news_count():
    """A pair only the English bigrams list is held in ``bi`` at 0: a word in
    it is not judged (as before, when both dicts were asked), and the news
    probabilities and bigram types are those of the news counts alone."""
    news = ["U\tprices\t30", "U\toil\t25", "U\tfell\t10", "U\tsharply\t8", "U\trose\t20",
            "B\tprices rose\t9"]
    english = ["prices\t500", "oil\t700", "fell\t900", "sharply\t300", "rose\t9000"]
    links = ["fell\trose:w"]
    with_pair = make_model(news, english, links, google_lines=["prices fell\t500"])
    without = make_model(news, english, links)
    assert with_pair.types == without.types == 1
    assert seen_bigram(with_pair, "prices", "fell") and not seen_bigram(without, "prices", "fell")
    assert not seen_bigram(with_pair, "oil", "fell")
    assert _news(with_pair, "prices", "fell") == _news(without, "prices", "fell")
    assert [f.start for f in find_fits(Tokens("Prices fell sharply."), model=with_pair)] == []
    assert [f.start for f in find_fits(Tokens("Prices fell sharply."), model=without)] == [1]
    assert [f.start for f in find_fits(Tokens("Oil fell sharply."), model=with_pair)] == [1]


def test_counts_are_stored_commonest_first_with_the_same_values():
    """The context model's and the news model's counts come out of
    ``make_model`` and ``make_stats`` commonest first (the order the compiled
    cache keeps, for faster look-ups), English-only pairs after the news
    pairs, and with the counts they were given."""
    news = ["U\toil\t5", "U\tprices\t30", "U\trose\t20", "B\toil rose\t2", "B\tprices rose\t9",
            "B\tprices fell\t4"]
    model = make_model(news, ["prices\t500", "oil\t700"], (), google_lines=["oil fell\t50"])
    assert list(model.bi.items()) == [("prices rose", 9), ("prices fell", 4), ("oil rose", 2), ("oil fell", 0)]
    assert list(model.uni) == ["prices", "rose", "oil"]
    assert list(model.english) == ["oil", "prices"]
    stats = make_stats([], ["B\ta b\t1", "B\tc d\t7", "U\ta\t1", "U\tc\t7", "N\t10\t0"])
    assert list(stats.bi.items()) == [("c d", 7), ("a b", 1)] and list(stats.uni) == ["c", "a"]
