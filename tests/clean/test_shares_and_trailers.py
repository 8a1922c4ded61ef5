"""clean on layouts first tried in round 28: app shares, CMS field labels, a
forwarded mail's personal note, AP and AllAfrica trailers, and the prose of
the same shapes that stays."""
from __future__ import annotations

import pytest

from .paras import clean, rules_of

HEAD = "Argentina's central bank cuts rate to 26% as inflation slows"
LEDE = ("Argentina's central bank cut its benchmark interest rate by 300 basis points to 26 percent "
        "on Thursday, its fourth reduction this year.")
MORE = "The bank said consumer prices rose 1.9 percent in October, the lowest monthly reading since 2020."
LAST = "The bank's next policy meeting is scheduled for Dec. 17."


# --- app shares -------------------------------------------------------------------

def test_an_app_shares_intro_footer_and_link_under_the_headline_go():
    out = clean("Check out this article from The Atlantic Times:", HEAD,
                "https://www.atlantictimes.example/world/argentina-rate-cut-2026-11-19", LEDE, MORE, LAST,
                "Shared via The Atlantic Times app. Download it at https://atlantictimes.example/app")
    assert out.title == HEAD
    assert out.text == "\n\n".join([LEDE, MORE, LAST])
    assert {"app-share-intro", "app-share-footer"} <= set(rules_of(out))


def test_a_headline_with_its_bare_link_fused_on_loses_the_link():
    out = clean(HEAD + " https://www.atlantictimes.example/world/argentina-rate-cut", LEDE, MORE, LAST)
    assert out.title == HEAD


@pytest.mark.parametrize("sentence", [
    "Check out this article from the central bank's own website: it says rates will fall again.",
    "Check out the new rules, the minister told reporters on Thursday, before you judge them.",
    "Read this story in full on Monday, the bank's governor said."])
def test_a_story_sentence_beginning_check_out_stays(sentence):
    out = clean(HEAD, LEDE, sentence, MORE, LAST)
    assert sentence in out.text.split("\n\n")


def test_a_closing_sentence_about_sharing_via_an_app_stays():
    tail = "Shared via the Mercado Pago app, the payments rose 40 percent in October, the company said."
    out = clean(HEAD, LEDE, MORE, tail)
    assert out.text.endswith(tail)


# --- CMS field labels ---------------------------------------------------------------

def test_cms_field_labels_go_and_the_headline_is_found():
    out = clean("Headline: " + HEAD, "Summary: The bank's fourth cut this year",
                "Publish date: 2026-11-19", "Section: Business", "Body:", LEDE, MORE, LAST,
                "Keywords: rates; Argentina; inflation", "Word count: 214")
    assert out.title == HEAD and out.date == "2026-11-19"
    assert out.text == "\n\n".join([LEDE, MORE, LAST])


def test_a_summary_label_inside_a_story_stays():
    para = "Summary: the bank cut rates, the peso held, and inflation slowed for a sixth month."
    out = clean(HEAD, LEDE, MORE, para, LAST)
    assert para in out.text.split("\n\n")


def test_a_word_count_sentence_stays():
    para = "Word count: that is what the new rules on campaign leaflets are about, officials said."
    out = clean(HEAD, LEDE, MORE, para, LAST)
    assert para in out.text.split("\n\n")


# --- a forwarded mail's note -----------------------------------------------------------

def test_a_personal_note_under_a_forwarded_mails_headers_goes():
    out = clean("---------- Forwarded message ---------", "From: Ana Ruiz <aruiz@mail.example>",
                "Date: Fri, Nov 20, 2026 at 8:14 AM", "Subject: Fwd: " + HEAD, "To: <desk@news.example>",
                "FYI, for tomorrow's business page.", HEAD, LEDE, MORE, LAST)
    assert out.title == HEAD
    assert out.text == "\n\n".join([LEDE, MORE, LAST])
    assert "email-forward-note" in rules_of(out)


