"""clean on the top of a copy: a headline right over its wrapped lede, and
the lines news pages set around a headline (kickers, bylines, time stamps,
photo captions)."""
from __future__ import annotations

import pytest

from normtool.article import Article
from normtool.clean import clean_article

LEDE = ("Japanese importers bought some 95,000 tonnes of Chinese soybeans late last month\n"
        "for May to September shipment, under the semi-annual trade accords, trade\n"
        "sources said.\n\n"
        "The FOB premium rose to 13.50 dlrs per tonne, up 2.50 dlrs from the premium for\n"
        "the November to April shipment, but down from 13.80 for the last May to\n"
        "September shipment.\n")


def clean(text: str, **fields) -> Article:
    return clean_article(Article(id="t", text=text, **fields))


@pytest.mark.parametrize("top", ["", "Coastal Daily News\n", "The Daily Wire Review\nNews > Business\n"])
def test_a_headline_right_over_its_wrapped_lede_that_restates_it_stands_alone(top):
    art = clean(f"{top}Japan buys some 95,000 tonnes soybeans from China\n{LEDE}")
    assert art.title == "Japan buys some 95,000 tonnes soybeans from China"
    assert art.text.startswith("Japanese importers bought some 95,000 tonnes")


def test_a_headline_as_long_as_the_wrap_width_stands_alone_under_a_masthead():
    text = ("NORTHWIND DAILY\nSearch\nChemlawn <CHEM> Rises on Hopes for Higher Bids\n"
            "ChemLawn Corp <CHEM> could attract a higher\nbid than the 27 dlrs per share offered by\n"
            "Waste Management Inc <WNX>, Wall Street\narbitrageurs said.\n\n"
            "Shares of ChemLawn shot up 11-5/8 to 29-3/8\nin over-the-counter trading with 3.8 mln of\n"
            "the company's 10.1 mln shares changing hands\nby late afternoon.\n")
    art = clean(text)
    assert art.title == "Chemlawn <CHEM> Rises on Hopes for Higher Bids"
    assert art.text.startswith("ChemLawn Corp <CHEM> could attract a higher bid than")


def test_a_wire_headline_on_top_of_a_lede_whose_dateline_was_cut_keeps_the_lede_whole():
    text = ("FINANCIAL SANTA BARBARA <FSB> TO MAKE PURCHASE\nFinancial Corp of Santa\n"
            "Barbara said it has signed a definitive agreement to purchase\n"
            "Stanwell Financial, the lending operations unit of mortgage\n"
            "banking company <Stanwell Mortgage>, for undisclosed terms.\n Reuter\n")
    art = clean(text)
    assert art.title == "FINANCIAL SANTA BARBARA <FSB> TO MAKE PURCHASE"
    assert art.text.startswith("Financial Corp of Santa Barbara said it has signed")


@pytest.mark.parametrize("text", [
    # a Reuters lede whose dateline was cut names its subject twice, but says no headline again
    "Hilton Hotels chairman and president\nBarron Hilton will introduce the hotel chain's newest\n"
    "product, the Hilton Suites, at a press conference Tuesday at the\nWaldorf Astoria in New York, "
    "the company said in a statement\nissued on Monday.\n\n"
    "The company said the suites would open in the spring in three\ncities, and that more would "
    "follow in the autumn if the first\nthree did well.\n",
    # paragraphs marked by indents: the first line is the lede's own (Reuters)
    "Japan buys some 95,000 tonnes soybeans from China\n"
    + LEDE.replace("\n\nThe FOB", "\n    The FOB"),
])
def test_a_lede_whose_first_line_looks_like_a_headline_runs_on(text):
    art = clean(text)
    assert art.title is None
    assert art.text.split("\n\n")[0].endswith(("said.", "Monday."))


def test_restates_asks_more_of_a_clearly_short_line():
    from normtool.clean.joins import restates
    lede = "Barron Hilton will introduce the hotel chain's newest product."
    assert restates("Hilton Hotels chairman and president", lede)
    assert not restates("Hilton Hotels chairman and president", lede, strong=True)
    assert not restates("Spanish Farmers Battle Police", "Prices rose on Monday, traders said.")


@pytest.mark.parametrize("headline", ["SENATE PASSES BUDGET BILL", "Senate Passes Budget Bill"])
def test_a_short_headline_the_lede_says_again_is_the_title_over_a_short_deck(headline):
    art = clean(f"{headline}\nVote came after all-night session\n\n"
                "The Senate passed a $1.2 trillion spending bill early on Saturday after an all-night "
                "session, sending it to the president hours before a shutdown would have begun.\n\n"
                "The vote was 74 to 24.\n")
    assert art.title == headline
    assert {"rule": "deck", "text": "Vote came after all-night session"} in art.removed
    assert art.text.startswith("The Senate passed")


