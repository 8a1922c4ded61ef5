"""Which copy of a story leads, and how a cut copy is labelled.

Stories written for these tests: a wire story as the agency publishes it
and as other outlets republish it (a credit to the agency, a syndication
note, a url on another host, leftover furniture lines), and copies cut
short.  The records are as ``clean`` leaves them.
"""
from normtool.article import Article
from normtool.dedup import dedup_articles
from normtool.dedup.batch import batch_fingerprints
from normtool.dedup.origin import relayed
from normtool.dedup.verify import verify
from normtool.options import DedupOptions

PARAS = [
    "Glacier melt in the Alps reached a record last summer, with Swiss glaciers losing "
    "4.2 percent of their remaining ice volume, the Swiss Academy of Sciences said on Tuesday.",
    "The loss beat the previous record of 3.3 percent set in 2003, and scientists said the "
    "pace of retreat meant several smaller glaciers would vanish within a decade.",
    "A winter with little snow followed by heatwaves in July and August left glacier "
    "surfaces exposed to the sun for weeks, said Matthias Huss, who leads the monitoring network.",
    "In the Engadine valley, measuring stakes drilled into the ice in spring had fallen out "
    "by August, and dust from the Sahara darkened the surface and sped up the melt.",
    "The academy said that the glaciers had lost more than a third of their volume since "
    "1960, and that 1,400 of the country's glaciers had already disappeared entirely.",
    "Tourism operators said summer skiing on the Theodul glacier near Zermatt was suspended "
    "for the first time, while hut wardens reported new rock falls on popular routes.",
    "Hydropower companies, which depend on meltwater to fill their reservoirs, warned that "
    "output would fall once the glaciers had shrunk past their peak water point.",
    "The government said it would fund a study of how the loss of ice would affect water "
    "supplies for farming in the Rhone valley, with results expected in two years.",
]
STORY = "\n\n".join(PARAS)
META = dict(title="Swiss glaciers lose record share of ice", date="2024-09-03",
            dateline="GENEVA, Sept 3 (Reuters) -")


def heads(arts) -> dict:
    return {r.id: {d["id"]: d["relation"] for d in r.duplicates} for r in dedup_articles(arts)}


# ---- the agency's own copy leads its exact copies ---------------------------------
def test_the_agencys_own_copy_leads_republished_exact_copies():
    """Before: the republished copies, richer (a url, a credit to the agency),
    led the agency's own copy."""
    own = Article(id="reuters", text=STORY, credits=["By Anna Keller"], **META)
    station = Article(id="courier", text=STORY, credits=["Anna Keller | Reuters"],
                      url="https://www.dailycourier.example/news/glaciers", **META)
    portal = Article(id="msn", text=STORY, credits=["Story by Reuters"],
                     url="https://www.msn.example/en-gb/news/glaciers", **META,
                     removed=[{"rule": "syndication-note",
                               "text": "This story was originally published by Reuters."}])
    for order in ([own, station, portal], [portal, station, own]):
        assert heads(order) == {"reuters": {"courier": "exact", "msn": "exact"}}


def test_the_page_on_the_agencys_host_leads_the_page_on_another_host():
    """Before: the two were alike in metadata and the smaller id led."""
    a = Article(id="a_relay", text=STORY, url="https://news.example.com/glaciers", **META)
    b = Article(id="b_reuters", text=STORY, url="https://www.reuters.com/world/glaciers", **META)
    assert list(heads([a, b])) == ["b_reuters"]


