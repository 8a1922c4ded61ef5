"""Metadata: headlines, dates and datelines pulled out of the copy (credits: test_bylines)."""
from __future__ import annotations

import pytest

from normtool.article import Article
from normtool.clean import clean_article
from normtool.clean.metadata import (Headline, find_title, looks_like_headline, normalise_given_date,
                               parse_date, same_text, split_title_date)
from normtool.clean.rules import load_rules

RULES = load_rules()


def clean(text):
    return clean_article(Article(id="m", text=text))


@pytest.mark.parametrize("text, iso", [
    ("2024-10-25", "2024-10-25"), ("26-FEB-1987 15:01:01.79", "1987-02-26"),
    ("October 24, 2024", "2024-10-24"), ("Oct. 4, 2024", "2024-10-04"),
    ("3 March 2024", "2024-03-03"), ("Tuesday, 5th March, 2024", "2024-03-05"),
    ("2024/10/25", "2024-10-25"), ("2024-02-30", None), ("next week", None), ("", None),
])
def test_parse_date(text, iso):
    assert parse_date(text, RULES) == iso


def test_given_dates_are_normalised_only_when_they_parse():
    assert normalise_given_date("26-FEB-1987 15:01:01.79", RULES) == "1987-02-26"
    assert normalise_given_date("Q3 1987", RULES) == "Q3 1987"
    assert normalise_given_date(19870226, RULES) == 19870226


@pytest.mark.parametrize("line, ok", [
    ("Seoul demands 'immediate withdrawal' of North Korean troops in Russia", True),
    ("Zelensky says Russia plans to deploy North Korean troops starting from Oct 27-28", True),
    ("\"We will not sit idle\" says Yoon", True),
    ("The talks ended on Friday.", False),
    ("Headline", False),                       # one word
    ("lower case start of a line", False),
    ("Ministers met. Talks go on", False),     # two sentences
    ("A" + " word" * 40, False),               # too long
])
def test_looks_like_headline(line, ok):
    assert looks_like_headline(line) is ok


def test_find_title_needs_prose_after_the_headline():
    assert find_title(["Troops head to front", "The army said so."], RULES) == Headline(
        0, "Troops head to front", ())
    assert find_title(["Troops head to front", "Pay April 30", "Record May 4"], RULES) is None
    assert find_title(["Troops head to the front line, the army said."], RULES) is None
    assert find_title(["Only a headline line"], RULES) is None
    assert find_title([], RULES) is None


def test_a_copy_cut_short_mid_sentence_keeps_its_headline():
    """Before: a lede cut after a few words ("... said its") was no prose, so
    the headline stayed in the body.  A word that leaves a sentence open (the
    rules' open endings) ends no headline, so the last paragraph is the lede."""
    head, cut = "Continental General <CGIC> Sets Stock Dividend", "Continental General Insurance Co said its"
    assert find_title([head, cut], RULES) == Headline(0, head, ())
    art = clean(f"{head}\n1987-03-03 10:42 GMT\n\n{cut}\n\n(Reporting by Maria Lopez; Editing by Jo Lee)")
    assert (art.title, art.date, art.text) == (head, "1987-03-03", cut)


def test_a_dated_headline_over_a_copy_cut_short_mid_sentence():
    head = "Marriott <MHS> to sell hotel"
    art = clean(f"{head} | Published 1987-03-02\nBy David Okafor\n\n<Four Seasons Hotels> said it and")
    assert (art.title, art.date, art.text) == (head, "1987-03-02", "<Four Seasons Hotels> said it and")


def test_a_cut_copy_takes_no_deck_nor_a_broken_title():
    # the lede's first half, left a paragraph of its own, is no deck to remove
    paras = ["The Evening Post", "Measurex <MX> Sells South African Unit",
             "Measurex Corp said it completed the sale of its Measurex (South",
             "Africa Pty) subsidiary to a group of"]
    assert find_title(paras, RULES) is None
    assert find_title(["Shares of Acme rose in", "early trade on the"], RULES) is None
    assert find_title(["Acme sets payout", "Acme Corp said trustees"], RULES) is None


def test_find_title_takes_label_lines_above_it_as_masthead():
    paras = ["The Evening Post", "Business", "Troops head to front", "The army said so."]
    assert find_title(paras, RULES) == Headline(2, "Troops head to front", (0, 1))
    # table rows are not labels: no title, nothing taken
    assert find_title(["Net 1.1 mln vs 829,000", "Troops head to front", "They said."], RULES) is None
    assert find_title(["A", "B", "C", "D", "Troops head to front", "They said."], RULES) is None


def test_headline_under_leading_furniture():
    art = clean("Skip to main content\nHome | World | Asia\nTroops head to front\nThe army said so.")
    assert (art.title, art.text) == ("Troops head to front", "The army said so.")
    art = clean("Published: March 3, 2024\nBy Jo Lee\nTroops head to front\n\nThe army said.")
    assert (art.title, art.date, art.credits) == ("Troops head to front", "2024-03-03", ["By Jo Lee"])


