"""Copy that comes through other channels than a web page: a feed item
dumped as labelled fields, an e-mail briefing, a printed page with its
column breaks and jump lines, a portal's breadcrumb, a wire slug on top.
Each is known by its form; the story's own sentences stay."""
from __future__ import annotations

import pytest

from normtool.article import Article
from normtool.clean.joins import join_lines, soft_hyphen

from .paras import clean

HEAD = "Senate passes bill capping card interest at 100 percent a year"
LEDE = ("The Senate on Wednesday approved a bill that caps the interest banks may charge "
        "on revolving credit card debt at 100 percent a year.")
MORE = "The bill passed 58 to 12 and now goes to the president, who is expected to sign it."
LAST = "The law would take effect 90 days after it is signed."
BODY = "\n\n".join([LEDE, MORE, LAST])


def removed(out: Article) -> list:
    return [r["rule"] for r in out.removed]


def test_a_feed_items_labelled_fields_give_title_date_and_credit_and_go():
    out = clean("\n".join([
        f"Title: {HEAD}",
        "Link: https://www.example.com/world/2026/11/18/senate-card-cap",
        "Published: Wed, 18 Nov 2026 21:14:09 GMT",
        "Author: The Associated Press",
        "Categories: World, Banking",
        "Description: The bill now goes to the president.",
        "", BODY]))
    # the description is kept, without its label: an item may have no other text
    assert (out.title, out.date) == (HEAD, "2026-11-18")
    assert out.text == "The bill now goes to the president.\n\n" + BODY
    assert out.credits == ["Author: The Associated Press"]
    assert "feed-field" in removed(out)


@pytest.mark.parametrize("line", ["DATE: 2026-11-18T10:05:00Z", "pubDate: Wed, 18 Nov 2026 10:05:00 GMT",
                                  "Date: November 18, 2026"])
def test_a_date_field_dates_the_story(line):
    out = clean("\n".join([f"TITLE: {HEAD}", "URL: https://www.example.com/a", line, "", BODY]))
    assert (out.title, out.date, out.text) == (HEAD, "2026-11-18", BODY)


def test_a_line_that_only_starts_like_a_field_stays():
    lede = "Summary judgments like this one are rare, the court said on Wednesday."
    out = clean("\n\n".join([HEAD, lede, MORE, LAST]))
    assert out.text == "\n\n".join([lede, MORE, LAST])


def test_an_email_briefing_keeps_its_top_story_only():
    out = clean("\n".join([
        "View this email in your browser",
        "THE MORNING BRIEF | Thursday, November 19, 2026",
        "Good morning. Here's what you need to know today.",
        "TOP STORY", HEAD, LEDE, MORE, LAST,
        "Read the full story on our website \u00bb",
        "MORE HEADLINES",
        "Inflation slows for a fifth month",
        "Copper output falls 3% in October",
        "You are receiving this email because you signed up for The Morning Brief.",
        "Unsubscribe | Manage preferences | Privacy policy"]))
    assert (out.title, out.date, out.text) == (HEAD, "2026-11-19", BODY)


def test_a_good_morning_in_a_quote_stays():
    lede = '"Good morning. Here is the news," the announcer said, and then the power went out.'
    out = clean("\n\n".join([HEAD, lede, MORE, LAST]))
    assert out.text == "\n\n".join([lede, MORE, LAST])


def test_a_portal_breadcrumb_with_slashes_goes():
    out = clean("\n".join([f"Home / World News / {HEAD}", HEAD, "Published By : World Desk", LEDE, MORE, LAST]))
    assert (out.title, out.text) == (HEAD, BODY)
    assert "breadcrumb-home" in removed(out)
    assert out.credits == ["World Desk"]


@pytest.mark.parametrize("slug", ["italy-weather-floods", "AS-Brazil-Credit-Cards", "us-congress/card-rates-cap"])
def test_a_wire_slug_over_the_headline_goes(slug):
    out = clean("\n\n".join([slug, HEAD, LEDE, MORE, LAST]))
    assert (out.title, out.text) == (HEAD, BODY)
    assert removed(out) == ["wire-slug-line"]


def test_a_hyphenated_headline_word_is_not_a_slug():
    head = "Covid-19 cases fall"
    out = clean("\n\n".join([head, LEDE, MORE, LAST]))
    assert (out.title, out.text) == (head, BODY)


def test_a_printed_page_header_dates_the_page_and_a_jump_line_goes():
    out = clean("\n".join([
        "A8 | THE HERALD-TRIBUNE | THURSDAY, NOVEMBER 19, 2026",
        "SENATE VOTES TO CAP CARD INTEREST",
        "By Mauricio Savarese",
        "The Senate on Wednesday ap-",
        "proved a bill that caps the interest banks may charge",
        "on revolving credit card debt at 100 percent a year.",
        "See SENATE, Page A10"]))
    assert out.date == "2026-11-19"
    assert out.title == "SENATE VOTES TO CAP CARD INTEREST"
    assert out.text == LEDE
    assert "print-jump-line" in removed(out)


