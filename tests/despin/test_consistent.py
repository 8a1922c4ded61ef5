"""A repaired word's other occurrences take the same original (despin.consistent, issue 15)."""
import pytest

from normtool import settings as tuned
from normtool.despin.consistent import consistent_matches
from normtool.despin.context import make_model
from normtool.despin.despin import repair_text
from normtool.despin.match import Match, apply_matches, replacement
from normtool.despin.table import Entry
from normtool.despin.tokens import Tokens


def model():
    """News where "military cooperation" and "navy ship" are collocations."""
    news = ["U\t|\t5000", "U\tthe\t3000", "U\tmilitary\t400", "U\tnavy\t100", "U\tcooperation\t300",
            "U\tship\t200", "U\tdeepening\t50", "U\treckless\t20", "U\tsailed\t30",
            "B\tmilitary cooperation\t120", "B\tdeepening military\t10", "B\treckless military\t3",
            "B\tthe navy\t60", "B\tnavy ship\t40", "B\tship sailed\t5", "B\tthe military\t150",
            "B\tcooperation |\t100"]
    english = ["military\t90000", "navy\t20000", "cooperation\t40000", "ship\t60000"]
    return make_model(news, english, [])


TEXT = ("They protested the deepening navy cooperation. The navy ship sailed. "
        "He decried reckless navy cooperation.")


def repaired(tok: Tokens, word: int, original: str) -> Match:
    """A one-word repair of word ``word`` to ``original``, as an earlier pass makes one."""
    e = Entry(tok.keys[word], (tok.keys[word],), (), original, (), "context", 0.0, False, "test")
    return Match(tok.spans[word][0], tok.spans[word][1], e, replacement(tok, word, 1, e))


def test_other_occurrences_take_the_original_only_where_it_fits_better():
    tok = Tokens(TEXT)
    first = repaired(tok, 4, "military")                # "deepening navy cooperation"
    found = consistent_matches(tok, [first], model=model())
    assert [(m.entry.rule, tok.text[m.start:m.end], m.replacement) for m in found] == [
        ("consistent:navy", "navy", "military")]
    text, _ = apply_matches(TEXT, sorted([first] + found, key=lambda m: m.start))
    assert text == ("They protested the deepening military cooperation. The navy ship sailed. "
                    "He decried reckless military cooperation.")   # "navy ship" is the navy's


def test_a_word_repaired_two_ways_or_disabled_or_switched_off_speaks_for_none():
    tok = Tokens(TEXT + " Deepening navy cooperation.")
    m = model()
    one = repaired(tok, 4, "military")
    assert consistent_matches(tok, [one], model=m)
    assert tok.keys[7] == "navy"
    assert consistent_matches(tok, [one, repaired(tok, 7, "naval")], model=m) == []
    assert consistent_matches(tok, [one], frozenset({("navy",)}), model=m) == []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tuned, "DESPIN", tuned.DESPIN._replace(consistent_side=None))
        assert consistent_matches(tok, [one], model=m) == []


def test_a_dictionary_spun_story_is_repaired_all_through():
    """Every "said" of the story became "mentioned"; the table repairs it in
    attributions, and the other occurrences follow where "said" fits better."""
    spun = ("The spy company mentioned on Friday that troops had been sent. "
            "The ministry mentioned the troops were trained in Russia. "
            "Officials mentioned the report was accurate and mentioned the deployment was large.")
    text, reps = repair_text(spun, force=True)
    assert text.count("mentioned") < spun.count("mentioned")
    assert all(r["to"] in ("said", "spy agency") for r in reps if r["from"] in ("mentioned", "spy company"))
