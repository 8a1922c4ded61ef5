"""Bylines and credit lines: who wrote the story, taken out of the copy into the credits."""
from __future__ import annotations

import pytest

from normtool.article import Article
from normtool.clean import clean_article


def clean(text):
    return clean_article(Article(id="m", text=text))


@pytest.mark.parametrize("tail, credit", [
    ("(Reporting by Josh Smith; Editing by Ed Davies)", "Reporting by Josh Smith; Editing by Ed Davies"),
    ("Additional reporting by Jo Lee in Seoul", "Additional reporting by Jo Lee in Seoul"),
    ("Compiled by Ann Ray", "Compiled by Ann Ray"),
    ("Associated Press writers Kim Tong-hyung in Seoul and Edith M. Lederer at the United "
     "Nations contributed to this report.",
     "Associated Press writers Kim Tong-hyung in Seoul and Edith M. Lederer at the United "
     "Nations contributed to this report."),
    ("REUTERS, AFP", "REUTERS, AFP"), ("- AFP", "AFP"), ("(AFP)", "AFP"),
])
def test_credit_lines_at_the_end(tail, credit):
    art = clean("Officials said the talks would go on.\n\n" + tail)
    assert art.credits == [credit]
    assert art.text == "Officials said the talks would go on."


def test_credit_lines_are_not_taken_from_the_middle():
    text = ("Officials met.\n\n(Reporting by Jo Lee)\n\nMore talks follow.\n\nA.\n\nB.\n\nC.\n\nD.")
    assert clean(text).credits == []


def test_fused_agency_credit_needs_a_sentence_end_before_it():
    assert clean("The minister told AFP").credits == []
    assert clean("He said. REUTERS, AFP").credits == ["REUTERS, AFP"]
