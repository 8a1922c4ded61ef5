"""clean on news that reached the reader through an export or conversion:
text pulled out of a PDF e-edition, a story pasted into or forwarded in an
e-mail, LexisNexis and Factiva downloads, JSONL whose line breaks were
escaped twice.  Each test fails without the rule or step it names.
"""
from __future__ import annotations

import json

from normtool.article import Article
from normtool.clean import clean_article
from normtool.clean.encoding import unescape_line_breaks
from normtool.clean.layout import split_lines, unquote


def clean(text: str, **fields) -> Article:
    return clean_article(Article(id="t", text=text, **fields))


BRIDGE = [
    "The county voted on Monday to close the Mill Street bridge for at least eight months.",
    "The 1938 span carries about 11,000 vehicles a day, according to county traffic counts.",
    "Detours will send trucks along Route 9, adding roughly 12 minutes to a run.",
    "Construction bids are due April 12. The bridge should reopen by mid-December.",
]


def test_pdf_page_furniture_goes_and_the_page_header_gives_the_date():
    text = "\n".join([
        "The Daily Ledger | Tuesday, March 5, 2024 | Page 1",
        "County to close Mill Street bridge",
        "", BRIDGE[0], "", BRIDGE[1], "", "Continued on Page 6", "1",
        "The Daily Ledger | Tuesday, March 5, 2024 | Page 6",
        "Continued from Page 1", "", BRIDGE[2], "", BRIDGE[3], "", "Page 2 of 2"])
    out = clean(text)
    assert out.title == "County to close Mill Street bridge"
    assert out.date == "2024-03-05"
    assert out.text.split("\n\n") == BRIDGE
    assert {r["rule"] for r in out.removed} >= {"print-jump-line", "print-page-number",
                                                "print-page-of", "print-page-header"}


def test_a_lone_number_stays_unless_a_page_header_follows():
    # Reuters tables and wrapped figures ("effective July" / "31") keep it
    out = clean("Acme Corp said net profit rose in the quarter.\n\nShares outstanding\n\n846\n\n"
                "The company did not give a forecast for the year.")
    assert "846" in out.text.split("\n\n")


def test_a_story_pasted_into_a_reply_loses_quote_marks_and_reply_header():
    text = ("On Fri, Mar 8, 2024 at 9:02 AM Tom Becker <tb@example.com> wrote:\n"
            "> Nurses approve new contract\n>\n"
            "> Nurses at St. Vincent voted on Thursday to\n> approve a three-year contract.\n>\n"
            "> The deal raises pay by 19% over three years,\n> union officials said.\n")
    out = clean(text)
    assert out.title == "Nurses approve new contract"
    assert out.text.split("\n\n") == [
        "Nurses at St. Vincent voted on Thursday to approve a three-year contract.",
        "The deal raises pay by 19% over three years, union officials said."]


def test_unquote_leaves_a_stray_quote_mark():
    lines = ["Rates:", "> 5 pct on deposits", "3 pct on loans"]
    assert unquote(lines) == lines
    assert split_lines("> a\n> b\n>\n> c") == ["a", "b", "", "c"]


def test_forwarded_message_headers_go():
    text = ("---------- Forwarded message ---------\n"
            "From: Linda Park <lpark@example.org>\nDate: Thu, Mar 7, 2024 at 8:15 AM\n"
            "Subject: Fwd: article about the wetlands vote\nTo: Council <council@example.org>\n\n"
            "State protects coastal wetland\n\n"
            "DOVER, Del. (AP) \u2014 Delaware will protect about 3,000 acres of coastal wetland.\n\n"
            "The land is a key stopover for migrating red knots.\n")
    out = clean(text)
    assert out.title == "State protects coastal wetland"
    assert out.dateline.startswith("DOVER, Del. (AP)")
    assert out.text.split("\n\n") == ["Delaware will protect about 3,000 acres of coastal wetland.",
                                      "The land is a key stopover for migrating red knots."]


