"""Date lines and agency credit lines known by their form, whatever the
outlet: a short line at the top or the end whose words, its date, time and
zone taken out, are furniture only.  Prose with a date in it stays."""
from __future__ import annotations

import pytest

from normtool.clean.stamps import agency_tail, stamp_date

from .paras import clean

HEAD = "Port workers end strike after pay deal"
LEDE = ("Dock workers at the country's busiest port returned to work on Wednesday after "
        "accepting a 9 percent pay rise, ending a strike that had left ships waiting offshore.")
MORE = "The union said the deal covered about 4,000 workers and would run for two years."
LAST = "Shipping lines said it would take a week to clear the backlog of containers."


@pytest.mark.parametrize("line", [
    "Updated - March 11, 2026 08:14 pm IST - MUMBAI",
    "Sport | Press Trust of India | Updated: March 11, 2026 20:14 IST",
    "9:42pm Mar 11, 2026",
    "First Published: Mar 11 2026 | 8:05 PM IST",
    "4 min read Last Updated : Mar 11 2026 | 8:30 PM IST",
    "Wednesday, March 11, 2026 @ 4:50pm WAT",
    "(Updated 11 March 2026, 14:45 IST)",
    "Posted 6pm, 11-Mar-2026 | 4 p.m. GMT",
    "Updated: 2026/03/11 09:00 CAT",
])
def test_a_date_line_at_the_top_dates_the_story_and_goes(line):
    out = clean(HEAD, line, LEDE, MORE, LAST)
    assert out.date == "2026-03-11"
    assert out.text == "\n\n".join([LEDE, MORE, LAST])
    assert out.title == HEAD


@pytest.mark.parametrize("line", [
    "(Published 11 March 2026, 14:45 IST)",
    "Published - March 11, 2026 06:40 pm GMT",
])
def test_a_date_line_at_the_end_dates_the_story_and_goes(line):
    out = clean(HEAD, LEDE, MORE, LAST, line)
    assert out.date == "2026-03-11"
    assert out.text.endswith(LAST)


def test_the_published_date_wins_over_an_update_printed_above_it():
    out = clean(HEAD, "Updated - March 12, 2026 09:14 am IST", LEDE, MORE, LAST,
                "Published - March 11, 2026 06:40 pm IST")
    assert out.date == "2026-03-11"
    assert out.text.endswith(LAST)


@pytest.mark.parametrize("line", [
    "The meeting on March 11, 2026 ended early.",
    "Talks set for March 11, 2026",
    "STRIKE TO END ON MARCH 11, 2026",
    "On March 11, 2026, the union said",
    "The deal was signed at 6:40 pm on March 11, 2026.",
])
def test_prose_or_a_headline_with_a_date_is_no_date_line(line):
    assert stamp_date(line) is None


def test_a_last_sentence_with_a_date_stays():
    last = "The strike began on March 2, 2026."
    out = clean(HEAD, LEDE, MORE, last)
    assert out.text.endswith(last)


@pytest.mark.parametrize("line, name", [
    ("- with AAP", "AAP"),
    ("\u2013 with AFP", "AFP"),
    ("Australian Associated Press", "Australian Associated Press"),
    ("\u2014 with a report from Press Trust of India", "Press Trust of India"),
    ("(With inputs from PTI)", "PTI"),
])
def test_a_closing_agency_line_is_a_credit(line, name):
    out = clean(HEAD, LEDE, MORE, LAST, line)
    assert out.text.endswith(LAST)
    assert name in out.credits


@pytest.mark.parametrize("line", ["He told AAP.", "With AFP, the deal changes", "AAP reported the strike ended."])
def test_prose_naming_an_agency_is_no_credit(line):
    assert agency_tail(line) is None
    out = clean(HEAD, LEDE, MORE, line)
    assert out.text.endswith(line)


@pytest.mark.parametrize("line", [
    "(Except for the headline, this story has not been edited by The Daily staff and is published "
    "from a syndicated feed.)",
    "(Only the headline and picture of this report may have been reworked by the staff; the rest "
    "of the content is auto-generated from a syndicated feed.)",
    "Track Latest News Live on Example.com and get news updates from around the world",
    "DOWNLOAD THE 7NEWS APP: Stay across all the latest in breaking news, sport and the weather via "
    "our news app and get notifications sent straight to your smartphone. Available on the Apple "
    "App Store and Google Play.",
])
def test_a_syndication_or_app_note_at_the_end_goes(line):
    out = clean(HEAD, LEDE, MORE, LAST, line)
    assert out.text.endswith(LAST)


def test_a_latest_episodes_list_at_the_end_goes():
    out = clean(HEAD, LEDE, MORE, LAST, "Share", "Latest podcast episodes", "Why ports keep striking")
    assert out.text.endswith(LAST)


def test_a_read_later_widget_under_the_headline_goes():
    out = clean("WORLD", HEAD, "READ LATER", "PRINT", "Remove", "SEE ALL", LEDE, MORE, LAST)
    assert out.title == HEAD
    assert out.text == "\n\n".join([LEDE, MORE, LAST])


@pytest.mark.parametrize("line", [
    "The union said the syndicated feed of results would resume (after a pause) next week.",
    "Workers were told to follow the latest news on the union's website before returning.",
    "Remove the cap, the union said.",
])
def test_prose_like_those_notes_stays(line):
    out = clean(HEAD, LEDE, MORE, line)
    assert out.text.endswith(line)


def test_a_source_line_and_a_caption_credited_to_a_source_under_the_headline_go():
    out = clean("News Site", HEAD, "The union's deck says what the deal gives.",
                "Dock workers leave the port on Wednesday. Source: AAP / Jane Citizen",
                "Published 11 March 2026 10:42am", "Source: AAP", "Share this with family and friends",
                LEDE, "For the latest from News Site, download our app and subscribe to our newsletter.",
                MORE, LAST)
    assert out.title == HEAD
    assert out.text == "\n\n".join([LEDE, MORE, LAST])
    assert "AAP" in out.credits and out.date == "2026-03-11"


def test_a_sentence_quoting_a_source_stays():
    line = "The figures were published on Monday. Source: union officials said the deal held."
    out = clean(HEAD, LEDE, line, MORE, LAST)
    assert line in out.text.split("\n\n")
