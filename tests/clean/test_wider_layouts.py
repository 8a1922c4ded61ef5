"""clean on the layouts of the wider world: headline-first copy, dates under
or fused to the headline, furniture kept out of sentences, lists, mastheads.

The fixtures hold copies made by ``bench.layouts`` (Reuters stories printed by
four independent renderers) and copies written by hand in other styles; each
copy carries the title, date and body clean should find.
"""
from __future__ import annotations

import json
import re
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from normtool.article import Article
from normtool.clean import clean_article, fix_encoding

FIX = Path(__file__).resolve().parent / "fixtures"
WORD = re.compile(r"\w+")


def clean(text: str, **fields) -> Article:
    return clean_article(Article(id="t", text=text, **fields))


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (FIX / name).read_text(encoding="utf-8").splitlines()]


def verdicts(copy: dict) -> dict:
    """Title, date, exact body (word level), nothing missing, list kept."""
    out = clean(copy["text"])
    want_title = " ".join(fix_encoding(copy["title"]).split()) if copy["title"] else None
    want, got = WORD.findall(copy["body"]), WORD.findall(out.text)
    result = {"title": out.title == want_title, "date": out.date == copy["date"],
              "body": got == want, "complete": not Counter(want) - Counter(got)}
    lists = [p for p in copy["body"].split("\n\n") if "\n" in p]
    if lists:
        result["list"] = all(p in out.text.split("\n\n") for p in lists)
    return result


# --- the development corpus fixture ---------------------------------------------

def test_layouts_fixture_accuracy():
    """Measured 100% title and date, 98.7% exact body on this fixture; the
    code before headline-first detection scored 35%, 36% and 19%."""
    copies = load("layouts.jsonl")
    assert {c["renderer"] for c in copies} == {"A", "B", "C", "D"} and len(copies) >= 60
    totals, counts = Counter(), Counter()
    for copy in copies:
        for key, ok in verdicts(copy).items():
            counts[key] += 1
            totals[key] += ok
    acc = {key: totals[key] / counts[key] for key in counts}
    assert acc["title"] >= 0.97, acc
    assert acc["date"] >= 0.97, acc
    assert acc["body"] >= 0.95, acc
    assert acc["complete"] == 1.0, acc
    assert counts["list"] >= 8 and acc["list"] == 1.0, acc


HAND = load("layouts_handwritten.jsonl")
# Known misses: none (a standfirst under a title-case headline was one,
# ``metadata._over_deck``).
KNOWN: dict = {}


@pytest.mark.parametrize("copy", HAND, ids=[c["id"] for c in HAND])
def test_hand_written_copies(copy):
    result = verdicts(copy)
    known = KNOWN.get(copy["id"])
    if known:
        assert not result.pop(known), "a known failure now passes: drop it from KNOWN"
    assert all(result.values()), result


# --- headline-first copy ----------------------------------------------------------

BODY = ["The council met on Tuesday and approved the budget for next year, officials said.",
        "The vote was nine to two after a long debate about school spending.",
        "Opponents said taxes would rise."]


def wrapped(paras, width=60, sep="\n\n"):
    return sep.join(textwrap.fill(p, width) for p in paras)


@pytest.mark.parametrize("body", [
    "\n\n".join(BODY),                  # one paragraph a line, blank lines
    wrapped(BODY),                      # hard-wrapped at 60
    wrapped(BODY, 44, "\n"),            # hard-wrapped, no blank lines
])
def test_headline_blank_line_body_in_any_wrapping(body):
    art = clean("Council approves budget for schools\n\n" + body)
    assert art.title == "Council approves budget for schools"
    assert WORD.findall(art.text) == WORD.findall(" ".join(BODY))


def test_site_masthead_navigation_and_byline_over_the_headline():
    raw = ("The Evening Post\nHome | News | Business | Sport\nSubscribe to our newsletter\n"
           "Council approves budget for schools\nBy Staff Writer | 26-FEB-1987\n\n"
           + "\n\n".join(BODY) + "\n\nShare this article: Facebook Twitter Email\n")
    art = clean(raw)
    assert (art.title, art.date) == ("Council approves budget for schools", "1987-02-26")
    assert art.text == "\n\n".join(BODY)
    assert {"rule": "masthead", "text": "The Evening Post"} in art.removed


