"""The two-column word tables (``spelling.tsv``, ``match_words.tsv``, a
user's ``--match-words``) have one reader, ``normtool.data.word_pairs``:
despin's spelling variants and dedup's matching copy read them alike."""
import pytest

from normtool.data import WordTableError, read_text, word_pairs, word_table
from normtool.dedup.matchtext import MatchWordsError, read_word_table
from normtool.despin.forms import variant


def test_pairs_are_numbered_stripped_and_lower_case_and_comments_skipped():
    text = "# British\tAmerican\nColour\tColor  # a comment\n\n  Fibre \tfiber\n"
    assert list(word_pairs(text, "t.tsv")) == [(2, "colour", "color"), (4, "fibre", "fiber")]


@pytest.mark.parametrize("text, message", [
    ("colour\tcolor\nfoo\n", "t.tsv:2: need 'FROM<TAB>TO': two tab-separated columns, not 1"),
    ("a\tb\tc\n", "t.tsv:1: need 'FROM<TAB>TO': two tab-separated columns, not 3"),
    ("\tcolor\n", "t.tsv:1: need 'FROM<TAB>TO': a column is empty"),
])
def test_a_bad_line_is_named_with_its_file_and_line(text, message):
    with pytest.raises(WordTableError) as exc:
        list(word_pairs(text, "t.tsv"))
    assert str(exc.value) == message


def test_dedup_raises_its_own_error_for_the_same_lines():
    with pytest.raises(MatchWordsError, match="^mw.tsv:1: need 'FROM<TAB>TO'"):
        read_word_table("a\tb\tc\n", "mw.tsv")
    assert issubclass(MatchWordsError, WordTableError)


def test_despin_and_dedup_read_one_spelling_table():
    """Guard: the table despin reads is the one dedup checks and reads."""
    table = word_table("spelling.tsv")
    assert table == read_word_table(read_text("spelling.tsv"), "spelling.tsv")
    assert len(table) > 1000
    assert all(variant(a, b) for a, b in table.items() if a != b)
