"""clean on one wire story as it travels: the same copy on a local TV site,
a newspaper running it, an aggregator, a text extractor's output.  Each
outlet adds its own furniture around the story (a syndication note with a
date, "Read more at Reuters", an app promotion, a newsletter line in the
middle, a photo caption credited to the agency, share buttons), which must
go without touching prose that reads alike."""
from __future__ import annotations

import pytest

from normtool.article import Article
from normtool.clean import clean_article

from .paras import clean, removed

HEAD = "Ford recalls 850,000 US vehicles over fuel pump issue"
LEDE = ("Ford Motor Co is recalling about 850,000 vehicles in the United States because a fuel "
        "pump may fail and cause the engines to stall, the safety agency said on Monday.")
MORE = ("The recall covers some 2021-2023 Ford Explorer, Lincoln Aviator, F-150 and Expedition "
        "models, the agency said.")
LAST = "Shares of Ford were down 1.2% in afternoon trading."
BODY = [LEDE, MORE, LAST]


@pytest.mark.parametrize("line, rule", [
    ("Stay up to date on the latest automotive news: Sign up for our Cars newsletter.",
     "newsletter-sign-up-tail-our"),
    ("Give a gift subscription to the Star Tribune. Subscribe now.", "subscribe-tail"),
    ("Download the WGRZ app for breaking news alerts and live video.", "app-download"),
    ("Image: A pharmacist fills a syringe in a hospital pharmacy.", "photo-alt-text"),
    ("Video above: Drone footage shows snow piled up in Orchard Park", "media-link"),
    ("Advertisement \u00b7 Scroll to continue", "advertisement"),
    ("Loading ...", "page-tools"),
    ("A Ford logo is seen at a dealership in Brooklyn, New York, U.S., March 8, 2025. "
     "REUTERS/Brendan McDermid/File Photo", "photo-agency-caption"),
    ("A snowplow clears a road in Orchard Park, N.Y., on Saturday. "
     "Photo by Jalen Wright/UPI | License Photo", "photo-agency-caption"),
    ("Catch the latest in Business", "newsletter-catch-latest"),
    ("An artist's illustration shows the planet K2-18b. NASA, CSA, ESA, J. Olmsted (STScI)"
     "/Handout via REUTERS", "photo-agency-caption"),
])
def test_an_outlets_line_in_the_body_goes(line, rule):
    out = clean(HEAD, LEDE, line, MORE, LAST)
    assert out.text.split("\n\n") == BODY
    assert removed(out)[line] == rule


def test_a_syndication_note_with_the_date_goes():
    """McClatchy's footer names a date, not a site, after "published": the story's date."""
    note = "This story was originally published September 30, 2025 at 11:55 PM."
    out = clean(HEAD, *BODY, note)
    assert out.text.split("\n\n") == BODY
    assert removed(out)[note] == "syndication-note-dated"
    assert out.date == "2025-09-30"


def test_read_more_at_the_source_under_a_cut_copy_goes():
    out = clean(HEAD, LEDE, MORE, "Read more at Reuters")
    assert out.text.split("\n\n") == [LEDE, MORE]
    assert removed(out)["Read more at Reuters"] == "continue-reading"


def test_share_buttons_ending_in_a_bare_link_go():
    out = clean(HEAD, *BODY, "Share", "X", "Facebook", "Linkedin", "Email", "Link")
    assert out.text.split("\n\n") == BODY


def test_share_with_network_lines_go():
    out = clean(HEAD, "Share with Facebook", "Share with Twitter", *BODY)
    assert out.text.split("\n\n") == BODY


@pytest.mark.parametrize("heading", ["More for You", "Latest Headlines"])
def test_a_list_of_other_stories_at_the_end_is_cut(heading):
    out = clean(HEAD, *BODY, heading, "Winter storm warning issued for Great Lakes region")
    assert out.text.split("\n\n") == BODY


def test_msn_copy_keeps_its_headline_and_credits_the_agency():
    out = clean("Ford recalls nearly 1 million SUVs and pickups because engines can stall",
                "Story by Reuters", "\u2022 2h \u2022 2 min read", *BODY)
    assert out.title == "Ford recalls nearly 1 million SUVs and pickups because engines can stall"
    assert out.credits == ["Reuters"]
    assert out.text.split("\n\n") == BODY