@pytest.mark.parametrize("raw", [
    "Zenith Electronics Corp said\nHoward Graham has been named vice president-finance and chief\n"
    "financial officer, effective April 1.\n Reuter\n",
    "Shr 45 cts vs 58 cts\n    Net 1.1 mln vs 829,000\n    Sales 7.9 mln vs 9.4 mln\n"
    "    NOTE: Company reported results for the year.\n",
    "Standard Oil Co and BP North America\nInc said they plan to form a venture to manage the money market\n"
    "borrowing and investment activities of both companies.\n    The venture will be called "
    "BP/Standard Financial Trading\nand will be operated by Standard Oil.\n",
])
def test_wire_copy_without_headline_gets_no_title(raw):
    """A short first line of wrapped wire copy is its lede's start, a table row is a row."""
    art = clean(raw)
    assert art.title is None
    assert WORD.findall(art.text)[:3] == WORD.findall(raw)[:3]


def test_no_title_is_invented_from_reuters_bodies():
    """Reuters ``text`` has no headline (the title is a separate field)."""
    for line in (FIX / "reuters_sample.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert clean(record["text"]).title is None, record["id"]


def test_a_question_heads_the_story_only_over_prose():
    art = clean("Is the rally over?\n\n" + "\n\n".join(BODY))
    assert art.title == "Is the rally over?"
    art = clean("Is the rally over?\n\nMaybe.")
    assert art.title is None


# --- dates fused to or printed under the headline --------------------------------

@pytest.mark.parametrize("fused, iso", [
    ("March 3, 2025", "2025-03-03"), ("3 March 2025", "2025-03-03"), ("2025-03-03", "2025-03-03"),
    (" | Mon 3 Mar 2025", "2025-03-03"), ("Updated 06 April 2025", "2025-04-06"),
    (" - Published March 3, 2025", "2025-03-03"), (" \u2014 March 2nd, 2025, 11:24 p.m.", "2025-03-02"),
    (" \u00b7 2025-03-03T10:04:00Z", "2025-03-03"), (" | 2025/03/03", "2025-03-03"),
])
@pytest.mark.parametrize("after", ["\n\n", "\nBy Jo Smith\n\n", "\n"])
def test_date_fused_to_the_headline_whatever_follows(fused, iso, after):
    body = wrapped(BODY, 66, "\n") if after == "\n" else "\n\n".join(BODY)
    art = clean("Troops head to the front" + fused + after + body)
    assert (art.title, art.date) == ("Troops head to the front", iso)
    assert WORD.findall(art.text) == WORD.findall(" ".join(BODY))


@pytest.mark.parametrize("line, iso", [
    ("March 3, 2025", "2025-03-03"), ("3 March 2025", "2025-03-03"), ("2025-03-03", "2025-03-03"),
    ("Updated: March 3, 2025 10:42 GMT", "2025-03-03"), ("Published 3 March 2025", "2025-03-03"),
    ("Last modified on 26 Feb 1987 12:40 UTC", "1987-02-26"), ("26.02.1987", "1987-02-26"),
    ("By Jo Smith | 3 March 2025", "2025-03-03"), ("Jo Smith \u00b7 2025-03-03T10:04:00Z", "2025-03-03"),
    ("Written by Jo Smith on Mar. 3, 2025", "2025-03-03"),
    ("Updated 10:05 AM EDT, Mon March 3, 2025", "2025-03-03"),
])
def test_date_line_under_the_headline(line, iso):
    art = clean(f"Troops head to the front\n{line}\n\n" + "\n\n".join(BODY))
    assert (art.title, art.date, art.text) == ("Troops head to the front", iso, "\n\n".join(BODY))


# --- furniture is never glued into a sentence ---------------------------------------

FURNITURE = ["By Jo Smith, The Evening Post", "Updated 06 April 2025",
             "Click here to subscribe to The Evening Post", "PHOTO: REUTERS, AFP", "Advertisement"]


def test_furniture_lines_against_wrapped_paragraphs_stay_out():
    raw = ("Council approves budget\n\n" + "\n".join(FURNITURE) + "\n" + wrapped(BODY[:2], 64, "\n")
           + "\nAdvertisement\n" + textwrap.fill(BODY[2], 64) + "\nAdditional reporting by Ann Lee\n")
    art = clean(raw)
    assert art.text.split("\n\n")[0].startswith("The council met")
    assert WORD.findall(art.text) == WORD.findall(" ".join(BODY))
    assert art.date == "2025-04-06"
    assert art.credits == ["By Jo Smith, The Evening Post", "Additional reporting by Ann Lee"]


@pytest.mark.parametrize("glued, kept_as", [
    ("By Jo Smith, The Evening Post ", ("credits", "By Jo Smith, The Evening Post")),
    ("Updated 06 April 2025 ", ("date", "2025-04-06")),
    ("Click here to subscribe to The Evening Post ", ("removed", "prompt-prefix")),
    ("PHOTO: REUTERS, AFP ", ("removed", "photo-credit-prefix")),
    ("Advertisement ", ("removed", "advertisement-prefix")),
])
def test_furniture_already_glued_to_the_lede_is_split_off(glued, kept_as):
    art = clean("Council approves budget\n\n" + glued + "\n\n".join(BODY))
    assert art.text == "\n\n".join(BODY)
    field, value = kept_as
    if field == "removed":
        assert value in [r["rule"] for r in art.removed]
    else:
        assert value in (art.credits if field == "credits" else [art.date])


def test_credit_glued_to_the_last_sentence_is_split_off():
    art = clean("\n\n".join(BODY[:2]) + "\n\nOpponents said taxes would rise Additional reporting by Ann Lee")
    assert art.credits == ["Additional reporting by Ann Lee"]
    assert art.text.endswith("Opponents said taxes would rise")


def test_furniture_shaped_wrapped_prose_stays_in_its_sentence():
    raw = ("The bonds will each carry two warrants, each giving the right to\n"
           "subscribe between January 1 1988 and March 31 1992 to one share\n"
           "at a price of 210 francs, the company said in a statement today.\n"
           "    The recommendation must still be approved by the chairman and\n"
           "by Transportation Secretary Elizabeth Dole and President Reagan.\n")
    art = clean(raw)
    assert art.removed == [] and art.credits == []
    assert WORD.findall(art.text) == WORD.findall(raw)


# --- lists ---------------------------------------------------------------------------

ITEMS = ["Schools get 12 million dollars more for teachers and classroom repairs.",
         "Roads get 8 million dollars for resurfacing.", "Parks keep last year's budget."]
LIST = "\n".join("- " + item for item in ITEMS)


@pytest.mark.parametrize("printed", [
    LIST,                                                               # one item a line
    "\n\n".join("- " + item for item in ITEMS),                         # blank lines between
    "\n".join(textwrap.fill("- " + i, 40, subsequent_indent="  ") for i in ITEMS),   # hanging indent
    "\n".join(textwrap.fill("- " + i, 40) for i in ITEMS),              # wrapped flush
    LIST.replace("- ", "\u2022 ").replace("\n", "\nAdvertisement\n", 1),  # bullets, an ad between
])
def test_lists_stay_lists_whatever_the_wrapping(printed):
    art = clean("What the budget pays for\n\nThe main items:\n\n" + printed + "\n\nIt passed on Tuesday.")
    want = LIST if "\u2022" not in printed else LIST.replace("- ", "\u2022 ")
    assert art.text.split("\n\n") == ["The main items:", want, "It passed on Tuesday."]
    assert clean(art.text).text == art.text


def test_a_dash_in_a_wrapped_sentence_is_no_list():
    raw = ("Quotes included delivery this week on the Illinois River at 135 pct\n"
           "- no comparison with last week - and later dates, dealers said.\n")
    assert clean(raw).text == " ".join(raw.split())


BUDGET = ("The city council on Tuesday approved a new budget that increases spending on schools "
          "by 8 percent, officials said.\n\nThe vote was 7 to 2.\n")


@pytest.mark.parametrize("line, dateline, date", [
    ("NEW YORK, March 3, 2024 (Reuters) -", "NEW YORK, March 3, 2024 (Reuters) -", "2024-03-03"),
    ("LONDON, 3 March (Reuters) -", "LONDON, 3 March (Reuters) -", None),
    ("PARIS, 14 July 2023 (AFP) -", "PARIS, 14 July 2023 (AFP) -", "2023-07-14"),
])
def test_a_dateline_with_a_year_or_the_day_first_is_a_dateline(line, dateline, date):
    """A dateline with the year ("March 3, 2024") or the day first ("3 March")
    was left in the lede; the year gives the date when nothing else does."""
    out = clean(f"Council approves new budget for city schools\n\n{line} {BUDGET}")
    assert (out.title, out.dateline, out.date) == ("Council approves new budget for city schools",
                                                   dateline, date)
    assert out.text.startswith("The city council on Tuesday")


@pytest.mark.parametrize("stamp, iso", [("03/03/2024", "2024-03-03"), ("12/25/2024", "2024-12-25"),
                                        ("25/12/2024", "2024-12-25")])
def test_a_slashed_date_under_the_headline_is_the_date(stamp, iso):
    """Month first as in US copy, day first where the month would be over 12."""
    out = clean(f"Council approves new budget for city schools\n{stamp}\n\n{BUDGET}")
    assert (out.title, out.date) == ("Council approves new budget for city schools", iso)
    assert out.text.startswith("The city council on Tuesday")


def test_a_lede_its_dateline_left_unwrapped_joins_its_wrapped_lines():
    """Copy wrapped at 68 columns but for a 98-column lede: the long line set
    the width, so every wrap became a paragraph break ("for about" /
    "$2 billion"; "the New York" / "Stock Exchange") and no title was found."""
    text = ("Acme agrees to buy Widgets\n\n"
            "NEW YORK, March 3 (Reuters) - Acme Corp said on Monday it had agreed to buy Widgets Inc for about\n"
            "$2 billion in cash, expanding its reach into industrial parts and\n"
            "giving it a foothold in Europe. The deal, which has been approved by\n"
            "both boards, is expected to close in the third quarter, the company\n"
            "said in a statement released before markets opened.\n\n"
            "Shares of Widgets rose 12 percent in early trading on the New York\n"
            "Stock Exchange, while Acme shares fell 3 percent as investors\n"
            "weighed the price.\n")
    out = clean(text)
    assert (out.title, out.dateline) == ("Acme agrees to buy Widgets", "NEW YORK, March 3 (Reuters) -")
    paras = out.text.split("\n\n")
    assert len(paras) == 2
    assert "for about $2 billion" in paras[0] and "New York Stock Exchange" in paras[1]


@pytest.mark.parametrize("title, lede", [
    ("中国央行宣布降息", "中国人民银行周一宣布，将一年期贷款市场报价利率下调10个基点，以支持经济增长。"
                       "分析人士表示，此举符合市场预期。"),
    ("الحكومة تعلن عن خطة جديدة للاقتصاد", "أعلنت الحكومة المصرية يوم الاثنين عن خطة جديدة لدعم "
                                          "الاقتصاد الوطني وخفض معدلات التضخم خلال العام المقبل، وفقا لبيان رسمي."),
])
def test_a_headline_in_a_script_without_capitals_or_spaces_is_the_title(title, lede):
    out = clean(f"{title}\n\n{lede}\n")
    assert out.title == title and not out.text.startswith(title)


def test_corrections_share_bars_writer_prompts_and_trailers_are_furniture():
    """Kinds a layout sweep found left in the body (rules written for them)."""
    body = "The mayor of Springfield resigned on Tuesday after weeks of pressure, officials said."
    furniture = ["This story has been corrected to show the mayor resigned Tuesday, not Monday.",
                 "Share on Facebook Share on Twitter Share via Email", "Share this:",
                 "Follow Jane Doe on X: https://x.com/janedoe", "\u2014 With assistance from Ann Lee",
                 "To contact the reporter on this story: Jane Doe in New York at jdoe@example.com",
                 "Sign up here."]
    out = clean("Mayor resigns amid scandal\n\n" + body + "\n\n" + "\n\n".join(furniture) + "\n")
    assert (out.title, out.text) == ("Mayor resigns amid scandal", body)
    assert [r["text"] for r in out.removed] == furniture


@pytest.mark.parametrize("headline", ["Dr. Ann Lee named hospital chief", "St. Louis approves stadium deal",
                                      "Acme Corp. Announces Record Results"])
def test_a_headline_with_an_abbreviation_is_the_title(headline):
    """A full stop after "Dr.", "St." or "Corp." was read as a sentence end,
    so the headline stayed in the body."""
    out = clean(f"{headline}\n\nThe board on Tuesday named a new chief of the city hospital, officials said.\n")
    assert out.title == headline and out.text.startswith("The board")


@pytest.mark.parametrize("between, credits, dateline", [
    ("Published 10:32 AM GMT+1", [], "Paris (AFP) -"),
    ("\nBy Jane Doe in Paris", ["By Jane Doe in Paris"], "Paris (AFP) -"),
    ("By Tom Jones tjones@example.com", ["By Tom Jones tjones@example.com"], "Paris (AFP) -"),
])
def test_a_time_stamp_or_a_byline_with_a_place_or_an_address_under_the_headline(between, credits,
                                                                                 dateline):
    """A time zone with an offset ("GMT+1"), a byline naming the place or
    the writer's address: left in, they hid the headline too."""
    out = clean(f"Protests erupt in Paris over pension reform\n{between}\n\nParis (AFP) - Tens of "
                "thousands of people marched on Tuesday against the pension plan.\n")
    assert (out.title, out.credits, out.dateline) == ("Protests erupt in Paris over pension reform", credits,
                                                      dateline)
    assert out.text.startswith("Tens of thousands")


@pytest.mark.parametrize("top", [["Police arrest suspect in bank robbery",
                                  "Man, 34, was found hiding in a nearby apartment, police say"],
                                 ["Markets", "Police arrest suspect in bank robbery",
                                  "Man, 34, was found hiding in a nearby apartment, police say"]])
def test_a_deck_under_the_headline_leaves_the_headline_the_title(top):
    """A second headline-shaped line (the deck) under the headline made both
    stay in the body; the deck is listed in removed (rule deck)."""
    out = clean("\n\n".join(top) + "\n\nPolice arrested a man on Tuesday in connection with the robbery "
                "of a downtown bank, officials said.\n")
    assert out.title == "Police arrest suspect in bank robbery" and out.text.startswith("Police arrested")
    assert {"rule": "deck", "text": top[-1]} in out.removed


def test_a_press_release_gives_its_headline_and_newswire_dateline():
    out = clean("FOR IMMEDIATE RELEASE\n\nAcme Corp. Announces Record Fourth-Quarter Results\n\n"
                "SAN JOSE, Calif.--(BUSINESS WIRE)--Acme Corp. today announced record fourth-quarter "
                "results, with revenue up 12 percent.\n\n###\n")
    assert (out.title, out.dateline) == ("Acme Corp. Announces Record Fourth-Quarter Results",
                                         "SAN JOSE, Calif.--(BUSINESS WIRE)--")
    assert out.text.startswith("Acme Corp. today announced")


def test_a_posted_line_with_its_author_gives_the_date():
    out = clean("Why I left the city after ten years\nPosted on March 5, 2024 by Jane Doe\n\n"
                "After ten years in the city, I finally moved to the countryside last spring.\n")
    assert (out.title, out.date) == ("Why I left the city after ten years", "2024-03-05")
    assert out.text.startswith("After ten years")


def test_a_contact_line_and_a_fused_web_date_are_furniture():
    """A release's 'Contact:' line over its headline was taken for the title;
    Reuters' web date fused to its time ("March 5, 20241:32 PM GMT") gave no date."""
    out = clean("FOR IMMEDIATE RELEASE\nContact: Jane Doe, 555-123-4567\n\nGlobex Opens New Headquarters "
                "in Austin\n\nGlobex Inc. today opened its new headquarters in Austin, Texas.\n")
    assert (out.title, out.text) == ("Globex Opens New Headquarters in Austin",
                                     "Globex Inc. today opened its new headquarters in Austin, Texas.")
    out = clean("Oil prices rise as tensions mount\nMarch 5, 20241:32 PM GMTUpdated 2 hours ago\n\n"
                "LONDON, March 5 (Reuters) - Oil prices rose on Tuesday as tensions mounted.\n")
    assert (out.title, out.date, out.dateline) == ("Oil prices rise as tensions mount", "2024-03-05",
                                                   "LONDON, March 5 (Reuters) -")
