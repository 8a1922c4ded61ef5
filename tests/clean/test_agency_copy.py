"""clean on wire-agency and press-release copy: the datelines, stamps, slugs,
sign-offs and contact blocks of agencies and release wires other than Reuters,
AP and AFP (PTI, IANS, ANI, UPI, TASS, EFE, Kyodo, Bernama, Xinhua, Yonhap, Dow
Jones, Bloomberg, PR Newswire, Business Wire, GlobeNewswire)."""
from __future__ import annotations

import pytest

from .paras import clean, rules_of

LEDE = "The council approved the budget on Tuesday, officials said."
MORE = "Spending on schools will rise by 4 percent next year."


@pytest.mark.parametrize("dateline", [
    "New Delhi, Mar 5 (PTI)",                                       # PTI and IANS: no dash
    "Mumbai, March 5 (IANS)",
    "Srinagar (Jammu and Kashmir) [India], March 5 (ANI):",
    "March 15 (UPI) --",                                            # a date, no city
    "March 5 (Reuters) -",
    "Madrid, Mar 4 (EFE).-",
    "KUALA LUMPUR, March 5 (Bernama) --",
    "MOSCOW, March 22. /TASS/.",
    "TOKYO, March 8 Kyodo -",
    "LONDON, MARCH 5 (REUTERS) -",                                  # telex capitals
    "AUSTIN, Texas, March 5, 2024 /PRNewswire/ --",
    "NEW YORK, March 05, 2024 (GLOBE NEWSWIRE) --",
    "AUSTIN, Texas -- March 5, 2024 --",                            # a release's date after the city
    "New Delhi:", "NEW DELHI:", "Srinagar:",                        # Indian sites
    "WASHINGTON (AP) _",                                            # AP DataStream's dash
])
def test_agency_and_release_datelines(dateline):
    out = clean(f"Council passes budget\n\n{dateline} {LEDE}\n\n{MORE}")
    assert out.title == "Council passes budget"
    assert out.dateline == dateline
    assert out.text == f"{LEDE}\n\n{MORE}"


def test_a_release_dateline_gives_the_date():
    out = clean(f"Council passes budget\n\nAUSTIN, Texas -- March 5, 2024 -- {LEDE}\n\n{MORE}")
    assert out.date == "2024-03-05"


@pytest.mark.parametrize("lede", [
    "Mumbai, March 5 and 6 were the hottest days (IMD data showed) of the year.",
    "March 15 (a Friday) was the last day of talks.",
    "New Delhi, which hosts the summit (PTI reported), closed schools.",
    "Modi: We will win a third term, the prime minister told supporters.",
    "Male: 52 percent of respondents backed the plan.",
])
def test_prose_that_merely_looks_like_an_agency_dateline_stays(lede):
    out = clean(f"Council passes budget\n\n{lede}\n\n{MORE}")
    assert out.dateline is None and out.text == f"{lede}\n\n{MORE}"


@pytest.mark.parametrize("stamp, iso", [
    ("March 6, 2024 8:12 AM GMTUpdated 2 hours ago", "2024-03-06"),       # Reuters web
    ("2024-03-08 13:45:12.123 GMT", "2024-03-08"),                         # Bloomberg terminal
    ("March 05, 2024 07:00 AM Eastern Standard Time", "2024-03-05"),       # Business Wire
    ("05 Mar 2024 | 14:22", "2024-03-05"),
    ("Source: Xinhua| 2024-03-05 21:14:30|Editor: Liu Jing", "2024-03-05"),
    ("KYODO NEWS - Mar 5, 2024 - 21:03 | World, All", "2024-03-05"),
    ("March 9, 2024 / 1:14 AM", "2024-03-09"),                             # UPI web
    ("April 11, 2024 at 2:15 PM GMT+2", "2024-04-11"),                     # Bloomberg web
])
def test_stamps_under_or_over_the_headline(stamp, iso):
    for text in (f"Council passes budget\n{stamp}\n\n{LEDE}\n\n{MORE}",
                 f"{stamp}\n\nCouncil passes budget\n\n{LEDE}\n\n{MORE}"):
        out = clean(text)
        assert (out.title, out.date, out.text) == ("Council passes budget", iso, f"{LEDE}\n\n{MORE}")


