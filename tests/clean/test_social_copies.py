"""clean on copies from channels first tried in round 29: newsletter posts with
counters and subscribe footers, professional-network and forum posts, video
pages, mail headers, release trailers, court captions, sports wires with a
results table, dated bulletins and print stamps; with the story lines of the
same start that stay (guards)."""
from __future__ import annotations

import pytest

from .paras import clean, removed, rules_of

HEAD = "Library to stay open until 9 p.m. on weekdays"
LEDE = ("The public library on Elm Street will stay open until 9 p.m. on weekdays from April, after the "
        "town board approved money for two extra part-time staff.")
MORE = "The library now closes at 6 p.m., which board members said shut out many people who work."
LAST = "The extra hours will cost about 48,000 dollars a year, paid from a reserve fund."
BODY = "\n\n".join([LEDE, MORE, LAST])


# --- newsletter posts ---------------------------------------------------------------------

@pytest.mark.parametrize("counter", ["\u2665 24  \U0001F4AC 3", "\u2764\ufe0f 31 \u00b7 \U0001F4AC 8 \u00b7 \U0001F501 2",
                                     "\U0001F44D 1.2K"])
def test_a_posts_reaction_counters_go(counter):
    out = clean(HEAD, LEDE, MORE, LAST, counter)
    assert out.text == BODY
    assert removed(out)[" ".join(counter.split())] == "reaction-counts"


def test_guard_a_sentence_counting_reactions_stays():
    line = "The post drew 24 likes and 3 comments within an hour."
    assert clean(HEAD, LEDE, line, LAST).text.split("\n\n")[1] == line


def test_a_newsletters_subscribe_footer_goes_with_its_tagline():
    out = clean(HEAD, LEDE, MORE, LAST, "Subscribe to Town Notes", "Launched 2 years ago",
                "Local news for the people of Millford, every Tuesday.", "Type your email...", "Subscribe")
    assert out.text == BODY
    assert removed(out)["Subscribe to Town Notes"] == "subscribe-footer-head"


def test_guard_story_prose_under_a_subscribe_line_stays():
    long_para = ("Residents who want the later hours made permanent have been asked to fill in a survey at the "
                 "front desk or online before the end of June, the head librarian said.")
    out = clean(HEAD, LEDE, MORE, "Subscribe to Town Notes", long_para)
    assert out.text.split("\n\n")[-1] == long_para


# --- professional-network and forum posts ------------------------------------------------------

def test_a_network_posts_author_block_and_footer_go():
    out = clean("Wind farm project cleared to go ahead off east coast", "Priya Natarajan",
                "Energy Reporter at Coastline Business Journal", "Published Jun 2, 2026", "+ Follow",
                LEDE, MORE, LAST, "Like", "Comment", "Repost", "Send", "87 reactions \u00b7 14 comments",
                "To view or add a comment, sign in", "More articles by Priya Natarajan")
    assert out.title == "Wind farm project cleared to go ahead off east coast"
    assert out.date == "2026-06-02" and out.credits == ["Priya Natarajan"]
    assert out.text == BODY


def test_a_forum_posts_header_and_footer_go():
    out = clean("r/LocalNews", "Posted by u/civicwatcher", "5 hr. ago", HEAD, HEAD, LEDE, MORE, LAST,
                "412 upvotes", "87 comments", "Share", "Save", "Hide", "Report")
    assert out.title == HEAD
    assert out.text == BODY


def test_guard_report_and_send_in_sentences_stay():
    line = "Report your views to the board, or send them by post."
    assert clean(HEAD, LEDE, MORE, line).text.split("\n\n")[-1] == line


# --- a video page ---------------------------------------------------------------------------

def test_a_video_pages_channel_lines_go_and_its_views_line_dates_it():
    out = clean("Bridge inspection finds cracks in steel supports | Valley 7 News", "Valley 7 News",
                "48.2K subscribers", "Subscribe", "1,284 views  Oct 22, 2026", LEDE, MORE, LAST,
                "#RiversideBridge #Valley7", "Show less")
    assert out.title == "Bridge inspection finds cracks in steel supports"
    assert out.date == "2026-10-22"
    assert out.text == BODY


def test_guard_a_hashtag_inside_a_sentence_stays():
    line = "Residents shared pictures under #RiversideBridge on Tuesday."
    assert clean(HEAD, LEDE, MORE, line).text.split("\n\n")[-1] == line


@pytest.mark.parametrize("line", ["\U0001F441 12.4K  edited  09:41", "\U0001F441 12.4K \u00b7 edited 09:41"])
def test_a_channels_view_counter_goes_with_or_without_a_dot(line):
    assert clean(HEAD, LEDE, MORE, LAST, line).text == BODY