def test_yahoo_in_this_article_list_goes_and_the_dateline_is_found():
    out = clean(HEAD, "In this article:", "Carlos Alcaraz", "Jannik Sinner",
                "New York (AFP) - " + LEDE, MORE, LAST)
    assert out.dateline.startswith("New York (AFP)")
    assert out.text.split("\n\n") == BODY


def test_reuters_date_line_with_an_empty_relative_update_is_the_date():
    out = clean(HEAD, "By David Shepardson", "July 14, 2025 3:07 PM UTC Updated ago", *BODY)
    assert out.date == "2025-07-14"
    assert out.text.split("\n\n") == BODY


def test_a_byline_ending_in_the_agency_name_is_a_credit():
    byline = "By Lisa Mascaro and Mary Clare Jalonick Associated Press"
    out = clean(HEAD, byline, "September 30, 2025 11:55 PM", *BODY)
    assert out.credits == [byline]
    assert out.text.split("\n\n") == BODY


@pytest.mark.parametrize("prose", [
    "Readers told us they wanted more. Sign up for our newsletter was the most clicked link, "
    "the editor said in an interview on Monday.",
    "Download the app, the company told customers, and you will get alerts for every recall "
    "in your area within minutes of it being announced by regulators.",
    "Read more about the recall, officials said, on the agency's website.",
    "Image matters to a brand like Ford, analysts said.",
    "The company said owners should subscribe now to its recall alerts, which are free.",
    "Loading the trucks took longer than planned, the dealer said.",
])
def test_prose_that_reads_like_this_furniture_stays(prose):
    out = clean(HEAD, LEDE, prose, LAST)
    assert out.text.split("\n\n") == [LEDE, prose, LAST]


@pytest.mark.parametrize("age", ["9h", "\u2022 5h", "3 hours ago"])
def test_an_aggregators_age_line_under_the_headline_goes(age):
    out = clean(HEAD, "Story by The Associated Press", age, *BODY)
    assert (out.title, out.credits) == (HEAD, ["Story by The Associated Press"])
    assert out.text.split("\n\n") == BODY


def test_read_full_article_under_a_cut_copy_goes():
    out = clean(HEAD, LEDE, MORE, "Read full article")
    assert out.text.split("\n\n") == [LEDE, MORE]


@pytest.mark.parametrize("stamp, date", [("Apr 17, 2025 Updated Apr 18, 2025", "2025-04-17"),
                                         ("Jul 14, 2025 Updated 2 hrs ago", "2025-07-14")])
def test_a_local_papers_published_and_updated_line_gives_the_date(stamp, date):
    out = clean(HEAD, stamp, *BODY)
    assert out.date == date
    assert out.text.split("\n\n") == BODY


def test_a_retitled_copys_question_then_headline_is_the_title():
    """Aggregators re-title wire copy as a question and a headline."""
    title = "Could K2-18b be covered by an ocean? Webb data adds to the case"
    out = clean(title, "Will Dunham", *BODY)
    assert (out.title, out.credits) == (title, ["Will Dunham"])
    assert out.text.split("\n\n") == BODY


@pytest.mark.parametrize("opening", ["Why? Because the pump can fail. Ford said so on Monday.",
                                     "Is the recall big? Ford said it covers 850,000 vehicles."])
def test_a_question_opening_the_prose_is_no_headline(opening):
    out = clean(opening, *BODY)
    assert out.title is None
    assert out.text.split("\n\n")[0] == opening


@pytest.mark.parametrize("byline", ["David Shepardson | Reuters", "Naomi Kresge, Bloomberg News",
                                    "Will Dunham Reuters"])
def test_a_bare_name_with_the_agency_under_the_headline_is_a_credit(byline):
    out = clean(HEAD, byline, *BODY)
    assert (out.title, out.credits) == (HEAD, [byline])
    assert out.text.split("\n\n") == BODY


def test_bloomberg_update_note_and_photographer_caption_go():
    caption = ("A health worker prepares a dose of the mpox vaccine in Goma, Democratic Republic "
               "of Congo. Photographer: Moses Sawasawa/AFP/Getty Images")
    note = "(Updates with Africa CDC comment in fifth paragraph.)"
    out = clean(HEAD, caption, *BODY, note)
    assert out.text.split("\n\n") == BODY
    assert removed(out)[note] == "update-note"