def test_newsletter_view_in_browser_and_forward_lines_go():
    text = ("View in browser\n\nTransit fares to rise 25 cents in July\n\n"
            "The Metro Transit board voted on Tuesday to raise the base fare to $2.50.\n\n"
            "Riders with reduced-fare cards will see no change, the board said.\n\n"
            "Forward this email to a friend\n")
    out = clean(text)
    assert out.title == "Transit fares to rise 25 cents in July"
    assert out.text.split("\n\n") == [
        "The Metro Transit board voted on Tuesday to raise the base fare to $2.50.",
        "Riders with reduced-fare cards will see no change, the board said."]


LEXIS = """Harbor dredging plan wins federal approval

The Coastal Ledger (Maine)
March 14, 2024 Thursday
Main Edition

Copyright 2024 Coastal Ledger Media All Rights Reserved

Section: LOCAL; Pg. A1
Length: 412 words
Byline: Sarah Whitcomb, Staff Writer

Body

The U.S. Army Corps of Engineers has approved a plan to dredge the harbor's main channel.

"This has been a decade in the making," said harbor master Ed Lavoie.

Load-Date: March 15, 2024

End of Document
"""


def test_lexisnexis_download_fields():
    out = clean(LEXIS)
    assert out.title == "Harbor dredging plan wins federal approval"
    assert out.date == "2024-03-14"
    assert out.credits == ["Sarah Whitcomb, Staff Writer"]
    assert out.text.split("\n\n")[-2:] == [
        "The U.S. Army Corps of Engineers has approved a plan to dredge the harbor's main channel.",
        "\"This has been a decade in the making,\" said harbor master Ed Lavoie."]
    assert "Load-Date" not in out.text and "End of Document" not in out.text


def test_factiva_download_fields():
    text = ("HD Wind farm developer scraps offshore project\nWC 298 words\nPD 15 March 2024\n"
            "SN The Atlantic Herald\nSC ATLH\nLA English\nCY (c) 2024 Atlantic Herald Co.\n\nLP\n"
            "A developer on Friday abandoned plans for a wind farm off the New Jersey coast.\n\nTD\n"
            "State officials said they would seek new bids later this year.\n\n"
            "Document ATLH000020240315ek3f0001a\n")
    out = clean(text)
    assert out.date == "2024-03-15"
    assert out.text.split("\n\n") == [
        "A developer on Friday abandoned plans for a wind farm off the New Jersey coast.",
        "State officials said they would seek new bids later this year."]


def test_line_breaks_escaped_twice_in_jsonl_text():
    record = json.dumps({"text": "Zoo welcomes twin cubs\\n\\nThe zoo announced the birth on Friday."
                                 "\\n\\nThey go on view in May."})
    out = clean(json.loads(record)["text"])
    assert out.title == "Zoo welcomes twin cubs"
    assert out.text == "The zoo announced the birth on Friday.\n\nThey go on view in May."


def test_an_article_that_mentions_an_escape_keeps_it():
    text = "Use \\n for a new line, the guide says.\nIt also covers tabs."
    assert unescape_line_breaks(text) == text
    one_line = "Write \\n to end a line in C."
    assert unescape_line_breaks(one_line) == one_line


def test_a_forward_header_date_is_not_the_story_date():
    text = ("---------- Forwarded message ---------\n"
            "Date: Thu, Mar 7, 2024 at 8:15 AM\n\n"
            "Wetland protected\n\nDelaware will protect about 3,000 acres of coastal wetland.\n")
    out = clean(text)
    assert out.date is None
    assert {"rule": "email-date-header", "text": "Date: Thu, Mar 7, 2024 at 8:15 AM"} in out.removed
    # a press release's own "Date:" line (no clock time) still gives the date
    assert clean("Date: Monday, March 4, 2024\n\nAcme names new chief\n\n"
                 "Acme Corp named Jane Roe chief executive on Monday.").date == "2024-03-04"


