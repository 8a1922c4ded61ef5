"""A copy cut inside a story's short paragraph joins its story.

A short line in three texts is left out of fingerprints as furniture
(``boilerplate``), and so is a short paragraph of a story with three
copies.  A copy cut inside that paragraph kept its opening, which no full
copy has: words (and figures) of its own, so a short story's cut copy fell
under the containment and figure tests (syndication benchmark, seed 21:
two stories, 7 pairs).  The opening of a stock line, as a text's last line
cut mid-sentence, is stock too.
"""
from normtool.article import Article
from normtool.dedup import dedup_articles
from normtool.dedup.batch import batch_fingerprints
from normtool.dedup.boilerplate import boilerplate_lines, cut_key, line_key, split_lines
from normtool.dedup.fingerprint import Fingerprint
from normtool.options import DedupOptions

LEAD = ("Morrison Inc said its board adopted a shareholder rights plan designed to fend off unwanted "
        "takeovers, and that the plan takes effect at once for holders of its common stock, who "
        "receive one right for each share held on the record date set by the board.")
AWARE = "Morrison said that it was not aware of any party interested in acquiring the company."
TERMS = ("It said each right entitles shareholders to buy one one-thousandth of a share of newly "
         "authorized preferred at a purchase price of 75 dlrs, and that the rights become "
         "exercisable if a party acquires 20 pct or more of its common stock.")
REDEEM = "It said the rights are redeemable by its board at one-half ct per right."

PRICES = ("Producer price data for March were roughly as expected after taking into account "
          "technical factors, economic analysts said, with a 0.3 pct provisional rise in output "
          "prices in March, unchanged from February and close to the average of six months.")
YEAR = "The year-on-year rise was put at 3.7 pct, down from 4.2 pct in February."
TINKER = ("But Chris Tinker, economist at Phillips and Drew, said the drop in the year-on-year "
          "rate mainly reflected a rise in excise duties which affected the index in March last "
          "year, and a rise of only 0.2 pct in April would take the rate back above 4.2 pct.")


def cut(line: str, words: int) -> str:
    return " ".join(line.split()[:words])


def groups(arts) -> dict:
    return {r.id: sorted(d["id"] for d in r.duplicates) for r in dedup_articles(arts)}


def relations(arts) -> dict:
    return {d["id"]: d["relation"] for r in dedup_articles(arts) for d in r.duplicates}


def rights_corpus() -> list[Article]:
    full = "\n\n".join((LEAD, AWARE, TERMS, REDEEM))
    return [Article(id=f"m{i}", text=full) for i in range(3)] + [
        Article(id="m_cut", text=LEAD + "\n\n" + cut(AWARE, 12))]


def test_a_short_story_cut_inside_its_short_paragraph_joins_it():
    """The old code kept m_cut apart: 40 of its 52 shingles in the full copies."""
    assert groups(rights_corpus()) == {"m0": ["m1", "m2", "m_cut"]}
    assert relations(rights_corpus())["m_cut"] == "contained"


def test_a_figure_in_the_cut_line_does_not_count_against_the_copy():
    """The cut line's figure (3.7) is in no full copy's text (their line is
    stock): one of two figures shared, which the old code refused."""
    full = "\n\n".join((PRICES, YEAR, TINKER))
    arts = [Article(id=f"p{i}", text=full) for i in range(3)]
    arts.append(Article(id="p_cut", text=PRICES + "\n\n" + cut(YEAR, 8)))
    assert groups(arts) == {"p0": ["p1", "p2", "p_cut"]}


def test_the_cut_line_is_stock_and_marks_the_copy_cut():
    arts = rights_corpus()
    fps = {fp.id: fp for fp in batch_fingerprints(arts, DedupOptions())}
    assert fps["m_cut"].stock == 1 and fps["m0"].stock == 2
    assert [line[2] for line in fps["m_cut"].stock_lines] == [0]
    back = Fingerprint.from_bytes(fps["m_cut"].to_bytes())
    assert back.stock_lines == fps["m_cut"].stock_lines


def test_only_the_last_line_cut_mid_sentence_is_taken():
    boiler = {line_key(AWARE), cut_key(cut(AWARE, 7).casefold())}
    # a complete sentence, or a line before the last, stays in the text
    assert split_lines(LEAD + "\n" + cut(AWARE, 7) + ".", boiler) == (
        LEAD + "\n" + cut(AWARE, 7) + ".", [])
    assert split_lines(cut(AWARE, 7) + "\n" + LEAD, boiler) == (cut(AWARE, 7) + "\n" + LEAD, [])
    # the last line with text, furniture after it left out as before
    footer = "Share this article"
    boiler.add(line_key(footer))
    assert split_lines(LEAD + "\n" + cut(AWARE, 7) + "\n\n" + footer, boiler) == (
        LEAD + "\n", [cut(AWARE, 7), footer])


def test_openings_are_counted_apart_from_lines():
    texts = ["Qtly div 5 cts\nPayable April 30 to holders of record"] * 3
    boiler = boilerplate_lines(texts, 3)
    assert boiler[line_key("Payable April 30 to holders of record")] == 3
    assert boiler[cut_key("payable april 30")] == 3
    assert line_key("Payable April 30") not in boiler               # no line of its own
    assert cut_key("payable april 30 to holders of record") not in boiler   # the whole line
    assert cut_key("payable april") not in boiler                    # under three words


def test_streaming_dedup_agrees(streamed):
    arts = rights_corpus()
    assert streamed(arts) == [r.to_json() for r in dedup_articles(arts)]


# -- guards: short formulaic notices of different companies stay apart

def notice(company: str, div: str, pay: str, record: str) -> str:
    return "\n\n".join((
        f"{company} said its board declared a quarterly dividend of {div} cts per share "
        f"on its common stock, unchanged from the prior quarter.",
        f"The dividend is payable {pay} to holders of record {record}, the company said.",
        "The company also said it had no plans to change its dividend policy this year.",
    ))


def test_a_cut_notice_stays_with_its_company_not_another():
    """Three copies of each of two notices on one template (every short line
    stock) and a copy of the second cut inside its last paragraph: it joins
    its own notice, never the other company's."""
    a = notice("Acme Widget Corp", "12", "April 30", "April 15")
    b = notice("Baxter Tool Inc", "18", "May 15", "May 1")
    arts = ([Article(id=f"a{i}", text=a) for i in range(3)]
            + [Article(id=f"b{i}", text=b) for i in range(3)]
            + [Article(id="b_cut", text=b.rsplit("\n\n", 1)[0] + "\n\nThe company also said it had")])
    got = groups(arts)
    assert got["a0"] == ["a1", "a2"]
    assert "b_cut" in got["b0"] and not any("b" in i for i in got["a0"])


def test_different_short_notices_ending_cut_stay_apart():
    """Two companies' notices, each cut inside the stock closing line: same
    words but for the names and figures, and no copy of either."""
    a = notice("Acme Widget Corp", "12", "April 30", "April 15")
    b = notice("Baxter Tool Inc", "18", "May 15", "May 1")
    c = notice("Carlton Mills Inc", "7", "June 1", "May 20")
    d = notice("Dalton Foods Co", "25", "June 10", "May 29")
    arts = [Article(id=i, text=t) for i, t in (("a", a), ("b", b), ("c", c))]
    arts.append(Article(id="d_cut", text=d.rsplit("\n\n", 1)[0] + "\n\nThe company also said it"))
    assert groups(arts) == {"a": [], "b": [], "c": [], "d_cut": []}