@pytest.mark.parametrize("masthead", ["NORTHWIND DAILY", "The Daily Wire Review", "Markets | Energy"])
def test_a_masthead_the_lede_does_not_say_again_stays_a_masthead(masthead):
    art = clean(f"{masthead}\nMarine midland buys brokerage assets\n\n"
                "Marine Midland Banks Inc said it agreed to buy the brokerage assets of a New York "
                "firm for an undisclosed sum.\n\nThe deal is expected to close in April.\n")
    assert art.title == "Marine midland buys brokerage assets"
    assert {"rule": "masthead", "text": masthead} in art.removed


def test_a_read_time_before_the_date_under_a_bare_byline_gives_the_date():
    """A blog platform's "5 min read · Mar 2, 2025" under the writer's name."""
    art = clean("Opinion\nWhy the four-day week is here to stay\nJane Okoro\n5 min read \u00b7 Mar 2, 2025\n\n"
                "When a group of British companies tried a four-day week two years ago, most of them "
                "kept it. The results, published this week, show why.\n\n"
                "Staff took fewer sick days, and the firms said output held up.\n")
    assert (art.title, art.date, art.credits) == ("Why the four-day week is here to stay", "2025-03-02",
                                                 ["Jane Okoro"])
    assert art.text.startswith("When a group")


def test_a_reading_time_line_goes():
    art = clean("New bridge opens to traffic after three years of work\nReading time: 3 minutes\n"
                "By Sam Reid\n\nThe new bridge over the River Tay opened to traffic on Saturday morning, "
                "three years after work began.\n")
    assert {"rule": "listen-line", "text": "Reading time: 3 minutes"} in art.removed
    assert art.credits == ["By Sam Reid"]


@pytest.mark.parametrize("line, credit", [("By Daniel Park | March 3, 2025", "By Daniel Park"),
                                          ("By Ann Li and Tom Ellis | 2025-03-03", "By Ann Li and Tom Ellis"),
                                          ("By Priya Shah | Transport Correspondent | 3 March 2025",
                                           "By Priya Shah")])
def test_a_byline_with_its_date_on_one_line_gives_the_credit_and_the_date(line, credit):
    art = clean(f"City council approves new budget for schools\n{line}\n\n"
                "The city council voted 7-2 on Monday night to approve a $48 million budget for "
                "the school district, ending weeks of debate over teacher pay.\n")
    assert (art.title, art.date, art.credits) == ("City council approves new budget for schools",
                                                 "2025-03-03", [credit])


@pytest.mark.parametrize("stamp, rest", [(", Monday 2 March 1987", "09.46 GMT"),
                                         (" - Tuesday 3 March 1987 13.11", "GMT")])
def test_a_time_stamp_wrapped_under_a_dated_headline_goes(stamp, rest):
    """Wrapped copy wraps a headline's time stamp too: its last word is no paragraph."""
    art = clean(f"BAYSIDE TIMES-HERALD\nJapan unemployment rises to record in january{stamp}\n{rest}\n\n"
                "Japan's seasonally adjusted unemployment rate rose to a record 3.0 pct\n"
                "in January, the worst since the Government started compiling\n"
                "unemployment statistics under its current system in 1953, up from the\n"
                "previous record 2.9 pct in December, the government's agency said.\n")
    assert (art.title, art.date) == ("Japan unemployment rises to record in january", "1987-03-02"
                                     if "2 March" in stamp else "1987-03-03")
    assert art.text.startswith("Japan's seasonally")
    assert {"rule": "time-zone-line", "text": rest} in art.removed


WRAPPED_STORY = ("Taiwan passed on its tender overnight for 25,000\n"
                 "tonnes of U.S. corn and 49,000 tonnes U.S.\n"
                 "sorghum, private export sources said.\n\n"
                 "Taiwan will retender for the corn, for May 15-30\n"
                 "shipment if via the Gulf, or June 1-15 via Pacific\n"
                 "northwest, on March 6, but has not rescheduled a\n"
                 "tender for sorghum, they said.\n\n")


def test_a_credit_line_wrapped_at_the_end_goes_whole():
    art = clean("Taiwan Passes on U.S. Corn, Will Retender\n\n" + WRAPPED_STORY
                + "Reporting by Diego Alvarez; Editing by Diego\nAlvarez\n")
    assert art.text.endswith("tender for sorghum, they said.")
    assert art.credits == ["Reporting by Diego Alvarez; Editing by Diego Alvarez"]


def test_a_credit_in_brackets_under_a_sentence_cut_short_goes():
    art = clean("Taiwan Passes on U.S. Corn, Will Retender\n\n" + WRAPPED_STORY
                + "Taiwan said it bought the corn to obtain\nsupplies and has no intention of seeking\n"
                "(Additional reporting by Chen Wei)\n")
    assert art.text.endswith("has no intention of seeking")
    assert art.credits == ["Additional reporting by Chen Wei"]