def test_browser_print_stamp_and_url_footer_go():
    text = ("3/14/24, 10:42 AM Port approves terminal upgrade | Coastal Times\n"
            "Port approves terminal upgrade\nBy Miguel Ortega\n"
            "The port authority on Wednesday approved a $210 million upgrade.\n"
            "https://www.coastaltimes.example.com/news/2024/03/13/port-terminal 1/2\n"
            "3/14/24, 10:42 AM Port approves terminal upgrade | Coastal Times\n"
            "Construction will begin in the fall and take about three years.\n"
            "https://www.coastaltimes.example.com/news/2024/03/13/port-terminal 2/2\n")
    out = clean(text)
    assert out.title == "Port approves terminal upgrade"
    assert out.text.split("\n\n") == [
        "The port authority on Wednesday approved a $210 million upgrade.",
        "Construction will begin in the fall and take about three years."]


def test_edition_masthead_is_not_the_headline():
    out = clean("Valley Courier \u2014 Weekend Edition\nSchool board picks new superintendent\n"
                "By DEREK HALL\nThe Valley Unified school board on Thursday named a new leader.\n")
    assert out.title == "School board picks new superintendent"


def test_rss_fields_give_the_date_and_leave_the_description():
    text = ("Drought forces water limits\n"
            "link: https://news.example.com/2024/03/09/drought\n"
            "pubDate: Sat, 09 Mar 2024 14:30:00 GMT\n"
            "guid: https://news.example.com/?p=88213\n"
            "description: Officials ordered water restrictions on Friday.\n")
    out = clean(text)
    assert out.date == "2024-03-09"
    assert out.text == "Officials ordered water restrictions on Friday."


def test_newsletter_image_placeholder_issue_line_and_link_footnote_go():
    text = ("[image: Lakeside Weekly logo]\n\nLakeside Weekly | Issue 112\n\n"
            "Park district buys golf course <https://lakeside.example.com/golf>\n\n"
            "The park district agreed on Monday to buy the closed golf course.\n\n"
            "[1] https://lakeside.example.com/parks/pine-hollow\n")
    out = clean(text)
    assert out.title == "Park district buys golf course"
    assert out.text == "The park district agreed on Monday to buy the closed golf course."


def test_special_to_line_is_a_credit():
    out = clean("NEW RAIL LINE OPENS\nSpecial to The Herald\n\n"
                "The new interurban line carried its first passengers today.\n")
    assert out.title == "NEW RAIL LINE OPENS"
    assert out.credits == ["Special to The Herald"]


def test_a_sentence_broken_by_a_page_header_is_whole_again():
    text = ("Library expands hours\n\n"
            "The library will stay open until 9 p.m. on weekdays, its director said.\n\n"
            "The change would cost about $48,000 a year and be paid for from a state grant that\n"
            "The Daily Ledger | Tuesday, March 5, 2024 | Page 6\n"
            "runs through 2026.\n\nThe survey drew 2,300 responses.\n")
    out = clean(text)
    assert out.date == "2024-03-05"
    assert out.text.split("\n\n") == [
        "The library will stay open until 9 p.m. on weekdays, its director said.",
        "The change would cost about $48,000 a year and be paid for from a state grant that "
        "runs through 2026.",
        "The survey drew 2,300 responses."]


def test_a_title_case_headline_is_not_joined_to_the_line_under_removed_furniture():
    """Over a comment counter and a lede cut to start in lower case (its first
    word went with the dateline), the headline stays the headline."""
    out = clean("Vereins- Und Westbank to Reorganize Branch Network in Northern Germany Soon\n"
                "By SAMUEL ADEYEMI\n\nComments (12)\n"
                "und Westbank AG plans to streamline its branch network to improve its "
                "distribution of financial services, a board member said.\n")
    assert out.title == "Vereins- Und Westbank to Reorganize Branch Network in Northern Germany Soon"
    assert out.text.startswith("und Westbank AG plans")