def test_an_fyi_paragraph_without_mail_headers_stays():
    para = "FYI, the bank said, is how the governor signs his notes to staff."
    out = clean(HEAD, LEDE, para, MORE, LAST)
    assert para in out.text.split("\n\n")


# --- wire and aggregator trailers ---------------------------------------------------

def test_an_ap_slug_trailer_goes():
    out = clean(HEAD, LEDE, MORE, LAST, "END", "AP-WF-11-19-26 1412GMT")
    assert out.text == "\n\n".join([LEDE, MORE, LAST])
    assert "ap-transmission-stamp" in rules_of(out)


def test_allafricas_read_the_original_trailer_goes():
    out = clean(HEAD, LEDE, MORE, LAST, "Read the original article on The Standard.",
                "Copyright \u00a9 2026 The Standard. All rights reserved. Distributed by AllAfrica "
                "Global Media (allAfrica.com).")
    assert out.text == "\n\n".join([LEDE, MORE, LAST])
    assert "read-original-on" in rules_of(out)


@pytest.mark.parametrize("para", ["The End of an era.", "The end of an era for the peso.",
                                  "Share prices rose 2 percent in Buenos Aires.",
                                  "Read the original article on the law, she said, and you will see why."])
def test_prose_of_the_same_shape_at_the_end_stays(para):
    out = clean(HEAD, LEDE, MORE, para)
    assert out.text.endswith(para)


# --- a broadcaster's top block and photo ------------------------------------------------

FERRY = "Scotland orders six electric ferries after years of delays"
FERRY_LEDE = ("The Scottish government has ordered six new electric ferries for its west coast routes "
              "in a \u00a3410 million deal, ministers announced on Tuesday.")
FERRY_MORE = ("The vessels will be built by a consortium led by Ferguson Marine at its yard in Port Glasgow, "
              "with the first due to enter service in 2029, Transport Secretary Fiona Hyslop told Holyrood.")
FERRY_LAST = "CalMac, which operates the ferries, said the new ships would serve routes to Mull and Islay."


def test_a_broadcasters_name_and_role_with_its_outlet_go_to_credits():
    out = clean(FERRY, "2 hours ago", "Share", "Save", "Alasdair Reid",
                "BBC Scotland transport correspondent", FERRY_LEDE, FERRY_MORE, FERRY_LAST)
    assert out.title == FERRY and out.credits == ["Alasdair Reid"]
    assert out.text == "\n\n".join([FERRY_LEDE, FERRY_MORE, FERRY_LAST])


def test_a_caption_under_its_bare_photo_credit_goes():
    out = clean(FERRY, FERRY_LEDE, "Getty Images", "The Glen Sannox entered service more than six years late",
                FERRY_MORE, FERRY_LAST)
    assert out.text == "\n\n".join([FERRY_LEDE, FERRY_MORE, FERRY_LAST])
    assert "caption-under-bare-credit" in rules_of(out)


@pytest.mark.parametrize("para", ["Years of delays",
                                  "The yard said on Tuesday that the first ship would be ready in 2029."])
def test_a_crosshead_or_a_sentence_under_a_photo_credit_stays(para):
    out = clean(FERRY, FERRY_LEDE, "Getty Images", para, FERRY_MORE, FERRY_LAST)
    assert para in out.text.split("\n\n")


def test_a_caption_shaped_last_line_under_a_credit_stays():
    tail = "The ferries will serve routes to Mull, Islay and the Small Isles from 2029"
    out = clean(FERRY, FERRY_LEDE, FERRY_MORE, "Getty Images", tail)
    assert out.text.endswith(tail)


def test_a_name_and_role_on_one_line_is_still_the_credit():
    out = clean(FERRY, "Helena Horton Environment reporter", FERRY_LEDE, FERRY_MORE, FERRY_LAST)
    assert out.credits == ["Helena Horton Environment reporter"]


# --- a live blog's entries ------------------------------------------------------------