# --- mail ------------------------------------------------------------------------------------

@pytest.mark.parametrize("sent", ["Sent: Tuesday, March 10, 2026 8:14 AM", "Sent: Tue 3/10/2026 8:14 AM",
                                  "Sent: Tuesday, March 10, 2026", "Sent: 10 March 2026 08:14"])
def test_a_mails_sent_header_goes_and_is_not_the_story_date(sent):
    text = ("From: Regional Desk <desk@northpost.com>\n" + sent + "\nTo: Web Team <web@northpost.com>\n"
            "Subject: FW: for web - Bike lane vote delayed\n\n" + HEAD + "\n\n" + BODY + "\n\nThanks,\nJim\n")
    out = clean(text)
    assert out.title == HEAD and out.date is None
    assert out.text == BODY


def test_a_phones_signature_goes():
    out = clean(HEAD, LEDE, MORE, LAST, "Sent from my iPhone")
    assert out.text == BODY


def test_guard_a_last_line_thanking_someone_by_title_stays():
    out = clean(HEAD, LEDE, MORE, "Thank you, Mr Mayor.")
    assert out.text.endswith("Thank you, Mr Mayor.")


# --- releases, courts, bulletins, print -----------------------------------------------------------

def test_a_note_to_editors_block_goes():
    out = clean(HEAD, LEDE, MORE, LAST, "NOTE TO EDITORS:",
                "1. High-resolution images are available on request.",
                "2. Interviews can be arranged through the press office.", "ENDS")
    assert out.text == BODY
    assert removed(out)["NOTE TO EDITORS:"] == "note-to-editors"


def test_a_one_line_note_to_editors_goes():
    out = clean(HEAD, LEDE, MORE, LAST, "Notes to editors: The trust is a registered charity founded in 1998.")
    assert out.text == BODY


def test_guard_a_sentence_about_a_note_to_editors_stays():
    line = "In a note to editors last year, the library had said it hoped to open later."
    assert clean(HEAD, LEDE, MORE, line).text.split("\n\n")[-1] == line


def test_a_court_caption_over_the_headline_is_not_the_title():
    out = clean("Smith v. Jones, No. 21-1234 (9th Cir. 2026)", HEAD, "March 12, 2026", LEDE, MORE)
    assert out.title == HEAD and out.date == "2026-03-12"
    assert out.text == "\n\n".join([LEDE, MORE])
    assert removed(out)["Smith v. Jones, No. 21-1234 (9th Cir. 2026)"] == "case-caption"


def test_guard_a_case_cited_in_a_sentence_stays():
    line = "Lawyers for the workers cited Smith v. Jones, No. 21-1234 (9th Cir. 2026), in earlier filings."
    out = clean(HEAD, LEDE, line, MORE)
    assert line in out.text.split("\n\n")


def test_a_dated_bulletin_masthead_dates_the_story():
    out = clean("WEEKLY BULLETIN No. 47 | 14 November 2026", HEAD, LEDE, MORE,
                "Contact:\nJane Moss\nPress Office\n+1 555 0148")
    assert out.title == HEAD and out.date == "2026-11-14"
    assert out.text == "\n\n".join([LEDE, MORE])


def test_a_print_stamp_is_not_the_title():
    out = clean("Harbour City Herald", "Printed: 06/11/2026 10:32", HEAD, "November 5, 2026", LEDE, MORE)
    assert out.title == HEAD and out.date == "2026-11-05"
    assert "print-date-stamp" in rules_of(out)


def test_guard_a_sentence_on_printing_stays():
    line = "Printed on 6 November 2026, the new timetable runs to 40 pages."
    out = clean(HEAD, LEDE, line, MORE)
    assert line in out.text.split("\n\n")


# --- a sports wire -------------------------------------------------------------------------------

SPORT_LEDE = ("A stoppage-time header from Kofi Mensah gave Ashford Rovers a 2-1 win at Leeds Athletic on "
              "Saturday and lifted them to the top of the Championship table.")
SPORT_MORE = "Athletic have now won one of their last six matches."


@pytest.mark.parametrize("dateline", ["LEEDS (Sportwire) -", "DENVER (Highline Sports) \u2014"])
def test_a_smaller_agencys_dateline(dateline):
    out = clean("Rovers snatch late winner to go top", f"{dateline} {SPORT_LEDE}", SPORT_MORE)
    assert out.dateline == dateline
    assert out.text == "\n\n".join([SPORT_LEDE, SPORT_MORE])


def test_guard_an_organisation_named_in_brackets_is_no_dateline():
    line = "WHO (World Health Organization) - officials said the outbreak was contained in two weeks."
    out = clean("Outbreak contained", line, SPORT_MORE)
    assert out.dateline is None and out.text.startswith(line)


