"""clean on channels and layouts first tried in round 29: digest items, portal
and trade-site bylines, blog reposts, e-paper running heads, translated copy,
city datelines in ordinary case, and the prose of the same shapes that stays."""
from __future__ import annotations

import pytest

from .paras import clean, rules_of

HEAD = "Kenya to ban single-use plastic bottles from June"
LEDE = ("Kenya will ban the manufacture and sale of single-use plastic bottles from June next year, "
        "the environment minister said on Thursday.")
MORE = "The ban will cover bottles of less than one litre used for water, soft drinks and juice."
LAST = "Rwanda and Uganda have introduced similar restrictions in recent years."


# --- a digest's numbered item -------------------------------------------------------

def test_a_digest_items_number_is_not_part_of_its_headline():
    out = clean("1. " + HEAD, LEDE, MORE, LAST)
    assert out.title == HEAD
    assert out.text == "\n\n".join([LEDE, MORE, LAST])


def test_a_numbered_list_opening_the_copy_stays():
    items = ["1. Bottles of less than one litre are banned from June.",
             "2. Larger bottles carry a deposit of 10 shillings.",
             "3. Retailers who break the rules face fines."]
    out = clean(*items, LEDE, MORE)
    assert out.title is None
    assert all(item in out.text for item in items)


def test_a_numbered_list_in_the_story_stays():
    items = ["1. A ban on bottles of less than one litre from June 1.",
             "2. A deposit of 10 shillings on larger bottles from January 2028."]
    out = clean(HEAD, "November 19, 2026", LEDE, "The new rules include:", *items, MORE, LAST)
    assert out.title == HEAD and out.date == "2026-11-19"
    assert all(item in out.text.split("\n\n") for item in items)


# --- datelines ------------------------------------------------------------------------

@pytest.mark.parametrize("dateline", ["Buenos Aires:", "Nairobi:", "NAIROBI:", "Las Vegas, Nevada \u2014",
                                      "Cape Town, South Africa \u2013"])
def test_a_city_dateline_in_ordinary_case(dateline):
    out = clean(HEAD, f"{dateline} {LEDE}", MORE, LAST)
    assert out.dateline == dateline
    assert out.text.startswith(LEDE)


def test_a_lone_dateline_line_under_a_portals_agency_line():
    out = clean(HEAD, "Reuters | Updated: 20 Nov 2026, 10:14 AM IST", "NAIROBI:", LEDE, MORE, LAST)
    assert out.title == HEAD and out.dateline == "NAIROBI:" and out.date == "2026-11-20"
    assert out.text == "\n\n".join([LEDE, MORE, LAST])


@pytest.mark.parametrize("first", [
    "Update: The ministry later said the ban would start in July.",
    "Note: Figures are for the year to June.",
    "Paris \u2014 the city of light \u2014 has banned plastic bottles in its parks.",
    "Jackson: We never asked for the ban.",
])
def test_labels_and_speakers_are_no_datelines(first):
    out = clean(HEAD, first, MORE, LAST)
    assert out.dateline is None
    assert out.text.startswith(first)


def test_a_transcripts_speaker_alone_on_a_line_is_no_dateline():
    out = clean(HEAD, "SMITH:", "We never asked for the ban, and we do not want it now.", MORE)
    assert out.dateline is None and "SMITH:" in out.text


# --- bylines and date lines -------------------------------------------------------------

def test_a_trade_sites_byline_date_and_sections_line():
    out = clean(HEAD, "By Jane Doe | Nov 20, 2026 | Mining, Latin America", LEDE, MORE, LAST)
    assert out.date == "2026-11-20" and out.credits == ["By Jane Doe"]
    assert out.text == "\n\n".join([LEDE, MORE, LAST])


def test_a_place_before_a_date_line():
    out = clean(HEAD, "Buenos Aires, November 19, 2026", LEDE, MORE, LAST)
    assert out.date == "2026-11-19"
    assert out.text == "\n\n".join([LEDE, MORE, LAST])


def test_a_blog_reposts_posted_by_source_and_via_lines():
    out = clean(HEAD, "Posted by railfan_admin on November 19, 2026", "Source: The Hindu BusinessLine",
                "Via: @IndiaRailNews", LEDE, MORE, LAST)
    assert out.title == HEAD and out.date == "2026-11-19"
    assert out.text == "\n\n".join([LEDE, MORE, LAST])


def test_a_source_line_with_no_date_line_over_it_stays():
    out = clean(HEAD, LEDE, MORE, "Source: Ministry of Environment")
    assert out.text.endswith("Source: Ministry of Environment")


# --- furniture --------------------------------------------------------------------------

def test_an_epapers_running_head_and_page_number_between_columns():
    """The running head is only removed: a date taken from it would make the
    paragraph over it a standfirst, and that may be the lede."""
    out = clean(HEAD, LEDE, "A6", "THE ATLANTIC TIMES | FRIDAY, NOVEMBER 20, 2026", MORE, LAST)
    assert out.title == HEAD
    assert out.text == "\n\n".join([LEDE, MORE, LAST])


def test_a_page_number_with_no_running_head_under_it_stays():
    out = clean(HEAD, LEDE, MORE, "A6", LAST)
    assert "\n\nA6\n\n" in out.text


@pytest.mark.parametrize("line, rule", [
    ("Also Read | Uganda to tax plastic packaging from July", "pipe-link"),
    ("(Translated by Ana G\u00f3mez)", "translation-note"),
])
def test_link_and_translator_lines(line, rule):
    out = clean(HEAD, LEDE, MORE, line, LAST)
    assert out.text == "\n\n".join([LEDE, MORE, LAST]) and rule in rules_of(out)


def test_a_sentence_about_a_translator_stays():
    line = "The novel was translated by Ana G\u00f3mez and sold 40,000 copies."
    out = clean(HEAD, LEDE, MORE, line)
    assert out.text.endswith(line)


def test_a_sites_initials_signing_off():
    out = clean(HEAD, LEDE, MORE, LAST, "\u2014 TNA")
    assert out.text.endswith(LAST) and out.credits == ["TNA"]


# --- headlines ---------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["BREAKING | " + HEAD, "\U0001F534 BREAKING | " + HEAD, "JUST IN: " + HEAD,
                                  HEAD + " - The Atlantic Times", HEAD + " | Latest News",
                                  HEAD + " \u2013 Nairobi News"])
def test_a_channels_label_or_a_sites_name_around_the_headline(line):
    out = clean(line, LEDE, MORE, LAST)
    assert out.title == HEAD
    assert out.text == "\n\n".join([LEDE, MORE, LAST])


@pytest.mark.parametrize("head", ["Kenya bans plastic bottles - and bags", "LIVE music returns to Nairobi's parks",
                                  "Plastic ban: Kenya Sets June Date - What Changes"])
def test_headlines_of_the_same_shape_stay_whole(head):
    assert clean(head, LEDE, MORE, LAST).title == head


def test_a_key_points_heading_over_summary_bullets():
    bullets = "- Bottles under one litre banned\n- Medicines exempt\n- Fines up to 4 million shillings"
    out = clean(HEAD, "November 19, 2026", "Key points:", bullets, LEDE, MORE, LAST)
    assert out.title == HEAD and out.date == "2026-11-19"
    assert out.text == "\n\n".join(["Key points:", bullets, LEDE, MORE, LAST])
