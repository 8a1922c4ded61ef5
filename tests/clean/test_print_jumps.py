"""A newspaper's e-edition copy (its running heads give the date; jump
lines and the jump head between the pages go; the writer's contact line
at the end goes) and a Wayback Machine capture's toolbar (its capture
range is no story date)."""
from __future__ import annotations

from tests.clean.paras import clean, removed

LEDE = ("Two rural health clinics in the north of the county would close next summer under a "
        "budget plan released on Friday by the county administrator.")
MORE = ("The plan would shut the clinics in Oak Flat and Hensley and move their staff to the "
        "county hospital, which officials said would save about 1.4 million dollars a year.")
REST = ("Residents of Oak Flat said the nearest alternative would be a 45-minute drive, and "
        "that the bus comes only twice a day.")
END = "The board will hold a public hearing on the plan on Nov. 3."


def test_an_e_edition_jump_between_pages_goes_and_its_running_head_dates_the_story():
    out = clean("THE CLAYTON TRIBUNE | SATURDAY, OCTOBER 17, 2026 | A1",
                "County to close two rural clinics", LEDE, MORE, "Please see CLINICS, A4",
                "A4 | SATURDAY, OCTOBER 17, 2026 | THE CLAYTON TRIBUNE", "CLINICS",
                "Continued from A1", REST, END,
                "Grace Nakamura can be reached at gnakamura@tribune.example or 555-0190.")
    assert out.title == "County to close two rural clinics" and out.date == "2026-10-17"
    assert out.text.split("\n\n") == [LEDE, MORE, REST, END]
    gone = removed(out)
    assert gone["Please see CLINICS, A4"] == gone["Continued from A1"] == "print-jump-line"
    assert gone["CLINICS"] == "print-jump-head"
    assert gone["Grace Nakamura can be reached at gnakamura@tribune.example or 555-0190."] \
        == "contact-reachable"


def test_story_lines_like_jumps_and_contacts_stay():
    """Guards: a capitalised word not over a jump line, "see" in a sentence,
    a figure reference, a reachable person with no address or number."""
    lines = ["NASA", "The report said officials could see CLINICS, A4 and other units close.",
             "Continued from last week's meeting, the talks ended without a deal.",
             "See Figure 4 for the results.",
             "The mayor said she can be reached at home by worried residents."]
    out = clean("County to close two rural clinics", LEDE, *lines, END)
    assert out.text.split("\n\n") == [LEDE, *lines, END]


def test_a_wayback_capture_s_toolbar_goes_and_its_capture_range_is_no_date():
    out = clean("The Wayback Machine - https://web.archive.org/web/20260211093015/"
                "https://www.riverdale-post.example/news/museum-roof",
                "92 captures", "04 Jun 2019 - 11 Feb 2026", "FEB MAR APR", "11",
                "2025 2026 2027 success fail", "About this capture",
                "COLLECTED BY Collection: Common Crawl", "TIMESTAMPS",
                "Museum closes main hall after roof leak", "February 10, 2026", LEDE, MORE)
    assert out.title == "Museum closes main hall after roof leak" and out.date == "2026-02-10"
    assert out.text.split("\n\n") == [LEDE, MORE]
    assert removed(out)["04 Jun 2019 - 11 Feb 2026"] == "wayback-toolbar"


def test_numbers_and_months_under_no_wayback_banner_stay():
    """Guard: the toolbar's shapes (a bare number, month names) are story
    lines anywhere else."""
    out = clean("Results table", LEDE, "11", "FEB MAR APR", MORE)
    assert "11" in out.text.split("\n\n") and "FEB MAR APR" in out.text.split("\n\n")
