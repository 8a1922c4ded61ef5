"""Repair in a flagged article: rarer originals (downgrades) and the repair score (issue 15)."""
import importlib.util
from pathlib import Path

from normtool import settings as tuned
from normtool.despin import despin as ds
from normtool.despin.context import candidates, load_model, make_model
from normtool.despin.fits import find_fits
from normtool.despin.tokens import Tokens
from normtool.despin.topics import Passage
from normtool.despin.trigrams import NO_TRIGRAMS, Trigrams, make_trigrams

ROOT = Path(__file__).resolve().parents[2]

# "per annum" is what the counts hold; a spinner wrote the commoner "year"
# for "annum" (so "annum" is no upgrade of "year", only a downgrade).
NEWS = ["U\t|\t5000", "U\trates\t300", "U\trose\t200", "U\tper\t400", "U\tannum\t60", "U\tyear\t900",
        "B\trates rose\t40", "B\tper annum\t50", "B\tannum |\t50", "B\tyear |\t400", "B\t| rates\t30"]
ENGLISH = ["year\t500000", "annum\t800", "rates\t90000", "rose\t40000"]
LINKS = ["annum\tyear:mw"]
DOWN = ["year\tannum:mw"]
TEXT = "Rates rose 5 per year."


def model(down=DOWN, score: float = 3.0):
    return make_model(NEWS, ENGLISH, LINKS, ["annum\t2\t3\t1", "year\t3\t40\t5"], (),
                      [f"base\t{score}"], down)


def test_downgrades_are_candidates_only_when_asked():
    m = model()
    assert candidates(m, "year") == ()
    assert [x for x, _, _ in candidates(m, "year", down=True)] == ["annum"]
    assert "year" not in m.judged and "year" in m.judged_every
    assert "year" not in model(down=()).judged_every


def test_detection_never_judges_a_downgrade_the_flagged_repair_does():
    """The detection gate (``every`` off) sees no candidate for "year", so
    clean copy scores as before; the repair of a flagged article does."""
    m = model()
    tok = Tokens(TEXT)
    assert find_fits(tok, (), m) == []
    (fit,) = find_fits(tok, (), m, every=True)
    assert (tok.keys[fit.start], fit.original) == ("year", "annum")
    assert fit.left > 0                                    # "per annum" fits better than "per year"
    assert find_fits(tok, (), model(down=()), every=True) == []
    no_down = tuned.DESPIN._replace(fit_down=0)
    old, tuned.DESPIN = tuned.DESPIN, no_down
    try:
        assert find_fits(tok, (), m, every=True) == []
    finally:
        tuned.DESPIN = old


def test_repair_row_reads_the_fit_and_the_article():
    m = model()
    tok = Tokens(TEXT)
    (fit,) = find_fits(tok, (), m, every=True)
    row = ds.repair_row(m, "year", fit, False, 0.25, ds.named_neighbours(tok, fit.start))
    assert len(row) == len(ds.REPAIR_FEATURES)
    named = dict(zip(ds.REPAIR_FEATURES, row))
    assert named["upgrade rarer than the word"] == 1.0     # a downgrade
    assert named["linking sources"] == 2.0                 # Moby and WordNet
    assert named["right bigram seen"] == 1.0 and named["left bigram seen"] == 0.0
    assert named["words repaired so far per word"] == 0.25
    assert named["name on the left"] == named["name on the right"] == 0.0
    assert ds.repaired_share(tok, [(0, 1), (3, 2)]) == 3 / 5
    assert (named["topical gain"], named["content words around"]) == (0.0, 0.0)     # no passage given
    topical = dict(zip(ds.REPAIR_FEATURES, ds.repair_row(m, "year", fit, False, 0.25, (False, False),
                                                          (0.5, 0.7, 0.2, 9.0))))
    assert (topical["topical gain"], topical["topical fit(upgrade)"], topical["topical fit(word)"],
            topical["content words around"]) == (0.5, 0.7, 0.2, 9.0)