def test_a_parenthesis_in_the_prose_stays():
    aside = "(Ford adds that owners can check their vehicle identification number online.)"
    out = clean(HEAD, LEDE, aside, LAST)
    assert out.text.split("\n\n") == [LEDE, aside, LAST]


def test_cna_copy_dateline_date_byline_app_promotion_and_desk_source():
    out = clean("Employment Pass minimum salary to rise to S$5,600 from 2026",
                "Firdaus Hamzah", "03 Mar 2025 03:45PM (Updated: 03 Mar 2025 06:10PM)",
                "SINGAPORE: " + LEDE, MORE, "Get the CNA app",
                "Stay updated with notifications for breaking news and our best stories",
                LAST, "Source: CNA/fh(ac)")
    assert (out.dateline, out.date) == ("SINGAPORE:", "2025-03-03")
    assert sorted(out.credits) == ["CNA", "Firdaus Hamzah"]
    assert out.text.split("\n\n") == BODY


@pytest.mark.parametrize("opening", ["BREAKING: " + LEDE, "UPDATE: " + LEDE, "Singaporean officials: " + LEDE])
def test_a_label_with_a_colon_is_no_asian_dateline(opening):
    assert clean(HEAD, opening, MORE).dateline is None


def test_stay_updated_prose_not_under_an_app_promotion_stays():
    prose = "Stay updated on the recall, Ford told owners in a letter sent on Monday."
    out = clean(HEAD, LEDE, prose, LAST)
    assert out.text.split("\n\n") == [LEDE, prose, LAST]


def test_station_copy_byline_with_agency_and_ap_file_caption():
    """Before: the byline was joined to the headline and 'FILE -' became the dateline."""
    out = clean("FAA lets Boeing raise 737 Max production to 42 a month\n"
                "by DAVID KOENIG | Associated Press\nFri, October 17th 2025 at 10:20 AM",
                "FILE - A Boeing 737 Max jet is seen at the company's factory in Renton, Wash., "
                "on June 25, 2024. (AP Photo/Lindsey Wasson, File)",
                "SEATTLE (AP) \u2014 " + LEDE, MORE, LAST)
    assert out.title == "FAA lets Boeing raise 737 Max production to 42 a month"
    assert out.credits == ["by DAVID KOENIG | Associated Press"]
    assert out.dateline.startswith("SEATTLE (AP)")
    assert out.text.split("\n\n") == BODY


def test_a_users_rules_file_names_more_agencies_for_bare_bylines(tmp_path):
    """The agencies a bare byline may name are data (``headlines.byline_agencies``)."""
    import json

    from normtool.clean.rules import RulesError, load_rules
    from normtool.options import CleanOptions
    byline = "Jane Doe | Kyodo News"
    text = "\n\n".join([HEAD, byline, *BODY])
    assert clean_article(Article(id="s", text=text)).credits == []
    path = tmp_path / "agencies.json"
    path.write_text(json.dumps({"headlines": {"byline_agencies": ["Kyodo News"]}}), encoding="utf-8")
    out = clean_article(Article(id="s", text=text), CleanOptions(rules_files=(str(path),)))
    assert (out.title, out.credits, out.text.split("\n\n")) == (HEAD, [byline], BODY)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"headlines": {"byline_agencies": "Kyodo"}}), encoding="utf-8")
    with pytest.raises(RulesError, match="byline_agencies"):
        load_rules((str(bad),))


@pytest.mark.parametrize("widget", ["62°", "-3 °C", "Sponsored By", "Watch Now", "Sponsored By Watch Now"])
def test_a_stations_widget_lines_over_the_headline_go(widget):
    out = clean("Skip to content", widget, HEAD, *BODY)
    assert widget in removed(out) and out.title == HEAD
    assert out.text.split("\n\n") == BODY


def test_prose_with_a_temperature_or_watch_now_stays():
    prose = ["Temperatures reached 62° on Monday, the weather service said.",
             "Watch now as the committee votes on the measure, the chairman said."]
    out = clean(HEAD, *prose, *BODY)
    assert out.text.split("\n\n") == prose + BODY and out.removed == []