def test_a_masthead_in_capitals_at_the_top_is_not_run_into_the_headline():
    text = ("BUSINESS\nExplainer: Ccl unit acquires nestle canada can\noperations\nBY SOFIA ROSSI\n02.03.1987\n\n"
            "<CCL Industries Inc>'s Continental Can Canada Inc\nunit said it acquired the Wallaceburg, Ontario,\n"
            "metal can making operations of Nestle Enterprises\nLtd, wholly owned by <Nestle SA>, of Switzerland.\n"
            "Terms were undisclosed.\n\nContinental Can said it would supply Nestle's\n"
            "equivalent can requirements under a long-term\nagreement.\n")
    art = clean(text)
    assert art.title == "Explainer: Ccl unit acquires nestle canada can operations"
    assert {"rule": "masthead", "text": "BUSINESS"} in art.removed


def test_a_given_title_printed_right_over_the_wrapped_lede_is_taken_out():
    art = clean_article(Article.from_dict({"id": "t", "text": "Japan buys some 95,000 tonnes soybeans from China\n"
                                           + LEDE, "title": "Japan buys some 95,000 tonnes soybeans from China"}))
    assert art.text.startswith("Japanese importers bought")
    assert {"rule": "title", "text": "Japan buys some 95,000 tonnes soybeans from China"} in art.removed


@pytest.mark.parametrize("text", [
    # a lede whose dateline was cut, indents lost: it names its subject again, but not at once
    "Maxtor Corp and U.S. Design\nCorp <USDC>, said they reached definitive agreement covering\n"
    "the acquisition of U.S. Design by Maxtor in a deal valued at about 50\n"
    "mln dlrs, subject to the approval of U.S. Design shareholders and of\nthe regulators.\n\n"
    "Maxtor said the transaction was expected to close in the second quarter\n"
    "of the year, and that it would keep the U.S. Design plant in Colorado\nopen.\n",
    # a table's rows: no wrapped sentence under the first
    "Shr profit 45 cts vs loss nine cts\nNet profit 9.8 mln vs loss two mln\nRevs 1.15 billion vs 631.2 mln\n"
    "NOTE: 1986 net profit excludes a gain of 2.2 mln dlrs from the sale of\nthe company's profitable unit.\n",
])
def test_no_headline_is_split_off_without_a_lede_that_says_it_again_at_once(text):
    assert clean(text).title is None


@pytest.mark.parametrize("line", ["March 2, 1987", "Listen to this article \u00b7 4 min",
                                  "Last Updated: Feb 26, 1987"])
def test_a_date_or_tool_line_is_not_glued_to_a_lede_that_opens_in_lower_case(line):
    """A lede cut at its start ("... and oil-bearing raw materials") keeps the line over it off."""
    art = clean(f"Dutch Oilseeds/fats Imports Rose in 1986\n{line}\n"
                "and oil-bearing raw materials, fats and oils rose to 2.16 mln tonnes on a\n"
                "fat/oil basis in 1986 from 2.12 mln tonnes in 1985, the Commodity Board for\n"
                "Margarine, Fats and Oils said.\n\n"
                "Exports of the same commodities fell to 1.35 mln tonnes from 1.38 mln on a\n"
                "fat-oil basis, and imports of raw materials rose to 760,000 from 709,200\n"
                "tonnes on a fat/oil basis.\n")
    assert art.text.startswith("and oil-bearing raw materials")
    assert art.title == "Dutch Oilseeds/fats Imports Rose in 1986"


def test_a_lower_case_byline_under_a_wrapped_headline_stands_alone():
    """Wrapped copy wraps a long headline too; the byline under its last line is no part of it."""
    text = ("Newsline 24\nWorld News\nNcr Corp <NCR> Unit Signs Distribution Pact with Computer\n"
            "Chain\nby Olusegun Bello on Mar 02, 1987\n\n"
            "NCR Corp's Personal Computer division said it\nsigned an agreement to distribute its personal\n"
            "computer products to 544 <Computerland Corp>\nstores in the U.S.\n\n"
            "The company said the agreement covers its entire\nPC line, which will be sold by Computerland\n"
            "franchises and stores.\n")
    art = clean(text)
    assert (art.title, art.date) == ("Ncr Corp <NCR> Unit Signs Distribution Pact with Computer Chain",
                                     "1987-03-02")
    assert art.text.startswith("NCR Corp's Personal Computer division")


@pytest.mark.parametrize("text", [
    "Local bakery wins national award\nThe Corner Loaf bakery has been named the best small bakery in "
    "the country.\nOwner Lucy Grant joked that the award was the best\nadvertisement\n",
    "Council bans billboard\nThe council voted to ban the billboard, which critics called a misleading\n"
    "advertisement\n",
])
def test_a_short_unwrapped_copy_keeps_advertisement_as_its_last_word(text):
    art = clean(text)
    assert art.text.endswith(" advertisement")
    assert not any(r["rule"] == "advertisement" for r in art.removed)


@pytest.mark.parametrize("gap", ["", "\n"])
def test_an_advertisement_marker_under_a_headline_still_goes(gap):
    art = clean(f"Storm hits the coast as thousands flee their homes in the south\nadvertisement\n{gap}"
                "The storm hit on Monday, officials said.\n")
    assert {"rule": "advertisement", "text": "advertisement"} in art.removed
    assert art.text == "The storm hit on Monday, officials said."