def test_repair_row_holds_the_trigram_gains():
    m = model()
    tok = Tokens(TEXT)                                 # "Rates rose 5 per year."
    (fit,) = find_fits(tok, (), m, every=True)
    tri = make_trigrams(["<num> per annum\t12", "per annum |\t9"])
    row = dict(zip(ds.REPAIR_FEATURES, ds.judged_row(m, tok, fit, set(tok.keys), 0.0, Passage(tok), tri)))
    assert row["trigram gain, middle"] > 0 and row["trigram gain, left"] > 0
    assert row["trigram gain, right"] == 0.0          # the sentence ends after "year"
    bare = dict(zip(ds.REPAIR_FEATURES, ds.judged_row(m, tok, fit, set(tok.keys), 0.0, Passage(tok),
                                                      Trigrams({}))))
    assert (bare["trigram gain, middle"], bare["trigram gain, left"], bare["trigram gain, right"]) == NO_TRIGRAMS


def test_repair_score_level_decides_a_misfit_the_hand_rules_leave(monkeypatch):
    """A misfit below every hand rule is repaired when the repair score
    reaches ``repair_level`` and it gains ``repair_side`` on each side; with
    the level off, a lower score or a side short, it stays."""
    m = model()
    tok = Tokens(TEXT)
    (fit,) = find_fits(tok, (), m, every=True)
    weak = fit._replace(score=0.1, gap=0.5, left=1.0, right=1.0)     # no hand rule takes it
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(repair_level=1.0, repair_side=0.5,
                                                               repair_side_name=0.5))
    monkeypatch.setattr(ds, "load_repair_trees", lambda: (2.0, ()))      # every misfit scores 2
    assert [mt.replacement for mt in ds.loose_matches(tok, [weak], (), m)] == ["annum"]
    assert ds.loose_matches(tok, [weak._replace(right=0.4)], (), m) == []   # too little on one side
    monkeypatch.setattr(ds, "load_repair_trees", lambda: (0.5, ()))
    assert ds.loose_matches(tok, [weak], (), m) == []
    monkeypatch.setattr(ds, "load_repair_trees", lambda: (2.0, ()))
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(repair_level=None))
    assert ds.loose_matches(tok, [weak], (), m) == []


def test_repair_score_needs_more_on_each_side_beside_a_name(monkeypatch):
    """``repair_side`` holds in general, the stricter ``repair_side_name``
    beside a name (a name's bigrams are few: a gain next to it says little)."""
    m = model()
    tok = Tokens(TEXT)
    (fit,) = find_fits(tok, (), m, every=True)
    weak = fit._replace(score=0.1, gap=0.5, left=1.0, right=1.0)
    monkeypatch.setattr(tuned, "DESPIN", tuned.DESPIN._replace(repair_level=1.0, repair_side=-1.0,
                                                               repair_side_name=0.5))
    monkeypatch.setattr(ds, "load_repair_trees", lambda: (2.0, ()))
    assert ds.named_neighbours(tok, fit.start) == (False, False)
    assert [mt.replacement for mt in ds.loose_matches(tok, [weak._replace(right=-0.9)], (), m)] == ["annum"]
    assert ds.loose_matches(tok, [weak._replace(right=-1.1)], (), m) == []
    named = Tokens("Rates rose 5 per year Monday.")
    at = weak._replace(start=named.keys.index("year"))
    assert ds.named_neighbours(named, at.start) == (False, True)
    assert ds.loose_matches(named, [at._replace(right=0.4)], (), m) == []
    assert [mt.replacement for mt in ds.loose_matches(named, [at._replace(right=0.6)], (), m)] == ["annum"]


def test_shipped_downgrades_and_repair_trees_fit_together():
    m = load_model()
    assert m.judged <= m.judged_every
    # a commoner word than its original, reachable only backwards
    assert any(x == "indicate" for x, _, _ in candidates(m, "show", down=True))
    assert not any(x == "indicate" for x, _, _ in candidates(m, "show"))
    base, trees = ds.load_repair_trees()
    feats = {node[0] for tree in trees for node in tree}
    assert trees and max(feats) < len(ds.REPAIR_FEATURES)


