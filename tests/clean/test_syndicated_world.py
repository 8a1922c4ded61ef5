"""clean on agency stories as outlets around the world republish them: a
Japanese, a South African, a Canadian site, a broadcaster's page, a
reader-mode extraction.  Each adds its own furniture (a section over the
headline, a caption credited after a bar or a slash, an audio player's
counters, a paywall line, a comment prompt, the agency's own tail) that
must go without touching prose that reads alike."""
from __future__ import annotations

import pytest

from normtool.clean.metadata import looks_like_headline

from .paras import clean, removed

HEAD = "Ice storm keeps lobster boats in port"
LEDE = ("Lobster fishermen in southwestern Nova Scotia say a late-season ice storm that kept "
        "boats in harbour for nine days has cost them as much as $40 million in lost catch.")
MORE = ("About 1,600 licence holders fish the two areas, which together land roughly 40 per cent "
        "of the country's lobster by value.")
LAST = "Environment Canada said it was the latest April ice storm to hit the region since 1987."
BODY = [LEDE, MORE, LAST]


@pytest.mark.parametrize("line, rule", [
    ("Lobster boats sit tied up at the wharf in Yarmouth, N.S., on Monday. (Robert Short/CBC)",
     "caption-slash-credit"),
    ("Passengers wait at the station on Tuesday after services were suspended. | KYODO",
     "caption-slash-credit"),
    ("LIVE | Follow the latest news on the economy", "pipe-link"),
    ("Read more in Daily Maverick: Eskom wants a 36% tariff hike", "read-more"),
    ("Join ST's Telegram channel and get the latest breaking news delivered to you.", "follow-social"),
    ("Follow News24 on WhatsApp", "follow-writer"),
    ("Add CBS News on Google", "follow-social"),
    ("In a time of both misinformation and too much information, quality journalism is more "
     "crucial than ever.", "subscribe-line"),
    ("By subscribing, you can help us get the story right.", "subscribe-line"),
    ("You can save this article by registering for free here. Or sign-in if you have an account.",
     "subscribe-line"),
])
def test_an_outlets_line_in_the_body_goes(line, rule):
    out = clean(HEAD, LEDE, line, MORE, LAST)
    assert out.text.split("\n\n") == BODY
    assert removed(out)[line] == rule


@pytest.mark.parametrize("line, rule", [
    ("($1 = 18.2900 rand)", "currency-note"),
    ("Please log in or register to continue reading this article.", "paywall-notice"),
    ("Report a correction or typo", "report-error-links"),
    ("Would you like to comment on this article?", "comments-line"),
    ("Register (it's quick and free) or sign in now.", "comment-form"),
    ("Conversations are opinions of our readers and are subject to the Code of Conduct. "
     "The Star does not endorse these opinions.", "comment-form"),
    ("Share this article in your social network", "share-line"),
    ("More from world", "more-from-site"),
])
def test_an_outlets_line_at_the_end_goes(line, rule):
    out = clean(HEAD, *BODY, line)
    assert out.text.split("\n\n") == BODY
    assert removed(out)[line] == rule


def test_the_canadian_press_tail_goes_and_dates_the_story():
    tail = "This report by The Canadian Press was first published April 14, 2026."
    out = clean(HEAD, "HALIFAX \u2014 " + LEDE, MORE, LAST, tail)
    assert out.text.split("\n\n") == BODY
    assert out.date == "2026-04-14"


def test_a_syndication_note_gives_the_date_but_a_date_on_top_wins():
    tail = "This story was originally published February 17, 2026 at 2:41 PM."
    assert clean(HEAD, *BODY, tail).date == "2026-02-17"
    assert clean(HEAD, "Published Feb. 18, 2026", *BODY, tail).date == "2026-02-18"


def test_ap_reported_from_and_contributed_line_is_a_credit():
    line = ("Yamat reported from Las Vegas. Associated Press writer Ed White in Detroit "
            "contributed to this report.")
    out = clean(HEAD, *BODY, line)
    assert out.text.split("\n\n") == BODY
    assert line in out.credits


def test_voa_information_from_line_is_a_credit():
    line = "Some information in this report came from The Associated Press and Reuters."
    out = clean(HEAD, *BODY, line)
    assert out.text.split("\n\n") == BODY
    assert "The Associated Press and Reuters" in out.credits


def test_a_reader_mode_copy_loses_its_domain_and_reading_time():
    out = clean("scmp.com", HEAD, "Agence France-Presse", "4-5 minutes", *BODY)
    assert out.title == HEAD
    assert out.text.split("\n\n") == BODY


