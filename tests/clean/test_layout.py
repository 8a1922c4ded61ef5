"""Layout: hard-wrap reflow, paragraph breaks kept, canonical spacing."""
from __future__ import annotations

import pytest

from normtool.clean import clean_text
from normtool.clean.joins import ends_sentence
from normtool.clean.layout import is_hard_wrapped, reflow, split_lines

REUTERS = """Standard Oil Co and BP North America
Inc said they plan to form a venture to manage the money market
borrowing and investment activities of both companies.
    BP North America is a subsidiary of British Petroleum Co
Plc <BP>, which also owns a 55 pct interest in Standard Oil.
    The venture will be called BP/Standard Financial Trading
and will be operated by Standard Oil under the oversight of a
joint management committee.

 Reuter
"""


def test_reuters_indented_paragraphs_and_wrapped_first_line():
    paras = reflow(split_lines(REUTERS))
    assert paras == [
        "Standard Oil Co and BP North America Inc said they plan to form a venture to "
        "manage the money market borrowing and investment activities of both companies.",
        "BP North America is a subsidiary of British Petroleum Co Plc <BP>, which also owns "
        "a 55 pct interest in Standard Oil.",
        "The venture will be called BP/Standard Financial Trading and will be operated by "
        "Standard Oil under the oversight of a joint management committee.",
        "Reuter",
    ]


def test_a_word_split_at_its_hyphen_by_the_wrap_is_whole_again():
    text = ("General Motors hopes to sell 8,000 vehicles in Europe, James Fry, vice-\n"
            "president of GM Overseas, said, citing higher-than-\n"
            "expected demand for pre-\n"
            "and post-war models and the anti-\n"
            "aircraft contract.\n")
    assert reflow(split_lines(text)) == [
        "General Motors hopes to sell 8,000 vehicles in Europe, James Fry, vice-president of "
        "GM Overseas, said, citing higher-than-expected demand for pre- and post-war models "
        "and the anti-aircraft contract."]


def test_a_title_case_headline_right_over_a_wrapped_lede_stays_a_headline():
    text = ("Gao Likely to Show Certs More Costly Than Cash\r\n"
            "A study on grain certificates due out shortly from the Government\r\n"
            "Accounting Office (GAO) could show that certificates cost the\r\n"
            "government 10 to 15 pct more than cash outlays, administration and\r\n"
            "congressional sources said. The study, requested by the Senate,\r\n"
            "looks at the certificates issued to farmers since the program began\r\n"
            "and at what they cost the Treasury in the last crop year.\r\n")
    paras = reflow(split_lines(text))
    assert paras[0] == "Gao Likely to Show Certs More Costly Than Cash"
    assert paras[1].startswith("A study on grain certificates") and len(paras) == 2
    # a Reuters first line, short where its dateline was cut, still runs on
    assert len(reflow(split_lines(REUTERS))[0].split(". ")) == 1


@pytest.mark.parametrize("top, headline, byline", [
    ("Kingsport Evening Echo", "Manila Said to Offer Debt Bonds to Banks",              # title case
     "by Mei Tanaka on MARCH 1, 1987"),
    ("The Daily Wire Review\nBUSINESS", "Australia's keating changes economic forecasts",  # sentence case
     "by Mei Tanaka on Thursday 26 February 1987 23.55 GMT"),
])
def test_a_lower_case_byline_under_a_headline_stands_alone(top, headline, byline):
    from normtool.clean.clean import _standalone
    from normtool.clean.rules import load_rules
    lines = split_lines(f"{top}\n{headline}\n{byline}\n"
                        "The Philippines will offer its commercial bank\n"
                        "creditors an innovative pricing plan that will\n"
                        "reduce the cost of its foreign debt, officials\n"
                        "said on Sunday after talks with the bankers in\n"
                        "New York, and the plan is expected to be\n"
                        "approved by the country's main creditors.\n")
    rules = load_rules()
    paras = reflow(lines, _standalone(lines, rules, True), rules.open_endings)
    at = top.count("\n") + 1           # each masthead line its own paragraph above
    assert paras[at:at + 2] == [headline, byline]


def test_a_sentence_case_headline_right_over_a_lede_opening_with_the_stays_a_headline():
    text = ("Balladur expects improved february inflation data\n"
            "The French inflation rate is expected to show a\n"
            "substantial improvement in February after\n"
            "January's very high 0.9 pct monthly rate, Finance\n"
            "Minister Edouard Balladur said on French television\n"
            "in an interview broadcast on Sunday evening.\n")
    assert reflow(split_lines(text))[0] == "Balladur expects improved february inflation data"


def test_email_style_wrap_with_blank_line_paragraphs():
    text = ("The committee met for three hours on Tuesday and agreed to\n"
            "send the proposal back to the planning office for a second\n"
            "review before any vote is taken next month.\n\n"
            "Members said the cost estimate had risen by a third since\n"
            "the plan was first put forward in the spring of last year.\n")
    assert reflow(split_lines(text)) == [
        "The committee met for three hours on Tuesday and agreed to send the proposal back "
        "to the planning office for a second review before any vote is taken next month.",
        "Members said the cost estimate had risen by a third since the plan was first put "
        "forward in the spring of last year.",
    ]


def test_one_paragraph_per_line_is_not_treated_as_wrapped():
    lines = ["Short headline for the story",
             "The first paragraph is a full sentence that ends here.",
             "A second paragraph follows on its own line.",
             "A third one, also complete."]
    assert not is_hard_wrapped(lines)
    assert reflow(lines) == lines