def test_relay_grades():
    def grade(**kw):
        return relayed(Article(id="x", text="", **kw))
    assert grade(dateline="WASHINGTON (AP) —", url="https://apnews.com/article/1") == 0
    assert grade(dateline="WASHINGTON (AP) —", url="https://www.wjw.example/news/1") == 2
    assert grade(source="https://www.reuters.com/markets/x") == 0
    assert grade(credits=["by: LISA MASCARO and MARY CLARE JALONICK, Associated Press"]) == 2
    assert grade(credits=["Naomi Kresge, Bloomberg News"]) == 2
    assert grade(credits=["Agence France-Presse contributed to this report."]) == 2
    assert grade(credits=["REUTERS"]) == 2
    # the agency's own staff line; persons only; an outlet that is no agency
    assert grade(credits=["Associated Press writer Kevin Freking contributed to this report."]) == 1
    assert grade(credits=["By David Shepardson", "Reporting by David Shepardson"]) == 1
    assert grade(credits=["By Jane Doe, The Ledger"], dateline="WASHINGTON —") == 1
    def note(text):
        return grade(removed=[{"rule": "syndication-note", "text": text}])
    assert note("Originally published on reuters.com, part of the Reuters network.") == 2
    assert note("This story was originally published by Reuters.") == 2
    # a paper's own timestamp, a note naming no agency
    assert note("This story was originally published September 30, 2025 at 11:55 PM.") == 1
    assert note("This article was syndicated from a wire service.") == 1
    assert grade(credits=["Snapper"], dateline="NAPLES, Fla. —") == 1   # "AP" only as a word



# ---- the wire's own byline block ------------------------------------------------------
AP = dict(title="Swiss glaciers lose record share of ice", date="2024-09-03",
          dateline="GENEVA (AP) —")


def test_the_wires_own_byline_block_is_no_credit_to_the_agency():
    """Before: "By NAME" / "Associated Press" under "(AP)" graded a relay."""
    def grade(credits, dateline):
        return relayed(Article(id="x", text="", credits=credits, dateline=dateline))
    assert grade(["By MAURICIO SAVARESE", "Associated Press"], "BRASILIA, Brazil (AP) —") == 1
    assert grade(["By Anna Keller", "Reuters"], "GENEVA, Sept 3 (Reuters) -") == 1
    # a paper's print drops the tag; the agency as author; another agency's name
    assert grade(["By Mauricio Savarese", "The Associated Press"], "BRASILIA, Brazil —") == 2
    assert grade(["By The Associated Press"], "BRASILIA, Brazil (AP) —") == 2
    assert grade(["By Anna Keller", "AFP"], "GENEVA, Sept 3 (Reuters) -") == 2
    assert grade(["Associated Press"], "BRASILIA, Brazil (AP) —") == 2


def test_the_wire_copy_with_its_byline_block_leads_a_newsletters_bare_copy():
    """Before: the newsletter's copy, with no credit at all, led the wire's."""
    wire = Article(id="wire", text=STORY, credits=["By ANNA KELLER", "Associated Press"], **AP)
    letter = Article(id="a_letter", text=STORY, title=AP["title"])
    mobile = Article(id="b_mobile", text=STORY, credits=["By The Associated Press"],
                     title="Glaciers shrink")
    for order in ([wire, letter, mobile], [mobile, letter, wire]):
        assert heads(order) == {"wire": {"a_letter": "exact", "b_mobile": "exact"}}


def test_the_agencys_own_page_still_leads_a_copy_with_the_byline_block():
    """Guard: the page on apnews.com, poorer in metadata, leads the richer copy."""
    own = Article(id="z_ap", text=STORY, url="https://apnews.com/article/glaciers-1",
                  dateline=AP["dateline"])
    wire = Article(id="a_wire", text=STORY, credits=["By ANNA KELLER", "Associated Press"], **AP)
    assert list(heads([wire, own])) == ["z_ap"]


def test_the_whole_copy_leads_two_or_three_identical_cut_copies():
    """Guard: cut copies carrying their text twice do not outvote the whole one."""
    for n in (2, 3):
        cuts = [Article(id=f"a_cut{k}", text="\n\n".join(PARAS[:6]), **META) for k in range(n)]
        got = heads(cuts + [Article(id="z_whole", text=STORY)])
        assert list(got) == ["z_whole"] and len(got["z_whole"]) == n

# ---- leftover furniture does not win a copy the lead -------------------------------
FURNITURE = ["Related: Ski resorts brace for a short season as snow line rises again this year",
             "WATCH: Drone footage shows how far the Rhone glacier has retreated since 1990",
             "Download the Courier app for the latest news, weather and breaking alerts",
             "For the latest news, weather, sports and streaming video, head to the Courier"]