@pytest.mark.parametrize("lines, joined", [
    (["banks currently charge on un-", "paid balances"], "banks currently charge on unpaid balances"),
    (["a mea-", "sure"], "a measure"),
    (["the anti-", "aircraft guns"], "the anti-aircraft guns"),
    (["a well-", "known figure"], "a well-known figure"),
    (["the state-", "owned firm"], "the state-owned firm"),
    (["Jean-", "Paul"], "Jean-Paul"),
    (["pre-", "and post-war"], "pre- and post-war"),
])
def test_a_word_a_column_broke_is_mended_and_a_compound_keeps_its_hyphen(lines, joined):
    assert join_lines(lines) == joined


def test_soft_hyphen_asks_for_a_common_whole_word():
    assert soft_hyphen("with", "out")           # halves are words, the whole is very common
    assert not soft_hyphen("half", "time")      # halves are words, the whole is not that common
    assert not soft_hyphen("Ap", "proved")      # capitals: a name's hyphen is its own


@pytest.mark.parametrize("top, tail", [
    (["The Wayback Machine - https://web.archive.org/web/20261126113502/https://www.example.com/a"], []),
    (["Shared from Apple News"], ["Sent from my iPhone"]),
    (["Print this page"], ["Printed from https://www.example.com/a on 27/11/2026 09:41"]),
    (["Forwarded from Markets Wire"], ["\U0001F449 Subscribe: t.me/examplewire"]),
    ([], ["View Original"]),
])
def test_what_a_sharing_or_archiving_channel_adds_goes(top, tail):
    out = clean("\n".join(top + [HEAD, LEDE, MORE, LAST] + tail))
    assert (out.title, out.text) == (HEAD, BODY)


def test_a_read_later_source_line_under_the_headline_is_not_part_of_it():
    out = clean("\n".join([HEAD, "example.com \u00b7 3 min read", LEDE, MORE, LAST]))
    assert (out.title, out.text) == (HEAD, BODY)


def test_a_channels_pictographs_before_the_headline_go():
    out = clean("\n".join(["\u26a1\ufe0f " + HEAD.upper(), LEDE, MORE, LAST]))
    assert (out.title, out.text) == (HEAD.upper(), BODY)


def test_a_text_browser_dump_loses_its_links_and_keeps_its_story():
    wrapped = "\n".join("   " + line for line in [
        "The Senate on Wednesday approved a bill that caps the interest banks",
        "may charge on revolving credit card debt at 100 percent a year."])
    out = clean("\n".join([
        "   [1]Skip to main content [2]Menu [3]Search", "", "   [4]Business", "",
        HEAD, "", "   By [5]Mauricio Savarese", "", wrapped, "", "   " + MORE, "", "   " + LAST, "",
        "   [6]Share [7]Email", "", "References", "",
        *[f"   {i}. https://www.example.com/{i}" for i in range(1, 7)], "   7. mailto:?subject=x"]))
    assert (out.title, out.text) == (HEAD, BODY)
    assert out.credits == ["By Mauricio Savarese"]


@pytest.mark.parametrize("ending", [
    "References\n\n1. Smith, J. (2020). Card debt in Brazil. Journal of Finance.",   # not addresses
    "",                                                                                  # no list at all
])
def test_bracketed_numbers_stay_without_a_list_of_addresses(ending):
    lede = "The rate cap [1] was first proposed in 2013 [2], the bill's sponsor said on Wednesday."
    out = clean("\n\n".join([HEAD, lede, MORE, ending]).strip())
    assert out.text.startswith(lede)


def test_a_last_paragraph_about_printing_stays():
    last = "Printed on 100 percent recycled paper, the report runs to 400 pages."
    out = clean("\n\n".join([HEAD, LEDE, MORE, last]))
    assert out.text == "\n\n".join([LEDE, MORE, last])


def test_a_digests_dated_masthead_and_footer_go():
    out = clean("\n".join([
        "AFRICA DAILY DIGEST \u2014 Tuesday, 24 November 2026", HEAD, LEDE, MORE, LAST,
        "Forward to a friend",
        "You received this message because you subscribed to Africa Daily Digest. "
        "To stop receiving these emails, unsubscribe here.",
        "Africa Daily Digest, PO Box 4410, Nairobi"]))
    assert (out.title, out.date, out.text) == (HEAD, "2026-11-24", BODY)
