"""A story whose body is a table (a wire's earnings figures) under a site's
headline and byline line: the headline is still found, though no prose
lede follows it, and the site's name over it goes as a masthead."""
from normtool.article import Article
from normtool.options import CleanOptions

from .paras import clean

PAGE = """The Daily Courier
Home | News | Business | Sport | Opinion | Contact
North American Group 4th Qtr Oper Loss
By Staff Writer | 30-MAR-1987


Oper shr loss 12 cts vs loss 10 cts

Oper net loss 474,270 vs loss 369,848

Revs 202,500 vs 111,210

Share this article: Facebook Twitter Email

\u00a9 2024 The Daily Courier. All rights reserved."""


def _clean(text: str) -> Article:
    return clean(text, options=CleanOptions(despin=False))


def test_a_table_story_keeps_its_headline_and_loses_the_masthead():
    got = _clean(PAGE)
    assert got.title == "North American Group 4th Qtr Oper Loss"
    assert got.text.startswith("Oper shr loss 12 cts vs loss 10 cts")
    assert "Daily Courier" not in got.text
    assert got.date == "1987-03-30"


def test_a_line_over_the_byline_with_prose_below_is_still_a_deck():
    page = PAGE.replace("North American Group 4th Qtr Oper Loss\nBy Staff Writer",
                        "North American Group posts loss\nLosses widen as sales fall\nBy Staff Writer")
    page = page.replace("Oper shr loss 12 cts vs loss 10 cts",
                        "North American Group Inc said on Monday that it lost 474,270 dlrs in the "
                        "fourth quarter, against a loss of 369,848 dlrs a year earlier.")
    got = _clean(page)
    assert got.title == "North American Group posts loss"
    assert got.text.startswith("North American Group Inc said on Monday")
    assert "Losses widen" not in got.text


def test_table_lines_with_no_byline_over_them_are_no_headline():
    page = "\n\n".join(p for p in PAGE.split("\n\n") if "By Staff" not in p)
    page = page.replace("North American Group 4th Qtr Oper Loss\nBy Staff Writer | 30-MAR-1987",
                        "North American Group 4th Qtr Oper Loss")
    assert _clean(page).title is None