def test_a_copy_longer_by_leftover_furniture_does_not_lead_two_clean_copies():
    """Before: the page with four furniture lines left in was over a length
    step longer, so neither clean copy could take its place."""
    paged = "\n\n".join(PARAS[:2] + FURNITURE[:2] + PARAS[2:] + FURNITURE[2:])
    page = Article(id="a_page", text=paged, credits=["Anna Keller"], **META)
    own = Article(id="reuters", text=STORY, **META)
    other = Article(id="wire", text=STORY, **META)
    fps = {fp.id: fp for fp in batch_fingerprints([page, own, other], DedupOptions())}
    assert len(fps["a_page"].shingles) > 1.1 * len(fps["reuters"].shingles)
    got = heads([page, own, other])
    assert list(got) == ["reuters"] and got["reuters"] == {"wire": "exact", "a_page": "near"}


def test_a_copy_that_another_holds_does_not_lead_by_centrality():
    """Three nested copies (whole, less its last paragraph, less two): the
    middle one agrees most with the others, yet the whole copy leads."""
    arts = [Article(id="a_less2", text="\n\n".join(PARAS[:-2]), **META),
            Article(id="b_less1", text="\n\n".join(PARAS[:-1]), **META),
            Article(id="c_whole", text=STORY, **META)]
    assert list(heads(arts)) == ["c_whole"]


# ---- a cut copy is contained ---------------------------------------------------------
def test_a_copy_cut_to_half_or_more_is_contained_not_near():
    """Before: five or four paragraphs of eight were ``near`` (Jaccard over 0.5)."""
    for n in (4, 5, 6):
        cut = Article(id=f"cut{n}", text="\n\n".join(PARAS[:n]))
        got = heads([Article(id="whole", text=STORY, **META), cut])
        assert got == {"whole": {f"cut{n}": "contained"}}
    whole, cut = batch_fingerprints([Article(id="w", text=STORY),
                                     Article(id="c", text="\n\n".join(PARAS[:5]))], DedupOptions())
    m = verify(whole, cut)
    assert m.relation == "contained" and m.similarity == 1.0


def test_a_whole_copy_with_an_edit_stays_near():
    edited = STORY.replace("said on Tuesday", "said in a report published on Tuesday")
    got = heads([Article(id="whole", text=STORY, **META), Article(id="edited", text=edited)])
    assert got == {"whole": {"edited": "near"}}


def test_an_unreadable_url_is_no_host_and_never_raises():
    """A record's url may be anything ("http://[x" makes urlsplit raise): no
    host, so the credit alone grades it, and dedup runs."""
    hostile = Article(id="h", text="Profits rose 5 pct, the company said on Monday.",
                      url="http://[bad/x", credits=["Story by Reuters"])
    assert relayed(hostile) == 2
    assert relayed(hostile.replace(url="https://[x]y/a", credits=[])) == 1
    [out] = list(dedup_articles([hostile], DedupOptions()))
    assert out.id == "h"


def test_a_national_agencys_credit_makes_a_relay_and_its_host_its_own():
    """``agencies.json`` lists the national agencies too (Bernama, Anadolu, Antara, ...)."""
    assert relayed(Article(id="a", text="", credits=["Bernama"])) == 2
    assert relayed(Article(id="b", text="", dateline="KUALA LUMPUR, May 20 (Bernama) --",
                           url="https://www.bernama.com/en/news.php?id=1")) == 0
    assert relayed(Article(id="c", text="", credits=["ANADOLU AGENCY"],
                           url="https://www.dailysabah.com/turkiye/x")) == 2


def test_words_spelt_like_short_agency_names_are_no_credit_to_them():
    """"map", "Tap water", "Sta." are words; only the names as written count."""
    for credit in ["By Jo Lee, map editor", "Tap water report by Jo Lee", "By Anna Sta. Maria"]:
        assert relayed(Article(id="d", text="", credits=[credit])) == 1
