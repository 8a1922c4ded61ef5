"""clean on national agencies' stories as outlets in Malaysia, Mexico,
Turkey, the Gulf and South Africa run them: the agency named in a date
line, a credit line or a dateline wherever ``agencies.json`` lists it, and
furniture known by its form (a caption over a bare Getty credit, a print
edition's "Published in ..." tail, the site's own name closing the copy),
never prose that reads alike (a lede that looks like a date line, a
sentence on Getty Images, a sentence ending with an agency's name, "map"
or "tap" as words)."""
from __future__ import annotations

import pytest

from .paras import clean, removed

HEAD = "Govt to set up 500 new childcare centres in industrial areas"
LEDE = ("The government will set up 500 childcare centres in industrial areas nationwide over the "
        "next three years to help more women return to the workforce, the minister said on Wednesday.")
MORE = ("She said the centres would be built near factories and offices with the cooperation of "
        "employers, who would be given tax incentives to run them.")
LAST = "She added that the ministry would also train 5,000 childminders under the programme."
BODY = [LEDE, MORE, LAST]


def test_a_date_line_by_the_agency_under_the_headline_is_no_deck():
    out = clean("NST", "Nation", HEAD, "By Bernama - May 20, 2026 @ 4:50pm", *BODY)
    assert (out.title, out.date, out.text.split("\n\n")) == (HEAD, "2026-05-20", BODY)
    assert removed(out)["By Bernama - May 20, 2026 @ 4:50pm"] == "date-line-form"


@pytest.mark.parametrize("tail", ["Published in Kuala Lumpur, May 21st, 2026",
                                  "Published in Dawn, May 21st, 2026"])
def test_a_print_editions_published_in_tail_dates_the_story(tail):
    out = clean(HEAD, *BODY, tail)
    assert (out.date, out.text.split("\n\n")) == ("2026-05-21", BODY)


@pytest.mark.parametrize("line", ["Thursday, 21st May, 2026 - 10:02", "Updated: 3rd June 2026 07:40 pm"])
def test_ordinal_days_in_date_lines(line):
    out = clean(HEAD, line, *BODY)
    assert out.date is not None and out.text.split("\n\n") == BODY


@pytest.mark.parametrize("prose", [
    "Published in Nature on May 21, 2026, the study followed 4,000 mothers for ten years.",
    "By May 20, 2026, the ministry had opened 120 of the centres, officials said.",
])
def test_prose_that_opens_like_a_date_line_stays(prose):
    out = clean(HEAD, prose, *BODY)
    assert out.text.split("\n\n") == [prose, *BODY]


@pytest.mark.parametrize("credit", ["AFP via Getty Images", "Getty Images"])
def test_a_caption_over_a_bare_getty_credit_at_the_top_goes(credit):
    caption = "Workers stand at the tunnel entrance during the opening ceremony."
    out = clean(HEAD, "Anadolu Agency", "April 17, 2026 16:45", caption, credit, *BODY)
    assert out.text.split("\n\n") == BODY and caption in removed(out)


def test_a_short_lede_over_a_bare_getty_credit_and_its_caption_stays():
    """BBC prints the credit over the caption: the line over the credit is the lede."""
    lede = "A man has died after a lorry crashed into a bridge on the M6 in Cumbria."
    caption = "The crash happened near junction 38 at Tebay."
    out = clean(HEAD, lede, "Getty Images", caption, MORE, LAST)
    assert out.text.split("\n\n")[0] == lede


def test_a_sentence_on_getty_images_stays():
    prose = "Getty Images said on Tuesday that it would buy the photo agency for $30 million."
    out = clean(HEAD, *BODY[:2], prose, LAST)
    assert prose in out.text.split("\n\n")


def test_a_caption_credited_in_brackets_over_the_lede_goes():
    caption = "The amendment now goes to state legislatures. (Cuartoscuro)"
    out = clean(HEAD, "The Associated Press", caption, *BODY)
    assert out.text.split("\n\n") == BODY and removed(out)[caption] == "caption-bracket-credit"


def test_a_short_storys_last_line_credited_in_brackets_stays():
    last = "The plan will be reviewed next year. (Yonhap)"
    out = clean(HEAD, LEDE, last)
    assert out.text.split("\n\n") == [LEDE, last]


@pytest.mark.parametrize("line, credit", [("ANADOLU AGENCY", "ANADOLU AGENCY"), ("By Bernama", "Bernama"),
                                          ("Source: AA", "AA")])
def test_a_bare_agency_line_under_the_headline_is_a_credit(line, credit):
    out = clean("DAILY SABAH", HEAD, line, *BODY)
    assert (out.title, out.credits, out.text.split("\n\n")) == (HEAD, [credit], BODY)


@pytest.mark.parametrize("button", ["MAP", "APP", "SPA"])
def test_a_bare_acronym_under_the_headline_is_no_credit(button):
    """A page's button may spell a short agency name; "By MAP" or "Source: MAP" would be a credit."""
    out = clean(HEAD, button, *BODY)
    assert out.credits == []


