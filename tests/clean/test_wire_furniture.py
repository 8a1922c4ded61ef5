"""clean on wire and site furniture the earlier layouts missed: wire headline
prefixes ("UPDATE 2-", "DJ "), desk initials, Anadolu's byline-and-date line,
archive datelines ("WASHINGTON, Jan. 5—", "LONDON, Monday."), editors' notes,
newsletter greetings, translation notes, embedded posts, captions with a
"(Photo by ...)" credit, bylines with an affiliation, summary bullets."""
from __future__ import annotations

import pytest

from normtool.article import Article
from normtool.clean import clean_article
from normtool.clean.metadata import find_title
from normtool.clean.rules import RulesError, load_rules

LEDE = "The council approved the budget on Tuesday, officials said."
MORE = "Spending on schools will rise by 4 percent next year."
DJ_TAIL = "(END) Dow Jones Newswires\n\nMarch 05, 2024 10:42 ET (15:42 GMT)"


def clean(text: str) -> Article:
    return clean_article(Article(id="w", text=text))


def removed(out: Article) -> dict:
    return {item["text"]: item["rule"] for item in out.removed}


@pytest.mark.parametrize("prefix", ["UPDATE 2-", "EXCLUSIVE-", "FACTBOX-", "WRAPUP 1-", "RPT-",
                                    "CORRECTED-", "REFILE-UPDATE 1-", "RPT-UPDATE 3-"])
def test_a_wire_prefix_goes_from_the_headline_to_removed(prefix):
    out = clean(f"{prefix}Council passes budget\n\n{LEDE}\n\n{MORE}")
    assert out.title == "Council passes budget"
    assert removed(out)[prefix] == "title-wire-prefix"
    assert out.text == f"{LEDE}\n\n{MORE}"


@pytest.mark.parametrize("title", ["Exclusive-use lanes open on bridge",     # a word, not the tag
                                   "UPDATE: Council passes budget",           # not the wire's form
                                   "COVID-19 cases fall in capital",
                                   "FACTBOX - Council budget at a glance"])
def test_headline_words_like_wire_prefixes_stay(title):
    assert clean(f"{title}\n\n{LEDE}\n\n{MORE}").title == title


def test_dj_prefix_is_cut_only_over_dow_jones_copy():
    out = clean(f"DJ Oil Prices Rise on Supply Concerns\n\n{LEDE}\n\n{MORE}\n\n{DJ_TAIL}")
    assert out.title == "Oil Prices Rise on Supply Concerns"
    assert removed(out)["DJ"] == "title-dj-prefix"
    plain = clean(f"DJ Khaled Announces World Tour\n\n{LEDE}\n\n{MORE}")
    assert plain.title == "DJ Khaled Announces World Tour"


@pytest.mark.parametrize("slug", ["(js)", "-- MB/DS", "(ak/ph)"])
def test_desk_initials_at_the_end_are_removed(slug):
    out = clean(f"Council passes budget\n\n{LEDE}\n\n{MORE}\n\n{slug}")
    assert out.text == f"{LEDE}\n\n{MORE}"
    assert removed(out)[slug] == "desk-initials"


@pytest.mark.parametrize("greeting", ["Good morning, and welcome to Climate Watch",
                                      "Good evening, and welcome to Tech Briefing, our daily newsletter.",
                                      "Hello and welcome to The Download"])
def test_a_newsletter_greeting_is_no_headline(greeting):
    out = clean(f"{greeting}\n\n{LEDE}\n\n{MORE}")
    assert out.title is None
    assert removed(out)[greeting] == "newsletter-greeting"
    assert out.text == f"{LEDE}\n\n{MORE}"


@pytest.mark.parametrize("lede", ["Welcome to the new normal, the mayor told the council on Tuesday.",
                                  "Good morning and welcome to Markets Daily. Stocks fell on Tuesday."])
def test_a_lede_that_welcomes_stays(lede):
    assert clean(f"Council passes budget\n\n{lede}\n\n{MORE}").text == f"{lede}\n\n{MORE}"


@pytest.mark.parametrize("dateline", ["WASHINGTON, Jan. 5\u2014", "CEDAR RAPIDS, Iowa, June 2.\u2014"])
def test_archive_datelines_fused_to_the_lede(dateline):
    out = clean(f"SENATE VOTES FARM RELIEF\n\n{dateline}{LEDE}\n\n{MORE}")
    assert out.dateline == dateline
    assert out.text == f"{LEDE}\n\n{MORE}"


def test_archive_dateline_line_with_a_weekday():
    out = clean(f"NEW TRADE PACT WITH NORWAY\n\nLONDON, Monday.\n\n{LEDE}\n\n{MORE}")
    assert (out.title, out.dateline) == ("NEW TRADE PACT WITH NORWAY", "LONDON, Monday.")
    assert out.text == f"{LEDE}\n\n{MORE}"


