"""Repairs never swap a word for another form of itself (issue 15).

Found on other outlets' copy: the news counts hold far more "said" than
"says", so flagged Australian copy had its "says" turned into "said".
"""
import pytest

from normtool.data import WordTableError, read_text
from normtool.despin.despin import context_matches, loose_matches, statistical_matches
from normtool.despin.fits import Fit
from normtool.despin.forms import VARIANTS, lemmas, letter_form, same_word, variant_rules
from normtool.despin.model import Suspect
from normtool.despin.tokens import Tokens


@pytest.mark.parametrize("a, b", [
    ("says", "said"), ("went", "go"), ("children", "child"), ("stopped", "stop"),
    ("cities", "city"), ("moved", "move"), ("running", "runs"), ("mice", "mouse"),
    ("Says", "SAID"),
])
def test_forms_of_one_word(a, b):
    assert same_word(a, b) and same_word(b, a)


@pytest.mark.parametrize("a, b", [
    ("states", "says"), ("troopers", "soldiers"), ("mentioned", "said"), ("farther", "further"),
    ("colour", "color"), ("company", "agency"), ("battle", "war"), ("purlieus", "suburbs"),
])
def test_different_words_stay_different(a, b):
    assert not same_word(a, b)


def test_lemmas_read_the_exception_list_and_the_suffix_rules():
    assert "say" in lemmas("said")                   # WordNet's verb.exc
    assert "mouse" in lemmas("mice")                 # noun.exc
    assert "run" in lemmas("running")                # doubled consonant
    assert lemmas("said", forms={}) == {"said"}      # no list: no irregular form


def _fit(i: int, original: str) -> Fit:
    """A misfit confident by every rule (score, gap and both sides)."""
    return Fit(i, original, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0, 0)


@pytest.mark.parametrize("repair", [context_matches, loose_matches])
def test_context_repairs_skip_another_form_of_the_written_word(repair):
    tok = Tokens("The union secretary says the strike will go ahead.")
    i = tok.keys.index("says")
    assert [m.replacement for m in repair(tok, [_fit(i, "states")])] == ["states"]
    assert repair(tok, [_fit(i, "said")]) == []


def test_thesaurus_repairs_skip_another_form_of_the_written_word():
    tok = Tokens("The troops moved to the border.")
    i = tok.keys.index("troops")
    sus = Suspect(i, 1, "troop", 9.0, 0, 9)
    assert statistical_matches(tok, [sus]) == []
    assert [m.replacement for m in statistical_matches(tok, [sus._replace(original="soldiers")])] \
        == ["soldiers"]


def test_the_variant_letter_rules_are_data_and_each_example_holds():
    """spelling_variants.tsv: each rule's comment names British words and
    their American spellings, which the rules (in order) make one word."""
    lines = [ln for ln in read_text(VARIANTS).splitlines() if ln and not ln.startswith("#")]
    assert len(variant_rules()) == len(lines) == 9
    for line in lines:
        british, american = line.split("# ", 1)[1].split(" (")[0].split(": ")
        for a, b in zip(british.split(", "), american.split(", ")):
            assert letter_form(a) == letter_form(b), (a, b)
    assert letter_form("four") != letter_form("for") and letter_form("centre") != letter_form("centrist")


def test_a_bad_variant_rule_is_named_with_its_file_and_line(monkeypatch):
    from normtool.despin import forms
    monkeypatch.setattr(forms, "read_text", lambda name: "# rules\nis(?=[aei]\tiz\n")
    with pytest.raises(WordTableError, match=r"^spelling_variants\.tsv:2: "):
        forms.variant_rules.__wrapped__()
