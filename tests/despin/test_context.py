"""The context model's bigram probabilities (issue 15)."""
from normtool import settings as tuned
from normtool.despin.context import load_model, logp, logp_around, make_model

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
