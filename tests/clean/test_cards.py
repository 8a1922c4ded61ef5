"""clean.cards: other stories' cards stacked over a story, a generated summary
box, a mail's subject over the story's headline, and a shared link's card
(headline, description, site) over the page that repeats its headline; with
the story lines of the same shapes that stay (guards)."""
from __future__ import annotations

import pytest

from normtool.clean.cards import card_stack, share_card
from normtool.clean.rules import load_rules

from .paras import clean, removed, rules_of

HEAD = "Hospital car park charges to be scrapped for night staff"
LEDE = ("Night-shift workers at Westgate General Hospital will no longer pay to park from next month, "
        "the health trust said on Wednesday after years of complaints from nurses and porters.")
MORE = "The trust said the change would cost about 300,000 pounds a year in lost income."
LAST = "Charges for day staff and visitors will not change."
CARDS = ["Latest News",
         "Flood warnings issued for three rivers",
         "Heavy rain is expected to continue through the weekend, forecasters said.",
         "2 hours ago",
         "Shop owners count cost of months of roadworks",
         "5 hours ago",
         "Tram extension gets final approval",
         "The line will run to the airport by 2029.",
         "1 day ago"]


# --- a stack of cards over the story ---------------------------------------------------

def test_a_stack_of_cards_over_the_story_goes():
    out = clean(*CARDS, HEAD, "By Oliver Grant", "Published 14 January 2026", LEDE, MORE, LAST)
    assert out.title == HEAD and out.date == "2026-01-14"
    assert out.text == "\n\n".join([LEDE, MORE, LAST])
    assert {removed(out)[line] for line in CARDS} == {"card-stack"}


def test_cards_written_without_blank_lines_go_too():
    text = "\n".join(CARDS[1:]) + "\n\n" + HEAD + "\n\n" + "\n\n".join([LEDE, MORE, LAST])
    out = clean(text)
    assert out.title == HEAD
    assert out.text == "\n\n".join([LEDE, MORE, LAST])


def test_guard_one_headline_over_its_time_ago_is_the_story():
    out = clean(HEAD, "2 hours ago", LEDE, MORE, LAST)
    assert out.title == HEAD
    assert out.text == "\n\n".join([LEDE, MORE, LAST])
    assert "card-stack" not in rules_of(out)


def test_guard_a_page_of_cards_with_no_story_under_it_is_left_alone():
    assert card_stack(CARDS[1:], load_rules()) == 0


def test_guard_headline_shaped_lines_with_no_times_are_no_cards():
    paras = ["Flood warnings issued for three rivers", "Tram extension gets final approval", HEAD, LEDE]
    assert card_stack(paras, load_rules()) == 0


# --- a shared link's card ----------------------------------------------------------------

CARD_HEAD = "Drought forces reservoir to lowest level since 1976"
CARD_LEDE = ("The main reservoir serving the region has fallen to 31 per cent of capacity, its lowest level "
             "for the time of year since records began in 1976, the water company said on Tuesday.")


def test_a_share_cards_description_and_site_over_the_repeated_headline_go():
    description = ("The main reservoir serving the region has fallen to 31 per cent of capacity, "
                   "its lowest level for the time of year since...")
    out = clean(CARD_HEAD, description, "northwaternews.com", CARD_HEAD, "July 21, 2026", CARD_LEDE, MORE)
    assert out.title == CARD_HEAD and out.date == "2026-07-21"
    assert out.text == "\n\n".join([CARD_LEDE, MORE])
    assert removed(out)[description] == "share-card"


def test_an_app_shares_card_and_the_sites_name_go():
    out = clean("Shared from Apple News", "Rail company fined over timetable chaos",
                "The regulator said passengers had been let down for months.", "Sent from my iPhone",
                "The Evening Standard-Times", "Rail company fined over timetable chaos", "September 4, 2026",
                CARD_LEDE, MORE, "Get Apple News for all your stories in one place.")
    assert out.title == "Rail company fined over timetable chaos" and out.date == "2026-09-04"
    assert out.text == "\n\n".join([CARD_LEDE, MORE])