def test_a_results_table_at_the_end_goes():
    out = clean("Rovers snatch late winner to go top", SPORT_LEDE, SPORT_MORE, "Saturday's Championship results:",
                "Leeds Athletic 1 Ashford Rovers 2", "Brentmoor 0 Castle United 0", "Dunford Town 3 Eastham 1")
    assert out.text == "\n\n".join([SPORT_LEDE, SPORT_MORE])
    assert removed(out)["Saturday's Championship results:"] == "results-table-head"


def test_guard_prose_under_a_results_heading_stays():
    long_para = ("Rovers finished the weekend two points clear at the top of the table, with Castle United and "
                 "Dunford Town level in second place after both picked up points on Saturday.")
    out = clean("Rovers snatch late winner to go top", SPORT_LEDE, SPORT_MORE, "Results:", long_para)
    assert out.text.split("\n\n")[-1] == long_para


# --- federated posts, newsletters and alerts ----------------------------------------------------

def test_a_federated_posts_counters_with_a_star_go():
    assert clean(HEAD, LEDE, MORE, LAST, "\U0001F501 12  \u2b50 40  \U0001F4AC 2").text == BODY


def test_a_newsletters_forward_prompt_contents_and_sign_off_go():
    out = clean("Forwarded this email? Subscribe here for more", "In today's issue:", HEAD, HEAD,
                "By Ines Moreau", "July 2, 2026", LEDE, MORE, LAST, "That's all for today. See you tomorrow!",
                "You are receiving this email because you signed up for the Morning Bell newsletter.")
    assert out.title == HEAD and out.date == "2026-07-02"
    assert out.text == BODY


def test_guard_a_quote_saying_thats_all_for_now_stays():
    line = "\"That's all for now,\" the mayor said as she left the meeting."
    assert clean(HEAD, LEDE, MORE, line).text.split("\n\n")[-1] == line


def test_an_alerts_tap_line_and_app_prompt_go():
    out = clean("BREAKING NEWS ALERT", "Tap to read more", HEAD, LEDE, MORE, LAST,
                "Download the app to get breaking news alerts.")
    assert out.title == HEAD
    assert out.text == BODY


def test_guard_a_sentence_on_downloading_an_app_stays():
    line = "Residents can download the app to book a study room from May."
    assert clean(HEAD, LEDE, MORE, line).text.split("\n\n")[-1] == line


# --- saved, flipped, chatted and blogged copies ----------------------------------------------------

def test_a_flipped_copys_header_and_actions_go():
    out = clean("Flipped into Local Matters by Dana Price\nvia The Ridgeway Echo", HEAD, LEDE, MORE, LAST,
                "Like \u00b7 Comment \u00b7 Flip")
    assert out.title == HEAD and out.text == BODY


def test_a_read_later_apps_header_goes():
    out = clean("Saved to Pocket\nridgewaynews.com\nView Original", HEAD, "Estimated reading time: 2 min",
                LEDE, MORE, LAST)
    assert out.title == HEAD and out.text == BODY


def test_guard_a_sentence_on_saving_to_a_reading_list_stays():
    line = "Saved to Pocket by thousands of readers, the essay became the most shared of the year."
    assert clean(HEAD, LEDE, line, LAST).text.split("\n\n")[1] == line


def test_a_chat_forward_with_a_bold_headline_and_an_italic_source():
    out = clean("Forwarded many times", f"*{HEAD}*", LEDE, MORE, LAST, "_Source: Northern Daily_")
    assert out.title == HEAD and out.text == BODY
    assert out.credits == ["Northern Daily"]


def test_a_blog_posts_footer_and_neighbour_links_go():
    out = clean("Riverside Residents Blog", "Posted on March 22, 2026 by admin", HEAD, LEDE, MORE, LAST,
                "Posted in News | Tagged council, footbridge, repairs | Leave a comment",
                "\u2190 Previous post", "Next post \u2192")
    assert out.title == HEAD and out.date == "2026-03-22"
    assert out.text == BODY


def test_guard_a_last_sentence_on_a_posting_stays():
    line = "Posted in Kabul since 2019, she now runs the mission's press office."
    assert clean(HEAD, LEDE, MORE, line).text.split("\n\n")[-1] == line


def test_a_chat_messages_header_note_and_marks_go():
    out = clean("Maya Lindqvist  10:42 AM\nfor the web team, copy below", HEAD, LEDE, MORE,
                LAST + "\n(edited)\n\U0001F44D 3  \U0001F389 1")
    assert out.title == HEAD and out.text == BODY


