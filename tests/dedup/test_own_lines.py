"""A story's own short lines, left out as batch furniture, do not make a
cut or altered copy look cleaner than the full original.

A short line in three texts is left out of fingerprints as furniture
(``boilerplate``); a story with three copies loses its short paragraphs
the same way.  The canonical choice counted them as furniture, so a copy
cut before its last short paragraph, or with a typo in one, led the
original (syndication benchmark, seed 5: five such stories of 260).
"""
from normtool.article import Article
from normtool.dedup import dedup_articles
from normtool.dedup.batch import batch_fingerprints
from normtool.dedup.boilerplate import boilerplate_lines, line_key
from normtool.dedup.fingerprint import Fingerprint, fingerprints
from normtool.dedup.verify import LENGTH_STEP
from normtool.options import DedupOptions

P1 = ("The port authority of Northbridge said on Tuesday it would spend 340 million dollars "
      "over five years to deepen its main shipping channel, allowing larger container vessels "
      "to call at the harbor without waiting for high tide.")
P2 = ("Officials said dredging would begin in the spring of next year and that the work would "
      "be paid for by a mix of federal grants, bond sales and higher fees charged to shipping "
      "lines using the terminal.")
S1 = "The authority did not say which contractor would do the work."
P3 = ("Shipping lines have complained for years that the shallow channel forces them to lighten "
      "loads at other ports before arriving, adding cost and delay to every call at Northbridge.")
P4 = ("The harbor handled 1.2 million containers last year, up 8 percent from the year before, "
      "the authority said in its annual report released last month, and it expects more traffic "
      "once the new cranes ordered from a Finnish supplier are installed at the eastern quay.")
S2 = "Shares of the main terminal operator rose 3 percent."
FOOTER = "Follow the Valley Times on social media for more local news"

OTHER = ("Heavy rain flooded roads across the county on Monday, closing two schools and cutting "
         "power to about 4,000 homes, the county emergency office said in a statement, adding "
         "that crews expected to restore service by the evening.")


def page(ident: str, *paras: str) -> Article:
    return Article(id=ident, text="\n\n".join(paras), title="Northbridge to deepen channel",
                   date="2024-05-07")


def heads(arts) -> dict:
    return {r.id: sorted(d["id"] for d in r.duplicates) for r in dedup_articles(arts)}


def cut_corpus() -> list[Article]:
    """The original, two pages with its text, and a page cut before its last line."""
    full = (P1, P2, S1, P3, P4, S2)
    return [page("a_wire", *full), page("b_site", *full), page("c_site", *full),
            page("d_cut", *full[:-1])]


def test_a_copy_cut_before_the_last_short_paragraph_does_not_lead():
    """The old code chose d_cut: one stock line where the others have two."""
    got = heads(cut_corpus())
    assert got == {"a_wire": ["b_site", "c_site", "d_cut"]}


def test_a_copy_cut_before_an_own_line_is_contained_not_exact():
    """Its matching text is the head's (the line is left out of both): the
    old code called it ``exact``."""
    [rec] = dedup_articles(cut_corpus())
    got = {d["id"]: (d["relation"], d["similarity"]) for d in rec.duplicates}
    assert got == {"b_site": ("exact", 1.0), "c_site": ("exact", 1.0),
                   "d_cut": ("contained", 1.0)}


def test_a_copy_with_a_typo_in_a_short_line_does_not_lead():
    """Two full copies and two cut ones that keep the short line: the line is
    in three texts and left out of the original, not of the copy whose typo
    makes it another line (so more shingles).  The old code chose b_typo."""
    arts = [page("a_wire", P1, S1, P2, P3, P4),
            page("b_typo", P1, S1.replace("contractor", "contarctor"), P2, P3, P4),
            page("c_cut", P1, S1), page("d_cut", P1, S1, P2)]
    fps = {fp.id: fp for fp in batch_fingerprints(arts, DedupOptions())}
    assert (fps["a_wire"].stock, fps["b_typo"].stock) == (1, 0)
    assert len(fps["b_typo"].shingles) > len(fps["a_wire"].shingles)
    assert list(heads(arts)) == ["a_wire"]


def test_the_story_own_line_counts_as_text_when_the_copy_is_a_step_longer():
    """The same with a shorter story: the copy's variant of the line puts it
    more than a length step above the original, which the old code (and
    counting own lines as tidiness alone) left out of the choice."""
    arts = [page("a_wire", P1, S1, P2, P3),
            page("b_typo", P1, S1.replace("contractor", "contarctor"), P2, P3),
            page("c_cut", P1, S1), page("d_cut", P1, S1, P2)]
    fps = {fp.id: fp for fp in batch_fingerprints(arts, DedupOptions())}
    assert len(fps["b_typo"].shingles) > LENGTH_STEP * len(fps["a_wire"].shingles)
    assert list(heads(arts)) == ["a_wire"]


def test_furniture_other_stories_carry_still_counts_against_a_copy():
    """A line also on pages of another story is furniture: the copy without it leads."""
    arts = [page("a_site", P1, P2, S1, P3, P4, FOOTER), page("b_wire", P1, P2, S1, P3, P4),
            Article(id="x1", text=OTHER + "\n\n" + FOOTER),
            Article(id="x2", text=OTHER.replace("Monday", "Friday").replace("4,000", "900")
                    + "\n\n" + FOOTER)]
    fps = {fp.id: fp for fp in batch_fingerprints(arts, DedupOptions())}
    assert fps["a_site"].stock == 1
    assert heads(arts)["b_wire"] == ["a_site"]


def test_the_streaming_dedup_chooses_the_same_head(streamed):
    arts = cut_corpus()
    assert streamed(arts) == [r.to_json() for r in dedup_articles(arts)]
    assert [r.id for r in dedup_articles(arts)] == ["a_wire"]


def test_stock_lines_carry_their_batch_counts_and_round_trip():
    texts = [a.text for a in cut_corpus()]
    boiler = boilerplate_lines(texts, 3)
    assert boiler[line_key(S1)] == 4 and boiler[line_key(S2)] == 3
    fp = fingerprints([Article(id="a", text="\n\n".join((P1, S1, S2)))], boilerplate=boiler)[0]
    assert fp.stock == 2 and sorted(line[1:] for line in fp.stock_lines) == [(3, 9), (4, 11)]
    back = Fingerprint.from_bytes(fp.to_bytes())
    assert back.stock_lines == fp.stock_lines and back == fp
    # without counts (a plain set of keys) nothing more is stored
    plain = fingerprints([Article(id="a", text="\n\n".join((P1, S1, S2)))],
                         boilerplate=set(boiler))[0]
    assert plain.stock == 2 and plain.stock_lines == ()