def test_guard_a_lede_over_a_repeated_headline_stays():
    # a lede is neither a deck's length nor cut off with an ellipsis: it is never a card's line
    assert share_card([CARD_LEDE, CARD_HEAD, MORE], CARD_HEAD) == 0
    out = clean(CARD_HEAD, CARD_LEDE, CARD_HEAD, MORE)
    assert CARD_LEDE in out.text.split("\n\n")


def test_guard_short_story_lines_stay_when_the_headline_is_not_said_again():
    out = clean(CARD_HEAD, "July 21, 2026", "Hosepipe ban stays in place.", CARD_LEDE, MORE)
    assert "share-card" not in rules_of(out)
    assert out.text.startswith("Hosepipe ban stays in place.")


# --- a site's name under the headline, said again at the end ----------------------------------

def test_the_sites_name_under_the_headline_and_at_the_end_goes():
    out = clean("Council delays decision on new leisure centre\nBy Amelia Shore\nThe Keston Mercury\n"
                "Wednesday 8 April 2026\n" + LEDE, MORE, "Keston Mercury")
    assert out.title == "Council delays decision on new leisure centre" and out.date == "2026-04-08"
    assert out.text == "\n\n".join([LEDE, MORE])
    assert removed(out)["Keston Mercury"] == "site-name"


def test_cards_timed_yesterday_or_hours_ago_in_short_form_go():
    cards = ["Top Stories", "Airport expansion plan goes to public inquiry", "3h ago",
             "Teachers vote on new pay offer", "Unions say the result will be known next week.", "5h ago",
             "Coastal path reopens after cliff fall", "Yesterday"]
    out = clean(*cards, HEAD, "By Femi Adeyemi", "February 20, 2026", LEDE, MORE)
    assert out.title == HEAD and out.date == "2026-02-20"
    assert out.text == "\n\n".join([LEDE, MORE])


# --- a generated summary box --------------------------------------------------------------

SUMMARY = ["Summary", "AI-generated summary. Always check the full story.",
           "- Night staff will park for free from March\n- The trust loses 300,000 pounds a year"]


def test_a_generated_summary_box_goes_with_its_label_and_bullets():
    out = clean(HEAD, *SUMMARY, "By Nora Quist", "January 9, 2026", LEDE, MORE)
    assert out.title == HEAD and out.date == "2026-01-09"
    assert out.text == "\n\n".join([LEDE, MORE])
    assert set(rules_of(out)) >= {"generated-summary"}


def test_guard_a_storys_own_summary_bullets_stay():
    bullets = "- Night staff will park for free from March\n- The trust loses 300,000 pounds a year"
    out = clean(HEAD, bullets, LEDE, MORE)
    assert out.title == HEAD
    assert out.text.split("\n\n")[0] == bullets


# --- a mail's subject over the story's headline ---------------------------------------------

MAIL = ("From: Regional Desk <desk@northpost.com>\nSent: Tuesday, March 10, 2026 8:14 AM\n"
        "To: Web Team <web@northpost.com>\nSubject: {}\n\n")


@pytest.mark.parametrize("subject", ["for web", "Car park story", "Hospital car park charges"])
def test_a_mails_subject_over_the_storys_headline_is_not_the_title(subject):
    out = clean(MAIL.format(subject) + HEAD, LEDE, MORE)
    assert out.title == HEAD
    assert out.text == "\n\n".join([LEDE, MORE])
    assert removed(out)["Subject: " + subject] == "email-subject"


def test_guard_a_mails_subject_with_no_headline_under_it_is_the_title():
    out = clean(MAIL.format(HEAD) + LEDE, MORE)
    assert out.title == HEAD
    assert out.text == "\n\n".join([LEDE, MORE])