@pytest.mark.parametrize("tail, agency", [("\u2014 Bernama", "Bernama"), ("-- BERNAMA", "BERNAMA"),
                                          ("(MAP)", "MAP"), ("TAP", "TAP"), ("Lusa", "Lusa")])
def test_a_national_agencys_closing_credit_goes(tail, agency):
    out = clean(HEAD, *BODY, tail)
    assert out.text.split("\n\n") == BODY and agency in out.credits


@pytest.mark.parametrize("last", [
    "Tap water was safe to drink again on Friday, the utility said.",
    "Residents were told to check the map.",
    "The figures were published by Bernama.",
    "map", "tap",
])
def test_words_that_are_agency_names_stay(last):
    out = clean(HEAD, *BODY, last)
    assert out.text.split("\n\n") == [*BODY, last] and out.credits == []


def test_a_national_agencys_dateline():
    out = clean(HEAD, "ANKARA (AA) - " + LEDE, MORE, LAST)
    assert (out.dateline, out.text.split("\n\n")) == ("ANKARA (AA) -", BODY)


def test_the_sites_own_name_closing_the_copy_goes_when_the_record_names_the_site():
    out = clean(HEAD, *BODY, "TimesLIVE", extra={"site": "TimesLIVE"})
    assert out.text.split("\n\n") == BODY and removed(out)["TimesLIVE"] == "site-name"
    other = clean(HEAD, *BODY, "TimesLIVE", extra={"site": "Sowetan"})
    assert other.text.split("\n\n")[-1] == "TimesLIVE"


def test_the_masthead_repeated_at_the_end_goes():
    out = clean("Mexico News Daily", "News", HEAD, *BODY, "Mexico News Daily")
    assert (out.title, out.text.split("\n\n")) == (HEAD, BODY)


def test_one_loader_for_the_agencies():
    """clean's stamps and rule patterns and dedup's origin read ``agencies.json``
    through ``data.agencies``, the first two as one alternation of the names."""
    from normtool.clean import rules, stamps
    from normtool.data import agencies, agency_alternation, agency_names
    from normtool.dedup import origin
    assert "Bernama" in agency_names() and "BERNAMA" in agency_names() and "TAP" in agency_names()
    assert "TAP" in agency_names() and "Tap" not in agency_names()
    assert stamps.agency_alternation is agency_alternation is rules.agency_alternation
    assert set(agency_alternation().replace("\\", "").split("|")) >= {"Bernama", "BERNAMA", "TAP"}
    assert origin.agency_table is agencies
    assert all(a["names"] and a["hosts"] for a in agencies()["agencies"])


@pytest.mark.parametrize("city", ["ANKARA", "BUENOS AIRES", "KUALA LUMPUR"])
def test_a_city_in_capitals_with_a_colon_is_the_dateline(city):
    out = clean(HEAD, f"{city}: {LEDE}", MORE, LAST)
    assert (out.dateline, out.text.split("\n\n")) == (f"{city}:", BODY)


@pytest.mark.parametrize("first", [f"NOTE: {LEDE}", f"UPDATE: {LEDE}", f"BREAKING: {LEDE}",
                                   "PARANA STATE: UMUARAMA NIL, PARANAVAI 1.5 MILLIMETRES."])
def test_a_label_in_capitals_with_a_colon_is_no_dateline(first):
    out = clean(HEAD, first, MORE, LAST)
    assert out.dateline is None and out.text.split("\n\n")[0] == first


def test_a_transcripts_first_speaker_is_no_dateline():
    turns = ["SMITH: Thanks for having me on the programme this morning, it is good to be here.",
             "ANCHOR: Let us start with the childcare centres the government announced.",
             "SMITH: The plan is to open the first 120 of them in Selangor, Penang and Johor."]
    out = clean(HEAD, *turns)
    assert out.dateline is None and out.text.split("\n\n") == turns


def test_the_caption_and_dateline_guards_are_rule_fields_a_rules_file_may_switch_off(tmp_path):
    """The guards live on the rules (``either_side``, ``speaker_like``, ``over_story``),
    not on rule ids in code: the built-in rules carry them, and a rules file
    giving a built-in rule again without one gets the plain rule."""
    import json

    from normtool.clean.rules import load_rules
    from normtool.data import read_text
    rules = load_rules()
    assert rules.by_id("photo-getty").either_side and rules.by_id("dateline-colon-caps").speaker_like
    assert rules.by_id("caption-bracket-credit").over_story
    raw = next(r for r in json.loads(read_text("boilerplate.json"))["rules"] if r["id"] == "dateline-colon-caps")
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"rules": [dict(raw, speaker_like=False)]}))
    assert not load_rules((str(path),)).by_id("dateline-colon-caps").speaker_like