def test_a_broadcasters_issued_and_modified_line_is_the_date():
    out = clean("Asia-Pacific", HEAD, "Issued on: 03/03/2026 - 09:14 Modified: 03/03/2026 - 11:02",
                "2 min Reading time", *BODY)
    assert (out.title, out.date) == (HEAD, "2026-03-03")
    assert out.text.split("\n\n") == BODY


def test_a_date_line_naming_the_outlet_after_a_slash_is_the_date():
    out = clean("MoneyWatch", HEAD, "Updated on: February 17, 2026 / 6:14 PM EST / CBS News", *BODY)
    assert (out.title, out.date) == (HEAD, "2026-02-17")
    assert out.text.split("\n\n") == BODY


def test_an_agency_posted_and_last_updated_line_is_the_date():
    line = "The Canadian Press \u00b7 Posted: Apr 14, 2026 4:10 PM ADT | Last Updated: April 14"
    out = clean("Nova Scotia", HEAD, line, *BODY)
    assert (out.title, out.date) == (HEAD, "2026-04-14")
    assert out.text.split("\n\n") == BODY


def test_an_audio_players_counters_go_with_it():
    out = clean(HEAD, "Reuters", "Listen to this article", "0:00", "04:12", *BODY)
    assert out.text.split("\n\n") == BODY


def test_a_wire_credit_under_a_headline_and_deck_is_a_credit():
    out = clean("The Japan Times", "NATIONAL", HEAD,
                "Fishermen say nine days tied up at the wharf cost as much as $40M",
                "AFP-JIJI", *BODY)
    assert (out.title, out.credits) == (HEAD, ["AFP-JIJI"])
    assert out.text.split("\n\n") == BODY


def test_a_site_name_with_its_number_fused_on_is_a_masthead():
    out = clean("News24", "Business", "Economy", HEAD, *BODY)
    assert out.title == HEAD
    assert out.text.split("\n\n") == BODY


def test_an_explainer_headline_ending_in_heres_why_is_the_title():
    head = "Your next flight may be on a Boeing 737 getting a cockpit check. Here's why."
    out = clean("TRAVEL", head, *BODY)
    assert out.title == head
    assert out.text.split("\n\n") == BODY


@pytest.mark.parametrize("prose", [
    "The vote was delayed again. Here's why it matters, officials said on Tuesday in a long briefing.",
    "Prices fell. Here's why traders sold.",
])
def test_prose_with_heres_why_is_no_headline(prose):
    assert not looks_like_headline(prose)


@pytest.mark.parametrize("prose", [
    "Officials said the report would come later. (The agency declined to comment.)",
    "The figure was revised, the ministry said. | The ministry did not say why.",
    "Read more about the decision in the regulator's report, the union said.",
    "Some information in this report came too late, the judge said, and he struck it out.",
    "Conversations with residents show many are angry about the storm damage.",
    "Editor's note: This is the second of a three-part series on the fishery.",
    "Contact with the vessel was lost at 3 a.m., the coast guard said.",
])
def test_prose_that_reads_like_this_furniture_stays(prose):
    out = clean(HEAD, LEDE, prose, LAST)
    assert out.text.split("\n\n") == [LEDE, prose, LAST]


@pytest.mark.parametrize("tail", [
    ["KEYWORDS", "Shinkansen, Weather, JR Central", "PHOTO GALLERY (CLICK TO ENLARGE)"],
    ["In:", "Boeing", "Federal Aviation Administration"],
    ["Related Links", "Eskom's new CEO says load-shedding is 'a thing of the past'"],
    ["Published / Tuesday, 3 Mar 2026 11:40"],
    ["Daily newsletter", "Receive essential international news every morning", "Subscribe",
     "Keep up to date with international news by downloading the France 24 app"],
    ["Go to accessibility shortcuts", "Share this article", "Comments"],
    ["Read more"],
])
def test_a_tag_or_link_list_or_a_pages_tail_at_the_end_is_cut(tail):
    out = clean(HEAD, *BODY, *tail)
    assert out.text.split("\n\n") == BODY


def test_social_sharing_under_the_byline_is_no_credit():
    out = clean(HEAD, "Social Sharing", *BODY)
    assert (out.title, out.credits) == (HEAD, [])
    assert out.text.split("\n\n") == BODY


@pytest.mark.parametrize("byline", [
    "By Keith Doucette The Canadian Press",
    "Author of the article: The Canadian Press",
    "By Euronews with AFP",
])
def test_a_byline_naming_the_agency_is_a_credit(byline):
    out = clean(HEAD, byline, *BODY)
    assert (out.title, out.credits) == (HEAD, [byline])
    assert out.text.split("\n\n") == BODY


