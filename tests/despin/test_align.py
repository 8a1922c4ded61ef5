"""Word alignment of long texts (despin.align)."""
import difflib

from normtool.despin.align import opcodes


def test_long_texts_align_as_difflib_does():
    words = [f"w{(k * 7919) % 1009}" for k in range(1200)]      # no repeated 4-grams
    spun = list(words)
    for k in range(0, len(spun), 9):
        spun[k] = "x"
    assert opcodes(spun, words) == difflib.SequenceMatcher(None, spun, words, autojunk=False).get_opcodes()


def test_a_repetitive_text_holds_no_anchor_and_is_one_replaced_block():
    a = "the company said it would sell shares".split() * 2000
    b = "the firm said it would sell stock".split() * 2000
    assert opcodes(a, b) == [("replace", 0, len(a), 0, len(b))]


def test_short_texts_are_difflib_s():
    assert opcodes("a b c d".split(), "a x c d".split()) == [
        ("equal", 0, 1, 0, 1), ("replace", 1, 2, 1, 2), ("equal", 2, 4, 2, 4)]
