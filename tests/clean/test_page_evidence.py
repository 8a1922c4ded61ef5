"""clean on leftovers that need the rest of the page to decide: a TV
station's masthead lines, writers' names in capitals, the site's name on
the last line, which way a numeric date runs, a writer's bio at the end.

Each copy is written here; each case names what clean used to get wrong.
"""
from __future__ import annotations

import pytest

from normtool.article import Article
from normtool.clean import clean_article
from normtool.clean.evidence import day_first, names_site, site_label
from normtool.clean.bylines import bare_byline
from normtool.clean.metadata import is_label
from normtool.clean.rules import load_rules

from .paras import removed

RULES = load_rules()
LEDE = ("The council voted 12-4 on Monday to approve the plan, after nearly three hours "
        "of debate in which several members said the cost was too high.")
MORE = "Construction could begin next spring, the mayor said."


def clean(text: str, **fields) -> Article:
    return clean_article(Article(id="t", text=text, **fields))


# --- 1. a TV station's two masthead lines -----------------------------------------

@pytest.mark.parametrize("masthead", [["WJW FOX 8 News Cleveland", "Cleveland"],
                                      ["KTLA 5 News", "Los Angeles"],
                                      ["NBC 4 New York"]])
def test_station_masthead_over_headline(masthead):
    """Was: no title (the headline read as the deck of "Cleveland")."""
    head = "Cleveland council approves lakefront bridge plan after long debate"
    out = clean("\n\n".join([*masthead, head, "By Peggy Gallek",
                             "CLEVELAND (WJW) \u2014 " + LEDE, MORE]))
    assert out.title == head
    assert out.dateline == "CLEVELAND (WJW) \u2014"
    assert out.credits == ["By Peggy Gallek"]
    assert out.text.startswith("The council voted")
    assert all(removed(out).get(line) == "masthead" for line in masthead)


def test_channel_number_only_after_a_channel_word():
    assert is_label("WJW FOX 8 News Cleveland", RULES) and is_label("Newsline 24", RULES)
    assert not is_label("Talks 8 Nations Agree", RULES) and not is_label("FOX 8 NBC 4", RULES)


# --- 2. writers' names in capitals ---------------------------------------------------

AP_LEDE = ("WASHINGTON (AP) \u2014 Senate Democrats blocked a Republican stopgap spending bill "
           "on Friday, pushing the government closer to a shutdown at midnight.")


@pytest.mark.parametrize("head,names", [
    ("Senate Democrats block stopgap bill as deadline nears", "LISA MASCARO"),
    ("Senate Democrats block stopgap bill as deadline nears", "JOSH BOAK, Associated Press"),
    ("Senate Democrats block stopgap bill as deadline nears", "SEAN O'RIORDAN"),
    ("SENATE DEMOCRATS BLOCK STOPGAP BILL", "ZEKE MILLER and COLLEEN LONG"),
    ("Senate Democrats block stopgap bill", "LISA MASCARO, JOSH BOAK and MARY CLARE JALONICK"),
])
def test_capital_names_under_headline_are_credits(head, names):
    """Was: the names went to ``removed`` as the headline's deck."""
    for sep in ("\n\n", "\n"):
        out = clean(sep.join([head, names, AP_LEDE, "The vote was 52-47."]))
        assert (out.title, out.credits, out.dateline) == (head, [names], "WASHINGTON (AP) \u2014")
        assert out.text.startswith("Senate Democrats blocked")


@pytest.mark.parametrize("line,lede", [
    ("LIVE UPDATES", AP_LEDE), ("NEW YORK", AP_LEDE), ("HURRICANE MILTON", AP_LEDE),
    ("LISA MASCARO", LEDE),             # alone, with no dateline under it: maybe a deck
])
def test_capital_line_that_names_no_writer_is_no_credit(line, lede):
    out = clean("\n\n".join(["Senate Democrats block stopgap bill as deadline nears", line, lede]))
    assert out.credits == [] and line not in out.text


def test_capital_by_line_is_credit():
    out = clean("Senate Democrats block stopgap bill\n\nBy LISA MASCARO and MARY CLARE JALONICK\n\n"
                + AP_LEDE)
    assert out.credits == ["By LISA MASCARO and MARY CLARE JALONICK"]
    assert out.dateline == "WASHINGTON (AP) \u2014"


def test_short_capital_deck_under_capital_headline_is_no_writer():
    """Under a headline in capitals a lone short line in capitals is its deck."""
    paras = ["FLOOD WATERS RECEDE IN CEDAR VALLEY", "HUNDREDS RETURN HOME", LEDE]
    assert bare_byline(paras) is None
    assert clean("\n\n".join(paras)).credits == []


def test_shouted_headline_is_title_not_credit():
    out = clean("SENATE PASSES BUDGET\n\n" + AP_LEDE)
    assert out.title == "SENATE PASSES BUDGET" and out.credits == []


# --- 3. the site's name on the last line ---------------------------------------------