def test_mid_sentence_break_before_lower_case_is_joined():
    lines = ['He called them "cannon fodder', 'mercenaries," the agency reported.',
             "Next paragraph."]
    assert reflow(lines) == ['He called them "cannon fodder mercenaries," the agency reported.',
                             "Next paragraph."]


def test_abbreviation_and_comma_line_ends_join():
    assert reflow(["The Panama Canal Commission, a U.S.", "government agency, said so."]) == [
        "The Panama Canal Commission, a U.S. government agency, said so."]
    assert reflow(["Officials said,", "Nobody was hurt."]) == ["Officials said, Nobody was hurt."]


def test_sentence_end_before_lower_case_is_not_joined():
    assert reflow(["It ended.", "reuter"]) == ["It ended.", "reuter"]


def test_standalone_lines_are_never_joined():
    lines = ["(Reporting by Jo Lee)", "kjk/ceb"]
    assert reflow(lines) == ["(Reporting by Jo Lee) kjk/ceb"]
    assert reflow(lines, standalone=lambda line: line == "kjk/ceb") == lines


def test_whitespace_is_canonical():
    assert reflow(["  a\u00a0 b\t c  ", "", "", "   ", "d"]) == ["a b c", "d"]
    assert reflow([]) == [] and reflow(["", "  "]) == []


def test_ends_sentence_sees_through_closing_quotes():
    assert ends_sentence('he said."') and ends_sentence("(it rose 5 pct.)")
    assert not ends_sentence("in the") and not ends_sentence("")


def test_a_list_whose_items_open_in_lower_case_stays_a_list():
    """Two or more bulleted lines opening a paragraph, all in lower case
    (Markdown's "- one point here", Reuters' "- maintain confidence..."),
    were read as wrapped dashes and run into one line; among capital items
    a dash before a lower-case word still carries an item on."""
    assert reflow(["The plan would:", "", "- cut costs by half,", "- sell the unit.", "",
                   "It said so."]) == ["The plan would:", "- cut costs by half,\n- sell the unit.",
                                       "It said so."]
    assert reflow(["Quotes included -", "", "- May river 100 pct bid/107 offered",
                   "- no comparison.", "- Sept river 95 pct bid"]) == [
        "Quotes included -", "- May river 100 pct bid/107 offered - no comparison.\n- Sept river 95 pct bid"]
    assert reflow(["Rates were offered", "- no change", "on the day."]) == [
        "Rates were offered - no change on the day."]


CUT_COPY = ("Refinery Shut After Fire\n\n"
            "The company said on Tuesday that a fire had broken out at its refinery\n"
            "near the port late on Monday and that it had shut the plant while\n"
            "engineers checked the damage to the crude unit and the storage tanks.\n"
            "Officials said nobody had been hurt in the blaze, which burned for six\n"
            "hours before firefighters brought it under control, and that the\n")


@pytest.mark.parametrize("tail", ["Share this story\n", "Share this story\n\nRelated coverage\n",
                                  "Share this story\nRelated coverage\n"])
def test_furniture_under_a_cut_sentence_is_not_joined_to_it(tail):
    body = clean_text(CUT_COPY + tail)
    assert body.endswith("brought it under control, and that the")
    assert "Share this" not in body and "Related" not in body


@pytest.mark.parametrize("tail, end", [
    ("Associated Press.\n", "and that the Associated Press."),      # a sentence's own words
    ("Associated Press\n", "and that the Associated Press"),        # a credit: not dropped
    ("Reuters\n", "and that the Reuters"),
    ("advertisement\n", "and that the advertisement"),              # lower case: the sentence's
    ("Share this story\nstill burned.\n", "and that the Share this story still burned."),
])
def test_furniture_joined_where_it_may_be_the_sentence(tail, end):
    assert clean_text(CUT_COPY + tail).endswith(end)



def test_a_dash_line_under_a_wire_table_heading_stays_with_it():
    # Reuters: "--" here is the heading's colon, not a separator to drop
    text = ("The U.S. Agriculture Department gave\nthe following breakdown of grain remaining "
            "in the farmer-owned\ngrain reserve as of April 1, in mln bushels, by reserve number"
            "\n--\n             I    II  III    IV      V      VI\n"
            " Wheat      nil  nil  0.1   0.3    10.5  479.7\n")
    assert clean_text(text).split("\n\n")[0].endswith("by reserve number --")


# Wrapped at 88 columns, but no line that another follows runs past 86: the width
# read from the copy falls short of the wrapper's, and a paragraph's last line is longer.
WIDE_LAST = """Israeli helicopters have again attacked Palestinian targets in the Gaza Strip.

It is the latest in a series of attacks designed to put pressure on the Palestinian
Authority to take tougher action against militants accused of violence against Israelis.

Two helicopters returned to the skies above Gaza's north in the early hours of Tuesday
morning. Eyewitnesses report seeing them fire as many as four missiles into a security
post in the north-eastern township of Bayt Hanum.

The small one storey building is a local command station for Yasser Arafat's personal
guard, Force-17. The building was completely destroyed, but nobody was injured.
"""


def test_a_last_line_past_the_width_read_ends_its_paragraph():
    paras = reflow(split_lines(WIDE_LAST))
    assert len(paras) == 4
    assert paras[1] == ("It is the latest in a series of attacks designed to put pressure on the "
                        "Palestinian Authority to take tougher action against militants accused "
                        "of violence against Israelis.")


def test_a_long_line_after_a_sentence_end_still_stands_alone():
    # guard: a line past the width after a finished sentence is no continuation
    text = WIDE_LAST.replace("on the Palestinian\nAuthority", "on the Palestinians.\nAuthority")
    paras = reflow(split_lines(text))
    assert len(paras) == 5