def test_an_archive_headline_in_capitals_over_its_title_case_deck():
    out = clean(f"FLOOD WATERS RECEDE IN CEDAR VALLEY\n\nHundreds Return to Homes as River Falls\n\n"
                f"{LEDE}\n\n{MORE}")
    assert out.title == "FLOOD WATERS RECEDE IN CEDAR VALLEY"
    assert removed(out)["Hundreds Return to Homes as River Falls"] == "deck"


def test_a_masthead_in_capitals_stays_a_masthead():
    out = clean(f"THE EVENING POST\n\nHundreds Return to Homes as River Falls\n\n{LEDE}\n\n{MORE}")
    assert out.title == "Hundreds Return to Homes as River Falls"


CAPS_HEAD = "STOCKS TUMBLE AS FED SIGNALS MORE HIKES"
WIRE_LEDE = ("NEW YORK (Reuters) - Wall Street fell on Tuesday after the Federal Reserve signalled "
             "more rate rises, officials said.")


@pytest.mark.parametrize("deck", ["TRADERS BRACE FOR VOLATILE WEEK", "Traders brace for a volatile week",
                                  "Traders Brace for a Volatile Week"])
@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_headline_in_capitals_over_its_deck_is_the_title(deck, gap):
    """Before: a deck in capitals under a headline in capitals was the title
    and the headline went to removed as a masthead.  The deck goes to removed
    as a deck, as a deck in any other case does."""
    out = clean(f"{CAPS_HEAD}{gap}{deck}\n\n{WIRE_LEDE}\n\n{MORE}")
    assert out.title == CAPS_HEAD
    assert removed(out)[deck] == "deck"
    assert out.dateline == "NEW YORK (Reuters) -"
    assert out.text.split("\n\n") == [WIRE_LEDE.split(" - ", 1)[1], MORE]


def test_a_short_capitals_deck_under_an_archive_headline():
    out = clean(f"FLOOD WATERS RECEDE IN CEDAR VALLEY\n\nHUNDREDS RETURN HOME\n\n{LEDE}\n\n{MORE}")
    assert (out.title, removed(out)["HUNDREDS RETURN HOME"]) == ("FLOOD WATERS RECEDE IN CEDAR VALLEY", "deck")


@pytest.mark.parametrize("masthead", ["THE EVENING POST", "REUTERS NEWS SERVICE"])
def test_a_short_masthead_in_capitals_over_a_headline_in_capitals_stays_a_masthead(masthead):
    """Site names run to four words: under one, the line in capitals is the headline."""
    out = clean(f"{masthead}\n{CAPS_HEAD}\n\n{WIRE_LEDE}\n\n{MORE}")
    assert (out.title, removed(out)[masthead]) == (CAPS_HEAD, "masthead")


def test_a_reuters_header_in_capitals_over_its_dateline_lede_stays():
    """Reuters copy as filed: the header, then a wrapped lede with its dateline."""
    out = clean("CCX NETWORK <CCXN> SECONDARY OFFERING UNDERWAY\n"
                "CONWAY, Ark., Feb 26 - CCX Network Inc said it was offering\n"
                "220,838 shares of stock at 15.75 dlrs a share though\n"
                "underwriters Stephens Inc and Cazenove Inc.\n")
    assert (out.title, out.dateline) == ("CCX NETWORK <CCXN> SECONDARY OFFERING UNDERWAY", "CONWAY, Ark., Feb 26 -")
    assert out.text.startswith("CCX Network Inc said it was offering 220,838 shares")


def test_a_line_in_capitals_over_a_story_in_capitals_is_no_deck():
    """In copy all in capitals the line under the header may be the first
    wrapped line of the story: case tells nothing, so no deck is read."""
    paras = ["ARGENTINE GRAIN BELT WEATHER REPORT", "ARGENTINE GRAIN BELT TEMPERATURES",
             "(CENTIGRADE) AND RAIN (MM) IN THE 24 HOURS TO 12.00 GMT WERE AS FOLLOWS, THE SERVICE SAID."]
    found = find_title(paras, load_rules())
    assert found is None or found.deck is None


@pytest.mark.parametrize("lede", ["U.S.\u2014Japan talks resumed on Tuesday, officials said.",
                                  "NATO\u2014The alliance met on Tuesday, officials said."])
def test_a_fused_dash_without_a_date_is_no_dateline(lede):
    out = clean(f"Council passes budget\n\n{lede}\n\n{MORE}")
    assert out.dateline is None and out.text == f"{lede}\n\n{MORE}"


def test_an_editors_note_at_the_top_goes_to_removed_verbatim_not_to_the_dateline():
    note = "EDITOR'S NOTE \u2014 This story is part of an occasional series on rural America."
    out = clean(f"Council passes budget\n\nBy JO LEE\n\n{note}\n\n"
                f"PLAINS, Kan. (AP) \u2014 {LEDE}\n\n{MORE}")
    assert out.dateline == "PLAINS, Kan. (AP) \u2014"
    assert removed(out)[note] == "editors-note"
    assert out.text == f"{LEDE}\n\n{MORE}"


