"""Tokens: words, keys, offsets and initials, on ASCII and other text."""
import pytest

from normtool.despin.tokens import Tokens, norm_word

TEXTS = [
    "Oil prices rose in London. The U.S. Treasury said so.",
    "Yoon\u2019s aide, the Secretary-Basic, said \u201cno\u201d \u2014 twice.",
    "\u0130stanbul Stra\u00dfe: caf\u00e9 r\u00e9sum\u00e9 U.S. A.B.",
    "\u039f\u0394\u039f\u03a3.\u0392 \u0391\u03a3.\u0392 \u03c3",
    "",
    "  leading gap and trailing gap  ",
]


@pytest.mark.parametrize("text", TEXTS)
def test_spans_are_the_offsets_of_the_words(text):
    tok = Tokens(text)
    assert [text[a:b] for a, b in tok.spans] == tok.surf
    assert len(tok.gaps) == len(tok.surf) + 1
    assert "".join(g + w for g, w in zip(tok.gaps, tok.surf)) + tok.gaps[-1] == text


@pytest.mark.parametrize("text", [t for t in TEXTS if "\u03a3" not in t])
def test_keys_are_each_word_normalised(text):
    # Greek capital sigma lowers by its context, so a word alone may differ from it in the text.
    assert Tokens(text).keys == [norm_word(w) for w in Tokens(text).surf]


def test_keys_fold_quotes_and_lower_case_beyond_ascii():
    assert Tokens("Yoon\u2019s CAF\u00c9").keys == ["yoon's", "caf\u00e9"]
    assert Tokens("Won't STOP").keys == ["won't", "stop"]


@pytest.mark.parametrize("text, abbr", [
    ("The U.S. Treasury", {2: "u.s."}),
    ("in the U.S.A. now", {3: "u.s.", 4: "u.s.a."}),   # each letter of a run
    ("the U. S. Treasury", {}),              # a space after the dot: no initials
    ("Washington D.C. and U.N.", {2: "d.c.", 5: "u.n."}),
    ("x. Y.Z.", {2: "y.z."}),
    ("U.S", {}),                              # no dot after the last letter
])
def test_dotted_initials(text, abbr):
    assert Tokens(text).abbr == abbr


def test_initials_do_not_end_a_sentence_before_a_capital():
    tok = Tokens("The U.S. Treasury rose. Prices fell.")
    assert tok.starts == [True, False, False, False, False, True, False]


def test_a_view_has_the_same_offsets():
    tok = Tokens("Prices rose in London.")
    view = tok.view()
    view.keys[1] = "fell"
    assert view.spans == tok.spans == [(0, 6), (7, 11), (12, 14), (15, 21)]
    assert tok.keys[1] == "rose"