def test_fused_title_date_is_split():
    assert split_title_date("Troops in RussiaOctober 24, 2024", RULES) == (
        "Troops in Russia", [("title-date", "October 24, 2024")])
    assert split_title_date("Troops in Russia | Oct 24, 2024", RULES)[0] == "Troops in Russia"
    assert split_title_date("Plan for 2024", RULES) == ("Plan for 2024", [])


@pytest.mark.parametrize("title, kept, cut", [
    # a preposition before the weekday: the weekday is the headline's, only the date is cut
    ("Iranian Oil Minister Due in Algeria on Friday, MARCH 4, 1987",
     "Iranian Oil Minister Due in Algeria on Friday", "MARCH 4, 1987"),
    ("STRIKE TO END BY TUESDAY, MARCH 3, 1987", "STRIKE TO END BY TUESDAY", "MARCH 3, 1987"),
    ("Talks set for next Monday, March 2, 1987", "Talks set for next Monday", "March 2, 1987"),
    ("Ban to stay until Fri., March 6, 1987", "Ban to stay until Fri.", "March 6, 1987"),
    ("Ruling due on Monday | March 2, 1987", "Ruling due on Monday", "March 2, 1987"),
    # a date right after one is cut: "by Jo Bello on Mar 02, 1987" run into a headline
    ("Pact by Jo Bello on Mar 02, 1987", "Pact by Jo Bello on", "Mar 02, 1987"),
    # guards: a label, or no preposition, still takes the weekday with the date
    ("Troops in Russia Updated on Monday, March 2, 1987", "Troops in Russia",
     "Updated on Monday, March 2, 1987"),
    ("Troops in Russia Published Monday, March 2, 1987", "Troops in Russia",
     "Published Monday, March 2, 1987"),
    ("Troops in Russia | Monday, March 2, 1987", "Troops in Russia", "Monday, March 2, 1987"),
    ("Troops in RussiaMonday, March 2, 1987", "Troops in Russia", "Monday, March 2, 1987"),
])
def test_fused_title_date_keeps_a_weekday_after_a_preposition(title, kept, cut):
    assert split_title_date(title, RULES) == (kept, [("title-date", cut)])


def test_fused_weekday_date_in_a_cleaned_article():
    art = clean("Iranian Oil Minister Due in Algeria on Friday, MARCH 4, 1987\n\n"
                "Iran's oil minister will arrive in Algeria on Friday, the agency said.")
    assert (art.title, art.date) == ("Iranian Oil Minister Due in Algeria on Friday", "1987-03-04")


def test_same_text_ignores_case_spacing_and_quote_style():
    assert same_text("It\u2019s  over", "IT'S OVER") and not same_text("", "")


@pytest.mark.parametrize("para, dateline, rest", [
    ("SEOUL, South Korea \u2014 South Korea on Monday said so.", "SEOUL, South Korea \u2014",
     "South Korea on Monday said so."),
    ("KYIV - Ukrainian officials said so.", "KYIV -", "Ukrainian officials said so."),
    ("SALVADOR, Feb 26 - Showers continued.", "SALVADOR, Feb 26 -", "Showers continued."),
    ("WASHINGTON (Reuters) - The Fed said so.", "WASHINGTON (Reuters) -", "The Fed said so."),
    ("LONDON, March 3 (Reuters) - Shares fell.", "LONDON, March 3 (Reuters) -", "Shares fell."),
    ("PARIS (AFP) - Le gouvernement a dit.", "PARIS (AFP) -", "Le gouvernement a dit."),
    ("RIO DE JANEIRO, Brazil (AP) -- Police said.", "RIO DE JANEIRO, Brazil (AP) --",
     "Police said."),
    ("Washington (CNN) \u2014 The Senate voted.", "Washington (CNN) \u2014", "The Senate voted."),
    ("(CNN) \u2014 The Senate voted.", "(CNN) \u2014", "The Senate voted."),
])
def test_datelines(para, dateline, rest):
    art = clean(para + "\n\nSecond paragraph.")
    assert art.dateline == dateline
    assert art.text == rest + "\n\nSecond paragraph."


@pytest.mark.parametrize("para", [
    "US - China talks resumed on Monday.",          # too short to be a place
    "NATO - the alliance - met on Monday.",          # lower case after the dash
    "The KYIV - MOSCOW line was cut.",               # not at the start
    "Washington - the capital - was quiet.",         # no agency, not upper case
])
def test_no_dateline_in_ordinary_openings(para):
    art = clean(para)
    assert art.dateline is None and art.text == para


def test_dateline_only_at_the_start_of_the_body():
    art = clean("Talks ended on Monday.\n\nPARIS - Talks resumed on Tuesday.")
    assert art.dateline is None and "PARIS - Talks" in art.text