def test_dow_jones_tail():
    out = clean("Oil Prices Rise on Supply Concerns\n\nBy Anna Hirtenstein\n\n"
                f"{LEDE}\n\n{MORE}\n\nWrite to Anna Hirtenstein at anna.hirtenstein@wsj.com\n\n"
                "(END) Dow Jones Newswires\n\nMarch 05, 2024 10:42 ET (15:42 GMT)\n\n"
                "Copyright (c) 2024 Dow Jones & Company, Inc.")
    assert out.text == f"{LEDE}\n\n{MORE}" and out.date == "2024-03-05"
    assert {"write-to", "dj-end", "dj-stamp"} <= set(rules_of(out))


def test_bloomberg_contact_block_on_lines_of_its_own():
    out = clean(f"Treasuries Rally\n\n{LEDE}\n\n{MORE}\n\nTo contact the reporter on this story:\n"
                "Liz McCormick in New York at emccormick7@bloomberg.net\n\n"
                "To contact the editors responsible for this story:\nBen Purvis at bpurvis@bloomberg.net")
    assert out.text == f"{LEDE}\n\n{MORE}"


@pytest.mark.parametrize("tail", [
    "Media Contact:\nJane Roe\njane.roe@acmerobotics.com\n512-555-0100\n\nSOURCE Acme Robotics Inc.",
    "Contacts\n\nInvestors:\nJohn Smith, 217-555-0199\nir@globex.com",
    "Contact:\nMichael Bolton\nInvestor Relations\nir@initech.com\n\n###",
    "Media contact: Ana Ruiz, City of Austin Communications, 512-555-0142\n\n###",
    "SOURCE Acme Robotics Inc.",
    "SOURCE Maple Leaf Minerals Corp.\n\nFor further information: Tom Chen, 416-555-0123, info@mapleleaf.com",
])
def test_release_contact_blocks_and_source_line(tail):
    out = clean(f"Acme Unveils Robot\n\nNews provided by\nAcme Robotics Inc.\nMar 05, 2024, 08:00 ET\n\n"
                f"{LEDE}\n\n{MORE}\n\n{tail}")
    assert out.text == f"{LEDE}\n\n{MORE}" and out.title == "Acme Unveils Robot"
    assert "release-provided-by" in rules_of(out)


@pytest.mark.parametrize("last", [
    "Contact with the rebels was lost on Monday, the army said.",
    "Contacts between the two sides will resume next week.",
    "SOURCE: Ministry of Finance",
])
def test_prose_about_contacts_stays(last):
    out = clean(f"Council passes budget\n\n{LEDE}\n\n{MORE}\n\n{last}")
    assert out.text == f"{LEDE}\n\n{MORE}\n\n{last}"


@pytest.mark.parametrize("tail, credit", [
    ("==Kyodo", "Kyodo"), ("-- BERNAMA", "BERNAMA"), ("--IANS\n\nrv/ksk", "IANS"),
])
def test_agency_signoff_lines_are_credits(tail, credit):
    out = clean(f"Council passes budget\n\n{LEDE}\n\n{MORE}\n\n{tail}")
    assert out.text == f"{LEDE}\n\n{MORE}" and out.credits == [credit]


def test_agency_name_fused_to_the_last_sentence():
    out = clean(f"Council passes budget\n\n{LEDE}\n\nRoad repairs will follow, the official added. (ANI)")
    assert out.text.endswith("the official added.") and out.credits == ["ANI"]


@pytest.mark.parametrize("tail", ["Enditem", "-30-", "NNNN", "PTI ABC RT RT", "ejkim@yna.co.kr\n(END)",
                                  "((jo.smith@thomsonreuters.com; +1 202 555 0100))",
                                  "Source text for Eikon: [ID:nBw5abc123]\nFurther company coverage: [NWE.N]"])
