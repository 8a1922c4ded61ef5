"""Topical fit of a word and of its proposed original (despin.topics, issue 15)."""
import math

import numpy as np
import pytest

from normtool import settings as tuned
from normtool.despin import despin as ds
from normtool.despin.context import make_model
from normtool.despin.fits import find_fits
from normtool.despin.tokens import Tokens
from normtool.despin.topics import (NO_TOPIC, Passage, content_word, encode_vector, load_topics,
                                    parse_topics)

# Oil words along the first axis, town words along the second, a stray one along the third.
VECTORS = {"oil": (1, 0, 0), "crude": (0.9, 0.1, 0), "refinery": (0.95, 0, 0.05), "petroleum": (1, 0, 0),
           "suburbs": (0, 1, 0), "purlieus": (0, 0.6, 0.8), "town": (0.05, 1, 0), "grease": (0, 0, 1),
           "the": (1, 0, 0)}


def topics(vectors=VECTORS):
    return parse_topics(["# test vectors"] + [f"{w}\t{encode_vector(v)}" for w, v in vectors.items()])


def test_vectors_survive_the_file_format():
    t = topics()
    assert np.allclose(np.linalg.norm(t.vectors, axis=1), 1.0)
    for word, v in VECTORS.items():
        unit = np.asarray(v, dtype=float) / np.linalg.norm(v)
        assert t.vectors[t.index[word]] @ unit > 0.999


def test_an_original_on_the_subject_gains_over_an_off_subject_word():
    tok = Tokens("Crude oil prices rose at the refinery as grease output fell.")
    i = tok.keys.index("grease")
    gain, cx, cw, n = Passage(tok, topics()).fit(i, "petroleum")
    assert n == 3                                   # crude, oil, refinery; "the" is a function word
    assert cx > 0.95 and abs(cw) < 0.1
    assert gain == pytest.approx(cx - cw, abs=1e-6)
    back = Passage(tok, topics()).fit(tok.keys.index("oil"), "grease")
    assert back[0] < -0.3 and back[1] < back[2]     # the stray word for "oil" loses (it is in the passage too)


def test_the_passage_is_the_span_around_the_word_without_itself():
    tok = Tokens("Oil oil oil and then many more words here again grease town suburbs.")
    i = tok.keys.index("grease")
    near = Passage(tok, topics(), span=2).fit(i, "suburbs")
    assert near[3] == 2 and near[1] > 0.99          # only "town" and "suburbs" are within two words
    wide = Passage(tok, topics(), span=50).fit(i, "suburbs")
    assert wide[3] == 5 and wide[1] < near[1]      # the oil words pull the passage away
    alone = Passage(Tokens("The grease."), topics()).fit(1, "oil")
    assert alone == NO_TOPIC                        # nothing around it but a function word


def test_words_without_a_vector():
    tok = Tokens("Crude oil and blorption rose.")
    p = Passage(tok, topics())
    unknown_word = p.fit(tok.keys.index("blorption"), "petroleum")
    assert unknown_word[2] == -2.0 and unknown_word[0] == pytest.approx(unknown_word[1] + 1.0)
    unknown_original = p.fit(tok.keys.index("oil"), "zzyzx")
    assert unknown_original[0] == -2.0 and unknown_original[1] == -2.0


def test_content_words():
    assert content_word("refinery") and not content_word("the") and not content_word("an")
    assert not content_word("1987") and not content_word("u.s")


def test_shipped_vectors_know_the_news_subjects():
    t = load_topics()
    v = t.vectors
    assert v[t.index["oil"]] @ v[t.index["crude"]] > v[t.index["oil"]] @ v[t.index["suburbs"]] + 0.2
    assert v[t.index["wheat"]] @ v[t.index["grain"]] > 0.5
    assert all(not content_word(w) or w in t.index for w in ("oil", "shares", "tonnes"))
    assert math.isclose(float(np.linalg.norm(v[t.index["bank"]])), 1.0, abs_tol=1e-9)


def test_the_shipped_repair_trees_read_the_topical_fit():
    topical = {ds.REPAIR_FEATURES.index(name) for name in ("topical gain", "topical fit(upgrade)",
                                                           "topical fit(word)", "content words around")}
    base, trees = ds.load_repair_trees()
    used = {node[0] for tree in trees for node in tree if node[0] >= 0}
    assert used & topical                                                     # the trees read it


def takeover_model():
    """"buy" and "deal" fit "to bargain shares" alike by bigrams (neither pair seen, same counts)."""
    news = ["U\t|\t5000", "U\tto\t900", "U\tshares\t300", "U\tbuy\t100", "U\tdeal\t100", "U\tbargain\t10",
            "U\tagreed\t50", "U\tcompany\t200", "U\tstake\t80", "B\tagreed to\t20"]
    english = ["buy\t90000", "deal\t90000", "bargain\t900", "shares\t50000"]
    return make_model(news, english, ["bargain\tbuy:m|deal:m"], ["buy\t1\t9\t1", "deal\t1\t9\t1"])


TAKEOVER = {"company": (1, 0, 0), "stake": (0.9, 0.1, 0), "shares": (1, 0.1, 0), "buy": (0.95, 0, 0.1),
            "deal": (0, 1, 0), "bargain": (0, 0.2, 1)}


def test_topical_fit_ranks_upgrades_the_bigrams_leave_tied(monkeypatch):
    m = takeover_model()
    tok = Tokens("The company agreed to bargain shares for a stake.")
    i = tok.keys.index("bargain")
    (plain,) = [f for f in find_fits(tok, (), m, every=True) if f.start == i]
    assert plain.original == "deal" and plain.gap == 0.0          # a tie, broken by the word's order
    passage = Passage(tok, topics(TAKEOVER))
    (ranked,) = [f for f in find_fits(tok, (), m, every=True, passage=passage) if f.start == i]
    assert ranked.original == "buy"
    assert ranked.odds == plain.odds                               # the bigram gain reported is the same
    gains = passage.gains(i)
    assert ranked.gap == pytest.approx(tuned.DESPIN.topic_weight * (gains("buy") - gains("deal")), abs=1e-3)
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(topic_weight=0.0))
    (off,) = [f for f in find_fits(tok, (), m, every=True, passage=passage) if f.start == i]
    assert off == plain
    (detection,) = [f for f in find_fits(tok, (), m, passage=passage) if f.start == i]
    assert detection.original == "deal"                           # the detection gate never ranks by topic