BLOG = [("17:05 GMT", "Copper prices on the London Metal Exchange fell 0.8 percent to $9,412 a tonne after the news."),
        ("16:48 GMT", "Anglo American, which controls the mine, said operations would restart gradually over the "
                      "weekend and that it expected to reach full capacity within ten days."),
        ("16:12 GMT", "Workers at Chile's Los Bronces copper mine voted on Friday to accept a new wage deal, ending "
                      "a 17-day strike that had cut output at one of the world's largest copper operations.")]


def test_a_live_blogs_latest_entry_is_not_taken_for_a_deck():
    paras = ["Los Bronces strike: live updates", "Last updated 20 November 2026"]
    for stamp, entry in BLOG:
        paras += [stamp, entry]
    out = clean(*paras)
    assert out.title == "Los Bronces strike: live updates"
    assert out.text == "\n\n".join(entry for _, entry in BLOG)


def test_a_deck_over_a_single_time_stamp_is_still_the_deck():
    deck = "Copper prices fell after the news, traders said."
    out = clean("Los Bronces workers end strike", deck, "16:12 GMT", BLOG[2][1], BLOG[1][1])
    assert out.title == "Los Bronces workers end strike"
    assert out.text == "\n\n".join([BLOG[2][1], BLOG[1][1]])


# --- print copy: drop caps and a masthead with the page number -----------------------------

PRINT_HEAD = "Six new ferries for west coast as ministers sign \u00a3410m deal"


@pytest.mark.parametrize("opening", ["T\nHE Scottish", "T HE Scottish", "T\nhe Scottish", "T he Scottish"])
def test_a_drop_cap_goes_back_on_its_word(opening):
    lede = FERRY_LEDE.replace("The Scottish", opening)
    out = clean(PRINT_HEAD, "By Alasdair Reid", lede, FERRY_MORE, FERRY_LAST)
    word = "THE" if "HE" in opening else "The"
    assert out.text.split("\n\n")[0] == FERRY_LEDE.replace("The", word, 1)


@pytest.mark.parametrize("para", ["T cells attack infected cells, the researchers said in the study.",
                                  "X marks the spot where the new yard will be built, officials said.",
                                  "A new yard will be built at Port Glasgow, ministers said on Tuesday.",
                                  "A round of talks on the yard's future opens on Monday, ministers said.",
                                  "S and W Berisford Plc said a six pct rise in pretax profits was due to sugar.",
                                  "I n the words of the minister, it is a fair deal."])
def test_a_capital_before_a_word_that_is_no_drop_cap_stays(para):
    out = clean(PRINT_HEAD, FERRY_LEDE, para, FERRY_MORE)
    kept = "In the words of the minister, it is a fair deal." if para.startswith("I n") else para
    assert kept in out.text.split("\n\n")


def test_a_masthead_line_with_its_page_number_goes():
    out = clean("THE NORTHERN HERALD  Wednesday 18 November 2026  9", "NEWS", PRINT_HEAD,
                "By Alasdair Reid", FERRY_LEDE, FERRY_MORE, FERRY_LAST)
    assert out.title == PRINT_HEAD
    assert out.text == "\n\n".join([FERRY_LEDE, FERRY_MORE, FERRY_LAST])


QUOTE = '"Islanders have been patient for far too long," she said. "These ferries will be quieter, cleaner and dependable."'


def test_a_pull_quote_repeating_the_story_word_for_word_goes():
    pull = "\u2018These ferries will be quieter, cleaner and dependable\u2019"
    out = clean(PRINT_HEAD, FERRY_LEDE, QUOTE, pull, FERRY_MORE, FERRY_LAST)
    assert out.text == "\n\n".join([FERRY_LEDE, QUOTE, FERRY_MORE, FERRY_LAST])
    assert "pull-quote" in rules_of(out)


@pytest.mark.parametrize("para", ['"We want our ferries back"',          # no story line repeats it
                                  '"These ferries will be quieter, cleaner and dependable," she said.'])
def test_a_quotation_standing_alone_that_is_no_repeat_stays(para):
    out = clean(PRINT_HEAD, FERRY_LEDE, para, FERRY_MORE, FERRY_LAST)
    assert para in out.text.split("\n\n")