@pytest.mark.parametrize("tail,url", [
    ("KFOR.com", None), ("irishexaminer.com", None), ("Yahoo News", None),
    ("The Cleveland Plain Dealer", None), ("Yorkshire Evening Post", None),
    ("KTLA", "https://ktla.com/news/local-news/fire/"),
    ("NZ Herald", "https://www.nzherald.co.nz/nz/water/ABC/"),
    ("The Guardian", "https://www.theguardian.com/world/2025/x"),
])
def test_site_name_on_last_line_goes(tail, url):
    """Was: left as the body's last paragraph."""
    fields = {"url": url} if url else {}
    out = clean("\n\n".join(["Council approves lakefront plan", LEDE, MORE, tail]), **fields)
    assert out.text.endswith(MORE)
    assert tail in removed(out)


@pytest.mark.parametrize("tail,url", [
    ("That was that.", "https://that.com/"), ("He was 84.", "https://www.he.co.uk/"),
    ("KTLA", None), ("KTLA", "https://kfor.com/news/"), ("Council members", None),
    ("Yahoo News reported the figures first.", None),
])
def test_last_short_line_of_prose_stays(tail, url):
    fields = {"url": url} if url else {}
    out = clean("\n\n".join(["Council approves lakefront plan", LEDE, MORE, tail]), **fields)
    assert out.text.endswith(tail)


def test_site_label():
    assert site_label("https://www.yorkshireeveningpost.co.uk/news/1") == "yorkshireeveningpost"
    assert site_label(None) == "" and site_label("not a url") == ""
    assert names_site("The Times", "https://www.thetimes.co.uk/a") and not names_site("Times", None)


# --- 4. which way a numeric date runs ------------------------------------------------

@pytest.mark.parametrize("extra,url,date", [
    ("", "https://www.example.co.uk/news/leeds-1", "2025-12-04"),
    ("", "https://www.example.com.au/news/a", "2025-12-04"),
    ("", "https://www.thehindu.in/news/a", "2025-12-04"),
    ("", "https://example.com/2025/12/04/county-budget/", "2025-12-04"),
    ("", "https://example.co.uk/2025/04/12/county-budget/", "2025-04-12"),   # the path wins
    ("Talks began on 13/04/2025.", None, "2025-12-04"),
    ("Talks began on 5 June 2025.", None, "2025-12-04"),
    ("Talks began on June 5, 2025.", "https://www.example.co.uk/a", "2025-04-12"),
    ("Talks began on 04/13/2025.", "https://www.example.co.uk/a", "2025-04-12"),
    ("", None, "2025-04-12"),                                  # nothing says otherwise
    ("", "https://example.com/news/a", "2025-04-12"),
    ("Talks began on 5 June 2025 and ended on July 7, 2025.", None, "2025-04-12"),  # both ways
])
def test_slashed_date_order_from_page(extra, url, date):
    """Was: always month first (2025-04-12)."""
    fields = {"url": url} if url else {}
    text = "\n\n".join(["Leeds transit plan gets green light", "Published 04/12/2025",
                        LEDE + (" " + extra if extra else ""), MORE])
    assert clean(text, **fields).date == date


def test_unambiguous_slashed_date_keeps_its_reading():
    assert clean("Plan approved\n\nPublished 25/03/2024\n\n" + LEDE).date == "2024-03-25"
    text = "Plan approved\n\nPublished 03/25/2024\n\n" + LEDE
    assert clean(text, url="https://a.co.uk/x").date == "2024-03-25"


def test_day_first_needs_evidence():
    assert not day_first("Published 04/12/2025", None, RULES)
    assert day_first("Published 04/12/2025", "https://www.rte.ie/news/1", RULES)


# --- 5. a writer's bio at the end ----------------------------------------------------

@pytest.mark.parametrize("bio", [
    "Zeke Miller is the chief White House correspondent for The Associated Press.",
    "Mark Ellis is a reporter covering county government for The Example Gazette.",
    "Mark Ellis is a reporter covering county government. Contact him at mellis@example.com.",
    "Jane Smith is a senior transport reporter at the Daily Telegraph. She can be reached at "
    "jane.smith@example.com.au.",
])
def test_uncredited_bio_goes(bio):
    """Was: kept (the bio rule wanted the writer in the credits)."""
    out = clean("\n\n".join(["Council approves lakefront plan", LEDE, MORE, bio]))
    assert out.text.endswith(MORE)
    assert removed(out)[bio] in ("author-bio-outlet", "author-bio")


@pytest.mark.parametrize("last", [
    # the story is about the journalist: the name is in it
    "Fenster is a managing editor at Frontier Myanmar.",
    "Danny Fenster is a managing editor at Frontier Myanmar.",
    "Mary Jones is a reporter for the Gazette and the daughter of the mayor, who said she was proud.",
    "Mary Jones is a teacher at Lincoln High School.",
])
def test_prose_about_a_journalist_stays(last):
    text = "\n\n".join(["Journalist freed", "Danny Fenster was freed on Monday after six months "
                        "in prison, his family said in a statement on Monday evening.", MORE, last])
    assert clean(text).text.endswith(last)