def test_wire_signoffs_slugs_and_trailers(tail):
    out = clean(f"Council passes budget\n\n{LEDE}\n\n{MORE}\n\n{tail}")
    assert out.text == f"{LEDE}\n\n{MORE}"


def test_xinhua_enditem_fused_to_the_last_sentence():
    out = clean(f"Council passes budget\n\n{LEDE}\n\n{MORE} Enditem")
    assert out.text == f"{LEDE}\n\n{MORE}" and "wire-signoff-suffix" in rules_of(out)


def test_reuters_newsletter_lines():
    for line in ("Get a look at the day ahead in U.S. and global markets with the Morning Bid U.S. "
                 "newsletter. Sign up here.",
                 "The Reuters Daily Briefing newsletter provides all the news you need to start your "
                 "day. Sign up here."):
        out = clean(f"Council passes budget\n\n{LEDE}\n\n{line}\n\n{MORE}")
        assert out.text == f"{LEDE}\n\n{MORE}"


def test_ap_datastream_slug_and_editors_note():
    out = clean("BC-US--Winter Storm, 1st Ld-Writethru\nWinter storm knocks out power in Northeast\n"
                "Eds: UPDATES with utility figures, governor's comments.\nBy JOHN DELANEY\n"
                f"Associated Press\nBOSTON (AP) \u2014 {LEDE}\n{MORE}\n-30-")
    assert out.title == "Winter storm knocks out power in Northeast"
    assert out.dateline == "BOSTON (AP) \u2014" and out.text == f"{LEDE}\n\n{MORE}"


def test_indian_agency_byline_in_full():
    out = clean(f"Council passes budget\nBy Press Trust of India\n\n{LEDE}\n\n{MORE}")
    assert out.credits == ["Press Trust of India"] and out.text == f"{LEDE}\n\n{MORE}"


def test_xinhua_writer_and_dow_jones_bylines():
    out = clean(f"Council passes budget\n\nby Xinhua writer Zhang Wei\n\n{LEDE}\n\n{MORE}")
    assert out.credits == ["by Xinhua writer Zhang Wei"] and out.text == f"{LEDE}\n\n{MORE}"
    out = clean(f"Copper Futures Slip\n\nBy Anna Smith\nOf DOW JONES NEWSWIRES\n\n{LEDE}\n\n{MORE}\n\n"
                "-By Anna Smith, Dow Jones Newswires; 201-938-5400; anna.smith@dowjones.com")
    assert out.title == "Copper Futures Slip" and out.text == f"{LEDE}\n\n{MORE}"
    assert out.credits == ["By Anna Smith", "Of DOW JONES NEWSWIRES"]


@pytest.mark.parametrize("head, dateline", [
    ("Copper climbs to 11-month high on supply worries", "LONDON, March 5 (Reuters) -"),
    ("PERU'S CONGRESS APPROVES NEW CABINET", "LIMA, MAR 5 (EFE) -"),
])
def test_headline_right_over_a_wrapped_dateline_lede_stays_a_headline(head, dateline):
    out = clean(f"{head}\n{dateline} Prices climbed to an 11-month high on Tuesday\n"
                "on worries about supply disruptions after smelters in China\n"
                "agreed to cut their output of refined metal this year.\n"
                "    Benchmark copper on the London Metal Exchange was up 1.4%\n"
                "at $8,910 a metric ton by 1100 GMT, traders in London said.")
    assert (out.title, out.dateline) == (head, dateline)
    assert out.text.startswith("Prices climbed to an 11-month high on Tuesday on worries")


@pytest.mark.parametrize("head, deck", [
    ("Globex Reports Record Fourth Quarter Results", "Revenue up 12%; company raises 2024 outlook"),
    ("Acme Robotics Unveils Picker X2 Warehouse Arm", "New arm completes picking tasks 40% faster"),
])
def test_title_case_release_headline_over_its_subheadline(head, deck):
    out = clean(f"{head}\n\n{deck}\n\n{LEDE}\n\n{MORE}")
    assert out.title == head and out.text == f"{LEDE}\n\n{MORE}"
    assert {"rule": "deck", "text": deck} in out.removed


