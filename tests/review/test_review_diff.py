"""Word-level diff: copies stored against their canonical come back exactly."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from normtool.review.diff import changed_words, decode, encode, split

WORDS = st.sampled_from(["the", "port", "strike", "ended", "on", "Monday", "said", "\u00e9t\u00e9",
                         "\U0001F600", "<b>", "&amp;", "a\u00a0b", "x\u2028y"])
SEPS = st.sampled_from([" ", " ", " ", "\n\n", "\n", "  ", "\t", " \n\n"])


@st.composite
def texts(draw):
    words = draw(st.lists(WORDS, max_size=25))
    seps = [draw(st.sampled_from(["", " ", "\n"]))] + [draw(SEPS) for _ in words[1:]]
    if words:
        seps.append(draw(st.sampled_from(["", " ", "\n"])))
    return "".join(s + w for s, w in zip(seps, words + [""]))


@settings(max_examples=300, deadline=None)
@given(texts(), texts())
def test_any_copy_comes_back_exactly(canonical, copy):
    assert decode(canonical, encode(canonical, copy)) == copy


def test_split_keeps_every_character():
    text = "  A b\n\nc\td  "
    words, seps = split(text)
    assert words == ["A", "b", "c", "d"]
    assert "".join(s + w for s, w in zip(seps, words + [""])) == text


def test_changed_words_are_the_differing_ones():
    gone, new = changed_words("Dock workers returned to work on Monday.",
                              "Dock workers went back to work on Tuesday.")
    assert gone == ["returned", "Monday."]
    assert new == ["went", "back", "Tuesday."]


def test_a_copy_in_canonical_form_stores_only_its_changes():
    canonical = " ".join(f"w{k}" for k in range(200)) + "\n\n" + " ".join(
        f"v{k}" for k in range(200))
    copy = canonical.replace("w50 ", "CHANGED ")
    d = encode(canonical, copy)
    assert d == {"o": [50, -1, "CHANGED", 349], "p": [200]}
    assert len(repr(d)) < len(copy) / 20


def test_identical_and_empty_texts():
    assert encode("a b", "a b") == {"o": [2]}
    assert encode("", "") == {"o": []}
    assert decode("a b", encode("a b", "")) == ""
    assert decode("", encode("", "new words")) == "new words"