def _builder(name: str = "build_despin_model"):
    """tools/build_despin_model.py (or ``name``, its links half: ``despin_links``)
    as a module (its build-time packages are imported lazily)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_build_reads_links_backwards():
    mod = _builder()
    english = {"pct": 2000, "fiscal": 9000, "percent": 90000, "financial": 60000, "rare": 10}
    rev = {"pct": [("percent", "w")], "fiscal": [("financial", "wm")], "rare": [("percent", "m")]}
    down = mod.downgrades(rev, english)
    assert down == {"financial": [("fiscal", "mw")], "percent": [("pct", "w")]}   # "rare": under DOWN_ZIPF


def test_build_links_an_original_as_written_where_it_is_a_headword(monkeypatch):
    """A spinner looks "said" up as written ("aforesaid"), not only as "say"."""
    mod = _builder("despin_links")      # where the links are built (and patched)
    lemmas = {"said": [("VERB", "say", "VBD")], "state": [("VERB", "state", "VB")]}
    monkeypatch.setattr(mod, "analyses", lambda w: list(lemmas.get(w, [("NOUN", w, "NN")])))
    monkeypatch.setattr(mod, "forms", lambda s, upos, tag: {s + "d" if tag == "VBD" else s})
    assert ("ADJ", "said", "") in mod.readings("said")
    assert all(tag for _, _, tag in mod.readings("state"))        # its own lemma: no extra reading
    english = {"said": 900000, "state": 90000, "stated": 50000, "aforesaid": 100}
    moby = {"say": {"state"}, "said": {"aforesaid"}}
    rev = mod.links({}, english, {}, moby, {})
    assert ("said", "m") in rev["aforesaid"]       # the headword "said" itself
    assert ("said", "m") in rev["stated"]          # "say" re-inflected as before
    assert "said" not in dict(rev.get("state", ()))


def test_build_links_a_function_word_to_rare_words_only(monkeypatch):
    """"anent" (Zipf 2.2) goes back to "about"; "around" (Zipf 5) does not."""
    mod = _builder("despin_links")      # where the links are built (and patched)
    monkeypatch.setattr(mod, "analyses", lambda w: [("ADV", w, "RB")])
    monkeypatch.setattr(mod, "forms", lambda s, upos, tag: {s})
    english = {"about": 2_000_000, "around": 100_000, "anent": 166}
    rev = mod.links({}, english, {}, {"about": {"around", "anent"}}, {"about": [("anent", 0.9)]})
    assert rev["anent"] == [("about", "m")]        # Moby's link, never the neighbour's
    assert "about" not in dict(rev.get("around", ()))


def test_build_puts_rogets_originals_after_the_others(monkeypatch):
    """Roget's broad groups add originals after WordNet's, Moby's and the
    neighbours' (whose order, degrees and source counts the trees read), at
    most MAX_ROGET, and never as downgrades."""
    mod = _builder("despin_links")      # where the links are built (and patched)
    monkeypatch.setattr(mod, "analyses", lambda w: [("NOUN", w, "NN")])
    monkeypatch.setattr(mod, "forms", lambda s, upos, tag: {s})
    english = {"debt": 90_000, "bill": 80_000, "due": 70_000, "indebtment": 5, "arrears": 2_000}
    moby = {"bill": {"indebtment"}, "due": {"indebtment"}, "debt": {"arrears"}}
    roget = {"debt": {"indebtment", "arrears"}, "due": {"indebtment"}}
    rev = mod.links({}, english, {}, moby, {}, roget)
    assert rev["indebtment"] == [("bill", "m"), ("due", "m"), ("debt", "r")]
    assert rev["arrears"] == [("debt", "m")]                  # Moby's already: no second entry
    assert mod.links({}, english, {}, moby, {}) == {"indebtment": [("bill", "m"), ("due", "m")],
                                                     "arrears": [("debt", "m")]}
    monkeypatch.setattr(mod, "MAX_ROGET", 0)
    assert mod.links({}, english, {}, moby, {}, roget)["indebtment"] == [("bill", "m"), ("due", "m")]
    rev = {"arrears": [("debt", "m")], "shortfall": [("debt", "r")]}
    english.update(arrears=9_000, shortfall=9_000)
    assert mod.downgrades(rev, english) == {"debt": [("arrears", "m")]}


def test_shipped_links_hold_rogets_originals_last():
    m = load_model()
    got = [(x, src) for x, _, src in candidates(m, "indebtment")]
    assert ("debt", "r") in got
    assert [src == "r" for _, src in got] == sorted(src == "r" for _, src in got)


def test_build_keeps_triples_seen_twice_without_a_break_inside():
    mod = _builder()
    seqs = [["|", "a", "b", "c", "|", "d", "e", "|"], ["|", "a", "b", "c", "|", "d", "e", "|"], ["|", "x", "y", "z", "|"]]
    assert mod.trigrams(seqs) == [("a b c", 2), ("b c |", 2), ("d e |", 2), ("| a b", 2), ("| d e", 2)]