def test_an_editors_note_with_a_colon_in_the_story_stays_as_prose():
    note = ("Editor's note: Sir Robert Watson-Watt wrote that he had read an advance "
            "copy of the book and could challenge its tale.")
    out = clean(f"Council passes budget\n\n{LEDE}\n\n{note}\n\n{MORE}")
    assert note in out.text


@pytest.mark.parametrize("note", ["This article was translated from Spanish by Ana Lucia Gomez.",
                                  "Lea esta historia en espa\u00f1ol",
                                  "Read this story in Portuguese"])
def test_translation_notes_are_removed(note):
    out = clean(f"Council passes budget\n\n{LEDE}\n\n{MORE}\n\n{note}")
    assert out.text == f"{LEDE}\n\n{MORE}"
    assert removed(out)[note] == "translation-note"


def test_an_embedded_post_is_removed():
    post = ("We will not accept a reform that makes people work longer for less.\u2014 "
            "Aino Virtanen (@ainovirtanen) November 4, 2025")
    out = clean(f"Council passes budget\n\n{LEDE}\n\n{post}\n\n{MORE}")
    assert out.text == f"{LEDE}\n\n{MORE}"
    assert removed(out)[post] == "embedded-post"


def test_a_caption_with_a_photo_by_credit_is_removed():
    caption = "Tourists crowd the Plaza Mayor in Madrid. (Photo by Pablo Blazquez/Getty Images)"
    out = clean(f"Council passes budget\n\n{caption}\n\n{LEDE}\n\n{MORE}")
    assert out.text == f"{LEDE}\n\n{MORE}"
    assert removed(out)[caption] == "caption-photo-by"


def test_a_byline_with_an_affiliation_is_a_credit():
    byline = "By Helen Ward, Senior Lecturer in Plant Science, University of Reading"
    out = clean(f"Council passes budget\n\n{byline}\n\n{LEDE}\n\n{MORE}")
    assert out.credits == [byline]
    assert out.text == f"{LEDE}\n\n{MORE}"


def test_anadolu_byline_date_and_city_lines():
    footer = ("Anadolu Agency website contains only a portion of the news stories offered to "
              "subscribers in the AA News Broadcasting System (HAS), and in summarized form. "
              "Please contact us for subscription options.")
    out = clean(f"Council passes budget\n\nAysu Bicer   |03.02.2025 - Update : 04.02.2025\n\n"
                f"ISTANBUL\n\n{LEDE}\n\n{MORE}\n\n{footer}")
    assert (out.title, out.date, out.dateline) == ("Council passes budget", "2025-02-03", "ISTANBUL")
    assert out.credits == ["Aysu Bicer"]
    assert removed(out)["Aysu Bicer |03.02.2025 - Update : 04.02.2025"] == "byline-date-anadolu"
    assert removed(out)[footer] == "anadolu-footer"
    assert out.text == f"{LEDE}\n\n{MORE}"


def test_a_capitals_line_is_a_city_only_under_the_anadolu_byline():
    out = clean(f"Council passes budget\n\nISTANBUL\n\n{LEDE}\n\n{MORE}")
    assert out.dateline is None


def test_smaller_agencies_in_a_dateline():
    out = clean(f"Council passes budget\n\nULAANBAATAR, Aug 21 (Montsame) -- {LEDE}\n\n{MORE}")
    assert out.dateline == "ULAANBAATAR, Aug 21 (Montsame) --"


def test_summary_bullets_under_a_headline_stay_in_the_body():
    bullets = "* Copper up 1.1%, highest since Dec 12\n* Aluminium slips on rising stocks"
    out = clean(f"Copper hits two-month high\n\n{bullets}\n\nLONDON, Feb 24 (Reuters) - {LEDE}\n\n{MORE}")
    assert out.title == "Copper hits two-month high"
    assert out.dateline == "LONDON, Feb 24 (Reuters) -"
    assert out.text == f"{bullets}\n\n{LEDE}\n\n{MORE}"


@pytest.mark.parametrize("key", ["after", "requires"])
def test_after_and_requires_must_name_known_rules(tmp_path, key):
    path = tmp_path / "r.json"
    path.write_text('{"rules": [{"id": "x", "pattern": "X", "%s": ["no-such-rule"]}]}' % key)
    with pytest.raises(RulesError, match=key):
        load_rules((str(path),))


def test_only_a_date_rule_may_name_a_writer(tmp_path):
    path = tmp_path / "r.json"
    path.write_text('{"rules": [{"id": "x", "pattern": "(?P<credit>X)"}]}')
    with pytest.raises(RulesError, match="credit"):
        load_rules((str(path),))
