"""The context model's bigram probabilities (issue 15)."""
from normtool import settings as tuned
from normtool.despin.context import _news, load_model, logp, logp_around, make_model, seen_bigram
from normtool.despin.fits import find_fits
from normtool.despin.model import load_stats
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


def test_shipped_counts_load_commonest_first():
    """The shipped count files are written commonest first (the build tools'
    ``commonest_first``) and the models keep their order, English-only pairs
    after the news pairs: look-ups from running text then mostly touch
    entries that lie together in memory."""
    def descending(values):
        values = list(values)
        return all(a >= b for a, b in zip(values, values[1:]))
    model, stats = load_model(), load_stats()
    news = [c for c in model.bi.values() if c]
    assert list(model.bi.values()) == news + [0] * (len(model.bi) - len(news))
    assert descending(news) and news[0] > 10_000
    for counts in (model.uni, model.english, model.google, stats.uni, stats.bi):
        assert descending(counts.values()), counts is stats.bi