def test_a_spaced_running_head_dates_a_printed_page_and_wrapped_into_is_whole():
    out = clean("THE NORTHERN ARGUS        Thursday, April 16, 2026        Page 3", HEAD,
                "The court was told that chemicals drained in-\nto the river for several hours before staff "
                "noticed.", MORE)
    assert out.title == HEAD and out.date == "2026-04-16"
    assert out.text.split("\n\n")[0] == ("The court was told that chemicals drained into the river for several "
                                         "hours before staff noticed.")


def test_guard_a_headline_with_its_date_fused_on_is_no_running_head():
    out = clean("Senate Passes Budget March 3, 2026", LEDE, MORE)
    assert out.title == "Senate Passes Budget" and out.date == "2026-03-03"


# --- galleries and paywalls ---------------------------------------------------------------------

def test_a_galleries_counters_and_captions_go():
    out = clean(HEAD, "1 of 8", "Readers queue at the library on Elm Street on Monday. Photo: Ian Reed/Staff",
                "2 of 8", "The reading room after its refit. Photo: Ian Reed/Staff", "November 30, 2026",
                LEDE, MORE, LAST)
    assert out.title == HEAD and out.date == "2026-11-30"
    assert out.text == BODY


def test_guard_a_score_in_a_sentence_stays():
    line = "Only 1 of 8 branches in the county opens after 6 p.m."
    assert clean(HEAD, LEDE, line, LAST).text.split("\n\n")[1] == line


def test_a_paywalls_account_prompt_goes():
    out = clean(HEAD, LEDE, MORE, "Sign in to unlock this article", "Already have an account? Log in", LAST)
    assert out.text == BODY


# --- a blogging platform's post, a release under embargo, a neighbourhood board ------------------------

def test_a_blog_platforms_member_label_counters_and_author_card_go():
    out = clean("Member-only story", HEAD, "The board found money for two more staff", "Tariq Bell", "Follow",
                "6 min read", "\u00b7", "Feb 11, 2026", "1.2K", "14", "Listen", "Share", LEDE, MORE, LAST,
                "1.2K", "14", "Written by Tariq Bell", "342 Followers",
                "Writes about cities, water and infrastructure.", "More from Tariq Bell")
    assert out.title == HEAD and out.date == "2026-02-11"
    assert out.text == BODY
    assert out.credits == ["Written by Tariq Bell"]
    assert removed(out)["Tariq Bell"] == "byline-repeat"


def test_guard_a_bare_name_under_a_headline_is_no_writer_when_another_by_line_names_someone_else():
    out = clean(HEAD, "Tariq Bell", LEDE, MORE, "Written by Nora Quist")
    assert out.credits == ["Written by Nora Quist"]       # as before: the name is no credit
    assert "byline-repeat" not in rules_of(out)


def test_an_embargo_line_dates_a_release_and_its_trailer_goes():
    out = clean("EMBARGOED UNTIL 00:01 GMT, TUESDAY 3 MARCH 2026", "PRESS RELEASE", HEAD, LEDE, MORE, LAST,
                "-ENDS-", "For further information please contact the press office on 020 7946 0321.")
    assert out.title == HEAD and out.date == "2026-03-03"
    assert out.text == BODY


def test_guard_a_sentence_on_an_embargo_stays():
    line = "Embargoed until March 3, 2026, the report was leaked to reporters a week early."
    out = clean(HEAD, LEDE, line, LAST)
    assert line in out.text.split("\n\n")


def test_a_neighbourhood_boards_post_line_is_not_the_title():
    out = clean("Oakridge Neighbors Gazette", "Posted in General to 14 neighborhoods", "2 d ago", HEAD,
                LEDE, MORE, LAST, "Like \u00b7 Reply \u00b7 Share", "23 Likes \u00b7 5 Replies")
    assert out.title == HEAD and out.text == BODY


# --- wire copy on partner sites -------------------------------------------------------------------

def test_a_trading_sites_risk_disclosure_goes():
    out = clean(HEAD, LEDE, MORE, LAST, "Risk Disclosure: Trading in financial instruments and/or "
                "cryptocurrencies involves high risks including the risk of losing some, or all, of your "
                "investment amount, and may not be suitable for all investors.")
    assert out.text == BODY


def test_an_ad_break_line_and_a_recommendation_widget_go():
    out = clean(HEAD, LEDE, "Article continues after this ad", MORE, LAST, "Recommended by Outbrain",
                "Sponsored", "Doctors Stunned: This Simple Trick Melts Belly Fat", "Health Insider")
    assert out.text == BODY


def test_guard_a_story_naming_a_recommendation_firm_stays():
    line = "Outbrain and Taboola, which place such links, called off their merger in 2022."
    assert clean(HEAD, LEDE, MORE, line).text.split("\n\n")[-1] == line