def test_a_video_player_and_its_title_go_but_not_the_lede_under_them():
    out = clean(HEAD, "Click to play video: 'Fishermen face delays after ice storm'",
                "Fishermen face delays after ice storm", *BODY)
    assert (out.title, out.text.split("\n\n")) == (HEAD, BODY)
    out = clean(HEAD, "Click to play video: 'Fishermen face delays after ice storm'", *BODY)
    assert (out.title, out.text.split("\n\n")) == (HEAD, BODY)
    out = clean("Click to play video: 'Fishermen face delays after ice storm'", HEAD, *BODY)
    assert (out.title, out.text.split("\n\n")) == (HEAD, BODY)     # another line: the headline stays


@pytest.mark.parametrize("line", [
    "Gallery",
    "Comments - share your knowledge and experience",
    "Please note you must be a Maverick Insider to comment. Sign up here or sign in if you are "
    "already an Insider.",
])
def test_a_members_comment_box_at_the_end_goes(line):
    out = clean(HEAD, *BODY, line)
    assert out.text.split("\n\n") == BODY


def test_an_updated_line_with_a_slash_is_the_date():
    out = clean(HEAD, "Updated / Tuesday, 3 Mar 2026 13:02", *BODY)
    assert (out.title, out.date) == (HEAD, "2026-03-03")
    assert out.text.split("\n\n") == BODY


@pytest.mark.parametrize("line", [
    "Contact Dana Whitfield: dwhitfield@freep.com. Follow her on X @danawhitfield.",
    "Catch all the latest news, breaking news and updates on The Times of India.",
    "This article originally appeared on the South China Morning Post (SCMP), the most authoritative "
    "voice reporting on China and Asia for more than a century. For more SCMP stories, please explore "
    "the SCMP app or visit the SCMP's Facebook and Twitter pages. Copyright \u00a9 2026 South China "
    "Morning Post Publishers Ltd. All rights reserved.",
])
def test_a_republishers_tail_goes(line):
    out = clean(HEAD, *BODY, line)
    assert out.text.split("\n\n") == BODY


def test_with_reporting_by_an_agency_is_a_credit():
    out = clean(HEAD, *BODY, "With reporting by AFP")
    assert (out.text.split("\n\n"), out.credits) == (BODY, ["With reporting by AFP"])


def test_an_editors_note_that_the_story_was_updated_goes():
    note = "Editor's note: This story has been updated to include a statement from Boeing."
    out = clean(HEAD, note, *BODY)
    assert (out.title, out.text.split("\n\n")) == (HEAD, BODY)


def test_a_desk_site_and_updated_line_is_the_date_and_credit():
    out = clean(HEAD, "TOI World Desk / TIMESOFINDIA.COM / Updated: Feb 18, 2026, 02:14 IST",
                "Share", "AA", "Text Size", *BODY)
    assert (out.title, out.date, out.credits) == (HEAD, "2026-02-18", ["TOI World Desk"])
    assert out.text.split("\n\n") == BODY


def test_an_inline_read_link_after_a_bar_goes():
    out = clean(HEAD, LEDE, "READ | Eskom's new CEO says load-shedding is over", MORE, LAST)
    assert out.text.split("\n\n") == BODY


def test_a_date_line_at_the_end_dates_the_story():
    assert clean(HEAD, *BODY, "Published / Tuesday, 3 Mar 2026 11:40").date == "2026-03-03"


def test_a_video_embed_box_goes():
    out = clean(HEAD, "Close Button", "Copy/paste the article video embed link below:", "Copy", *BODY)
    assert (out.title, out.text.split("\n\n")) == (HEAD, BODY)


@pytest.mark.parametrize("line, credit", [
    ("With files from CBC News", "CBC News"),
    ("With files from The Canadian Press and Reuters.", "The Canadian Press and Reuters"),
])
def test_with_files_from_is_a_credit(line, credit):
    out = clean(HEAD, *BODY, line)
    assert (out.text.split("\n\n"), out.credits) == (BODY, [credit])


def test_two_agencies_under_the_headline_are_a_credit():
    out = clean(HEAD, "JIJI, KYODO", "Mar 3, 2026", *BODY)
    assert (out.title, out.credits, out.date) == (HEAD, ["JIJI, KYODO"], "2026-03-03")
    assert out.text.split("\n\n") == BODY


def test_a_short_lede_ending_in_heres_why_under_a_headline_stays():
    lede = "Gas prices rose 20 cents a gallon this week. Here's why."
    out = clean("Gas prices jump again before the holiday weekend", lede, *BODY)
    assert out.title == "Gas prices jump again before the holiday weekend"
    assert out.text.split("\n\n") == [lede, *BODY]