@pytest.mark.parametrize("top", [["The Evening Post"], ["Coastal Daily News", "Business"]])
def test_a_site_name_over_a_headline_is_still_a_masthead(top):
    head = "Council passes budget as school spending rises"
    out = clean("\n\n".join([*top, head, LEDE, MORE]))
    assert out.title == head and out.text == f"{LEDE}\n\n{MORE}"


@pytest.mark.parametrize("tail, rule", [
    ("About Acme Robotics\nAcme Robotics, based in Austin, Texas, builds robots for warehouses.\n\n"
     "Media Contact:\nJane Roe\njane.roe@acmerobotics.com", "release-about"),
    ("Forward-Looking Statements\nThis press release contains forward-looking statements within the "
     "meaning of the Private Securities Litigation Reform Act of 1995.\n\nAbout Globex\n"
     "Globex Corporation is a provider of industrial equipment.", "release-forward-looking"),
    ("Cautionary Note Regarding Forward-Looking Statements\nActual results may differ materially.",
     "release-forward-looking"),
])
def test_release_boilerplate_blocks_at_the_end(tail, rule):
    out = clean(f"Acme Unveils Robot\n\n{LEDE}\n\n{MORE}\n\n{tail}")
    assert out.text == f"{LEDE}\n\n{MORE}" and rules_of(out)[0] == rule


@pytest.mark.parametrize("last", ["About 200 people attended the hearing, which lasted four hours.",
                                  "About the author"])
def test_about_in_prose_is_no_release_block(last):
    out = clean(f"Council passes budget\n\n{LEDE}\n\n{MORE}\n\n{last}")
    assert out.text == f"{LEDE}\n\n{MORE}\n\n{last}"


def test_bloomberg_copy_syndicated_with_its_most_read_links():
    out = clean("ECB Holds Rates as Lagarde Signals June Cut Is Likely\n\nAlexander Weber\n"
                "Thu, Apr 11, 2024, 8:15 AM 3 min read\n\nMost Read from Bloomberg\n\n"
                "Trump Media Shares Plunge After Company Files to Sell More Stock\n\n"
                "Why the Fed Is Struggling to Cut Rates\n\n"
                f"(Bloomberg) -- {LEDE}\n\n{MORE}\n\nMost Read from Bloomberg Businessweek\n\n"
                "How Costco Became a Gold Dealer\n\n\u00a92024 Bloomberg L.P.")
    assert out.title == "ECB Holds Rates as Lagarde Signals June Cut Is Likely"
    assert (out.date, out.dateline) == ("2024-04-11", "(Bloomberg) --")
    assert out.text == f"{LEDE}\n\n{MORE}"
    assert rules_of(out).count("most-read-bloomberg") == 5


def test_a_links_heading_takes_only_the_headline_shaped_lines_under_it():
    out = clean(f"Council passes budget\n\n{LEDE}\n\nMost Read from Bloomberg\n\n"
                f"Why the Fed Is Struggling to Cut Rates\n\n{MORE}\n\nSchools Get More\n\n{LEDE}")
    assert out.text == f"{LEDE}\n\n{MORE}\n\nSchools Get More\n\n{LEDE}"


def test_reuters_web_gallery_caption_over_the_dateline():
    out = clean("Japan's Nikkei hits record high\nBy Junko Fujita\n"
                "March 4, 2024 6:41 AM GMTUpdated 2 hours ago\n"
                "[1/2]A man walks past an electronic board in Tokyo, Japan, March 4, 2024. "
                "REUTERS/Issei Kato Purchase Licensing Rights, opens new tab\n"
                f"TOKYO, March 4 (Reuters) - {LEDE}\n{MORE}")
    assert (out.title, out.dateline) == ("Japan's Nikkei hits record high", "TOKYO, March 4 (Reuters) -")
    assert out.text == f"{LEDE}\n\n{MORE}" and "photo-licensing" in rules_of(out)
